/**
 * The parametric equilibrium MIP (piece-mip.ts) and the completeness proof it gives `refine`
 * (thresholds.ts), against `exhaustive` on seeded random small races.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { design, parseTarget } from "../src/analysis/design.js";
import type { Subject } from "../src/analysis/parameters.js";
import { validateScenario } from "../src/model/validate.js";
import { thresholds } from "../src/analysis/thresholds.js";
import { caseArbitrary } from "./helpers/threshold-cases.js";
import { SEED } from "./helpers/arbitrary.js";

type Result = Awaited<ReturnType<typeof thresholds>>;

/** Values agree when within a few units of rounding (two methods may round an end differently). */
const close = (a: number, b: number) => Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(a));

/** The same breakpoints (up to rounding) and the same sets in every region, at every breakpoint and at the ends. */
function expectSame(actual: Result, expected: Result): void {
  const sets = (r: Result) => ({
    regions: r.regions.map((g) => g.equilibria),
    atBreakpoints: r.atBreakpoints.map((b) => b.equilibria),
    atEnds: r.atEnds,
  });
  expect(sets(actual)).toEqual(sets(expected));
  expect(actual.breakpoints.length).toBe(expected.breakpoints.length);
  actual.breakpoints.forEach((v, k) => expect(close(v, expected.breakpoints[k]), `breakpoint ${v} vs ${expected.breakpoints[k]}`).toBe(true));
}

describe("refine with the MIP proof against exhaustive", () => {
  it("gives exactly exhaustive's breakpoints and sets, proven", async () => {
    await fc.assert(
      fc.asyncProperty(caseArbitrary, async ({ subject, path, from, to }) => {
        const exhaustive = await thresholds(subject, path, from, to, { method: "exhaustive" });
        const refine = await thresholds(subject, path, from, to, { method: "refine" });
        expect(refine.proven).toBe(true);
        expectSame(refine, exhaustive);
      }),
      { seed: SEED, numRuns: 200 },
    );
  }, 600_000);
});

/**
 * A race where one profile is an equilibrium only while the frontier lab's gain a is in
 * [1, 1.0001] (by hand): the frontier lab always opens; the follower opens once the frontier's
 * capability (with the entrant's spillover) reaches 11.5, i.e. a >= 1; the entrant opens only
 * with the follower open and while a <= 1.0001. Everywhere else in [0.5, 1.45] the one
 * equilibrium is (1, 0, 0, 0), whose set is the whole range: no solved point of refine falls
 * in the window, and at its ends the flipped profiles are not equilibria.
 */
const shortStretch: Subject = (() => {
  const parsed = validateScenario({
    name: "short stretch",
    players: [
      { id: "frontier", capability: 10, communityGain: 1.2, openCost: 0 },
      { id: "incumbent", capability: 10.5, communityGain: 0, openCost: 1 },
      { id: "follower", capability: 10.1001, communityGain: 1, openCost: 0, rivals: ["frontier", "incumbent"] },
      { id: "entrant", capability: 0, communityGain: 0.4, openCost: 0, rivals: ["frontier", "follower"] },
    ],
    spillover: [
      [0, 0, 0, 0],
      [0, 0, 0, 0],
      [0, 2, 0, 0],
      [0.5, 0, 0, 0],
    ],
  });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return { scenario: parsed.value };
})();

describe("a profile that is an equilibrium only on a stretch of width 1e-4", () => {
  const path = "players.frontier.communityGain";
  it("refine alone misses it; the proof finds it and matches exhaustive", async () => {
    const alone = await thresholds(shortStretch, path, 0.5, 1.45, { method: "refine", prove: false });
    expect(alone.proven).toBe(false);
    expect(alone.breakpoints).toEqual([]);
    expect(alone.regions.map((r) => r.equilibria)).toEqual([[[1, 0, 0, 0]]]);

    const proved = await thresholds(shortStretch, path, 0.5, 1.45, { method: "refine" });
    expect(proved.proven).toBe(true);
    expect(proved.stats.proof!.added).toBeGreaterThanOrEqual(1);
    expect(proved.breakpoints).toHaveLength(2);
    expect(proved.breakpoints[0]).toBeCloseTo(1, 6);
    expect(proved.breakpoints[1]).toBeCloseTo(1.0001, 6);
    expect(proved.atBreakpoints.map((b) => b.equilibria)).toEqual([
      [[1, 0, 0, 0], [1, 0, 1, 1]],
      [[1, 0, 0, 0], [1, 0, 1, 1]],
    ]);
    expect(proved.regions[1].equilibria).toEqual([[1, 0, 0, 0], [1, 0, 1, 1]]);
    expectSame(proved, await thresholds(shortStretch, path, 0.5, 1.45, { method: "exhaustive" }));
  });
});

describe("design --require some by the MIP against design by exhaustive thresholds", () => {
  const targets = ["lab0>=1", "lab1<=0", "lab0>=0.5,lab1=0", "open>=2", "open<=1", "none", "exists"];
  it("finds the same value, attainment and ranges on seeded random small races", async () => {
    await fc.assert(
      fc.asyncProperty(caseArbitrary, fc.constantFrom(...targets), async ({ subject, path, from, to }, target) => {
        const conditions = parseTarget(target, { ids: subject.scenario.players.map((p) => p.id) });
        if (!conditions.ok) throw new Error(target);
        const byThresholds = await design(subject, path, from, to, target, conditions.value, "some", { by: "thresholds", method: "exhaustive" });
        const byMip = await design(subject, path, from, to, target, conditions.value, "some", { by: "mip" });
        expect(byMip.method).toBe("mip");
        expect(byMip.found).toBe(byThresholds.found);
        if (!byThresholds.found) return;
        expect(close(byMip.value!, byThresholds.value!), `value ${byMip.value} vs ${byThresholds.value}`).toBe(true);
        expect(byMip.attained).toBe(byThresholds.attained);
        expect(byMip.holds.length).toBe(byThresholds.holds.length);
        // Ends agree up to rounding. (Whether an end is included can differ: at an end both
        // methods stand on a tie, where the solver and the certificate may round apart by a unit.)
        byMip.holds.forEach((h, k) => {
          const t = byThresholds.holds[k];
          expect([close(h.from, t.from), close(h.to, t.to)]).toEqual([true, true]);
        });
        if (byMip.attained) expect(byMip.equilibria).toEqual(byThresholds.equilibria);
      }),
      { seed: SEED, numRuns: 150 },
    );
  }, 600_000);
});
