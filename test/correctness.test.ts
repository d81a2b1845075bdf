/**
 * Every method against brute force on the adversarial families of helpers/adversarial.ts
 * (issue 11): all equilibria, non-trivial existence, objectives, the continuous game's
 * certificates and its welfare summary. Hold every method to the standard of the enumerator.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { solveContinuous, solveDiscrete } from "../src/index.js";
import { OBJECTIVES, type ObjectiveName, type Sense } from "../src/model/objectives.js";
import { capabilities } from "../src/model/payoff.js";
import { mipEquilibria } from "../src/solvers/mip.js";
import { Search } from "../src/solvers/search.js";
import { FAMILIES } from "./helpers/adversarial.js";
import { SEED } from "./helpers/arbitrary.js";
import { naiveEquilibria, naiveIntervalExploitability } from "./helpers/naive.js";

const METHODS = ["enumerate", "propagate", "mip", "auto"] as const;
const quiet = { welfare: false } as const;
const RUNS = 25;
/** Lexicographic order of profiles, as naiveEquilibria lists them. */
const compare = (a: number[], b: number[]) => {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return 0;
};

describe.each(Object.entries(FAMILIES))("%s", (_, family) => {
  it("every method lists exactly the naive equilibria, and decides non-trivial existence", async () => {
    await fc.assert(
      fc.asyncProperty(family(), async (game) => {
        const expected = naiveEquilibria(game);
        const nonTrivial = expected.some((x) => x.some((v) => v > 0));
        for (const method of METHODS) {
          const all = await solveDiscrete(game, { method, ...quiet });
          expect({ method, complete: all.complete, found: all.equilibria.map((e) => e.profile) }).toEqual({ method, complete: true, found: expected });
          const first = await solveDiscrete(game, { method, nonTrivial: true, first: true, ...quiet });
          expect({ method, complete: first.complete, exists: first.exists }).toEqual({ method, complete: true, exists: nonTrivial });
        }
      }),
      { seed: SEED + 11, numRuns: RUNS },
    );
  });

  it("the MIP on its own (no exact backup of its infeasibility claims) lists exactly the naive equilibria", async () => {
    await fc.assert(
      fc.asyncProperty(family(), async (game) => {
        const search = new Search(game);
        await mipEquilibria(game, search, { exactBackup: false });
        expect({ complete: search.complete, found: search.equilibria.map((e) => e.profile).sort(compare) }).toEqual({ complete: true, found: naiveEquilibria(game) });
      }),
      { seed: SEED + 14, numRuns: RUNS },
    );
  });

  it("the MIP and branch and bound find the naive best and worst welfare and openness", async () => {
    const goals: [ObjectiveName, Sense][] = [["welfare", "max"], ["welfare", "min"], ["openness", "max"]];
    await fc.assert(
      fc.asyncProperty(family(), fc.constantFrom(...goals), async (game, [objective, sense]) => {
        const values = naiveEquilibria(game).map((x) => OBJECTIVES[objective].value(x, capabilities(game, x)));
        const expected = values.length ? (sense === "max" ? Math.max(...values) : Math.min(...values)) : null;
        for (const method of ["mip", "propagate"] as const) {
          const result = await solveDiscrete(game, { method, objective, sense, ...quiet });
          expect(result.complete).toBe(true);
          const value = result.objective!.value;
          if (expected === null) expect(value).toBeNull();
          else expect({ method, value: value! / (Math.abs(expected) || 1) }).toEqual({ method, value: expect.closeTo(expected / (Math.abs(expected) || 1), 9) });
        }
      }),
      { seed: SEED + 12, numRuns: RUNS },
    );
  });

  it("the continuous game: certified equilibria by every method, a social optimum above every equilibrium", async () => {
    await fc.assert(
      fc.asyncProperty(family(), async (game) => {
        for (const method of ["auto", "mip"] as const) {
          const result = await solveContinuous(game, { method });
          expect({ method, complete: result.complete }).toEqual({ method, complete: true });
          for (const eq of result.equilibria) expect(naiveIntervalExploitability(game, eq.profile)).toBeLessThanOrEqual(game.tolerance);
          const w = result.welfare!;
          for (const value of [w.bestEquilibrium, w.worstEquilibrium])
            if (value !== null) expect(w.socialOptimum).toBeGreaterThanOrEqual(value - game.tolerance);
          if (w.priceOfAnarchy !== null) expect(w.priceOfAnarchy).toBeGreaterThanOrEqual(1 - 1e-12);
        }
      }),
      { seed: SEED + 13, numRuns: 10 },
    );
  });
});

describe("HiGHS failures", () => {
  it("are retried once on a fresh instance; a second failure ends the search incomplete, never as a crash", async () => {
    const { HighsMip } = await import("../src/solvers/highs.js");
    const { vi } = await import("vitest");
    const game = fc.sample(FAMILIES["exact ties (quarter grid)"](), { seed: SEED, numRuns: 1 })[0];
    const expected = naiveEquilibria(game);
    const original = HighsMip.prototype.run;
    let failures = 1;
    const spy = vi.spyOn(HighsMip.prototype, "run").mockImplementation(function (this: typeof HighsMip.prototype, deadline: number) {
      if (failures-- > 0) return { status: "error", message: "simulated abort" };
      return original.call(this, deadline);
    });
    try {
      const once = await solveDiscrete(game, { method: "mip", ...quiet });
      expect({ complete: once.complete, found: once.equilibria.map((e) => e.profile) }).toEqual({ complete: true, found: expected });
      failures = Infinity;
      const always = await solveDiscrete(game, { method: "mip", ...quiet });
      expect({ complete: always.complete, stopReason: always.stopReason, exists: always.exists }).toEqual({ complete: false, stopReason: "solver-error", exists: null });
      expect(always.note).toMatch(/simulated abort/);
      const continuous = await solveContinuous(game, { method: "mip" });
      expect({ complete: continuous.complete, stopReason: continuous.stopReason }).toEqual({ complete: false, stopReason: "solver-error" });
    } finally {
      spy.mockRestore();
    }
  });
});
