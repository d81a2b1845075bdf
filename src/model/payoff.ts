/**
 * The payoff formula of MODEL.md section 1:
 *
 *     p_j(x) = c_j + a_j x_j + sum_{i != j} B[i][j] x_i          (capability after the round)
 *     u_i(x) = p_i(x) - max_{j in R(i)} p_j(x) - k_i x_i          (lead over the strongest rival)
 *
 * Everything here is computed from scratch (no incremental state), so it is the reference
 * the solvers and the certificates are checked against.
 */
import type { Game } from "./game.js";

/** p(x): every player's capability after the round. */
export function capabilities(game: Game, x: ArrayLike<number>): Float64Array {
  const { n, capability, communityGain, spillover } = game;
  const p = new Float64Array(n);
  for (let j = 0; j < n; j++) p[j] = capability[j] + communityGain[j] * x[j];
  for (let i = 0; i < n; i++) {
    if (x[i] === 0) continue;
    const row = i * n;
    for (let j = 0; j < n; j++) if (j !== i) p[j] += spillover[row + j] * x[i];
  }
  return p;
}

/** The strongest rival of player i at capabilities p (lowest index among ties). */
export function strongestRival(game: Game, p: ArrayLike<number>, i: number): number {
  const rivals = game.rivals[i];
  let best = rivals[0];
  for (let r = 1; r < rivals.length; r++) if (p[rivals[r]] > p[best]) best = rivals[r];
  return best;
}

/**
 * u_i when player i moves from x_i to y with everyone else fixed, from the capabilities p at x:
 * i's own capability moves by a_i (y - x_i), each rival j's by B[i][j] (y - x_i).
 * With y = x_i this is u_i(x) itself, computed the same way, so gains are exactly 0 there.
 */
export function deviationPayoff(
  game: Game,
  p: ArrayLike<number>,
  x: ArrayLike<number>,
  i: number,
  y: number,
): number {
  const { n, spillover, rivals } = game;
  const d = y - x[i];
  const row = i * n;
  const ri = rivals[i];
  let strongest = -Infinity;
  for (let r = 0; r < ri.length; r++) {
    const j = ri[r];
    const pj = p[j] + spillover[row + j] * d;
    if (pj > strongest) strongest = pj;
  }
  return p[i] + game.communityGain[i] * d - strongest - game.openCost[i] * y;
}

/** Moves capabilities p, in place, for player i opening d more (d < 0: less): O(n). */
export function shiftCapabilities(game: Game, p: Float64Array | number[], i: number, d: number): void {
  const { n, spillover } = game;
  const row = i * n;
  for (let j = 0; j < n; j++) p[j] += (j === i ? game.communityGain[i] : spillover[row + j]) * d;
}

/** u(x): every player's payoff. */
export function payoffs(game: Game, x: ArrayLike<number>): Float64Array {
  const p = capabilities(game, x);
  return Float64Array.from({ length: game.n }, (_, i) => deviationPayoff(game, p, x, i, x[i]));
}
