/**
 * The certificate of a mixed profile (MODEL.md section 2, extended to mixed strategies): for
 * each lab i and each of its pure levels k, the expected payoff E[u_i(k, sigma_-i)] against
 * the others' mixture, summed exactly over the payoff table (every profile, no sampling, with
 * compensated summation), and the expected payoff of its own mixture. The lab's gain is the
 * largest difference; the profile's regret is the largest gain (0 at a mixed equilibrium).
 *
 * Written independently of the solvers' fast evaluator (`solvers/expected.ts`), which it checks.
 * Correlated equilibria get theirs from the payoff formula itself (`correlatedRegret`).
 */
import { allowedLevels, type Game } from "./game.js";
import { payoffs } from "./payoff.js";
import type { PayoffTable } from "./table.js";

/** Probabilities of each player's strategies (`table.levels[i]`), in player order. */
export type MixedProfile = readonly (readonly number[])[];

export interface MixedAssessment {
  /** E[u_i(k, sigma_-i)] for each player i and strategy k. */
  readonly levelPayoffs: number[][];
  /** E[u_i(sigma)]: each player's expected payoff. */
  readonly payoffs: number[];
  /** max_k E[u_i(k, sigma_-i)] - E[u_i(sigma)] per player, >= 0. */
  readonly gains: number[];
  /** max_i gains[i]. */
  readonly regret: number;
}

/** Neumaier's compensated sum: the rounding error of a long sum stays at one rounding. */
class Sum {
  private s = 0;
  private c = 0;
  add(v: number): void {
    const t = this.s + v;
    this.c += Math.abs(this.s) >= Math.abs(v) ? this.s - t + v : v - t + this.s;
    this.s = t;
  }
  get value(): number {
    return this.s + this.c;
  }
}

/** A problem with sigma as a mixed profile of the table, or null when it is one. */
export function mixedProfileProblem(table: PayoffTable, sigma: MixedProfile): string | null {
  if (sigma.length !== table.n) return `expected ${table.n} mixtures, got ${sigma.length}`;
  for (let i = 0; i < table.n; i++) {
    const id = table.game.ids[i];
    if (sigma[i].length !== table.levels[i].length) return `${id}: expected ${table.levels[i].length} probabilities, got ${sigma[i].length}`;
    if (sigma[i].some((q) => !(q >= 0 && q <= 1))) return `${id}: probabilities must lie in [0, 1]`;
    const total = sigma[i].reduce((a, b) => a + b, 0);
    if (Math.abs(total - 1) > 1e-9) return `${id}: probabilities sum to ${total}, expected 1`;
  }
  return null;
}

/** Exact expected payoffs, gains and regret of a mixed profile. */
export function assessMixed(table: PayoffTable, sigma: MixedProfile): MixedAssessment {
  const { n, count, payoff, levels } = table;
  const sums = levels.map((l) => l.map(() => new Sum()));
  const digits = new Int32Array(n);
  for (let s = 0; s < count; s++) {
    for (let i = 0, rest = s; i < n; i++) {
      digits[i] = rest % levels[i].length;
      rest = (rest - digits[i]) / levels[i].length;
    }
    for (let i = 0; i < n; i++) {
      // Probability of the others' part of s: a product over j != i.
      let w = 1;
      for (let j = 0; j < n && w !== 0; j++) if (j !== i) w *= sigma[j][digits[j]];
      if (w !== 0) sums[i][digits[i]].add(w * payoff[s * n + i]);
    }
  }
  const levelPayoffs = sums.map((row) => row.map((x) => x.value));
  const payoffs = levelPayoffs.map((row, i) => {
    const own = new Sum();
    row.forEach((u, k) => own.add(sigma[i][k] * u));
    return own.value;
  });
  const gains = levelPayoffs.map((row, i) => Math.max(0, ...row.map((u) => u - payoffs[i])));
  return { levelPayoffs, payoffs, gains, regret: Math.max(0, ...gains) };
}

/** The regret of a mixed profile: the most any lab gains by a pure deviation. */
export function mixedRegret(table: PayoffTable, sigma: MixedProfile): number {
  return assessMixed(table, sigma).regret;
}

/** A mixed profile as reported (INTERFACE.md, `solve --concept mixed`). */
export interface MixedEquilibrium {
  /** One probability per tier per lab (0 for tiers below a lab's mandated minimum). */
  readonly strategies: number[][];
  /** Each lab's expected payoff. */
  readonly payoffs: number[];
  /** The exact largest gain of a pure deviation. */
  readonly regret: number;
}

/** sigma (over `table.levels`) with its payoffs and regret, one probability per tier. */
export function describeMixed(table: PayoffTable, sigma: MixedProfile): MixedEquilibrium {
  const { payoffs, regret } = assessMixed(table, sigma);
  const strategies = table.levels.map((levels, i) =>
    table.game.tiers.map((t) => {
      const k = levels.indexOf(t);
      return k < 0 ? 0 : sigma[i][k];
    }),
  );
  return { strategies, payoffs, regret };
}

/** The mixed equilibrium sigma, certified: null when its regret exceeds the game's tolerance. */
export function certifyMixed(table: PayoffTable, sigma: MixedProfile): MixedEquilibrium | null {
  const described = describeMixed(table, sigma);
  return described.regret <= table.game.tolerance ? described : null;
}

/** A distribution over pure profiles (openness values), as reported. */
export interface ProfileWeight {
  readonly profile: number[];
  readonly probability: number;
}

/**
 * The exact regret of a correlated (`coarse`: coarse correlated) equilibrium's incentive
 * constraints, from the payoff formula alone (no table, no LP): for a correlated equilibrium,
 * the largest expected gain of lab i switching from level k to k' whenever it is told k,
 *     max_{i, k, k'} sum_{s: s_i = k} P(s) (u_i(k', s_-i) - u_i(s));
 * for a coarse correlated one, of committing to k' before hearing anything,
 *     max_{i, k'} sum_s P(s) (u_i(k', s_-i) - u_i(s)).
 * Deviations range over every allowed level (pruned ones included). 0 when nothing gains.
 */
export function correlatedRegret(game: Game, distribution: readonly ProfileWeight[], coarse: boolean): number {
  let worst = 0;
  for (let i = 0; i < game.n; i++) {
    const levels = allowedLevels(game, i);
    // sums.get(k)[k']: the expected gain of the switch k -> k' (coarse: k is ignored).
    const sums = new Map<number, Sum[]>();
    for (const { profile, probability } of distribution) {
      if (probability === 0) continue;
      const told = coarse ? -1 : profile[i];
      const row = sums.get(told) ?? levels.map(() => new Sum());
      sums.set(told, row);
      const now = payoffs(game, profile)[i];
      levels.forEach((y, k) => {
        const deviated = [...profile];
        deviated[i] = y;
        row[k].add(probability * (payoffs(game, deviated)[i] - now));
      });
    }
    for (const row of sums.values()) for (const sum of row) worst = Math.max(worst, sum.value);
  }
  return worst;
}
