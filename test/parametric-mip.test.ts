/**
 * The parametric equilibrium MIP (piece-mip.ts) and the completeness proof it gives `refine`
 * (thresholds.ts), against `exhaustive` on seeded random small races.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ParameterLine } from "../src/analysis/parametric.js";
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
