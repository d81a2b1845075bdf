/**
 * Exact enumeration of pure equilibria (MODEL.md section 3, "Discrete enumeration"), for the
 * binary and the tiered game.
 *
 * After the dominance presolve, the free players' levels are walked in reflected mixed-radix
 * Gray order (Knuth, TAOCP 7.2.1.1, Algorithm H): each step moves one player by one level,
 * so capabilities are updated in O(n). A profile is rejected at the first free player that
 * gains by deviating; that player moves to the front of the check order, since it tends to
 * reject the neighbouring profiles too. Candidates go to `Search.offer`, which certifies them
 * from scratch.
 *
 * Scaling: the walk visits prod_i |levels_i| profiles over the free players, so it suits up
 * to about 25 free binary players; use the MIP (or `auto`) beyond.
 */
import type { Game } from "../model/game.js";
import { capabilities, shiftCapabilities } from "../model/payoff.js";
import { dominancePresolve, type Presolve } from "./dominance.js";
import type { Search } from "./search.js";

export interface EnumerationStats {
  /** Players left with more than one level after the presolve. */
  readonly freePlayers: number;
  /** Profiles in the walk, and profiles visited. */
  readonly profiles: number;
  readonly visited: number;
}

/** How often (in profiles) to check the clock, and to recompute capabilities from scratch. */
const TICK_MASK = 0xfff;
const RESYNC_MASK = 0xffff;

export function enumerateEquilibria(
  game: Game,
  search: Search,
  presolve: Presolve = dominancePresolve(game),
): EnumerationStats {
  const { n, tiers, minimum, spillover: B, communityGain: a, openCost: k, rivals, tolerance } = game;
  const levels = presolve.levels;
  const free = Int32Array.from(levels.flatMap((l, i) => (l.length > 1 ? [i] : [])));
  const F = free.length;
  const radix = Int32Array.from(free, (i) => levels[i].length);
  const total = radix.reduce((acc, m) => acc * m, 1);

  const x = Float64Array.from(levels, (l) => tiers[l[0]]);
  let p = capabilities(game, x);
  const profile = Array.from(x);

  const maxSpill = Float64Array.from(rivals, (ri, i) => ri.reduce((m, j) => Math.max(m, B[i * n + j]), 0));
  // Check order over the free players, most recent violator first.
  const order = Int32Array.from(free);

  /** True when the free player i gains more than the tolerance by moving to another tier. */
  const wantsToDeviate = (i: number): boolean => {
    const row = i * n;
    const ri = rivals[i];
    const net = a[i] - k[i];
    let strongest = -Infinity;
    for (let r = 0; r < ri.length; r++) if (p[ri[r]] > strongest) strongest = p[ri[r]];
    for (let t = 0; t < tiers.length; t++) {
      const d = tiers[t] - x[i];
      if (d === 0 || tiers[t] < minimum[i]) continue; // not a level i may choose
      // gain = (a_i - k_i) d - (max_j (p_j + B_ij d) - max_j p_j), and the rise of the max lies
      // between 0 and B_max d: skip the O(n) pass when the gain cannot exceed the tolerance.
      const gainBound = d > 0 ? net * d : -d * (maxSpill[i] - net);
      if (gainBound <= tolerance) continue;
      let shifted = -Infinity;
      for (let r = 0; r < ri.length; r++) {
        const j = ri[r];
        const v = p[j] + B[row + j] * d;
        if (v > shifted) shifted = v;
      }
      if (net * d - (shifted - strongest) > tolerance) return true;
    }
    return false;
  };

  const isCandidate = (): boolean => {
    for (let idx = 0; idx < F; idx++) {
      const i = order[idx];
      if (wantsToDeviate(i)) {
        if (idx > 0) {
          order[idx] = order[0];
          order[0] = i;
        }
        return false;
      }
    }
    return true;
  };

  // Knuth's Algorithm H: digits, directions and focus pointers.
  const digit = new Int32Array(F);
  const direction = new Int32Array(F).fill(1);
  const focus = Int32Array.from({ length: F + 1 }, (_, j) => j);
  let visited = 0;
  for (;;) {
    visited++;
    if (isCandidate()) {
      for (let i = 0; i < n; i++) profile[i] = x[i];
      if (!search.offer(profile)) break;
    }
    if ((visited & TICK_MASK) === 0) {
      if (!search.tick(visited, total, "profiles")) break;
      if ((visited & RESYNC_MASK) === 0) p = capabilities(game, x);
    }
    const j = focus[0];
    focus[0] = 0;
    if (j === F) break;
    const g = free[j];
    digit[j] += direction[j];
    // The new level is the tier value itself, never x + d: sums of steps drift off the tiers.
    const level = tiers[levels[g][digit[j]]];
    shiftCapabilities(game, p, g, level - x[g]);
    x[g] = level;
    if (digit[j] === 0 || digit[j] === radix[j] - 1) {
      direction[j] = -direction[j];
      focus[j] = focus[j + 1];
      focus[j + 1] = j + 1;
    }
  }
  return { freePlayers: F, profiles: total, visited };
}
