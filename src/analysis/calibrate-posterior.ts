/**
 * The model's probability of opening (docs/calibration.md, "Probabilities"): a posterior over
 * the calibration grid's parameters and a tremble, computed exactly on the grid.
 *
 * Generative model of a period, given parameters theta and a tremble eps: nature picks one of
 * the period's pure equilibria under theta uniformly at random (the equilibrium-selection
 * mixture of Bajari, Hong and Ryan, "Identification and estimation of a discrete game of
 * complete information", Econometrica 2010, with uniform selection); then each lab, with
 * probability eps, trembles: it opens or stays closed with probability 1/2 each, whatever the
 * equilibrium says. With no pure equilibrium, the everyone-closed profile stands in (the
 * convention of the deterministic matching). So a lab that opens in a share s of the
 * equilibria opens with probability (1 - eps) s + eps / 2, and the likelihood of a period whose
 * equilibria disagree with the observation on m_e labs is
 *     mean over equilibria e of (1 - eps/2)^(n - m_e) (eps/2)^(m_e).
 * Prior: uniform over the grid points of the parameters and over `TREMBLES` (the midpoints of
 * 50 equal cells of (0, 1), i.e. a uniform prior on eps by the midpoint rule). The probability
 * of opening is the posterior mean of (1 - eps) s + eps / 2; as every eps on the grid is at
 * least 0.01, it lies in [0.005, 0.995] by construction.
 * Limits: periods are independent given the parameters; the grid is coarse (calibrate.ts).
 */

/** What the posterior needs of one period under one combination of parameters. */
export interface PeriodCell {
  /** Per lab, the share of the period's equilibria in which it opens (openness > 0). */
  readonly shareOpen: readonly number[];
  /** `mismatches[m]`: the number of equilibria that disagree with the observed open/closed on m labs. */
  readonly mismatches: readonly number[];
}

export const TREMBLES: readonly number[] = Array.from({ length: 50 }, (_, k) => (k + 0.5) / 50);

/** Log-likelihood of a period's observed open/closed decisions, given its cell and a tremble. */
export function periodLogLikelihood(cell: PeriodCell, eps: number): number {
  const n = cell.mismatches.length - 1;
  const equilibria = cell.mismatches.reduce((a, b) => a + b, 0);
  const terms = cell.mismatches.flatMap((count, m) => (count ? [Math.log(count / equilibria) + (n - m) * Math.log(1 - eps / 2) + m * Math.log(eps / 2)] : []));
  const top = Math.max(...terms);
  return top + Math.log(terms.reduce((sum, t) => sum + Math.exp(t - top), 0));
}

/** `log[(c * K + k) * T + t]`: period k's log-likelihood under combination c and tremble t. */
export function logLikelihoods(table: readonly (readonly PeriodCell[])[]): Float64Array {
  const K = table[0].length;
  const T = TREMBLES.length;
  const log = new Float64Array(table.length * K * T);
  table.forEach((row, c) => row.forEach((cell, k) => TREMBLES.forEach((eps, t) => (log[(c * K + k) * T + t] = periodLogLikelihood(cell, eps)))));
  return log;
}

/**
 * Posterior weights over (combination, tremble), index `c * TREMBLES.length + t`, given the
 * periods `use` selects, from the `logLikelihoods` of a table with `periods` periods.
 */
export function posteriorWeights(log: Float64Array, periods: number, use: (k: number) => boolean): Float64Array {
  const T = TREMBLES.length;
  const combos = log.length / (periods * T);
  const sum = new Float64Array(combos * T);
  for (let c = 0; c < combos; c++)
    for (let k = 0; k < periods; k++) if (use(k)) for (let t = 0; t < T; t++) sum[c * T + t] += log[(c * periods + k) * T + t];
  const top = Math.max(...sum);
  const weights = sum.map((l) => Math.exp(l - top));
  const total = weights.reduce((a, b) => a + b, 0);
  return weights.map((w) => w / total);
}

/** The posterior mean of each lab's probability of opening in period k. */
export function openProbabilities(table: readonly (readonly PeriodCell[])[], k: number, weights: Float64Array): number[] {
  const T = TREMBLES.length;
  return table[0][k].shareOpen.map((_, i) => {
    let p = 0;
    table.forEach((row, c) => TREMBLES.forEach((eps, t) => (p += weights[c * T + t] * ((1 - eps) * row[k].shareOpen[i] + eps / 2))));
    return p;
  });
}

/** Marginal posterior of each parameter and of the tremble: `[{value, p}]` per name, by value. */
export function marginals<P extends { [K in keyof P]: number }>(weights: Float64Array, combos: readonly P[]): Record<keyof P | "tremble", { value: number; p: number }[]> {
  const T = TREMBLES.length;
  const sums = new Map<string, Map<number, number>>();
  const add = (name: string, value: number, w: number) => {
    const m = sums.get(name) ?? new Map<number, number>();
    m.set(value, (m.get(value) ?? 0) + w);
    sums.set(name, m);
  };
  combos.forEach((combo, c) =>
    TREMBLES.forEach((eps, t) => {
      const w = weights[c * T + t];
      for (const [name, value] of Object.entries(combo) as [string, number][]) add(name, value, w);
      add("tremble", eps, w);
    }),
  );
  return Object.fromEntries(
    [...sums].map(([name, m]) => [name, [...m].sort((a, b) => a[0] - b[0]).map(([value, p]) => ({ value, p }))]),
  ) as Record<keyof P | "tremble", { value: number; p: number }[]>;
}
