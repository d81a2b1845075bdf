/**
 * The logit quantal-response noise model for calibration (docs/calibration.md, "The QRE noise
 * model"): McKelvey and Palfrey, "Quantal response equilibria for normal form games", GEB 1995.
 *
 * Given the parameters theta and a precision lambda, each lab plays its mixed strategy in the
 * logit QRE at lambda on the principal branch (the branch from the centroid, what
 * `solve --concept qre --lambda L` computes; solvers/logit.ts), independently of the others; it
 * opens with the probability of its levels above 0 (tiered races: open means openness > 0). So a
 * period's likelihood is the product over its labs of the probability of what each did.
 *
 * Precision in payoff units. Payoffs are in capability units, which calibrate.ts makes z-scores
 * within each period, so one lambda is the same sensitivity to a payoff difference in every
 * period: a lab whose gain from opening is 1 standard deviation of the period's capabilities
 * prefers it with odds e^lambda to 1 over a level 1 worse, whatever the period. (The tracer's own
 * scale, lambda times the table's payoff spread, would tie the precision to each period's most
 * extreme payoffs, which say nothing about the choice at hand.) `PRECISIONS` is log-spaced,
 * 0.1 to 100, four per decade: at 0.1 play is within a few percent of uniform; at 100 a
 * difference of 0.05 is odds of e^5.
 *
 * Cost: one trace per (period, theta) gives every precision of the grid (the branch is followed
 * in increasing lambda and each grid precision recorded on its first crossing), on the period's
 * full payoff table: at most QRE_TABLE_LIMIT profiles (11 labs with three tiers).
 * Limits: a trace that fails even at the tracer's default tolerance (a bifurcation of a
 * degenerate race) leaves the precisions it did not reach out of the posterior (likelihood 0),
 * and is reported.
 */
import type { Game } from "../model/game.js";
import { payoffTable } from "../model/table.js";
import { layoutOf } from "../solvers/expected.js";
import { traceLogit, type LogitStatus } from "../solvers/logit.js";
import type { NoiseGrid, NoisyCell } from "./calibrate-posterior.js";

export const PRECISIONS: readonly number[] = Array.from({ length: 13 }, (_, k) => 10 ** (-1 + k / 4));
export const PRECISION_GRID: NoiseGrid = { name: "precision", values: PRECISIONS };

/**
 * The tracer's corrector tolerance between grid precisions, looser than its default (1e-11): it
 * saves about a sixth of the work; the points at the grid's precisions are still solved to 1e-13
 * (on the 2024H1 race at three parameter values they agreed with the default's to 1e-14). It made 6 of 288 traces
 * of the bundled data fail (1e-7: more), which the default reaches: those are traced again.
 */
const CORRECTOR_TOLERANCE = 1e-9;

/** Largest payoff table traced: 3^11 profiles, a period of 11 labs with three tiers. */
export const QRE_TABLE_LIMIT = 3 ** 11;

export interface QreCell extends NoisyCell {
  readonly status: LogitStatus;
  /** Number of grid precisions the trace reached (all of them when `status` is "reached"). */
  readonly reached: number;
}

/**
 * The QRE model's cell for a period's race at each of `precisions` (ascending): `observed[i]` is
 * 1 if lab i opened. Throws a RangeError naming the size when the race has more than
 * QRE_TABLE_LIMIT profiles.
 */
export function qreCell(game: Game, observed: readonly number[], precisions: readonly number[] = PRECISIONS): QreCell {
  const table = payoffTable(game, QRE_TABLE_LIMIT);
  const layout = layoutOf(table);
  let trace = traceLogit(table, layout, { at: precisions, maxMu: Infinity, tolerance: CORRECTOR_TOLERANCE });
  // The looser tolerance can lose the branch where it turns sharply: then trace again at the default.
  if (trace.status === "failed") trace = traceLogit(table, layout, { at: precisions, maxMu: Infinity });
  const labs = game.n;
  const T = precisions.length;
  const logLikelihood = new Float64Array(T).fill(-Infinity);
  const pOpen = new Float64Array(T * labs).fill(0.5);
  trace.points.forEach(({ sigma }, t) => {
    let log = 0;
    for (let i = 0; i < labs; i++) {
      // Sums of the open and of the closed levels, each from its own terms (not 1 - the other).
      let open = 0;
      let closed = 0;
      table.levels[i].forEach((level, k) => (level > 0 ? (open += sigma[layout.offset[i] + k]) : (closed += sigma[layout.offset[i] + k])));
      pOpen[t * labs + i] = open / (open + closed);
      log += Math.log((observed[i] ? open : closed) / (open + closed));
    }
    logLikelihood[t] = log;
  });
  return { logLikelihood, pOpen, status: trace.status, reached: trace.points.length };
}
