/**
 * The continuous game's exact best response (MODEL.md section 3, "Continuous best response").
 * Player i maximises (a_i - k_i) y - max_{j in R(i)} L_j(y) over [m_i, 1] (m_i: its minimum,
 * 0 unless mandated), with rival lines L_j(y) = q_j + B[i][j] y (q_j: p_j without i's term).
 * The max of lines is convex and piecewise linear, so the objective is concave: its maximum
 * is at m_i, 1, or the kink of the upper envelope where the envelope's slope first exceeds
 * a_i - k_i. We walk the envelope from y = m_i, one crossing at a time.
 */
import type { Game } from "./game.js";
import { deviationPayoff } from "./payoff.js";

export interface IntervalBestResponse {
  readonly level: number;
  readonly payoff: number;
  readonly gain: number;
  /** The rival line active just left of the optimum and just right of it (equal unless a kink). */
  readonly left: number;
  readonly right: number;
  /** Where the optimum lies: an end of [m_i, 1], a kink between two rivals, or a flat stretch. */
  readonly regime: "low" | "high" | "kink" | "flat";
}

export function intervalBestResponse(game: Game, p: ArrayLike<number>, x: ArrayLike<number>, i: number): IntervalBestResponse {
  const { n, spillover: B, rivals } = game;
  const ri = rivals[i];
  const row = i * n;
  const net = game.communityGain[i] - game.openCost[i];
  const low = game.minimum[i];
  const lineAt = (j: number, y: number) => p[j] - B[row + j] * (x[i] - y);
  const q = (j: number) => lineAt(j, 0);
  // Active line at y = m_i: highest value there, ties to the steeper line (the max just after).
  let active = ri[0];
  for (let r = 1; r < ri.length; r++) {
    const j = ri[r];
    const v = lineAt(j, low);
    const w = lineAt(active, low);
    if (v > w || (v === w && B[row + j] > B[row + active])) active = j;
  }
  let y = low;
  let left = active;
  let regime: IntervalBestResponse["regime"];
  for (;;) {
    const slope = B[row + active];
    if (slope > net) {
      regime = y === low ? "low" : "kink"; // the objective falls from here on
      break;
    }
    if (slope === net) {
      regime = "flat"; // level along this stretch: its left end is as good as any
      break;
    }
    // Next crossing: a steeper line overtaking the active one, the earliest (ties: steepest).
    let next = -1;
    let at = Infinity;
    for (let r = 0; r < ri.length; r++) {
      const j = ri[r];
      const b = B[row + j];
      if (b <= slope) continue;
      const crossing = (q(active) - q(j)) / (b - slope);
      if (crossing < at || (crossing === at && b > B[row + next])) [at, next] = [crossing, j];
    }
    if (next < 0 || at >= 1) {
      y = 1;
      regime = "high";
      break;
    }
    left = active;
    active = next;
    y = Math.max(y, at);
  }
  if (regime !== "kink") left = active;
  // Evaluate with the payoff formula itself; keep the current level when nothing beats it.
  const now = deviationPayoff(game, p, x, i, x[i]);
  let level = x[i];
  let payoff = now;
  for (const candidate of [y, low, 1]) {
    const u = deviationPayoff(game, p, x, i, candidate);
    if (u > payoff) [level, payoff] = [candidate, u];
  }
  return { level, payoff, gain: payoff - now, left, right: active, regime };
}
