import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { exploitability, payoffs } from "../src/index.js";
import { assessMixed } from "../src/model/regret.js";
import { payoffTable, profileAt, TABLE_LIMITS } from "../src/model/table.js";
import { expectedPayoffs, layoutOf } from "../src/solvers/expected.js";
import { gameArbitrary, mandatedGameArbitrary, SEED } from "./helpers/arbitrary.js";

const runs = { seed: SEED, numRuns: 200 };
const small = { maxPlayers: 4 };

/** A random mixture per lab over its allowed levels, some of them pure. */
const mixtureOf = (sizes: number[]) =>
  fc.tuple(...sizes.map((L) => fc.array(fc.oneof(fc.constant(0), fc.double({ min: 0.01, max: 1, noNaN: true })), { minLength: L, maxLength: L }))).map((raw) =>
    raw.map((w) => {
      const total = w.reduce((a, b) => a + b, 0);
      return total > 0 ? w.map((v) => v / total) : w.map((_, k) => (k === 0 ? 1 : 0));
    }),
  );

/** A small race's table and a mixed profile on it. */
const tableAndMixture = gameArbitrary(small).chain((game) => {
  const table = payoffTable(game, TABLE_LIMITS.mixed);
  return fc.tuple(fc.constant(table), mixtureOf(table.levels.map((l) => l.length)));
});
/** The scale of a table's payoffs, for rounding-level comparisons. */
const scaleOf = (table: { payoff: Float64Array }) => 1 + Math.max(...Array.from(table.payoff, Math.abs));

/** E[u_i] by brute force: every profile's probability times `payoffs` at that profile. */
function bruteForce(levels: readonly (readonly number[])[], sigma: number[][], value: (x: number[]) => Float64Array): number[] {
  const n = levels.length;
  const total = new Array<number>(n).fill(0);
  const visit = (i: number, x: number[], w: number) => {
    if (i === n) {
      const u = value(x);
      for (let j = 0; j < n; j++) total[j] += w * u[j];
      return;
    }
    levels[i].forEach((y, k) => sigma[i][k] > 0 && visit(i + 1, [...x, y], w * sigma[i][k]));
  };
  visit(0, [], 1);
  return total;
}

describe("the payoff table", () => {
  it("holds the payoff formula at every profile (mandates remove levels)", () => {
    fc.assert(
      fc.property(mandatedGameArbitrary(small), (game) => {
        const table = payoffTable(game, TABLE_LIMITS.mixed);
        for (let s = 0; s < table.count; s++) {
          const x = profileAt(table, s);
          x.forEach((v, i) => expect(v).toBeGreaterThanOrEqual(game.minimum[i]));
          expect(Array.from(table.payoff.subarray(s * game.n, (s + 1) * game.n))).toEqual(Array.from(payoffs(game, x)));
        }
      }),
      runs,
    );
  });

  it("refuses races beyond its limit, naming the count", () => {
    fc.assert(
      fc.property(gameArbitrary({ minPlayers: 3, maxPlayers: 4 }), (game) => {
        const count = game.tiers.length ** game.n;
        expect(() => payoffTable(game, count - 1)).toThrow(new RegExp(`${count} pure profiles`));
      }),
      { seed: SEED, numRuns: 20 },
    );
  });
});

describe("exact regret of a mixed profile", () => {
  it("of a pure profile is its exploitability", () => {
    fc.assert(
      fc.property(mandatedGameArbitrary(small), fc.nat(), (game, pick) => {
        const table = payoffTable(game, TABLE_LIMITS.mixed);
        const s = pick % table.count;
        const x = profileAt(table, s);
        const sigma = table.levels.map((levels, i) => levels.map((y) => (y === x[i] ? 1 : 0)));
        // Equal up to rounding: the table computes the deviated profile from scratch.
        const scale = scaleOf(table);
        expect(Math.abs(assessMixed(table, sigma).regret - exploitability(game, x))).toBeLessThan(1e-12 * scale);
      }),
      runs,
    );
  });

  it("sums the expected payoffs of every level exactly as brute force does", () => {
    fc.assert(
      fc.property(tableAndMixture, ([table, sigma]) => {
        const { game } = table;
        const assessed = assessMixed(table, sigma);
        const scale = scaleOf(table);
        expect(assessed.payoffs).toHaveLength(game.n);
        bruteForce(table.levels, sigma, (x) => payoffs(game, x)).forEach((u, i) => expect(Math.abs(assessed.payoffs[i] - u)).toBeLessThan(1e-12 * scale));
        // Each level's payoff: lab i plays k for sure.
        table.levels.forEach((levels, i) =>
          levels.forEach((_, k) => {
            const pure = sigma.map((q, j) => (j === i ? q.map((_, m) => (m === k ? 1 : 0)) : q));
            expect(Math.abs(assessed.levelPayoffs[i][k] - bruteForce(table.levels, pure, (x) => payoffs(game, x))[i])).toBeLessThan(1e-12 * scale);
          }),
        );
        const gains = assessed.levelPayoffs.map((row, i) => Math.max(0, ...row.map((u) => u - assessed.payoffs[i])));
        expect(assessed.regret).toBe(Math.max(0, ...gains));
      }),
      runs,
    );
  });

  it("agrees with the solvers' fast evaluator, derivatives included", () => {
    fc.assert(
      fc.property(tableAndMixture, ([table, sigma]) => {
        const layout = layoutOf(table);
        const flat = Float64Array.from(sigma.flat());
        const U = new Float64Array(layout.size);
        const D = new Float64Array(layout.size * layout.size);
        expectedPayoffs(table, layout, flat, U, D);
        const scale = scaleOf(table);
        const exact = assessMixed(table, sigma).levelPayoffs.flat();
        exact.forEach((u, c) => expect(Math.abs(U[c] - u)).toBeLessThan(1e-12 * scale));
        // dU_ik / dsigma_jm is lab i's payoff for k when lab j plays m for sure.
        for (let j = 0; j < table.n; j++)
          for (let m = 0; m < table.levels[j].length; m++) {
            const pure = sigma.map((q, l) => (l === j ? q.map((_, r) => (r === m ? 1 : 0)) : q));
            const given = assessMixed(table, pure).levelPayoffs;
            for (let i = 0; i < table.n; i++) {
              if (i === j) continue;
              given[i].forEach((u, k) => expect(Math.abs(D[(layout.offset[i] + k) * layout.size + layout.offset[j] + m] - u)).toBeLessThan(1e-12 * scale));
            }
          }
      }),
      runs,
    );
  });
});
