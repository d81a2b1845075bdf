/**
 * The last witness: a propagation rule of branch and propagate for races with pairwise bounds
 * (the payoff and equilibria of MODEL.md sections 1-2; docs/model.md, "The last witness").
 *
 * A decided lab i at level y is stable against a move to level y' (d = y' - y) only if
 * F(y') - F(y) >= (a_i - k_i) d, F being its strongest rival's capability. The rival w on top
 * at y' then satisfies, for every rival o,
 *
 *     p_w - p_o >= theta_w = d (a_i - k_i - B_iw)          (o = w: theta_w <= 0)
 *
 * so some contender w (the rivals that may still be i's strongest, which hold every rival on
 * top) must have D_wo >= theta_w for every contender o, D_wo being the largest p_w - p_o in
 * the box. This is the test the propagator already applies to decided labs; it only asks that
 * some such *witness* exists. When exactly one is left, each of its inequalities must hold,
 * and D_wo is a sum over the undecided labs of their largest terms: a level v of an undecided
 * lab k costs D_wo its term's drop, max(e lo_k, e hi_k) - e v with e = C_kw - C_ko, and a level
 * whose drop exceeds the slack D_wo - theta_w of some o leaves i with no witness: it is removed
 * (bound propagation of a linear inequality, as in MIP presolve and CP linear constraints).
 *
 * Without the rule these levels are removed only after they are chosen; with it the dense
 * 30-lab race of seed 3 takes 21,650 nodes instead of 74,865 (17,974 with branch.ts's lowest
 * bound first; docs/model.md, "The last witness"). A lab with two
 * witnesses or more yields nothing (either may carry it); counting stops at two, and the two
 * last found are tried first at the next call (as SAT solvers watch two literals per clause).
 *
 * Limits: only decided labs, and only when one witness is left; states with pairwise bounds and
 * contenders (up to PAIRWISE_MAX_LABS labs), exact data (no interval data).
 */
import type { Game } from "../model/game.js";
import { highestLevel, lowestLevel, type DomainState } from "./propagate.js";

export class LastWitness {
  private readonly n: number;
  /** The two witnesses last found per test (lab, alternative level), as rival positions; -1 none. */
  private readonly watched: Int32Array;
  /** The largest drop of any D entry when one lab's level is fixed: max_k (max_j C_kj - min_j C_kj) times the tiers' span. */
  private readonly widest: number;
  /** Scratch: the contenders o whose inequality is tight enough to bind, and their slack. */
  private readonly tightLab: Int32Array;
  private readonly tightSlack: Float64Array;

  /**
   * `coefficients`: C[k * n + j], the coefficient of k's openness in p_j (a_j on the
   * diagonal); `allowed`: each lab's allowed levels; `margin`: how much a test must fail by to
   * remove a level (the propagator's tolerance and slack).
   */
  constructor(
    private readonly game: Game,
    private readonly coefficients: Float64Array,
    private readonly allowed: Int32Array,
    private readonly margin: number,
  ) {
    const { n, tiers } = game;
    this.n = n;
    this.watched = new Int32Array(2 * n * tiers.length).fill(-1);
    let widest = 0;
    for (let k = 0; k < n; k++) {
      let low = Infinity;
      let high = -Infinity;
      for (let j = 0; j < n; j++) {
        low = Math.min(low, coefficients[k * n + j]);
        high = Math.max(high, coefficients[k * n + j]);
      }
      widest = Math.max(widest, high - low);
    }
    this.widest = widest * (tiers[tiers.length - 1] - tiers[0]);
    this.tightLab = new Int32Array(n);
    this.tightSlack = new Float64Array(n);
  }

  /**
   * Applies the rule once to every decided lab: `narrow(k, mask)` restricts undecided lab k
   * (false: no level left). False when some decided lab has no witness, or a narrowing fails.
   */
  apply(state: DomainState, narrow: (k: number, mask: number) => boolean): boolean {
    const { n, game, coefficients: C, allowed, margin, watched, tightLab, tightSlack } = this;
    const { tiers, spillover: B } = game;
    const D = state.D!;
    const contenders = state.contenders!;
    const counts = state.contenderCount!;
    const levels = tiers.length;
    for (let i = 0; i < n; i++) {
      const mask = state.mask[i];
      if (mask & (mask - 1)) continue;
      const alternatives = allowed[i] & ~mask;
      if (alternatives === 0) continue;
      const y = tiers[highestLevel(mask)];
      const net = game.communityGain[i] - game.openCost[i];
      const ri = game.rivals[i];
      const base = i * n;
      const cc = counts[i];
      for (let a = 0; a < levels; a++) {
        if (!(alternatives & (1 << a))) continue;
        const d = tiers[a] - y;
        // Count witnesses up to two, the two watched first.
        const key = 2 * (i * levels + a);
        let found = 0;
        let first = -1;
        let second = -1;
        for (let k = -2; k < cc && found < 2; k++) {
          let r: number;
          if (k < 0) {
            r = watched[key + 2 + k];
            if (r < 0 || r >= cc) continue;
          } else {
            r = k;
            if (r === watched[key] || r === watched[key + 1]) continue;
          }
          const w = ri[contenders[base + r]];
          const theta = d * (net - B[base + w]);
          if (theta > margin) continue;
          const need = theta - margin;
          const row = w * n;
          let holds = true;
          for (let h = 0; h < cc && holds; h++) {
            const o = ri[contenders[base + h]];
            if (o !== w && D[row + o] < need) holds = false;
          }
          if (!holds) continue;
          if (found++ === 0) first = r;
          else second = r;
        }
        if (found === 0) return false;
        watched[key] = first;
        watched[key + 1] = second;
        if (found === 2) continue;
        // One witness w left: each of its inequalities that may bind.
        const w = ri[contenders[base + first]];
        const need = d * (net - B[base + w]) - margin;
        const row = w * n;
        let tight = 0;
        for (let h = 0; h < cc; h++) {
          const o = ri[contenders[base + h]];
          if (o === w) continue;
          const slack = D[row + o] - need;
          if (slack < this.widest) {
            tightLab[tight] = o;
            tightSlack[tight++] = slack;
          }
        }
        if (tight === 0) continue;
        for (let k = 0; k < n; k++) {
          const km = state.mask[k];
          if (!(km & (km - 1))) continue;
          const lo = tiers[lowestLevel(km)];
          const hi = tiers[highestLevel(km)];
          const ck = k * n;
          let keep = km;
          for (let t = 0; t < tight && keep; t++) {
            const e = C[ck + w] - C[ck + tightLab[t]];
            const slack = tightSlack[t];
            if (Math.abs(e) * (hi - lo) <= slack) continue;
            // The drop at level v: max(e lo, e hi) - e v.
            const top = e > 0 ? e * hi : e * lo;
            for (let v = 0; v < levels; v++) if (keep & (1 << v) && top - e * tiers[v] > slack) keep &= ~(1 << v);
          }
          if (keep !== km && !narrow(k, keep)) return false;
        }
      }
    }
    return true;
  }
}
