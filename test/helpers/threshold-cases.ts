/**
 * Seeded random cases for the thresholds tests: small races (tiers, rival sets, sometimes a
 * spillover pair and a policy lever) with one of their numbers and a range around its value.
 */
import fc from "fast-check";
import { ParameterLine } from "../../src/analysis/parametric.js";
import { parameterPaths, type Subject } from "../../src/analysis/parameters.js";
import { validatePolicy, type Policy } from "../../src/analysis/policy.js";
import { tierLevels } from "../../src/model/game.js";
import type { Scenario } from "../../src/model/scenario.js";
import { validateScenario } from "../../src/model/validate.js";
import { scenarioArbitrary } from "./arbitrary.js";

/** A policy with one random lever (optionally above a capability threshold). */
export const policyArbitrary = fc
  .record({
    type: fc.constantFrom("levy", "subsidy", "licence", "mandate"),
    amount: fc.integer({ min: -8, max: 8 }).map((v) => v / 4),
    factor: fc.integer({ min: 0, max: 8 }).map((v) => v / 4),
    minimum: fc.constantFrom(0.25, 0.5, 1),
    above: fc.option(fc.integer({ min: 0, max: 40 }).map((v) => v / 4), { nil: undefined }),
  })
  .map((r): Policy => {
    const lever =
      r.type === "licence" ? { type: "licence" as const, factor: r.factor } : r.type === "mandate" ? { type: "mandate" as const, minimum: r.minimum } : { type: r.type as "levy", amount: r.amount };
    const parsed = validatePolicy({ levers: [{ ...lever, ...(r.above !== undefined ? { above: r.above } : {}) }] });
    if (!parsed.ok) throw new Error("policy");
    return parsed.value;
  });

/** Random small races, sometimes with a pair and a policy, and one of their numbers with a range. */
export const caseArbitrary = fc
  .record({
    scenario: scenarioArbitrary({ maxPlayers: 4 }),
    policy: fc.option(policyArbitrary, { nil: undefined }),
    pair: fc.option(fc.integer({ min: 0, max: 8 }).map((v) => v / 4), { nil: undefined }),
    pick: fc.nat(),
    width: fc.integer({ min: 1, max: 12 }).map((v) => v / 2),
  })
  .map(({ scenario, policy, pair, pick, width }) => {
    const input = { ...scenario, ...(pair !== undefined ? { spilloverPairs: [{ from: "lab0", to: "lab1", value: pair }] } : {}) };
    const parsed = validateScenario(input);
    if (!parsed.ok) throw new Error("scenario");
    const top = tierLevels(parsed.value).at(-1)!;
    // A mandate above the top tier does not fit the game; keep the policy only when it fits.
    const fits = !policy || policy.levers.every((l) => l.type !== "mandate" || l.minimum <= top);
    const subject: Subject = { scenario: parsed.value as Scenario, ...(fits && policy ? { policy } : {}) };
    const paths = parameterPaths(subject);
    const path = paths[pick % paths.length];
    const line = new ParameterLine(subject, path);
    const c = line.current!;
    const nonNegative = !/\.(capability|amount|above)$/.test(path);
    const isMinimum = path.endsWith(".minimum");
    const from = isMinimum ? 0.05 : nonNegative ? Math.max(0, c - width) : c - width;
    const to = isMinimum ? top : c + width;
    return { subject, path, from, to, line };
  });
