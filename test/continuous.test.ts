import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { buildGame, capabilities, exploitability, parseScenarioText, type Game } from "../src/index.js";
import { intervalBestResponse } from "../src/model/continuous.js";
import { OBJECTIVES } from "../src/model/objectives.js";
import { iterateContinuous } from "../src/solvers/iterate.js";
import { polish } from "../src/solvers/polish.js";
import { solveContinuous } from "../src/solvers/solve-continuous.js";
import { gameArbitrary, SEED } from "./helpers/arbitrary.js";
import { naiveGain, naiveIntervalExploitability } from "./helpers/naive.js";

const load = (file: string) => {
  const parsed = parseScenarioText(readFileSync(new URL(`../examples/${file}`, import.meta.url), "utf8"));
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return buildGame(parsed.value);
};
const quiet = { welfare: false } as const;
const profileOf = (game: Game, pick: number[]) => game.ids.map((_, i) => pick[i % pick.length]);

describe("the continuous game: MODEL.md section 4", () => {
  it("(0,0,1) is an equilibrium of the worked example (exploitability 0)", () => {
    expect(exploitability(load("three-lab-race.json"), [0, 0, 1], "interval")).toBe(0);
  });

  it("the second worked example has the partial equilibrium (2/3, 1, 1), by every method", async () => {
    const game = load("costly-leader.json");
    for (const method of ["auto", "iterate", "mip"] as const) {
      const result = await solveContinuous(game, { method, ...quiet });
      expect(result.complete).toBe(true);
      const [x] = result.equilibria.map((e) => e.profile);
      expect(x[0]).toBeCloseTo(2 / 3, 12);
      expect(x.slice(1)).toEqual([1, 1]);
      expect(result.equilibria[0].exploitability).toBeLessThanOrEqual(game.tolerance);
    }
    // The leader opens until the challenger and the underdog are level: both at 11.2.
    expect([...capabilities(game, [2 / 3, 1, 1])].map((v) => Number(v.toFixed(12)))).toEqual([10.666666666667, 11.2, 11.2]);
  });
});

describe("exact best response and exploitability", () => {
  it("match the naive maximum over 0, 1 and every crossing of two rival lines", () => {
    fc.assert(
      fc.property(gameArbitrary(), fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 6 }), (game, pick) => {
        const x = profileOf(game, pick);
        const p = capabilities(game, x);
        game.ids.forEach((_, i) => {
          const br = intervalBestResponse(game, p, x, i);
          expect(br.level).toBeGreaterThanOrEqual(0);
          expect(br.level).toBeLessThanOrEqual(1);
          expect(br.gain).toBeCloseTo(naiveGain(game, x, i, br.level), 9);
          // No point of a fine grid does better.
          for (let k = 0; k <= 50; k++) expect(naiveGain(game, x, i, k / 50)).toBeLessThanOrEqual(br.gain + 1e-9);
        });
        expect(exploitability(game, x, "interval")).toBeCloseTo(naiveIntervalExploitability(game, x), 9);
      }),
      { seed: SEED, numRuns: 300 },
    );
  });
});

describe("every method returns a certified equilibrium", () => {
  it("auto, iterate and the KKT MIP on hundreds of random games", async () => {
    await fc.assert(
      fc.asyncProperty(gameArbitrary(), async (game) => {
        for (const method of ["auto", "iterate", "mip"] as const) {
          const result = await solveContinuous(game, { method, ...quiet });
          expect({ method, complete: result.complete, exists: result.exists }).toEqual({ method, complete: true, exists: true });
          const eq = result.equilibria[0];
          expect(eq.exploitability).toBeLessThanOrEqual(game.tolerance);
          // Independently: no lab gains by moving to 0, 1 or any crossing of its rival lines.
          expect(naiveIntervalExploitability(game, eq.profile)).toBeLessThanOrEqual(game.tolerance + 1e-12);
        }
      }),
      { seed: SEED, numRuns: 200 },
    );
  });

  it("damped best response and extragradient both certify, and report their exploitability trace", () => {
    fc.assert(
      fc.property(gameArbitrary(), (game) => {
        for (const method of ["best-response", "extragradient"] as const) {
          const run = iterateContinuous(game, { method });
          expect(run.certified).toBe(true);
          expect(run.trace.length).toBeGreaterThan(0);
          expect(run.trace.every((e) => e >= 0)).toBe(true);
          expect(naiveIntervalExploitability(game, run.profile)).toBeLessThanOrEqual(game.tolerance + 1e-12);
        }
      }),
      { seed: SEED + 1, numRuns: 200 },
    );
  });

  it("polishing turns a perturbed equilibrium back into a certified one", async () => {
    await fc.assert(
      fc.asyncProperty(gameArbitrary(), fc.array(fc.double({ min: -1e-4, max: 1e-4, noNaN: true }), { minLength: 6, maxLength: 6 }), async (game, noise) => {
        const eq = (await solveContinuous(game, quiet)).equilibria[0];
        const polished = polish(game, eq.profile.map((v, i) => v + noise[i]));
        expect(polished.exploitability).toBeLessThanOrEqual(game.tolerance);
      }),
      { seed: SEED + 2, numRuns: 200 },
    );
  });
});

describe("objectives over the continuous equilibria", () => {
  it("the MIP's most and least open, highest and lowest welfare equilibria bracket every other method's", async () => {
    await fc.assert(
      fc.asyncProperty(gameArbitrary({ maxPlayers: 5, coarse: true }), fc.constantFrom("openness" as const, "welfare" as const), async (game, objective) => {
        const value = (r: Awaited<ReturnType<typeof solveContinuous>>) => OBJECTIVES[objective].value(r.equilibria[0].profile, r.equilibria[0].capabilities);
        const max = await solveContinuous(game, { objective, sense: "max", ...quiet });
        const min = await solveContinuous(game, { objective, sense: "min", ...quiet });
        expect(max.objective!.value).toBeCloseTo(value(max), 9);
        expect(min.objective!.value!).toBeLessThanOrEqual(max.objective!.value! + 1e-9);
        for (const method of ["auto", "iterate"] as const) {
          const other = value(await solveContinuous(game, { method, ...quiet }));
          expect(other).toBeLessThanOrEqual(max.objective!.value! + 1e-6);
          expect(other).toBeGreaterThanOrEqual(min.objective!.value! - 1e-6);
        }
      }),
      { seed: SEED + 3, numRuns: 150 },
    );
  });
});
