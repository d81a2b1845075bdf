import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { allowedLevels } from "../src/model/game.js";
import { OBJECTIVE_NAMES, OBJECTIVES, SENSES } from "../src/model/objectives.js";
import { capabilities } from "../src/model/payoff.js";
import { solveCorrelated } from "../src/solvers/correlated.js";
import { solveMixed } from "../src/solvers/mixed.js";
import { gameArbitrary, gameOf, mandatedGameArbitrary, noEquilibriumArbitrary, SEED } from "./helpers/arbitrary.js";
import { naiveEquilibria, naiveGain } from "./helpers/naive.js";

const races = fc.oneof(gameArbitrary({ maxPlayers: 5 }), mandatedGameArbitrary({ maxPlayers: 4 }), noEquilibriumArbitrary().map(gameOf));
const runs = { seed: SEED, numRuns: 150 };
type Game = ReturnType<typeof gameOf>;
type Weight = { profile: number[]; probability: number };

/** The incentive constraints, recomputed with the naive reference's payoffs (no table, no LP, no regret.ts). */
function naiveViolation(game: Game, distribution: Weight[], coarse: boolean): number {
  let worst = 0;
  for (let i = 0; i < game.n; i++)
    for (const y of allowedLevels(game, i)) {
      const told = coarse ? [null] : allowedLevels(game, i);
      for (const k of told) {
        let gain = 0;
        for (const d of distribution) if (k === null || d.profile[i] === k) gain += d.probability * naiveGain(game, d.profile, i, y);
        worst = Math.max(worst, gain);
      }
    }
  return worst;
}

const value = (game: Game, name: (typeof OBJECTIVE_NAMES)[number], x: number[]) => OBJECTIVES[name].value(x, capabilities(game, x));
const expectation = (game: Game, name: (typeof OBJECTIVE_NAMES)[number], distribution: Weight[]) =>
  distribution.reduce((acc, d) => acc + d.probability * value(game, name, d.profile), 0);

describe("correlated and coarse correlated equilibria (HiGHS LP)", () => {
  it("satisfy their incentive constraints, recomputed independently of the LP", async () => {
    await fc.assert(
      fc.asyncProperty(races, fc.constantFrom(...OBJECTIVE_NAMES), fc.constantFrom(...SENSES), fc.boolean(), async (game, objective, sense, coarse) => {
        const result = await solveCorrelated(game, { objective, sense, coarse });
        expect(result.complete).toBe(true);
        const [eq] = result.equilibria;
        expect(eq.distribution.reduce((a, d) => a + d.probability, 0)).toBeCloseTo(1, 12);
        eq.distribution.forEach((d) => d.profile.forEach((v, i) => expect(allowedLevels(game, i)).toContain(v)));
        expect(naiveViolation(game, eq.distribution, coarse)).toBeLessThanOrEqual(game.tolerance);
        expect(Math.abs(eq.regret - Math.max(0, naiveViolation(game, eq.distribution, coarse)))).toBeLessThan(1e-12 * (1 + Math.abs(eq.objective)));
        expect(eq.objective).toBeCloseTo(expectation(game, objective, eq.distribution), 9);
      }),
      runs,
    );
  });

  it("are optimal: no worse than any pure or mixed equilibrium, coarse no worse than correlated, pruning changes nothing", async () => {
    await fc.assert(
      fc.asyncProperty(races, fc.constantFrom(...OBJECTIVE_NAMES), fc.constantFrom(...SENSES), async (game, objective, sense) => {
        const sign = sense === "max" ? 1 : -1;
        const best = async (coarse: boolean, prune = true) => (await solveCorrelated(game, { objective, sense, coarse, prune })).equilibria[0].objective;
        const ce = await best(false);
        const slack = 1e-7 * (1 + Math.abs(ce));
        for (const x of naiveEquilibria(game)) expect(sign * (ce - value(game, objective, x))).toBeGreaterThanOrEqual(-slack);
        // The mixed equilibrium's product distribution is a correlated equilibrium too.
        if (game.n <= 4) {
          const [mixed] = solveMixed(game).equilibria;
          const product: Weight[] = [{ profile: [], probability: 1 }];
          for (let i = 0; i < game.n; i++) {
            const next: Weight[] = [];
            for (const d of product) game.tiers.forEach((t, l) => mixed.strategies[i][l] > 0 && next.push({ profile: [...d.profile, t], probability: d.probability * mixed.strategies[i][l] }));
            product.splice(0, product.length, ...next);
          }
          expect(sign * (ce - expectation(game, objective, product))).toBeGreaterThanOrEqual(-slack);
        }
        expect(sign * ((await best(true)) - ce)).toBeGreaterThanOrEqual(-slack);
        expect(Math.abs((await best(false, false)) - ce)).toBeLessThanOrEqual(slack);
      }),
      { seed: SEED, numRuns: 80 },
    );
  });

  it("matching pennies: the only correlated equilibrium is the mixed one, uniform over alpha's and beta's four profiles", async () => {
    const game = gameOf(JSON.parse(readFileSync("examples/matching-pennies.json", "utf8")));
    for (const sense of SENSES) {
      const [eq] = (await solveCorrelated(game, { sense })).equilibria;
      expect(eq.distribution).toHaveLength(4);
      for (const d of eq.distribution) {
        expect(d.probability).toBeCloseTo(0.25, 12);
        expect(d.profile.slice(2)).toEqual([0, 0]);
      }
      expect(eq.marginals.map((m) => m[1])).toEqual([0.5, 0.5, 0, 0].map((v, i) => (i < 2 ? expect.closeTo(v, 12) : v)));
    }
  });
});
