/**
 * Calibration against observed releases (MODEL.md section 5; data/README.md): build each
 * half-year's race from the data, fit a few global parameters by grid search, and count the
 * observed decisions the model's equilibria reproduce, with leave-one-period-out validation
 * and simple baselines.
 *
 * The game of a period. Capability: the lab's Arena rating where it has one, else its MMLU
 * score, each as a z-score within the period (ratings are only comparable within a snapshot,
 * and the two scales differ); a lab with neither gets the period's median (0). Openness tiers
 * 0, 0.5, 1 as coded in the data. Parameters, the same for every period:
 *   - `absorptive` r: B[i][j] = r * max(0, c_i - c_j) (a lab learns from openers ahead of it);
 *   - `communityGain` g: a_i = g for every lab;
 *   - `apiCost` kappa: k_i = kappa * max(0, c_i - median c) (API revenue to lose grows with
 *     a lab's lead over the pack).
 *
 * Matching a prediction to a decision. A period's equilibria can differ on a lab: its predicted
 * level is the one it plays in most equilibria (ties: the more closed). With no pure
 * equilibrium, every lab is predicted closed. A decision counts as `correct` when prediction
 * and observation agree on open (openness > 0) or closed; `correctTier` counts exact agreement
 * on the tier (0, 0.5, 1). Baselines: everyone closed; open iff not the period's leader.
 */
import { buildGame } from "../model/game.js";
import { validateScenario } from "../model/validate.js";
import { solveDiscrete } from "../solvers/solve.js";

export interface Release {
  readonly period: string;
  readonly lab: string;
  readonly model: string;
  readonly openness: number;
  readonly mmlu: number | null;
  readonly elo: number | null;
}

export interface Parameters {
  readonly absorptive: number;
  readonly communityGain: number;
  readonly apiCost: number;
}

export const DEFAULT_GRID = {
  absorptive: [0, 0.25, 0.5, 0.75, 1, 1.5, 2],
  communityGain: [0.1, 0.25, 0.5, 0.75, 1, 1.5, 2],
  apiCost: [0, 0.25, 0.5, 1, 2],
} as const;

export interface PeriodPrediction {
  readonly period: string;
  readonly labs: string[];
  readonly capability: number[];
  readonly observed: number[];
  readonly predicted: number[];
  readonly equilibria: number;
}

export interface Calibration {
  readonly decisions: number;
  readonly fit: { readonly correct: number; readonly correctTier: number; readonly parameters: Parameters };
  readonly leaveOnePeriodOut: { readonly correct: number; readonly correctTier: number; readonly parameters: Record<string, Parameters> };
  readonly baselines: { readonly allClosed: number; readonly openIfNotLeader: number };
  readonly periods: PeriodPrediction[];
  readonly grid: { readonly [K in keyof Parameters]: readonly number[] };
}

const TIERS = [0, 0.5, 1];

/** Capabilities of a period's labs: z-scores of Arena rating, else MMLU, else 0. */
export function periodCapabilities(rows: readonly Release[]): number[] {
  const z = (values: (number | null)[]) => {
    const known = values.filter((v): v is number => v !== null);
    const mean = known.reduce((a, b) => a + b, 0) / Math.max(1, known.length);
    const sd = Math.sqrt(known.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, known.length)) || 1;
    return values.map((v) => (v === null ? null : (v - mean) / sd));
  };
  const elo = z(rows.map((r) => r.elo));
  const mmlu = z(rows.map((r) => r.mmlu));
  return rows.map((_, k) => elo[k] ?? mmlu[k] ?? 0);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** The model's prediction for one period under the parameters. */
export async function predictPeriod(period: string, rows: readonly Release[], parameters: Parameters): Promise<PeriodPrediction> {
  const capability = periodCapabilities(rows);
  const middle = median(capability);
  const parsed = validateScenario({
    name: period,
    players: rows.map((r, k) => ({
      id: r.lab,
      capability: capability[k],
      communityGain: parameters.communityGain,
      openCost: parameters.apiCost * Math.max(0, capability[k] - middle),
    })),
    spillover: { absorptive: parameters.absorptive },
    tiers: TIERS,
  });
  if (!parsed.ok) throw new Error(`period ${period}: ${JSON.stringify(parsed.problems)}`);
  const result = await solveDiscrete(buildGame(parsed.value), { welfare: false });
  const predicted = rows.map((_, k) => {
    const votes = TIERS.map((t) => result.equilibria.filter((e) => e.profile[k] === t).length);
    const best = Math.max(...votes);
    return best === 0 ? 0 : TIERS[votes.indexOf(best)];
  });
  return { period, labs: rows.map((r) => r.lab), capability, observed: rows.map((r) => r.openness), predicted, equilibria: result.equilibria.length };
}

const isOpen = (x: number) => x > 0;
const score = (p: PeriodPrediction) => p.observed.filter((o, k) => isOpen(o) === isOpen(p.predicted[k])).length;
const scoreTier = (p: PeriodPrediction) => p.observed.filter((o, k) => o === p.predicted[k]).length;

export async function calibrate(releases: readonly Release[], grid: Calibration["grid"] = DEFAULT_GRID): Promise<Calibration> {
  const periods = [...new Set(releases.map((r) => r.period))].sort();
  const rowsOf = new Map(periods.map((p) => [p, releases.filter((r) => r.period === p)]));
  const combos: Parameters[] = grid.absorptive.flatMap((absorptive) =>
    grid.communityGain.flatMap((communityGain) => grid.apiCost.map((apiCost) => ({ absorptive, communityGain, apiCost }))),
  );
  // Every combination on every period, once: the fit and the leave-one-out both read this table.
  const table: PeriodPrediction[][] = [];
  for (const parameters of combos) {
    const row: PeriodPrediction[] = [];
    for (const period of periods) row.push(await predictPeriod(period, rowsOf.get(period)!, parameters));
    table.push(row);
  }
  /** Best combination on the given periods (ties: the first, i.e. the smallest parameters). */
  const best = (use: (k: number) => boolean) => {
    let winner = 0;
    let top = -1;
    table.forEach((row, c) => {
      const total = row.reduce((sum, p, k) => sum + (use(k) ? score(p) : 0), 0);
      if (total > top) [winner, top] = [c, total];
    });
    return winner;
  };
  const all = best(() => true);
  let lopo = 0;
  let lopoTier = 0;
  const lopoParameters: Record<string, Parameters> = {};
  periods.forEach((period, k) => {
    const c = best((j) => j !== k);
    lopo += score(table[c][k]);
    lopoTier += scoreTier(table[c][k]);
    lopoParameters[period] = combos[c];
  });
  const allClosed = releases.filter((r) => r.openness === 0).length;
  // The baseline reads the capabilities the predictions were made from (any row of the table).
  const openIfNotLeader = table[all].reduce((sum, { capability, observed }) => {
    const leader = capability.indexOf(Math.max(...capability));
    return sum + observed.filter((o, k) => isOpen(o) === (k !== leader)).length;
  }, 0);
  return {
    decisions: releases.length,
    fit: {
      correct: table[all].reduce((s, p) => s + score(p), 0),
      correctTier: table[all].reduce((s, p) => s + scoreTier(p), 0),
      parameters: combos[all],
    },
    leaveOnePeriodOut: { correct: lopo, correctTier: lopoTier, parameters: lopoParameters },
    baselines: { allClosed, openIfNotLeader },
    periods: table[all],
    grid,
  };
}
