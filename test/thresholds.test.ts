/**
 * Exact breakpoints, margins and designs (issue 13) against the simple method: a dense scan of
 * complete solves with bisection, on seeded random small races (tiers, rival sets, pairs,
 * levers), and the worked example by hand.
 */
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { thresholdsSpec } from "../src/analysis/charts.js";
import { toSvg } from "../src/io/render.js";
import { design, design2, parseTarget, targetHolds } from "../src/analysis/design.js";
import { choiceMargins, margin, margins } from "../src/analysis/margins.js";
import { choiceSentence } from "../src/analysis/threshold-reading.js";
import { DomainError, ParameterLine } from "../src/analysis/parametric.js";
import { applyValues, parameterPaths, type Subject } from "../src/analysis/parameters.js";
import { buildGame, tierLevels } from "../src/model/game.js";
import { validatePolicy, type Policy } from "../src/analysis/policy.js";
import { thresholds, type ThresholdsResult } from "../src/analysis/thresholds.js";
import { isEquilibrium } from "../src/model/certificate.js";
import type { Scenario } from "../src/model/scenario.js";
import { validateScenario } from "../src/model/validate.js";
import { solveDiscrete } from "../src/solvers/solve.js";
import { scenarioArbitrary, SEED } from "./helpers/arbitrary.js";
import { caseArbitrary, policyArbitrary } from "./helpers/threshold-cases.js";

const worked = (() => {
  const parsed = validateScenario(JSON.parse(readFileSync("examples/three-lab-race.json", "utf8")));
  if (!parsed.ok) throw new Error("worked example");
  return { scenario: parsed.value } as Subject;
})();

/** The complete set of pure equilibria at v, by the solver alone. */
async function setAt(line: ParameterLine, v: number): Promise<string> {
  const result = await solveDiscrete(line.gameAt(v), { welfare: false });
  return result.equilibria.map((e) => e.profile.join(",")).join(" ");
}

/** The set the result reports at v (a region's or a breakpoint's). */
function reported(result: ThresholdsResult, v: number): string {
  const bp = result.atBreakpoints.find((b) => b.value === v);
  const sets = bp ? bp.equilibria : result.regions.find((r) => r.from < v && v < r.to)?.equilibria ?? [];
  return sets.map((x) => x.join(",")).join(" ");
}

describe("thresholds: the worked example (INTERFACE.md)", () => {
  it("finds breakpoints 1 and 3 along the underdog's gain, with the sets of INTERFACE.md", async () => {
    const r = await thresholds(worked, "players.underdog.communityGain", 0.5, 4);
    expect(r.breakpoints).toHaveLength(2);
    expect(r.breakpoints[0]).toBeCloseTo(1, 7);
    expect(r.breakpoints[1]).toBeCloseTo(3, 7);
    expect(r.regions.map((g) => g.equilibria)).toEqual([[[0, 1, 1], [1, 1, 1]], [[0, 1, 1]], [[0, 0, 1], [0, 1, 1]]]);
    expect(r.atBreakpoints.map((b) => b.equilibria)).toEqual([[[0, 1, 1], [1, 1, 1]], [[0, 0, 1], [0, 1, 1]]]);
    expect(r.current).toBe(3);
  });

  it("by hand: against challenger and underdog open, the leader opens once its gain reaches 2", async () => {
    // At (x, 1, 1): p = (10 + a x, 10 + 0.5 x, 11 + 1.5 x); the leader's payoff is 10 - 11 = -1
    // closed and 10 + a - 12.5 - 0.5 open, so opening pays iff a >= 2.
    const r = await thresholds(worked, "players.leader.communityGain", 0, 3);
    expect(r.breakpoints.some((b) => Math.abs(b - 2) < 1e-7)).toBe(true);
    expect(reported(r, 1.5)).not.toContain("1,1,1");
    expect(reported(r, 2.5)).toContain("1,1,1");
  });

  it("margins of (0,1,1): the leader's capability may fall to 8, the underdog's may rise to 9", () => {
    const m = margins(worked, [0, 1, 1]);
    expect(m.equilibrium).toBe(true);
    const leader = m.margins.find((x) => x.path === "players.leader.capability")!;
    expect(leader.from).toBeCloseTo(8, 6);
    expect(leader.to).toBeNull();
    const underdog = m.margins.find((x) => x.path === "players.underdog.capability")!;
    expect(underdog.to).toBeCloseTo(9, 6);
    // Sorted by the relative distance of the nearest threshold.
    const near = m.margins.map((x) => x.nearest ?? Infinity);
    expect(near).toEqual([...near].sort((a, b) => a - b));
    expect(margins(worked, [1, 1, 1]).equilibrium).toBe(false);
  });

  it("explain's thresholds: the leader stays closed at (0,1,1) while its gain is at most 2, whatever its cost", () => {
    const list = choiceMargins(worked, [0, 1, 1], 0);
    const gain = list.find((m) => m.path === "players.leader.communityGain")!;
    expect(gain.to).toBeCloseTo(2, 7);
    expect(gain.toKind).toBe("threshold");
    const cost = list.find((m) => m.path === "players.leader.openCost")!;
    expect([cost.from, cost.to, cost.fromKind]).toEqual([0, null, "domain"]);
    expect(choiceSentence("leader", 0, list)).toBe("leader stays closed while its gain is at most 2 (now 1) and the absorptive rate is at least 0.1667 (now 0.5), whatever its open cost.");
  });

  it("design: the subsidy that makes the leader open in every equilibrium is just above 1", async () => {
    const subject = { ...worked, policy: { levers: [{ type: "subsidy" as const, amount: 0 }] } };
    const target = parseTarget("leader>=1", { ids: ["leader", "challenger", "underdog"] });
    if (!target.ok) throw new Error("target");
    const d = await design(subject, "levers[0].amount", 0, 4, "leader>=1", target.value, "every");
    expect(d.found).toBe(true);
    expect(d.value!).toBeCloseTo(1, 7);
    expect(d.attained).toBe(false);
    expect(d.equilibria).toEqual([[1, 1, 1]]);
  });
});

describe("thresholds chart", () => {
  it("draws one bar per lab and region, coloured by status, and labels each breakpoint", async () => {
    const r = await thresholds(worked, "players.underdog.communityGain", 0.5, 4);
    const spec = thresholdsSpec(r, ["leader", "challenger", "underdog"], "t", "gain");
    const svg = await toSvg(spec);
    const layers = spec.layer as { data: { values: { status?: string; label?: string }[] } }[];
    expect(layers[0].data.values).toHaveLength(9);
    expect(layers[0].data.values.filter((v) => v.status === "opens in some")).toHaveLength(2);
    expect(layers[1].data.values.map((v) => v.label)).toEqual(["1", "3"]);
    expect(svg).toContain("<svg");
  });
});

describe("thresholds against a dense scan with bisection", () => {
  it("every change of the solver's set along the range is a reported breakpoint, and every set agrees", async () => {
    await fc.assert(
      fc.asyncProperty(caseArbitrary, async ({ subject, path, from, to, line }) => {
        const r = await thresholds(subject, path, from, to);
        const steps = 60;
        const values = Array.from({ length: steps + 1 }, (_, k) => from + ((to - from) * k) / steps);
        const sets = await Promise.all(values.map((v) => setAt(line, v)));
        const near = (v: number) => r.breakpoints.some((b) => Math.abs(b - v) <= 1e-6 * Math.max(1, Math.abs(v)));
        for (let k = 0; k <= steps; k++) if (!near(values[k]) && k > 0 && k < steps) expect(reported(r, values[k]), `${path} = ${values[k]}`).toBe(sets[k]);
        for (let k = 0; k < steps; k++) {
          if (sets[k] === sets[k + 1]) continue;
          // Bisect to the change and find a reported breakpoint there.
          let [lo, hi] = [values[k], values[k + 1]];
          const left = sets[k];
          for (let it = 0; it < 60 && hi - lo > 1e-10 * Math.max(1, Math.abs(lo)); it++) {
            const mid = (lo + hi) / 2;
            if ((await setAt(line, mid)) === left) lo = mid;
            else hi = mid;
          }
          expect(r.breakpoints.some((b) => b >= lo - 1e-7 * Math.max(1, Math.abs(lo)) && b <= hi + 1e-7 * Math.max(1, Math.abs(hi))), `${path}: change near ${lo}`).toBe(true);
        }
        // Certified at each breakpoint.
        for (const b of r.atBreakpoints) expect(b.equilibria.map((x) => x.join(",")).join(" ")).toBe(await setAt(line, b.value));
      }),
      { seed: SEED, numRuns: 200 },
    );
  }, 120_000);
});

describe("margins against a scan", () => {
  it("the profile is an equilibrium across its margin and not just beyond a threshold edge", async () => {
    await fc.assert(
      fc.asyncProperty(caseArbitrary, fc.nat(), async ({ subject, path, line }, pick) => {
        const c = line.current!;
        const solved = await solveDiscrete(line.gameAt(c), { welfare: false });
        if (solved.equilibria.length === 0) return;
        const x = solved.equilibria[pick % solved.equilibria.length].profile;
        const m = margin(subject, path, x)!;
        expect(m).not.toBeNull();
        const lo = m.from ?? c - 50;
        const hi = m.to ?? c + 50;
        for (let k = 0; k <= 20; k++) {
          const v = k === 20 ? hi : lo + ((hi - lo) * k) / 20;
          if ((v === lo && !m.fromIncluded) || (v === hi && !m.toIncluded)) continue;
          expect(isEquilibrium(line.gameAt(v), x), `${path} = ${v} in [${lo}, ${hi}]`).toBe(true);
        }
        // Just beyond a threshold edge (when that is still in the number's domain) it is not.
        const beyond = (v: number) => {
          try {
            return isEquilibrium(line.gameAt(v), x);
          } catch (error) {
            if (error instanceof DomainError) return false;
            throw error;
          }
        };
        const step = (v: number) => 1e-6 * Math.max(1, Math.abs(v));
        if (m.fromKind === "threshold" && m.from !== null) expect(beyond(m.from - step(m.from))).toBe(false);
        if (m.toKind === "threshold" && m.to !== null) expect(beyond(m.to + step(m.to))).toBe(false);
      }),
      { seed: SEED + 1, numRuns: 200 },
    );
  }, 120_000);
});

describe("design against brute force over a fine grid", () => {
  const targets = ["lab0>=0.5", "open>=2", "none", "exists", "lab1=0,open<=1", "lab0<=0"];
  it("meets the target at its value, is never farther than the grid's best, and every grid point that meets it is in `holds`", async () => {
    await fc.assert(
      fc.asyncProperty(caseArbitrary, fc.constantFrom(...targets), fc.constantFrom("every" as const, "some" as const), async ({ subject, path, from, to, line }, text, require) => {
        const target = parseTarget(text, { ids: subject.scenario.players.map((p) => p.id) });
        if (!target.ok) return;
        const d = await design(subject, path, from, to, text, target.value, require);
        const c = line.current!;
        const steps = 80;
        let bestGrid = Infinity;
        for (let k = 0; k <= steps; k++) {
          const v = from + ((to - from) * k) / steps;
          const result = await solveDiscrete(line.gameAt(v), { welfare: false });
          const ok = targetHolds(result.equilibria.map((e) => e.profile), target.value, require);
          const inHolds = d.holds.some((h) => (h.from < v || (h.fromIncluded && h.from === v)) && (v < h.to || (h.toIncluded && h.to === v)));
          const nearEnd = d.holds.some((h) => Math.min(Math.abs(h.from - v), Math.abs(h.to - v)) <= 1e-6 * Math.max(1, Math.abs(v)));
          if (!nearEnd) expect(inHolds, `${text} (${require}) at ${path} = ${v}`).toBe(ok);
          if (ok) bestGrid = Math.min(bestGrid, Math.abs(v - c));
        }
        if (bestGrid < Infinity) {
          expect(d.found).toBe(true);
          expect(Math.abs(d.value! - c)).toBeLessThanOrEqual(bestGrid + 1e-9);
        }
        if (d.found && d.attained) {
          const at = await solveDiscrete(line.gameAt(d.value!), { welfare: false });
          expect(targetHolds(at.equilibria.map((e) => e.profile), target.value, require)).toBe(true);
        }
      }),
      { seed: SEED + 2, numRuns: 150 },
    );
  }, 180_000);
});

describe("two-number design against brute force over a grid", () => {
  it("is never costlier than the best grid point that meets the target, and meets it", async () => {
    const pairs = fc.record({
      scenario: scenarioArbitrary({ maxPlayers: 3 }),
      target: fc.constantFrom("lab0>=0.5", "open>=2", "none", "lab1=0"),
      require: fc.constantFrom("every" as const, "some" as const),
    });
    await fc.assert(
      fc.asyncProperty(pairs, async ({ scenario, target: text, require }) => {
        const parsed = validateScenario(scenario);
        if (!parsed.ok) throw new Error("scenario");
        const subject: Subject = { scenario: parsed.value };
        const ranges: [{ path: string; from: number; to: number }, { path: string; from: number; to: number }] = [
          { path: "players.lab0.communityGain", from: 0, to: 4 },
          { path: "players.lab1.openCost", from: 0, to: 4 },
        ];
        const target = parseTarget(text, { ids: parsed.value.players.map((p) => p.id) });
        if (!target.ok) return;
        const d = await design2(subject, ranges, [1, 2], text, target.value, require);
        const c = [parsed.value.players[0].communityGain, parsed.value.players[1].openCost];
        const steps = 16;
        let best = Infinity;
        for (let a = 0; a <= steps; a++)
          for (let b = 0; b <= steps; b++) {
            const v = [(4 * a) / steps, (4 * b) / steps];
            const applied = applyValues(subject, { [ranges[0].path]: v[0], [ranges[1].path]: v[1] });
            if (!applied.ok) continue;
            const result = await solveDiscrete(buildGame(applied.value.scenario), { welfare: false });
            if (targetHolds(result.equilibria.map((e) => e.profile), target.value, require)) best = Math.min(best, Math.abs(v[0] - c[0]) + 2 * Math.abs(v[1] - c[1]));
          }
        if (best < Infinity) {
          expect(d.found).toBe(true);
          expect(d.distance!).toBeLessThanOrEqual(best + 1e-7);
        }
        if (d.found && d.attained) {
          const applied = applyValues(subject, { [ranges[0].path]: d.value![0], [ranges[1].path]: d.value![1] });
          if (!applied.ok) throw new Error("value");
          const result = await solveDiscrete(buildGame(applied.value.scenario), { welfare: false });
          expect(targetHolds(result.equilibria.map((e) => e.profile), target.value, require)).toBe(true);
        }
      }),
      { seed: SEED + 3, numRuns: 40 },
    );
  }, 300_000);
});
