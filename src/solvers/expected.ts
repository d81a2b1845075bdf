/**
 * Expected payoffs of a mixed profile and their derivatives, the workhorse of the logit path
 * and the support Newton polish (`logit.ts`, `support-newton.ts`). Strategies are flattened:
 * player i's strategy k is column `offset[i] + k`.
 *
 *   U[i][k]        = sum_s [s_i = k] prod_{j != i} sigma_j(s_j) u_i(s)
 *   dU[i][k]/dsigma_j(m) = sum_s [s_i = k, s_j = m] prod_{l != i, j} sigma_l(s_l) u_i(s)
 *
 * Both are tensor contractions of u_i (one axis per player) with the other players' mixtures.
 *   - Contracting the slowest axis first costs the tensor's size, then a factor L smaller for
 *     each further axis: about 1.5 size per player for U.
 *   - The derivatives need, for every other axis j, u_i contracted over all axes but i and j:
 *     splitting the axes in halves and contracting each half away before recursing into the
 *     other (the "leave one out" of a product, by divide and conquer) costs about 3 size per
 *     player instead of size * n.
 * So U and the derivatives are both O(count * n), where one pass per profile over player pairs
 * was O(count * n^2); the per-player copies of the table (made once per table) cost its size
 * again in memory. No division, so probabilities that underflow to 0 are harmless. Plain
 * floating-point sums: the certificate is recomputed by `model/regret.ts`.
 */
import type { PayoffTable } from "../model/table.js";

export interface Layout {
  /** offset[i]: first flat column of player i; offset[n] = total number of strategies. */
  readonly offset: Int32Array;
  readonly size: number;
}

export function layoutOf(table: PayoffTable): Layout {
  const offset = new Int32Array(table.n + 1);
  table.levels.forEach((l, i) => (offset[i + 1] = offset[i] + l.length));
  return { offset, size: offset[table.n] };
}

/** A tensor over some players' strategies: `axes` in increasing order, the first varying fastest. */
interface Tensor {
  readonly axes: readonly number[];
  readonly data: Float64Array;
}

/**
 * Fills U (length size) with expected payoffs and, when J is given (size x size, row-major,
 * row = (i, k), column = (j, m)), with their derivatives (zero for j = i).
 */
export function expectedPayoffs(table: PayoffTable, layout: Layout, sigma: Float64Array, U: Float64Array, J?: Float64Array): void {
  const { n, levels } = table;
  const { offset, size } = layout;
  J?.fill(0);

  /** t with the given axes summed out against their mixtures (slowest axis first). */
  const contract = (t: Tensor, away: readonly number[]): Tensor => {
    let { axes, data } = t;
    for (const axis of [...away].sort((a, b) => b - a)) {
      const at = axes.indexOf(axis);
      const L = levels[axis].length;
      let inner = 1;
      for (let a = 0; a < at; a++) inner *= levels[axes[a]].length;
      const block = inner * L;
      const outer = data.length / block;
      const out = new Float64Array(outer * inner);
      for (let m = 0; m < L; m++) {
        const q = sigma[offset[axis] + m];
        if (q === 0) continue;
        for (let o = 0; o < outer; o++) {
          const from = o * block + m * inner;
          const to = o * inner;
          for (let r = 0; r < inner; r++) out[to + r] += q * data[from + r];
        }
      }
      axes = axes.filter((a) => a !== axis);
      data = out;
    }
    return { axes, data };
  };

  /** Writes dU[i][.]/dsigma_j(.) for every j in `others` from t (axes: i and `others`). */
  const derivatives = (i: number, t: Tensor, others: readonly number[]) => {
    if (others.length === 1) {
      const j = others[0];
      // Axes i and j, the lower one varying fastest.
      const Li = levels[i].length;
      const Lj = levels[j].length;
      for (let k = 0; k < Li; k++)
        for (let m = 0; m < Lj; m++) J![(offset[i] + k) * size + offset[j] + m] = t.data[i < j ? m * Li + k : k * Lj + m];
      return;
    }
    const half = others.length >> 1;
    const first = others.slice(0, half);
    const second = others.slice(half);
    derivatives(i, contract(t, second), first);
    derivatives(i, contract(t, first), second);
  };

  const byPlayer = payoffsByPlayer(table);
  const all = levels.map((_, i) => i);
  for (let i = 0; i < n; i++) {
    const full: Tensor = { axes: all, data: byPlayer[i] };
    const others = all.filter((j) => j !== i);
    const own = contract(full, others).data;
    for (let k = 0; k < own.length; k++) U[offset[i] + k] = own[k];
    if (J && others.length) derivatives(i, full, others);
  }
}

const transposed = new WeakMap<PayoffTable, Float64Array[]>();

/** u_i(s) for every s, one array per player (once per table: the contractions read them in order). */
function payoffsByPlayer(table: PayoffTable): Float64Array[] {
  let byPlayer = transposed.get(table);
  if (!byPlayer) {
    const { n, count, payoff } = table;
    byPlayer = Array.from({ length: n }, () => new Float64Array(count));
    for (let s = 0; s < count; s++) for (let i = 0; i < n; i++) byPlayer[i][s] = payoff[s * n + i];
    transposed.set(table, byPlayer);
  }
  return byPlayer;
}
