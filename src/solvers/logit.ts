/**
 * The principal branch of logit quantal-response equilibria (McKelvey and Palfrey, "Quantal
 * response equilibria for normal form games", GEB 1995), traced as in Gambit's `gambit-logit`
 * (Turocy, "A dynamic homotopy interpretation of the logistic quantal response equilibrium
 * correspondence", GEB 2005): predictor-corrector path following (Allgower and Georg,
 * "Introduction to Numerical Continuation Methods", ch. 2) in log-probabilities.
 *
 * Unknowns w = (v, mu): v_ik = ln sigma_ik for every strategy, mu the precision. Equations:
 *   sum_k exp(v_ik) = 1                                  (one per player)
 *   v_ik - v_i0 = mu (U_ik(sigma) - U_i0(sigma)) / R     (one per other strategy)
 * with R the spread of the table's payoffs, so mu = lambda R is scale-free. At mu = 0 the
 * solution is the centroid; for generic games the branch is a smooth curve that reaches a Nash
 * equilibrium as mu -> infinity. Log-probabilities keep the equations well conditioned when
 * probabilities of unplayed strategies underflow.
 *
 * Each step: tangent t from [J; t_prev] t = e (the kernel of J, oriented like the last one),
 * predictor w + h t, then chord-Newton corrector steps orthogonal to t with the Jacobian of the
 * predicted point. A step is accepted when the corrector converges quickly, stays close
 * (|first correction| <= 0.3 h) and the tangent turns by less than ~37 degrees; then h grows
 * by 1.5, otherwise it halves. The path may turn back in mu (then several QRE share a mu).
 *
 * Limits: O(count * n^2) per Jacobian, on a table of at most TABLE_LIMITS.mixed profiles; at
 * a bifurcation of a degenerate game the tracer may stop (reported as `failed`).
 */
import type { PayoffTable } from "../model/table.js";
import { expectedPayoffs, type Layout } from "./expected.js";
import { solveLinearSystem } from "./linear.js";

export interface LogitPoint {
  /** lambda in the payoff units of the game (mu / R). */
  readonly lambda: number;
  /** Flat probabilities (see `Layout`). */
  readonly sigma: Float64Array;
}

export interface LogitOptions {
  /** Stop on the first point of the branch with lambda = stopAt (the QRE at that precision). */
  readonly stopAt?: number;
  /**
   * Record the first point of the branch at each of these precisions (ascending), in `points`,
   * and stop after the last: one trace gives the QRE at every precision of a grid.
   */
  readonly at?: readonly number[];
  /** Called after each accepted step; return true to stop. */
  readonly onStep?: (point: LogitPoint, step: number) => boolean;
  /** Absolute time (Date.now()) after which tracing stops. */
  readonly deadline?: number;
  /** Largest mu = lambda R followed (default 1e14: gaps of 1e-12 R still show). */
  readonly maxMu?: number;
  readonly maxSteps?: number;
  /**
   * The corrector's tolerance on the branch between recorded points (default 1e-11, relative to
   * 1 + mu). A looser one saves corrector steps; the points recorded at `at` or `stopAt` are
   * still solved to 1e-13.
   */
  readonly tolerance?: number;
}

export type LogitStatus = "reached" | "stopped" | "end" | "time-limit" | "failed";

export interface LogitTrace {
  readonly status: LogitStatus;
  /** The last point: at lambda = stopAt (or the last of `at`) when `reached`. */
  readonly point: LogitPoint;
  /** The points recorded at the precisions of `at` (or stopAt) that the branch reached, in order. */
  readonly points: readonly LogitPoint[];
  readonly steps: number;
}

/**
 * The spread of the table's payoffs, at least 1e6 times the game's tolerance: differences the
 * tolerance calls ties stay negligible after dividing by it.
 */
export function payoffSpread(table: PayoffTable): number {
  let lo = Infinity;
  let hi = -Infinity;
  for (const u of table.payoff) {
    if (u < lo) lo = u;
    if (u > hi) hi = u;
  }
  return Math.max(hi - lo, 1e6 * table.game.tolerance);
}

export function traceLogit(table: PayoffTable, layout: Layout, options: LogitOptions = {}): LogitTrace {
  const { n } = table;
  const { offset, size: N } = layout;
  const R = payoffSpread(table);
  const maxMu = options.maxMu ?? 1e14;
  const maxSteps = options.maxSteps ?? 100_000;
  const tolerance = options.tolerance ?? 1e-11;
  const deadline = options.deadline ?? Infinity;
  // The precisions to record, as mu; the trace stops after the last.
  const targets = (options.at ?? (options.stopAt === undefined ? [] : [options.stopAt])).map((lambda) => lambda * R);
  const points: LogitPoint[] = [];

  const sigma = new Float64Array(N);
  const U = new Float64Array(N);
  const D = new Float64Array(N * N);
  const H = new Float64Array(N);

  const setSigma = (w: Float64Array) => {
    for (let c = 0; c < N; c++) sigma[c] = Math.exp(w[c]);
  };
  /** H(w), into H. */
  const residual = (w: Float64Array) => {
    setSigma(w);
    expectedPayoffs(table, layout, sigma, U);
    const mu = w[N];
    for (let i = 0; i < n; i++) {
      let total = -1;
      for (let c = offset[i]; c < offset[i + 1]; c++) total += sigma[c];
      H[offset[i]] = total;
      for (let c = offset[i] + 1; c < offset[i + 1]; c++) H[c] = w[c] - w[offset[i]] - (mu * (U[c] - U[offset[i]])) / R;
    }
    return H;
  };
  /** The N x (N + 1) Jacobian of H at w, as rows. */
  const jacobian = (w: Float64Array): Float64Array[] => {
    setSigma(w);
    expectedPayoffs(table, layout, sigma, U, D);
    const mu = w[N];
    const rows: Float64Array[] = [];
    for (let i = 0; i < n; i++) {
      const first = offset[i];
      const norm = new Float64Array(N + 1);
      for (let c = first; c < offset[i + 1]; c++) norm[c] = sigma[c];
      rows.push(norm);
      for (let r = first + 1; r < offset[i + 1]; r++) {
        const row = new Float64Array(N + 1);
        for (let j = 0; j < n; j++) {
          if (j === i) continue;
          for (let c = offset[j]; c < offset[j + 1]; c++) row[c] = (-mu * (D[r * N + c] - D[first * N + c]) * sigma[c]) / R;
        }
        row[r] += 1;
        row[first] -= 1;
        row[N] = -(U[r] - U[first]) / R;
        rows.push(row);
      }
    }
    // Rows are in column order already: player i's normalisation at offset[i], then its others.
    return rows;
  };
  const solveWith = (J: Float64Array[], extra: Float64Array, rhs: Float64Array) => {
    const s = solveLinearSystem([...J, extra], rhs, { pivot: 1e-14, residual: Infinity });
    return s.rank === N + 1 ? s.x : null;
  };
  const norm = (v: ArrayLike<number>) => Math.hypot(...Array.from(v));
  const pointOf = (w: Float64Array): LogitPoint => {
    setSigma(w);
    return { lambda: w[N] / R, sigma: Float64Array.from(sigma) };
  };

  // The centroid at mu = 0; the first tangent points towards larger mu.
  let w: Float64Array = new Float64Array(N + 1);
  for (let i = 0; i < n; i++) for (let c = offset[i]; c < offset[i + 1]; c++) w[c] = -Math.log(offset[i + 1] - offset[i]);
  let t: Float64Array = new Float64Array(N + 1);
  t[N] = 1;
  const e = new Float64Array(N + 1);
  e[N] = 1;
  let h = 0.03;
  let steps = 0;
  const end = (status: LogitStatus, at: Float64Array) => ({ status, point: pointOf(at), points, steps });
  while (points.length < targets.length && targets[points.length] <= 0) points.push(pointOf(w));
  if (targets.length && points.length === targets.length) return end("reached", w);

  const unit = (v: Float64Array, like: Float64Array) => {
    const sign = v.reduce((acc, x, k) => acc + x * like[k], 0) < 0 ? -1 : 1;
    const length = norm(v);
    return v.map((x) => (sign * x) / length);
  };
  const first = solveWith(jacobian(w), t, e);
  if (!first) return end("failed", w);
  t = unit(first, t);

  while (steps < maxSteps) {
    if (Date.now() > deadline) return end("time-limit", w);
    let accepted: Float64Array | null = null;
    let tNext: Float64Array | null = null;
    while (!accepted) {
      if (h < 1e-12) return end("failed", w);
      const next = w.map((v, k) => v + h * t[k]);
      // Chord Newton: the predicted point's Jacobian serves every corrector step and the next tangent.
      const Jp = jacobian(next);
      let ok = false;
      let previous = Infinity;
      for (let iteration = 0; iteration < 10; iteration++) {
        const F = residual(next);
        const rhs = new Float64Array(N + 1);
        for (let k = 0; k < N; k++) rhs[k] = -F[k];
        const delta = solveWith(Jp, t, rhs);
        if (!delta) break;
        const size = Math.max(...Array.from(delta, Math.abs));
        if ((iteration === 0 && size > 0.3 * h + 1e-9) || size > 0.6 * previous) break;
        next.forEach((v, k) => (next[k] = v + delta[k]));
        previous = size;
        if (size < tolerance * (1 + Math.abs(next[N]))) {
          ok = true;
          break;
        }
      }
      // The tangent must not turn sharply (a jump to another branch looks like a sharp turn).
      const tn = ok ? solveWith(Jp, t, e) : null;
      if (tn) {
        const candidate = unit(tn, t);
        if (candidate.reduce((acc, v, k) => acc + v * t[k], 0) >= 0.8) [accepted, tNext] = [next, candidate];
      }
      if (!accepted) h /= 2;
    }
    // Grid precisions first crossed on this step (a path that turned back crosses none anew).
    let last: Float64Array | null = null;
    while (points.length < targets.length && w[N] < targets[points.length] && accepted[N] >= targets[points.length]) {
      last = pointAtMu(w, accepted, targets[points.length]);
      if (!last) return end("failed", w);
      points.push(pointOf(last));
    }
    if (last && points.length === targets.length) {
      steps++;
      return end("reached", last);
    }
    w = accepted;
    t = tNext!;
    steps++;
    h *= 1.5;
    if (options.onStep?.(pointOf(w), steps)) return end("stopped", w);
    if (w[N] > maxMu) return end("end", w);
  }
  return end("end", w);

  /**
   * Newton in v with mu fixed, from the chord between two points of the branch. The Jacobian is
   * kept while the corrections shrink fast (chord Newton: each point of a grid costs a few
   * residuals, not a Jacobian per iteration) and recomputed when they do not.
   */
  function pointAtMu(a: Float64Array, b: Float64Array, mu: number): Float64Array | null {
    const f = (mu - a[N]) / (b[N] - a[N]);
    const x = a.map((v, k) => v + f * (b[k] - v));
    x[N] = mu;
    const fix = new Float64Array(N + 1);
    fix[N] = 1;
    let J = jacobian(x);
    let fresh = true;
    let previous = Infinity;
    for (let iteration = 0; iteration < 50; iteration++) {
      const F = residual(x);
      const rhs = new Float64Array(N + 1);
      for (let k = 0; k < N; k++) rhs[k] = -F[k];
      const delta = solveWith(J, fix, rhs);
      if (!delta) return null;
      const size = Math.max(...Array.from(delta, Math.abs));
      if (!fresh && size > 0.25 * previous) {
        [J, fresh, previous] = [jacobian(x), true, Infinity];
        continue;
      }
      x.forEach((v, k) => (x[k] = v + delta[k]));
      if (size < 1e-13 * (1 + Math.abs(mu))) return x;
      [fresh, previous] = [false, size];
    }
    return null;
  }
}
