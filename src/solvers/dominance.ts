/**
 * Iterated strict-dominance presolve (MODEL.md section 3, "Discrete enumeration").
 *
 * Player i's payoff as a function of its own level y is (a_i - k_i) y - F(y) + const, with
 * F(y) = max_{j in R(i)} (q_j + B[i][j] y) and q_j rival j's capability without i's term.
 * Given only bounds lo_j <= q_j <= hi_j (from the levels the other players may still play),
 * the change F(t) - F(s) for s < t is bounded by
 *
 *     D_lb = max(0, max_j (lo_j + B_ij t) - max_j (hi_j + B_ij s))
 *     D_ub = max_j min(B_ij (t - s), hi_j + B_ij t - max_l (lo_l + B_il s))
 *
 * A level s is removed when some other level beats it by more than the tolerance for every
 * q in the box: it is then never part of an equilibrium. Removals shrink the boxes, so the
 * bounds tighten; we iterate to a fixed point. With no information (the first round) these are
 * exactly the bounds [a_i - k_i - max_j B_ij, a_i - k_i] on the gain from opening.
 *
 * A removed level is beaten by a chain of levels ending at a kept one, so a player left with a
 * single level never wants to deviate: the enumerator need not check it.
 */
import type { Game } from "../model/game.js";

export interface Presolve {
  /** For each player, the indices into `game.tiers` of the levels it may still play. */
  readonly levels: readonly (readonly number[])[];
  /** Rounds until the fixed point. */
  readonly rounds: number;
}

export function dominancePresolve(game: Game): Presolve {
  const { n, tiers, spillover: B, rivals, tolerance } = game;
  const levels: number[][] = Array.from({ length: n }, () => tiers.map((_, l) => l));
  const lowX = new Float64Array(n);
  const highX = new Float64Array(n);
  const LO = new Float64Array(n);
  const HI = new Float64Array(n);
  let rounds = 0;
  for (let changed = true; changed; ) {
    changed = false;
    rounds++;
    for (let j = 0; j < n; j++) {
      lowX[j] = tiers[levels[j][0]];
      highX[j] = tiers[levels[j][levels[j].length - 1]];
    }
    // LO_j, HI_j: bounds on p_j over the box of levels still allowed.
    for (let j = 0; j < n; j++) {
      LO[j] = game.capability[j] + game.communityGain[j] * lowX[j];
      HI[j] = game.capability[j] + game.communityGain[j] * highX[j];
    }
    for (let l = 0; l < n; l++) {
      for (let j = 0; j < n; j++) {
        if (j === l) continue;
        LO[j] += B[l * n + j] * lowX[l];
        HI[j] += B[l * n + j] * highX[l];
      }
    }
    for (let i = 0; i < n; i++) {
      if (levels[i].length === 1) continue;
      const row = i * n;
      const ri = rivals[i];
      // Bounds on q_j: p_j without i's own term.
      const lo = Float64Array.from(ri, (j) => LO[j] - B[row + j] * lowX[i]);
      const hi = Float64Array.from(ri, (j) => HI[j] - B[row + j] * highX[i]);
      const b = Float64Array.from(ri, (j) => B[row + j]);
      const net = game.communityGain[i] - game.openCost[i];
      const kept = levels[i].filter(
        (s) => !tiers.some((_, t) => t !== s && gainLowerBound(tiers[s], tiers[t], net, lo, hi, b) > tolerance),
      );
      if (kept.length < levels[i].length && kept.length > 0) {
        levels[i] = kept;
        changed = true;
      }
    }
  }
  return { levels, rounds };
}

/** A lower bound, over the box lo <= q <= hi, on the gain of moving from level s to level t. */
function gainLowerBound(
  s: number,
  t: number,
  net: number,
  lo: Float64Array,
  hi: Float64Array,
  b: Float64Array,
): number {
  if (t > s) return net * (t - s) - riseUpperBound(s, t, lo, hi, b);
  return riseLowerBound(t, s, lo, hi, b) - net * (s - t);
}

/** D_ub: an upper bound on F(t) - F(s), s < t. */
function riseUpperBound(s: number, t: number, lo: Float64Array, hi: Float64Array, b: Float64Array): number {
  let floorAtS = -Infinity;
  for (let r = 0; r < b.length; r++) floorAtS = Math.max(floorAtS, lo[r] + b[r] * s);
  let bound = 0;
  for (let r = 0; r < b.length; r++)
    bound = Math.max(bound, Math.min(b[r] * (t - s), hi[r] + b[r] * t - floorAtS));
  return bound;
}

/** D_lb: a lower bound on F(t) - F(s), s < t. */
function riseLowerBound(s: number, t: number, lo: Float64Array, hi: Float64Array, b: Float64Array): number {
  let floorAtT = -Infinity;
  let ceilingAtS = -Infinity;
  for (let r = 0; r < b.length; r++) {
    floorAtT = Math.max(floorAtT, lo[r] + b[r] * t);
    ceilingAtS = Math.max(ceilingAtS, hi[r] + b[r] * s);
  }
  return Math.max(0, floorAtT - ceilingAtS);
}
