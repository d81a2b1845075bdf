/**
 * Iterated strict dominance as constraint propagation (MODEL.md section 3, "Discrete
 * enumeration": the presolve; and the propagation of the exact branch-and-propagate search).
 *
 * Each player keeps the set of tier levels it may still play (a bit mask). From the box of
 * levels still allowed, every capability p_j has bounds LO_j <= p_j <= HI_j. As a function of
 * its own level y, player i's payoff is (a_i - k_i) y - F(y) + const with
 * F(y) = max_{j in R(i)} (q_j + B[i][j] y), q_j being p_j without i's term, lo_j <= q_j <= hi_j.
 * For s < t the rise F(t) - F(s) is bounded by
 *
 *     D_lb = max(0, max_j (lo_j + B_ij t) - max_j (hi_j + B_ij s))
 *     D_ub = max_j min(B_ij (t - s), hi_j + B_ij t - max_l (lo_l + B_il s))
 *
 * A level that another level beats by more than the tolerance everywhere in the box is never
 * played in an equilibrium and is removed. With no information (the root) these bounds are
 * [a_i - k_i - max_j B_ij, a_i - k_i] on the gain from opening, and they tighten as boxes
 * shrink. When a player loses its last level (a label fixed by branching that is dominated),
 * the box holds no equilibrium. When every box is a point, the bounds are exact, so a
 * propagated leaf is an equilibrium.
 *
 * Propagation is incremental: when a player's box changes, LO/HI move only for the labs it
 * spills over to, and only the players racing against those labs are re-examined.
 *
 * Interval data (`upper`: the parametric MIP of issue 13, a game affine in a number along a
 * piece): the game given holds every entry's lowest value over the piece and `upper` its
 * highest. LO then uses the lowest entries and HI the highest, each test the worst case of each
 * entry (the gain from a level needs net low, spillovers high for a rise's upper bound and low
 * for its lower bound) and the larger tolerance, so a level is removed only when it is beaten
 * at every value of the piece: each bound holds entry by entry, and mixing values of different
 * points only loosens it.
 */
import type { Game } from "../model/game.js";
import { capabilities } from "../model/payoff.js";

/** The allowed levels of every player and the capability bounds they imply. */
export interface DomainState {
  /** Bit l of mask[i] set: player i may still play tiers[l]. */
  readonly mask: Int32Array;
  readonly LO: Float64Array;
  readonly HI: Float64Array;
}

export class Propagator {
  readonly n: number;
  /** The levels each player may choose at all: the tiers at or above its minimum. */
  readonly allowed: Int32Array;
  /** Labs each player spills over to (B[g][j] > 0), and the amounts. */
  readonly outTargets: Int32Array[];
  readonly outValues: Float64Array[];
  /** Players to re-examine when player g's box changes. */
  readonly watchers: Int32Array[];
  private readonly queue: Int32Array;
  private readonly queued: Uint8Array;
  /** Spillover amounts at their highest (interval data; otherwise `outValues`). */
  readonly outValuesHigh: Float64Array[];
  /** Scratch space for one player's rival bounds. */
  private readonly lo: Float64Array;
  private readonly hi: Float64Array;
  private readonly b: Float64Array;
  private readonly bHigh: Float64Array;
  /** Entries at their highest, the tolerance at its largest (interval data; otherwise the game). */
  private readonly upper: Game;
  private readonly tolerance: number;

  constructor(
    readonly game: Game,
    upper?: Game,
  ) {
    const { n, tiers, rivals } = game;
    this.upper = upper ?? game;
    this.tolerance = Math.max(game.tolerance, this.upper.tolerance);
    const B = this.upper.spillover;
    this.n = n;
    this.allowed = allowedMasks(game);
    this.outTargets = [];
    this.outValues = [];
    this.outValuesHigh = [];
    for (let g = 0; g < n; g++) {
      const targets: number[] = [];
      for (let j = 0; j < n; j++) if (j !== g && B[g * n + j] > 0) targets.push(j);
      this.outTargets.push(Int32Array.from(targets));
      this.outValues.push(Float64Array.from(targets, (j) => game.spillover[g * n + j]));
      this.outValuesHigh.push(upper ? Float64Array.from(targets, (j) => B[g * n + j]) : this.outValues[g]);
    }
    // rivalOf[j]: players that race against j.
    const rivalOf: number[][] = Array.from({ length: n }, () => []);
    rivals.forEach((ri, i) => ri.forEach((j) => rivalOf[j].push(i)));
    this.watchers = [];
    const seen = new Int32Array(n).fill(-1);
    for (let g = 0; g < n; g++) {
      const list: number[] = [];
      for (const j of [g, ...this.outTargets[g]]) {
        for (const i of rivalOf[j]) {
          if (i === g || seen[i] === g) continue;
          seen[i] = g;
          list.push(i);
        }
      }
      this.watchers.push(Int32Array.from(list));
    }
    this.queue = new Int32Array(n);
    this.queued = new Uint8Array(n);
    const maxRivals = Math.max(...rivals.map((r) => r.length));
    this.lo = new Float64Array(maxRivals);
    this.hi = new Float64Array(maxRivals);
    this.b = new Float64Array(maxRivals);
    this.bHigh = upper ? new Float64Array(maxRivals) : this.b;
  }

  /** The root state (every allowed level), propagated; null if no equilibrium can exist. */
  root(): DomainState | null {
    const state = boxOf(this.game, allowedMasks(this.game), this.upper);
    return this.run(state, Array.from({ length: this.n }, (_, i) => i)) ? state : null;
  }

  /** A copy of the state with player i restricted to `mask`, propagated; null if infeasible. */
  restrict(state: DomainState, i: number, mask: number): DomainState | null {
    const next: DomainState = {
      mask: Int32Array.from(state.mask),
      LO: Float64Array.from(state.LO),
      HI: Float64Array.from(state.HI),
    };
    if (!this.setMask(next, i, mask)) return null;
    return this.run(next, this.watchers[i]) ? next : null;
  }

  /**
   * Recomputes the capability bounds of a state from its masks (over the sparse spillovers),
   * for solvers that move bounds back and forth by differences and let rounding accumulate.
   */
  resync(state: DomainState): void {
    const { game, upper } = this;
    for (let j = 0; j < this.n; j++) {
      const [low, high] = this.bounds(state, j);
      state.LO[j] = game.capability[j] + game.communityGain[j] * low;
      state.HI[j] = upper.capability[j] + upper.communityGain[j] * high;
    }
    for (let g = 0; g < this.n; g++) {
      const [low, high] = this.bounds(state, g);
      if (high === 0) continue;
      const targets = this.outTargets[g];
      const values = this.outValues[g];
      const valuesHigh = this.outValuesHigh[g];
      for (let r = 0; r < targets.length; r++) {
        state.LO[targets[r]] += values[r] * low;
        state.HI[targets[r]] += valuesHigh[r] * high;
      }
    }
  }

  /** Lowest and highest openness allowed to player i. */
  bounds(state: DomainState, i: number): [number, number] {
    const m = state.mask[i];
    const tiers = this.game.tiers;
    return [tiers[lowestLevel(m)], tiers[highestLevel(m)]];
  }

  /** Sets player i's mask and moves the capability bounds it affects. False if empty. */
  setMask(state: DomainState, i: number, mask: number): boolean {
    if (mask === 0) return false;
    const [oldLow, oldHigh] = this.bounds(state, i);
    state.mask[i] = mask;
    const [low, high] = this.bounds(state, i);
    const dLow = low - oldLow;
    const dHigh = high - oldHigh;
    if (dLow === 0 && dHigh === 0) return true;
    state.LO[i] += this.game.communityGain[i] * dLow;
    state.HI[i] += this.upper.communityGain[i] * dHigh;
    const targets = this.outTargets[i];
    const values = this.outValues[i];
    const valuesHigh = this.outValuesHigh[i];
    for (let r = 0; r < targets.length; r++) {
      state.LO[targets[r]] += values[r] * dLow;
      state.HI[targets[r]] += valuesHigh[r] * dHigh;
    }
    return true;
  }

  /** Re-examines queued players until nothing changes. False when a player has no level left. */
  private run(state: DomainState, initial: ArrayLike<number>): boolean {
    const { queue, queued, n } = this;
    let head = 0;
    let size = 0;
    const push = (i: number) => {
      if (queued[i]) return;
      queued[i] = 1;
      queue[(head + size) % n] = i;
      size++;
    };
    for (let k = 0; k < initial.length; k++) push(initial[k]);
    let ok = true;
    while (size > 0) {
      const i = queue[head];
      head = (head + 1) % n;
      size--;
      queued[i] = 0;
      if (!ok) continue;
      const kept = this.survivors(state, i);
      if (kept === state.mask[i]) continue;
      if (!this.setMask(state, i, kept)) {
        ok = false;
        continue;
      }
      const w = this.watchers[i];
      for (let k = 0; k < w.length; k++) push(w[k]);
    }
    return ok;
  }

  /**
   * The levels among `candidates` (default: all of player i's) that no other level beats by
   * more than the tolerance in the box. Reads only LO and HI of i's rivals and i's own mask.
   */
  survivors(state: DomainState, i: number, candidates = state.mask[i]): number {
    const { game, upper, lo, hi, b, bHigh, tolerance } = this;
    const { n, tiers } = game;
    const ri = game.rivals[i];
    const [lowX, highX] = this.bounds(state, i);
    const row = i * n;
    for (let r = 0; r < ri.length; r++) {
      const j = ri[r];
      b[r] = game.spillover[row + j];
      bHigh[r] = upper.spillover[row + j];
      lo[r] = state.LO[j] - b[r] * lowX;
      hi[r] = state.HI[j] - bHigh[r] * highX;
    }
    // The gain from opening more is bounded below with the lowest net, above with the highest.
    const netLow = game.communityGain[i] - upper.openCost[i];
    const netHigh = upper.communityGain[i] - game.openCost[i];
    const count = ri.length;
    let kept = candidates;
    const allowed = this.allowed[i];
    for (let s = 0; s < tiers.length; s++) {
      if (!(kept & (1 << s))) continue;
      for (let t = 0; t < tiers.length; t++) {
        if (t === s || !(allowed & (1 << t))) continue; // only a level i may choose beats s
        const gain =
          tiers[t] > tiers[s]
            ? netLow * (tiers[t] - tiers[s]) - riseUpperBound(tiers[s], tiers[t], lo, hi, b, bHigh, count)
            : riseLowerBound(tiers[t], tiers[s], lo, hi, b, bHigh, count) - netHigh * (tiers[s] - tiers[t]);
        if (gain > tolerance) {
          kept &= ~(1 << s);
          break;
        }
      }
    }
    return kept;
  }
}

/** D_ub: an upper bound on F(t) - F(s), s < t, over the box (spillovers b, at most bHigh). */
function riseUpperBound(s: number, t: number, lo: Float64Array, hi: Float64Array, b: Float64Array, bHigh: Float64Array, count: number): number {
  let floorAtS = -Infinity;
  for (let r = 0; r < count; r++) floorAtS = Math.max(floorAtS, lo[r] + b[r] * s);
  let bound = 0;
  for (let r = 0; r < count; r++) bound = Math.max(bound, Math.min(bHigh[r] * (t - s), hi[r] + bHigh[r] * t - floorAtS));
  return bound;
}

/** D_lb: a lower bound on F(t) - F(s), s < t, over the box (spillovers b, at most bHigh). */
function riseLowerBound(s: number, t: number, lo: Float64Array, hi: Float64Array, b: Float64Array, bHigh: Float64Array, count: number): number {
  let floorAtT = -Infinity;
  let ceilingAtS = -Infinity;
  for (let r = 0; r < count; r++) {
    floorAtT = Math.max(floorAtT, lo[r] + b[r] * t);
    ceilingAtS = Math.max(ceilingAtS, hi[r] + bHigh[r] * s);
  }
  return Math.max(0, floorAtT - ceilingAtS);
}

/** Each player's mask of the tiers at or above its minimum (all tiers unless mandated). */
function allowedMasks(game: Game): Int32Array {
  const { tiers, minimum } = game;
  return Int32Array.from(minimum, (m, i) => {
    const mask = tiers.reduce((mask, t, l) => (t >= m ? mask | (1 << l) : mask), 0);
    // Policies are checked against the tiers before a game is built (`mandateProblems`).
    if (mask === 0) throw new Error(`${game.ids[i]}: no tier at or above its minimum openness ${m}`);
    return mask;
  });
}

/**
 * The box of all profiles: every allowed level. Capabilities are non-decreasing in every
 * openness (a, B >= 0), so their bounds over a box are their values at its two corners.
 */
export function fullBox(game: Game): DomainState {
  return boxOf(game, allowedMasks(game));
}

/** The box of the profiles whose levels lie within the masks, with its capability bounds (HI from `upper`'s entries, when given). */
export function boxOf(game: Game, mask: Int32Array, upper = game): DomainState {
  const corner = (g: Game, level: (m: number) => number) => capabilities(g, Float64Array.from(mask, (m) => game.tiers[level(m)]));
  return { mask, LO: corner(game, lowestLevel), HI: corner(upper, highestLevel) };
}

/** Index of the lowest level set in a (non-empty) mask. */
export function lowestLevel(mask: number): number {
  return 31 - Math.clz32(mask & -mask);
}

/** Index of the highest level set in a (non-empty) mask. */
export function highestLevel(mask: number): number {
  return 31 - Math.clz32(mask);
}

/** Indices of the levels set in a mask, lowest first. */
export function levelsOf(mask: number): number[] {
  const out: number[] = [];
  for (let l = 0; mask >> l; l++) if (mask & (1 << l)) out.push(l);
  return out;
}
