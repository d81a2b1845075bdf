/**
 * Proper scoring rules for probabilistic predictions of a yes/no event (Gneiting and Raftery,
 * "Strictly proper scoring rules, prediction, and estimation", JASA 2007): log loss (natural
 * log) and the Brier score, each the mean over the predictions; lower is better. A probability
 * of exactly 0 or 1 that turns out wrong has infinite log loss: the methods that feed these
 * rules are built never to give one (a tremble, or Laplace's rule below), nothing is clipped.
 */
import { wilson } from "./accumulators.js";

export interface Scored {
  /** 1 if the event happened, else 0. */
  readonly observed: number;
  /** The predicted probability of the event. */
  readonly pOpen: number;
}

/** -log of the probability given to what happened. */
export const logLossOf = ({ observed, pOpen }: Scored): number => -Math.log(observed ? pOpen : 1 - pOpen);

/** Squared distance between the probability and what happened. */
export const brierOf = ({ observed, pOpen }: Scored): number => (pOpen - observed) ** 2;

/** Mean log loss and mean Brier score of the predictions. */
export function scores(predictions: readonly Scored[]): { logLoss: number; brier: number } {
  const mean = (f: (s: Scored) => number) => predictions.reduce((sum, s) => sum + f(s), 0) / predictions.length;
  return { logLoss: mean(logLossOf), brier: mean(brierOf) };
}

/**
 * The mean of per-prediction score differences (model minus baseline, same decisions) and its
 * paired standard error sd / sqrt(n), which treats the decisions as independent.
 */
export function pairedDifference(ours: readonly Scored[], theirs: readonly Scored[], score: (s: Scored) => number): { mean: number; se: number } {
  const d = ours.map((s, k) => score(s) - score(theirs[k]));
  const mean = d.reduce((a, b) => a + b, 0) / d.length;
  const variance = d.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, d.length - 1);
  return { mean, se: Math.sqrt(variance / d.length) };
}

/**
 * Laplace's rule of succession: the posterior mean of a rate after `hits` in `trials` under a
 * uniform prior, (hits + 1) / (trials + 2). It differs from the frequency hits / trials by at
 * most 1 / (trials + 2) and is never 0 or 1.
 */
export const laplaceRate = (hits: number, trials: number): number => (hits + 1) / (trials + 2);

/** One bin of a reliability diagram: predictions in [from, to), what they said and what happened. */
export interface ReliabilityBin {
  readonly from: number;
  readonly to: number;
  readonly n: number;
  readonly meanPredicted: number;
  readonly observedRate: number;
  /** The Wilson score interval (95%) of the observed rate (Wilson, JASA 1927). */
  readonly low: number;
  readonly high: number;
}

/** Reliability diagram data: predictions in `bins` equal bins of [0, 1] (the last one closed); empty bins left out. */
export function reliabilityBins(predictions: readonly Scored[], bins = 5): ReliabilityBin[] {
  return Array.from({ length: bins }, (_, b) => {
    const inBin = predictions.filter((s) => Math.min(bins - 1, Math.floor(s.pOpen * bins)) === b);
    const n = inBin.length;
    if (n === 0) return null;
    const rate = inBin.reduce((sum, s) => sum + s.observed, 0) / n;
    const [low, high] = wilson(rate, n);
    const meanPredicted = inBin.reduce((sum, s) => sum + s.pOpen, 0) / n;
    return { from: b / bins, to: (b + 1) / bins, n, meanPredicted, observedRate: rate, low, high };
  }).filter((bin): bin is ReliabilityBin => bin !== null);
}
