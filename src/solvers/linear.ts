/**
 * Small dense linear systems (Gaussian elimination with partial pivoting, row echelon form),
 * for the polishers: square or rectangular, rank-revealing. A column whose pivot is below
 * `pivot` (absolute) is dependent and its unknown is left at 0, which for a consistent system
 * gives its basic solution.
 */
export interface LinearSolution {
  /** A solution (free unknowns at 0); meaningful when `consistent`. */
  readonly x: Float64Array;
  /** Number of independent equations found. */
  readonly rank: number;
  /** False when some equation contradicts the others by more than `residual`. */
  readonly consistent: boolean;
}

export function solveLinearSystem(
  A: readonly ArrayLike<number>[],
  b: ArrayLike<number>,
  tolerances: { pivot?: number; residual?: number } = {},
): LinearSolution {
  const { pivot: small = 1e-12, residual = 1e-9 } = tolerances;
  const m = A.length;
  const k = m ? A[0].length : 0;
  const M = A.map((row) => Float64Array.from(row));
  const y = Float64Array.from(b);
  const pivotCols: number[] = [];
  let r = 0;
  for (let col = 0; col < k && r < m; col++) {
    let best = r;
    for (let i = r + 1; i < m; i++) if (Math.abs(M[i][col]) > Math.abs(M[best][col])) best = i;
    if (Math.abs(M[best][col]) < small) continue; // dependent column: its unknown stays 0
    [M[r], M[best]] = [M[best], M[r]];
    [y[r], y[best]] = [y[best], y[r]];
    for (let i = r + 1; i < m; i++) {
      const f = M[i][col] / M[r][col];
      if (f === 0) continue;
      for (let c = col; c < k; c++) M[i][c] -= f * M[r][c];
      y[i] -= f * y[r];
    }
    pivotCols.push(col);
    r++;
  }
  let consistent = true;
  for (let i = r; i < m; i++) if (Math.abs(y[i]) > residual) consistent = false;
  const x = new Float64Array(k);
  for (let i = r - 1; i >= 0; i--) {
    const col = pivotCols[i];
    let v = y[i];
    for (let c = col + 1; c < k; c++) v -= M[i][c] * x[c];
    x[col] = v / M[i][col];
  }
  return { x, rank: r, consistent };
}
