/**
 * Sobol sensitivity indices (Sobol 1993) from Saltelli's design (Saltelli et al. 2010,
 * "Variance based sensitivity analysis of model output", Computer Physics Communications 181):
 * two independent matrices A and B of N rows, and for each input i the matrix A_B^i (A with
 * column i taken from B). With f evaluated on all of them (N (d + 2) evaluations), Jansen's
 * estimators (Jansen 1999; table 2 of Saltelli 2010, (b) for the first order as Jansen's
 * form, (f) for the total) are
 *
 *   V   = variance of f over the rows of A and B
 *   S_i = (V - 1/(2N) sum (f(B) - f(A_B^i))^2) / V        first order
 *   T_i = 1/(2N) sum (f(A) - f(A_B^i))^2 / V              total effect
 *
 * Every term is a sum over rows, so the estimator streams: an accumulator holds the sums, never
 * the rows. Confidence intervals come from the Poisson bootstrap (each row weighted by a
 * Poisson(1) draw per replicate; see sampling.ts), whose replicates are sums as well. Sums of
 * 0/1 outcomes with integer weights are integers, so for events (an equilibrium exists, a lab
 * opens) a merged accumulator equals the unsplit one exactly.
 *
 * Limits: the first-order estimator can be slightly negative or above the total by sampling
 * error; an outcome that never varies (V = 0) has no indices (null).
 */

/** Sums per replicate: W, sum fA, sum fB, sum fA^2, sum fB^2, then per input DB_i and DA_i. */
const FIXED = 5;

export interface SobolIndex {
  readonly first: number | null;
  readonly total: number | null;
  /** 95% percentile bootstrap intervals. */
  readonly firstInterval: [number, number] | null;
  readonly totalInterval: [number, number] | null;
}

export class SobolAccumulator {
  /** Row-major: replicate r's sums at r * width; replicate 0 is the estimate itself (weights 1). */
  readonly sums: Float64Array;

  constructor(
    readonly inputs: number,
    readonly replicates: number,
    sums?: ArrayLike<number>,
  ) {
    this.sums = sums ? Float64Array.from(sums) : new Float64Array((replicates + 1) * this.width);
  }

  get width(): number {
    return FIXED + 2 * this.inputs;
  }

  /** One Saltelli row: f(A), f(B), f(A_B^i) for each input, and the row's bootstrap weights. */
  add(fA: number, fB: number, fAB: ArrayLike<number>, weights: ArrayLike<number>): void {
    const w = this.width;
    for (let r = 0; r <= this.replicates; r++) {
      const weight = r === 0 ? 1 : weights[r - 1];
      if (weight === 0) continue;
      const o = r * w;
      const s = this.sums;
      s[o] += weight;
      s[o + 1] += weight * fA;
      s[o + 2] += weight * fB;
      s[o + 3] += weight * fA * fA;
      s[o + 4] += weight * fB * fB;
      for (let i = 0; i < this.inputs; i++) {
        s[o + FIXED + 2 * i] += weight * (fB - fAB[i]) ** 2;
        s[o + FIXED + 2 * i + 1] += weight * (fA - fAB[i]) ** 2;
      }
    }
  }

  merge(other: SobolAccumulator): void {
    for (let k = 0; k < this.sums.length; k++) this.sums[k] += other.sums[k];
  }

  /** Jansen's first-order and total indices from replicate r's sums (null when V = 0). */
  private estimate(r: number, i: number): [number, number] | null {
    const s = this.sums.subarray(r * this.width, (r + 1) * this.width);
    const W = s[0];
    if (W === 0) return null;
    const mean = (s[1] + s[2]) / (2 * W);
    const variance = (s[3] + s[4]) / (2 * W) - mean * mean;
    if (!(variance > 1e-12 * Math.max(1, mean * mean))) return null;
    const first = (variance - s[FIXED + 2 * i] / (2 * W)) / variance;
    const total = s[FIXED + 2 * i + 1] / (2 * W) / variance;
    return [first, total];
  }

  /** The indices of input i with bootstrap intervals. */
  index(i: number): SobolIndex {
    const point = this.estimate(0, i);
    if (!point) return { first: null, total: null, firstInterval: null, totalInterval: null };
    const boot = Array.from({ length: this.replicates }, (_, r) => this.estimate(r + 1, i)).filter((e): e is [number, number] => e !== null);
    const interval = (values: number[]): [number, number] | null => {
      if (values.length < 20) return null;
      values.sort((a, b) => a - b);
      const at = (q: number) => values[Math.min(values.length - 1, Math.max(0, Math.round(q * (values.length - 1))))];
      return [at(0.025), at(0.975)];
    };
    return {
      first: point[0],
      total: point[1],
      firstInterval: interval(boot.map((b) => b[0])),
      totalInterval: interval(boot.map((b) => b[1])),
    };
  }

  /** Rows added (replicate 0's weight sum). */
  get rows(): number {
    return this.sums[0];
  }
}
