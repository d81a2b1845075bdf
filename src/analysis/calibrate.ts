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
 *
 * Probabilities. Each decision also gets a held-out probability of opening from a posterior over
 * the grid and a noise parameter: a tremble (calibrate-posterior.ts) or the logit QRE's precision
 * (calibrate-qre.ts), scored by log loss and Brier (scoring.ts) against probabilistic baselines
 * (calibrate-baselines.ts); docs/calibration.md.
 */
import { buildGame, type Game } from "../model/game.js";
import { validateScenario } from "../model/validate.js";
import { solveDiscrete } from "../solvers/solve.js";
import { BASELINES, type BaselineName, baselinePredictions, leaderOf } from "./calibrate-baselines.js";
import { marginals, type NoiseGrid, type NoisyCell, openProbabilities, type PeriodCell, posteriorWeights, TREMBLE_GRID, trembleCell } from "./calibrate-posterior.js";
import { PRECISION_GRID, type QreCell, qreCell } from "./calibrate-qre.js";
import { brierOf, logLossOf, pairedDifference, scores } from "./scoring.js";

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

/** The noise model of the probabilities: a tremble (default) or the logit QRE. */
export const NOISES = ["tremble", "qre"] as const;
export type Noise = (typeof NOISES)[number];

export interface CalibrateOptions {
  readonly noise?: Noise;
  /** With noise "qre": the cells already traced (`qreTrace` of every index, e.g. by worker threads); else traced here. */
  readonly qreCells?: readonly QreCell[];
  /** Called after each combination of parameters is solved on every period. */
  readonly onProgress?: (done: number, total: number) => void;
}

/** A posterior marginal: `[{value, p}]` by value. */
export type Marginal = { value: number; p: number }[];

export interface Calibration {
  readonly decisions: number;
  /** The noise model of `probabilistic` and `posterior`. */
  readonly noise: Noise;
  readonly fit: { readonly correct: number; readonly correctTier: number; readonly parameters: Parameters };
  readonly leaveOnePeriodOut: { readonly correct: number; readonly correctTier: number; readonly parameters: Record<string, Parameters> };
  readonly baselines: { readonly allClosed: number; readonly openIfNotLeader: number };
  /** Out-of-sample probabilities of opening and their scores (INTERFACE.md, "calibrate --json, probabilistic"). */
  readonly probabilistic: {
    readonly predictions: Prediction[];
    readonly logLoss: number;
    readonly brier: number;
    readonly baselines: Record<BaselineName, { readonly logLoss: number; readonly brier: number }>;
  };
  /** The posterior on all periods: each parameter's and the noise parameter's (`tremble` or `precision`) marginal and mean. */
  readonly posterior: {
    readonly periods: number;
    readonly marginals: Record<keyof Parameters, Marginal> & Record<string, Marginal>;
    readonly mean: Record<keyof Parameters, number> & Record<string, number>;
  };
  /** With `noise: "qre"`: the precision grid, and the traces that did not reach its end (their missing precisions have likelihood 0). */
  readonly qre?: {
    readonly precisions: readonly number[];
    readonly traces: number;
    readonly incomplete: { period: string; parameters: Parameters; status: string; precisionsReached: number }[];
  };
  readonly versusBaselines: Record<BaselineName, Comparison>;
  readonly periods: PeriodPrediction[];
  readonly grid: { readonly [K in keyof Parameters]: readonly number[] };
}

const TIERS = [0, 0.5, 1];
const isOpen = (x: number) => x > 0;

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
  return (await solvePeriod(period, rows, parameters)).prediction;
}

/** The race of one period under the parameters, with its labs' capabilities. */
function periodGame(period: string, rows: readonly Release[], parameters: Parameters): { game: Game; capability: number[] } {
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
  return { game: buildGame(parsed.value), capability };
}

/** The period's prediction, and what the tremble model needs of its equilibria (calibrate-posterior.ts). */
async function solvePeriod(period: string, rows: readonly Release[], parameters: Parameters): Promise<{ prediction: PeriodPrediction; cell: PeriodCell }> {
  const { game, capability } = periodGame(period, rows, parameters);
  const result = await solveDiscrete(game, { welfare: false });
  const predicted = rows.map((_, k) => {
    const votes = TIERS.map((t) => result.equilibria.filter((e) => e.profile[k] === t).length);
    const best = Math.max(...votes);
    return best === 0 ? 0 : TIERS[votes.indexOf(best)];
  });
  // With no pure equilibrium, everyone closed stands in, as for `predicted`.
  const profiles = result.equilibria.length ? result.equilibria.map((e) => e.profile) : [rows.map(() => 0)];
  const mismatches = rows.map(() => 0).concat(0);
  for (const profile of profiles) mismatches[rows.filter((r, k) => isOpen(r.openness) !== isOpen(profile[k])).length]++;
  const shareOpen = rows.map((_, k) => profiles.filter((x) => isOpen(x[k])).length / profiles.length);
  return {
    prediction: { period, labs: rows.map((r) => r.lab), capability, observed: rows.map((r) => r.openness), predicted, equilibria: result.equilibria.length },
    cell: { shareOpen, mismatches },
  };
}

const score = (p: PeriodPrediction) => p.observed.filter((o, k) => isOpen(o) === isOpen(p.predicted[k])).length;
const scoreTier = (p: PeriodPrediction) => p.observed.filter((o, k) => o === p.predicted[k]).length;

/** The calibration's periods (sorted), each one's rows, and the grid's combinations in order. */
function calibrationPlan(releases: readonly Release[], grid: Calibration["grid"]) {
  const periods = [...new Set(releases.map((r) => r.period))].sort();
  const rowsOf = new Map(periods.map((p) => [p, releases.filter((r) => r.period === p)]));
  const combos: Parameters[] = grid.absorptive.flatMap((absorptive) =>
    grid.communityGain.flatMap((communityGain) => grid.apiCost.map((apiCost) => ({ absorptive, communityGain, apiCost }))),
  );
  return { periods, rowsOf, combos };
}

/** The number of QRE traces of a calibration: one per combination of the grid and period. */
export function qreTraceCount(releases: readonly Release[], grid: Calibration["grid"] = DEFAULT_GRID): number {
  const { periods, combos } = calibrationPlan(releases, grid);
  return periods.length * combos.length;
}

/** QRE trace `index` of a calibration, c * periods + k: combination c on period k (each independent of the others). */
export function qreTrace(releases: readonly Release[], grid: Calibration["grid"], index: number): QreCell {
  const { periods, rowsOf, combos } = calibrationPlan(releases, grid);
  const period = periods[index % periods.length];
  const rows = rowsOf.get(period)!;
  return qreCell(periodGame(period, rows, combos[Math.floor(index / periods.length)]).game, rows.map((r) => (isOpen(r.openness) ? 1 : 0)));
}

export async function calibrate(releases: readonly Release[], grid: Calibration["grid"] = DEFAULT_GRID, options: CalibrateOptions = {}): Promise<Calibration> {
  const noise = options.noise ?? "tremble";
  const { periods, rowsOf, combos } = calibrationPlan(releases, grid);
  // Every combination on every period, once: the fit and the leave-one-out both read this table.
  const table: PeriodPrediction[][] = [];
  const cells: NoisyCell[][] = [];
  const incomplete: NonNullable<Calibration["qre"]>["incomplete"] = [];
  for (const parameters of combos) {
    const row: PeriodPrediction[] = [];
    const cellRow: NoisyCell[] = [];
    for (const period of periods) {
      const { prediction, cell } = await solvePeriod(period, rowsOf.get(period)!, parameters);
      row.push(prediction);
      if (noise === "tremble") cellRow.push(trembleCell(cell));
      else {
        const index = table.length * periods.length + cellRow.length;
        const qre = options.qreCells?.[index] ?? qreTrace(releases, grid, index);
        if (qre.status !== "reached") incomplete.push({ period, parameters, status: qre.status, precisionsReached: qre.reached });
        cellRow.push(qre);
      }
    }
    table.push(row);
    cells.push(cellRow);
    options.onProgress?.(table.length, combos.length);
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
    const leader = leaderOf(capability);
    return sum + observed.filter((o, k) => isOpen(o) === (k !== leader)).length;
  }, 0);
  const noiseGrid = noise === "tremble" ? TREMBLE_GRID : PRECISION_GRID;
  const { probabilistic, posterior, versusBaselines } = probabilisticCalibration(table[all], cells, combos, noiseGrid);
  return {
    decisions: releases.length,
    noise,
    fit: {
      correct: table[all].reduce((s, p) => s + score(p), 0),
      correctTier: table[all].reduce((s, p) => s + scoreTier(p), 0),
      parameters: combos[all],
    },
    leaveOnePeriodOut: { correct: lopo, correctTier: lopoTier, parameters: lopoParameters },
    baselines: { allClosed, openIfNotLeader },
    probabilistic,
    posterior,
    versusBaselines,
    ...(noise === "qre" ? { qre: { precisions: PRECISION_GRID.values, traces: combos.length * periods.length, incomplete } } : {}),
    periods: table[all],
    grid,
  };
}

/** Probabilities of opening, held out period by period, their scores, and the posterior on all periods. */
function probabilisticCalibration(periods: readonly PeriodPrediction[], cells: NoisyCell[][], combos: readonly Parameters[], noise: NoiseGrid) {
  const observedPeriods = periods.map((p) => ({ ...p, observed: p.observed.map((o) => (isOpen(o) ? 1 : 0)) }));
  const model = periods.map((_, k) => openProbabilities(cells, k, posteriorWeights(cells, (j) => j !== k)));
  const decisions = (p: number[][]) => observedPeriods.flatMap(({ period, labs, observed }, k) => labs.map((lab, i) => ({ period, lab, observed: observed[i], pOpen: p[k][i] })));
  const predictions = decisions(model);
  const baselines = baselinePredictions(observedPeriods);
  const baselineDecisions = Object.fromEntries(BASELINES.map((name) => [name, decisions(baselines[name])])) as Record<BaselineName, Prediction[]>;
  const full = posteriorWeights(cells, () => true);
  const mean = marginals(full, combos, noise) as Calibration["posterior"]["marginals"];
  return {
    probabilistic: {
      predictions,
      ...scores(predictions),
      baselines: Object.fromEntries(BASELINES.map((name) => [name, scores(baselineDecisions[name])])) as Record<BaselineName, { logLoss: number; brier: number }>,
    },
    posterior: {
      periods: periods.length,
      marginals: mean,
      mean: Object.fromEntries(Object.entries(mean).map(([name, m]) => [name, m.reduce((s, { value, p }) => s + value * p, 0)])) as Calibration["posterior"]["mean"],
    },
    versusBaselines: Object.fromEntries(BASELINES.map((name) => [name, comparison(predictions, baselineDecisions[name])])) as Record<BaselineName, Comparison>,
  };
}

export interface Prediction {
  readonly period: string;
  readonly lab: string;
  /** 1 if the lab opened (openness > 0), else 0. */
  readonly observed: number;
  readonly pOpen: number;
}

export interface Comparison {
  /** The model's mean score minus the baseline's: negative when the model does better. */
  readonly logLossDifference: number;
  readonly brierDifference: number;
  /** Paired standard errors of the differences, decisions taken as independent (scoring.ts). */
  readonly logLossDifferenceSe: number;
  readonly brierDifferenceSe: number;
  /** The baseline's probability of opening for each decision, in the order of `probabilistic.predictions`. */
  readonly pOpen: number[];
  /** The decisions on which the model's log loss exceeds the baseline's most (at most LOSSES_SHOWN). */
  readonly largestLosses: { period: string; lab: string; observed: number; pOpen: number; baselinePOpen: number; logLossDifference: number }[];
}

const LOSSES_SHOWN = 5;

function comparison(model: readonly Prediction[], baseline: readonly Prediction[]): Comparison {
  const log = pairedDifference(model, baseline, logLossOf);
  const brier = pairedDifference(model, baseline, brierOf);
  const losses = model
    .map((d, k) => ({ ...d, baselinePOpen: baseline[k].pOpen, logLossDifference: logLossOf(d) - logLossOf(baseline[k]) }))
    .filter((d) => d.logLossDifference > 0)
    .sort((a, b) => b.logLossDifference - a.logLossDifference)
    .slice(0, LOSSES_SHOWN);
  return {
    logLossDifference: log.mean,
    brierDifference: brier.mean,
    logLossDifferenceSe: log.se,
    brierDifferenceSe: brier.se,
    pOpen: baseline.map((d) => d.pOpen),
    largestLosses: losses,
  };
}
