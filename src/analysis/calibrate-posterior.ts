/**
 * The model's probability of opening (docs/calibration.md, "Probabilities"): a posterior over
 * the calibration grid's parameters and a noise parameter, computed exactly on the grid. Two
 * noise models give, per period and combination of parameters, a `NoisyCell`: the likelihood of
 * the period's observed open/closed decisions and each lab's probability of opening, at every
 * value of the noise parameter. This file holds the tremble model and the posterior both share;
 * calibrate-qre.ts holds the logit quantal-response model.
 *
 * Tremble. Given parameters theta and a tremble eps: nature picks one of the period's pure
 * equilibria under theta uniformly at random (the equilibrium-selection mixture of Bajari, Hong
 * and Ryan, "Identification and estimation of a discrete game of complete information",
 * Econometrica 2010, with uniform selection); then each lab, with probability eps, trembles: it
 * opens or stays closed with probability 1/2 each, whatever the equilibrium says. With no pure
 * equilibrium, the everyone-closed profile stands in (the convention of the deterministic
 * matching). So a lab that opens in a share s of the equilibria opens with probability
 * (1 - eps) s + eps / 2, and the likelihood of a period whose equilibria disagree with the
 * observation on m_e labs is
 *     mean over equilibria e of (1 - eps/2)^(n - m_e) (eps/2)^(m_e).
 * `TREMBLES` are the midpoints of 50 equal cells of (0, 1), i.e. a uniform prior on eps by the
 * midpoint rule; as every eps on the grid is at least 0.01, the probability of opening lies in
 * [0.005, 0.995] by construction.
 *
 * Posterior: uniform prior over the grid points of the parameters and of the noise parameter;
 * the probability of opening is the posterior mean of the noise model's probability.
 * Limits: periods are independent given the parameters; the grid is coarse (calibrate.ts).
 */

/** What the tremble model needs of one period under one combination of parameters. */
export interface PeriodCell {
  /** Per lab, the share of the period's equilibria in which it opens (openness > 0). */
  readonly shareOpen: readonly number[];
  /** `mismatches[m]`: the number of equilibria that disagree with the observed open/closed on m labs. */
  readonly mismatches: readonly number[];
}

/** One period under one combination of parameters, at every value t of the noise parameter. */
export interface NoisyCell {
  /** `logLikelihood[t]`: log-probability of the period's observed open/closed decisions. */
  readonly logLikelihood: Float64Array;
  /** `pOpen[t * labs + i]`: lab i's probability of opening. */
  readonly pOpen: Float64Array;
}

/** A noise model's parameter: its name in the posterior and its grid (the uniform prior's points). */
export interface NoiseGrid {
  readonly name: string;
  readonly values: readonly number[];
}

export const TREMBLES: readonly number[] = Array.from({ length: 50 }, (_, k) => (k + 0.5) / 50);
export const TREMBLE_GRID: NoiseGrid = { name: "tremble", values: TREMBLES };

/** Log-likelihood of a period's observed open/closed decisions, given its cell and a tremble. */
export function periodLogLikelihood(cell: PeriodCell, eps: number): number {
  const n = cell.mismatches.length - 1;
  const equilibria = cell.mismatches.reduce((a, b) => a + b, 0);
  const terms = cell.mismatches.flatMap((count, m) => (count ? [Math.log(count / equilibria) + (n - m) * Math.log(1 - eps / 2) + m * Math.log(eps / 2)] : []));
  const top = Math.max(...terms);
  return top + Math.log(terms.reduce((sum, t) => sum + Math.exp(t - top), 0));
}

/** The tremble model's cell at every tremble of `TREMBLES`. */
export function trembleCell(cell: PeriodCell): NoisyCell {
  const labs = cell.shareOpen.length;
  const pOpen = new Float64Array(TREMBLES.length * labs);
  TREMBLES.forEach((eps, t) => cell.shareOpen.forEach((s, i) => (pOpen[t * labs + i] = (1 - eps) * s + eps / 2)));
  return { logLikelihood: Float64Array.from(TREMBLES, (eps) => periodLogLikelihood(cell, eps)), pOpen };
}

/**
 * Posterior weights over (combination c, noise value t), index `c * T + t`, given the periods
 * `use` selects; `table[c][k]` is period k under combination c.
 */
export function posteriorWeights(table: readonly (readonly NoisyCell[])[], use: (k: number) => boolean): Float64Array {
  const T = table[0][0].logLikelihood.length;
  const sum = new Float64Array(table.length * T);
  table.forEach((row, c) => row.forEach((cell, k) => use(k) && cell.logLikelihood.forEach((l, t) => (sum[c * T + t] += l))));
  const top = Math.max(...sum);
  const weights = sum.map((l) => Math.exp(l - top));
  const total = weights.reduce((a, b) => a + b, 0);
  return weights.map((w) => w / total);
}

/** The posterior mean of each lab's probability of opening in period k. */
export function openProbabilities(table: readonly (readonly NoisyCell[])[], k: number, weights: Float64Array): number[] {
  const T = table[0][k].logLikelihood.length;
  const labs = table[0][k].pOpen.length / T;
  const p = new Array<number>(labs).fill(0);
  table.forEach((row, c) => {
    for (let t = 0; t < T; t++) {
      const w = weights[c * T + t];
      // A weight of exactly 0 (e.g. a precision the tracer did not reach) contributes nothing.
      if (w > 0) for (let i = 0; i < labs; i++) p[i] += w * row[k].pOpen[t * labs + i];
    }
  });
  return p;
}

/** Marginal posterior of each parameter and of the noise parameter: `[{value, p}]` per name, by value. */
export function marginals<P extends { [K in keyof P]: number }>(weights: Float64Array, combos: readonly P[], noise: NoiseGrid): Record<string, { value: number; p: number }[]> {
  const T = noise.values.length;
  const sums = new Map<string, Map<number, number>>();
  const add = (name: string, value: number, w: number) => {
    const m = sums.get(name) ?? new Map<number, number>();
    m.set(value, (m.get(value) ?? 0) + w);
    sums.set(name, m);
  };
  combos.forEach((combo, c) =>
    noise.values.forEach((value, t) => {
      const w = weights[c * T + t];
      for (const [name, v] of Object.entries(combo) as [string, number][]) add(name, v, w);
      add(noise.name, value, w);
    }),
  );
  return Object.fromEntries([...sums].map(([name, m]) => [name, [...m].sort((a, b) => a[0] - b[0]).map(([value, p]) => ({ value, p }))]));
}
