/**
 * Expected payoffs of a mixed profile and their derivatives, the workhorse of the logit path
 * and the support Newton polish (`logit.ts`, `support.ts`). Strategies are flattened: player
 * i's strategy k is column `offset[i] + k`.
 *
 *   U[i][k]        = sum_s [s_i = k] prod_{j != i} sigma_j(s_j) u_i(s)
 *   dU[i][k]/dsigma_j(m) = sum_s [s_i = k, s_j = m] prod_{l != i, j} sigma_l(s_l) u_i(s)
 *
 * One pass over the table with prefix and suffix products (no division, so probabilities that
 * underflow to 0 are harmless): O(count * n) for U, O(count * n^2) with the derivatives.
 * Plain floating-point sums: the certificate is recomputed by `model/regret.ts`.
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

/**
 * Fills U (length size) with expected payoffs and, when J is given (size x size, row-major,
 * row = (i, k), column = (j, m)), with their derivatives (zero for j = i).
 */
export function expectedPayoffs(table: PayoffTable, layout: Layout, sigma: Float64Array, U: Float64Array, J?: Float64Array): void {
  const { n, count, payoff, levels } = table;
  const { offset, size } = layout;
  U.fill(0);
  J?.fill(0);
  const col = new Int32Array(n);
  const q = new Float64Array(n);
  const prefix = new Float64Array(n + 1);
  const suffix = new Float64Array(n + 1);
  for (let s = 0; s < count; s++) {
    for (let i = 0, rest = s; i < n; i++) {
      const d = rest % levels[i].length;
      rest = (rest - d) / levels[i].length;
      col[i] = offset[i] + d;
      q[i] = sigma[col[i]];
    }
    prefix[0] = 1;
    for (let i = 0; i < n; i++) prefix[i + 1] = prefix[i] * q[i];
    suffix[n] = 1;
    for (let i = n - 1; i >= 0; i--) suffix[i] = suffix[i + 1] * q[i];
    const base = s * n;
    for (let i = 0; i < n; i++) U[col[i]] += prefix[i] * suffix[i + 1] * payoff[base + i];
    if (!J) continue;
    // Each pair i < j once: the weight prod_{l != i, j} q_l serves both derivatives.
    for (let i = 0; i < n; i++) {
      const ui = payoff[base + i];
      const rowI = col[i] * size;
      let between = 1; // prod_{l = i+1}^{j-1} q_l
      for (let j = i + 1; j < n; j++) {
        const w = prefix[i] * between * suffix[j + 1];
        J[rowI + col[j]] += w * ui;
        J[col[j] * size + col[i]] += w * payoff[base + j];
        between *= q[j];
      }
    }
  }
}
