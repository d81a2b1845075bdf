/**
 * Polishing an approximate mixed equilibrium on a guessed support (the last step of
 * `gambit-logit`-style tracing, made exact): at a mixed equilibrium every strategy a lab plays
 * earns the same expected payoff, so with the support S_i of each lab fixed, the probabilities
 * solve the square system
 *     sum_{k in S_i} sigma_ik = 1,   U_ik(sigma) - U_{i,first(S_i)}(sigma) = 0  (k in S_i)
 * with the others' unplayed strategies at 0. Newton's method from the approximate point
 * converges quadratically to rounding level. Whether the result is an equilibrium (no
 * unplayed strategy earns more, no probability negative) is for the certificate to say.
 * A lab indifferent everywhere gives a dependent equation: its unknowns keep their start.
 */
import type { PayoffTable } from "../model/table.js";
import { expectedPayoffs, type Layout } from "./expected.js";
import { solveLinearSystem } from "./linear.js";

/**
 * Newton's method on the support; `support[c]` marks flat strategy c as played. Null when the
 * iteration does not converge or ends with a probability clearly below 0.
 */
export function newtonOnSupport(table: PayoffTable, layout: Layout, start: ArrayLike<number>, support: ArrayLike<boolean>, scale: number): Float64Array | null {
  const { n } = table;
  const { offset, size: N } = layout;
  const cols: number[] = [];
  for (let c = 0; c < N; c++) if (support[c]) cols.push(c);
  const sigma = Float64Array.from(start, (v, c) => (support[c] ? v : 0));
  for (let i = 0; i < n; i++) {
    let total = 0;
    for (let c = offset[i]; c < offset[i + 1]; c++) total += sigma[c];
    if (!(total > 0)) return null;
    for (let c = offset[i]; c < offset[i + 1]; c++) sigma[c] /= total;
  }
  const U = new Float64Array(N);
  const D = new Float64Array(N * N);
  // Quadratic convergence from a good start takes a handful of steps; a residual that stops
  // shrinking means a wrong support guess, and the caller tries again further along the path.
  let previousResidual = Infinity;
  for (let iteration = 0; ; iteration++) {
    expectedPayoffs(table, layout, sigma, U, D);
    const rows: Float64Array[] = [];
    const rhs: number[] = [];
    let worst = 0;
    for (let i = 0; i < n; i++) {
      const played = cols.filter((c) => c >= offset[i] && c < offset[i + 1]);
      const norm = new Float64Array(cols.length);
      let total = -1;
      cols.forEach((c, k) => c >= offset[i] && c < offset[i + 1] && (norm[k] = 1));
      for (const c of played) total += sigma[c];
      rows.push(norm);
      rhs.push(-total);
      worst = Math.max(worst, Math.abs(total));
      const head = played[0];
      for (const r of played.slice(1)) {
        const row = new Float64Array(cols.length);
        cols.forEach((c, k) => {
          if (c < offset[i] || c >= offset[i + 1]) row[k] = (D[r * N + c] - D[head * N + c]) / scale;
        });
        const gap = (U[r] - U[head]) / scale;
        rows.push(row);
        rhs.push(-gap);
        worst = Math.max(worst, Math.abs(gap));
      }
    }
    if (worst < 1e-15) break;
    if (iteration >= 12 || (iteration >= 3 && worst > 0.5 * previousResidual)) {
      if (worst < 1e-12) break; // rounding level: done
      return null;
    }
    previousResidual = worst;
    const step = solveLinearSystem(rows, rhs, { pivot: 1e-13, residual: 1e-9 });
    if (!step.consistent) return null;
    cols.forEach((c, k) => (sigma[c] += step.x[k]));
  }
  // Rounding may leave -1e-17 where the exact answer is 0; anything clearly negative is not a mixture.
  for (let c = 0; c < N; c++) {
    if (sigma[c] < -1e-9) return null;
    sigma[c] = Math.min(1, Math.max(0, sigma[c]));
  }
  return sigma;
}
