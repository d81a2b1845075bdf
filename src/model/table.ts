/**
 * The payoff table of a small race: u_i(s) for every pure profile s, computed from scratch by
 * the payoff formula of MODEL.md section 1 (as `payoffs` does), the normal form on which mixed,
 * quantal-response and correlated equilibria are defined.
 *
 * Each player's strategies are its allowed levels (the tiers from its minimum up, as in the
 * `.nfg` export). Profiles are numbered like the digits of a mixed-radix number whose LEAST
 * significant digit is player 0's strategy index (Gambit's order), so the profile where player
 * i switches to strategy m is `s + (m - digit_i(s)) * stride[i]`.
 *
 * The table holds n numbers for each of prod_i L_i profiles: it is for small races only (the
 * caller chooses the limit: `TABLE_LIMITS`).
 */
import { allowedLevels, type Game } from "./game.js";
import { capabilities, deviationPayoff } from "./payoff.js";

/** Largest tables per use: mixed and quantal response (about 12 binary labs, 3^8 tiered profiles), correlated LPs (about 14 binary labs). */
export const TABLE_LIMITS = { mixed: 8192, correlated: 16384 } as const;

export interface PayoffTable {
  readonly game: Game;
  readonly n: number;
  /** levels[i]: player i's strategies (openness values), ascending. */
  readonly levels: readonly (readonly number[])[];
  /** stride[i]: index step of player i's strategy digit. */
  readonly stride: Int32Array;
  /** Number of pure profiles. */
  readonly count: number;
  /** u_i(s) at payoff[s * n + i]. */
  readonly payoff: Float64Array;
}

/** Player i's strategy index in profile s. */
export function digit(table: PayoffTable, s: number, i: number): number {
  return Math.floor(s / table.stride[i]) % table.levels[i].length;
}

/** The openness profile of pure profile s. */
export function profileAt(table: PayoffTable, s: number): number[] {
  return table.levels.map((levels, i) => levels[digit(table, s, i)]);
}

/**
 * Builds the table; throws a RangeError naming the count when it has more than `limit` profiles.
 * `levels` (default: each lab's allowed levels) restricts the strategies, e.g. to those that
 * survive a dominance presolve.
 */
export function payoffTable(game: Game, limit: number, levels: readonly (readonly number[])[] = game.ids.map((_, i) => allowedLevels(game, i))): PayoffTable {
  const { n } = game;
  const count = levels.reduce((c, l) => c * l.length, 1);
  if (count > limit)
    throw new RangeError(`the race has ${count} pure profiles (${levels.map((l) => l.length).join(" x ")}); at most ${limit} are supported here`);
  const stride = new Int32Array(n);
  for (let i = 0, step = 1; i < n; step *= levels[i].length, i++) stride[i] = step;
  const payoff = new Float64Array(count * n);
  forEachProfile(levels, (x, s) => {
    const p = capabilities(game, x);
    for (let i = 0; i < n; i++) payoff[s * n + i] = deviationPayoff(game, p, x, i, x[i]);
  });
  return { game, n, levels, stride, count, payoff };
}

/**
 * Calls `visit` on every profile of the given strategy sets in table order (player 0's
 * strategy varying fastest), with its openness values (one array, changed in place) and index.
 */
export function forEachProfile(levels: readonly (readonly number[])[], visit: (x: readonly number[], s: number) => void): void {
  const n = levels.length;
  const count = levels.reduce((c, l) => c * l.length, 1);
  const d = new Array<number>(n).fill(0);
  const x = levels.map((l) => l[0]);
  for (let s = 0; s < count; s++) {
    visit(x, s);
    for (let i = 0; i < n; i++) {
      if (++d[i] < levels[i].length) {
        x[i] = levels[i][d[i]];
        break;
      }
      d[i] = 0;
      x[i] = levels[i][0];
    }
  }
}
