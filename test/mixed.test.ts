import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { allowedLevels } from "../src/model/game.js";
import { parseMixedProfile } from "../src/model/profile.js";
import { assessMixed } from "../src/model/regret.js";
import { payoffTable, TABLE_LIMITS } from "../src/model/table.js";
import { solveMixed, solveQre } from "../src/solvers/mixed.js";
import { gameArbitrary, gameOf, mandatedGameArbitrary, noEquilibriumArbitrary, SEED } from "./helpers/arbitrary.js";
import { naiveEquilibria } from "./helpers/naive.js";
import { workedExample } from "./helpers/worked.js";

const matchingPennies = () => gameOf(JSON.parse(readFileSync("examples/matching-pennies.json", "utf8")));
/** Probabilities over each lab's allowed levels, from the reported per-tier ones. */
const overLevels = (game: ReturnType<typeof gameOf>, strategies: number[][]) =>
  strategies.map((q, i) => game.tiers.flatMap((t, l) => (allowedLevels(game, i).includes(t) ? [q[l]] : [])));

describe("mixed equilibria: hand-solved cases", () => {
  it("matching pennies (examples/matching-pennies.json): alpha and beta mix 1/2-1/2, the reference labs stay closed", () => {
    const game = matchingPennies();
    // The 2x2 game of alpha and beta, from the payoff formula (reference labs closed):
    // u_alpha = 10 + x_a - max(8 + 4 x_b + 2 x_a, 10); u_beta = 8 + 4 x_b + 2 x_a - max(10 + x_a, 9 + 2 x_b) - 3.5 x_b.
    const ua = (xa: number, xb: number) => 10 + xa - Math.max(8 + 4 * xb + 2 * xa, 10);
    const ub = (xa: number, xb: number) => 8 + 4 * xb + 2 * xa - Math.max(10 + xa, 9 + 2 * xb) - 3.5 * xb;
    // Alpha is indifferent when beta opens with q: (1 - q)(ua(1,0) - ua(0,0)) + q (ua(1,1) - ua(0,1)) = 0.
    const q = (ua(1, 0) - ua(0, 0)) / (ua(1, 0) - ua(0, 0) - (ua(1, 1) - ua(0, 1)));
    const p = (ub(0, 1) - ub(0, 0)) / (ub(0, 1) - ub(0, 0) - (ub(1, 1) - ub(1, 0)));
    const result = solveMixed(game);
    expect(result.complete).toBe(true);
    expect(result.moreMayExist).toBe(true);
    const [eq] = result.equilibria;
    expect(eq.strategies[0][1]).toBeCloseTo(p, 12);
    expect(eq.strategies[1][1]).toBeCloseTo(q, 12);
    expect(eq.strategies.slice(2)).toEqual([[1, 0], [1, 0]]);
    const expected = (u: (a: number, b: number) => number) => (1 - p) * (1 - q) * u(0, 0) + p * (1 - q) * u(1, 0) + (1 - p) * q * u(0, 1) + p * q * u(1, 1);
    expect(eq.payoffs[0]).toBeCloseTo(expected(ua), 12);
    expect(eq.payoffs[1]).toBeCloseTo(expected(ub), 12);
    expect(eq.regret).toBeLessThanOrEqual(game.tolerance);
  });

  it("three labs (MODEL.md section 4): the leader closed, the underdog open, the indifferent challenger at any mixture", () => {
    // By hand: with the leader closed and the underdog open the challenger earns -1 either way;
    // the leader loses 1 by opening and the underdog 3 by closing, whatever the challenger does.
    const game = workedExample();
    const table = payoffTable(game, TABLE_LIMITS.mixed);
    for (const q of [0, 0.3, 1]) expect(assessMixed(table, [[1, 0], [1 - q, q], [0, 1]]).regret).toBe(0);
    expect(assessMixed(table, [[0.9, 0.1], [0.5, 0.5], [0, 1]]).regret).toBeCloseTo(0.1, 12);
    const [eq] = solveMixed(game).equilibria;
    expect(eq.strategies[0]).toEqual([1, 0]);
    expect(eq.strategies[2]).toEqual([0, 1]);
    expect(eq.strategies[1][0] + eq.strategies[1][1]).toBeCloseTo(1, 14);
    expect(eq.payoffs[1]).toBeCloseTo(-1, 12);
  });
});

describe("mixed equilibria: certificates on seeded races", () => {
  it("the logit path ends at a certified equilibrium (races with and without pure equilibria, tiers, mandates), unique only when proven", () => {
    fc.assert(
      fc.property(fc.oneof(gameArbitrary({ minPlayers: 3, maxPlayers: 5 }), mandatedGameArbitrary({ minPlayers: 3, maxPlayers: 4 }), noEquilibriumArbitrary().map(gameOf)), (game) => {
        const result = solveMixed(game);
        expect(result.method).toBe("logit-path");
        expect(result.complete).toBe(true);
        expect(result.equilibria).toHaveLength(1);
        const [eq] = result.equilibria;
        // The certificate, recomputed here from the table.
        const assessed = assessMixed(payoffTable(game, TABLE_LIMITS.mixed), overLevels(game, eq.strategies));
        expect(assessed.regret).toBeLessThanOrEqual(game.tolerance);
        expect(eq.regret).toBe(assessed.regret);
        // "The only equilibrium" only when dominance proves it: then it is the one pure equilibrium.
        if (!result.moreMayExist) {
          const pure = naiveEquilibria(game);
          expect(pure).toHaveLength(1);
          expect(eq.strategies).toEqual(pure[0].map((x) => game.tiers.map((t) => (t === x ? 1 : 0))));
        }
        eq.strategies.forEach((q, i) => {
          expect(q.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
          q.forEach((v, l) => (game.tiers[l] < game.minimum[i] ? expect(v).toBe(0) : expect(v).toBeGreaterThanOrEqual(0)));
        });
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  it("two labs: support enumeration against the closed form (each lab's gain per level is independent of the other's choice)", () => {
    fc.assert(
      fc.property(fc.oneof(gameArbitrary({ minPlayers: 2, maxPlayers: 2 }), mandatedGameArbitrary({ minPlayers: 2, maxPlayers: 2 })), (game) => {
        // With one rival, u_i = c_i - c_j + (a_i - B_ij - k_i) x_i + (B_ji - a_j) x_j: lab i's best
        // levels are those maximising its own term, whatever the other does.
        const table = payoffTable(game, TABLE_LIMITS.mixed);
        const best = table.levels.map((levels, i) => {
          const j = 1 - i;
          const slope = game.communityGain[i] - game.spillover[i * 2 + j] - game.openCost[i];
          const values = levels.map((t) => slope * t);
          const top = Math.max(...values);
          return values.map((v) => v >= top - game.tolerance);
        });
        const result = solveMixed(game);
        expect(result.method).toBe("support-enumeration");
        const unique = best.every((b) => b.filter(Boolean).length === 1);
        for (const eq of result.equilibria) {
          overLevels(game, eq.strategies).forEach((q, i) => q.forEach((v, k) => v > 0 && expect(best[i][k]).toBe(true)));
          expect(eq.regret).toBeLessThanOrEqual(game.tolerance);
        }
        if (unique) {
          // The dominant profile, the only equilibrium, and the list says so.
          expect(result.moreMayExist).toBe(false);
          expect(result.equilibria).toHaveLength(1);
          expect(overLevels(game, result.equilibria[0].strategies)).toEqual(best.map((b) => b.map((v) => (v ? 1 : 0))));
          expect(naiveEquilibria(game)).toHaveLength(1);
        } else {
          // Ties: a continuum (every mixture of the best levels); its pure vertices are listed.
          expect(result.moreMayExist).toBe(true);
          expect(result.equilibria.length).toBe(naiveEquilibria(game).length);
        }
      }),
      { seed: SEED, numRuns: 300 },
    );
  });
});

describe("logit quantal-response equilibria", () => {
  it("at lambda = 0: every lab uniform over its levels", () => {
    fc.assert(
      fc.property(mandatedGameArbitrary({ maxPlayers: 4 }), (game) => {
        const [eq] = solveQre(game, 0).equilibria;
        eq.strategies.forEach((q, i) => {
          const levels = allowedLevels(game, i);
          game.tiers.forEach((t, l) => expect(Math.abs(q[l] - (levels.includes(t) ? 1 / levels.length : 0))).toBeLessThan(1e-15));
        });
      }),
      { seed: SEED, numRuns: 100 },
    );
  });

  it("at lambda > 0: each lab's probabilities are the logit response to the others' (recomputed from the table)", () => {
    fc.assert(
      fc.property(gameArbitrary({ maxPlayers: 4 }), fc.double({ min: 0.01, max: 20, noNaN: true }), (game, lambda) => {
        const result = solveQre(game, lambda);
        expect(result.complete).toBe(true);
        const [eq] = result.equilibria;
        const sigma = overLevels(game, eq.strategies);
        const { levelPayoffs } = assessMixed(payoffTable(game, TABLE_LIMITS.mixed), sigma);
        levelPayoffs.forEach((U, i) => {
          const top = Math.max(...U);
          const weights = U.map((u) => Math.exp(lambda * (u - top)));
          const total = weights.reduce((a, b) => a + b, 0);
          weights.forEach((w, k) => expect(Math.abs(sigma[i][k] - w / total)).toBeLessThan(1e-9));
        });
      }),
      { seed: SEED, numRuns: 100 },
    );
  });
});

describe("mixed profiles as written (parseMixedProfile)", () => {
  it("reads probabilities of opening, per-tier probabilities and pure values; refuses bad ones naming the lab", () => {
    const game = workedExample();
    const parsed = parseMixedProfile(game, "leader=0.4,underdog=open");
    expect(parsed).toEqual({ ok: true, value: [[0.6, 0.4], [1, 0], [0, 1]] });
    expect(parseMixedProfile(game, "0.2/0.8,closed,1")).toEqual({ ok: true, value: [[0.2, 0.8], [1, 0], [0, 1]] });
    const fail = (text: string) => {
      const r = parseMixedProfile(game, text);
      return r.ok ? "" : r.problems[0].message;
    };
    expect(fail("leader=0.5/0.6")).toMatch(/"leader": the probabilities sum to 1.1/);
    expect(fail("leader=1.5")).toMatch(/"leader" has openness 1.5/);
    expect(fail("leader=0.1/0.2/0.7")).toMatch(/expected 2 probabilities/);
    // Under a mandate the levels below the minimum are gone: a mixture on them is refused.
    const mandated = { ...game, minimum: Float64Array.from([0.5, 0, 0]) };
    expect(parseMixedProfile(mandated, "leader=0.5").ok).toBe(false);
    expect(parseMixedProfile(mandated, "leader=1")).toEqual({ ok: true, value: [[1], [1, 0], [1, 0]] });
  });
});
