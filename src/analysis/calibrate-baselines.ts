/**
 * Probabilistic baselines for calibration (docs/calibration.md), each predicting every period
 * from the other periods only (leave one period out), as the model is:
 *   - `baseRate`: the training periods' share of labs that open;
 *   - `openIfNotLeader`: every lab but the period's most capable opens, wrong with an error
 *     rate fitted on the training periods;
 *   - `persistence`: a lab repeats its latest earlier decision, wrong with an error rate fitted on
 *     the training periods' repeats; a lab's first decision gets the base rate.
 * Rates are Laplace's rule (scoring.ts), so no probability is 0 or 1. A persistence repeat
 * counts in the fit only when both of its decisions are in training periods: the held-out
 * period's observations reach none of its own predictions.
 */
import { laplaceRate } from "./scoring.js";

/** One period's decisions: `observed[k]` is 1 if lab k opened (openness > 0), else 0. */
export interface ObservedPeriod {
  readonly period: string;
  readonly labs: readonly string[];
  readonly observed: readonly number[];
  readonly capability: readonly number[];
}

export const BASELINES = ["baseRate", "openIfNotLeader", "persistence"] as const;
export type BaselineName = (typeof BASELINES)[number];

/** The index of the period's most capable lab (the first, if several tie). */
export const leaderOf = (capability: readonly number[]): number => capability.indexOf(Math.max(...capability));

/** Each baseline's probability of opening, per period and lab, each period held out in turn. */
export function baselinePredictions(periods: readonly ObservedPeriod[]): Record<BaselineName, number[][]> {
  // The period and observation of each lab's latest earlier decision, per period and lab.
  const latest = new Map<string, { period: number; observed: number }>();
  const previous = periods.map((p, k) => {
    const before = p.labs.map((lab) => latest.get(lab) ?? null);
    p.labs.forEach((lab, i) => latest.set(lab, { period: k, observed: p.observed[i] }));
    return before;
  });
  const count = (held: number, f: (p: ObservedPeriod, k: number, i: number) => [hit: boolean, counted: boolean]) => {
    let hits = 0;
    let trials = 0;
    periods.forEach((p, k) => {
      if (k === held) return;
      p.labs.forEach((_, i) => {
        const [hit, counted] = f(p, k, i);
        if (!counted) return;
        trials++;
        if (hit) hits++;
      });
    });
    return laplaceRate(hits, trials);
  };
  const result: Record<BaselineName, number[][]> = { baseRate: [], openIfNotLeader: [], persistence: [] };
  periods.forEach((held, h) => {
    const base = count(h, (p, _, i) => [p.observed[i] === 1, true]);
    const leaderError = count(h, (p, _, i) => [p.observed[i] === (i === leaderOf(p.capability) ? 1 : 0), true]);
    const change = count(h, (p, k, i) => {
      const prev = previous[k][i];
      return [prev !== null && prev.observed !== p.observed[i], prev !== null && prev.period !== h];
    });
    const leader = leaderOf(held.capability);
    result.baseRate.push(held.labs.map(() => base));
    result.openIfNotLeader.push(held.labs.map((_, i) => (i === leader ? leaderError : 1 - leaderError)));
    result.persistence.push(
      held.labs.map((_, i) => {
        const prev = previous[h][i];
        return prev === null ? base : prev.observed === 1 ? 1 - change : change;
      }),
    );
  });
  return result;
}
