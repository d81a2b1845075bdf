/** `openrace calibrate [DATA.csv]`: how many observed release decisions the model reproduces. */
import { join } from "node:path";
import { BASELINES, type BaselineName } from "../analysis/calibrate-baselines.js";
import { type Calibration, calibrate, DEFAULT_GRID, type Noise, qreTraceCount } from "../analysis/calibrate.js";
import { shardRange } from "../analysis/sweep.js";
import type { QreCell } from "../analysis/calibrate-qre.js";
import { calibrationSpec, posteriorSpec, reliabilitySpec } from "../analysis/charts.js";
import { jsonText } from "../analysis/documents.js";
import { reliabilityBins } from "../analysis/scoring.js";
import { writeChart } from "../io/render.js";
import { BUNDLED_RELEASES, readReleases } from "../io/releases.js";
import { ensureDir, writeFileAtomic } from "../io/write.js";
import { EXIT, InputError } from "./errors.js";
import type { QreTraceOutcome } from "../analysis/pool-jobs.js";
import { progressBar } from "./progress.js";
import { runPool } from "./sweep-pool.js";

export async function calibrateCommand(file: string | undefined, options: { json?: boolean; out?: string; noise?: Noise; workers?: number }): Promise<number> {
  const noise = options.noise ?? "tremble";
  if (options.workers !== undefined && noise !== "qre") throw new InputError("openrace: --workers goes with --noise qre (the tremble model needs no worker threads)");
  const releases = readReleases(file ?? BUNDLED_RELEASES);
  if (options.out) ensureDir(options.out); // before the work, so that a bad folder fails fast
  const started = Date.now();
  const bar = progressBar("grid points");
  const onProgress = (done: number, total: number) => bar.onProgress?.({ done, total, found: 0, seconds: (Date.now() - started) / 1000 });
  let result: Calibration;
  try {
    // The QRE traces, one per grid point and period, are independent: worker threads share them.
    let qreCells: QreCell[] | undefined;
    if (noise === "qre") {
      const total = qreTraceCount(releases);
      qreCells = new Array<QreCell>(total);
      const job = { kind: "calibrate-qre" as const, releases, grid: DEFAULT_GRID };
      await runPool(job, shardRange(total), {
        deadline: Infinity,
        workers: options.workers,
        onResult: (outcome, done) => {
          const { index, cell } = outcome as QreTraceOutcome;
          qreCells![index] = cell;
          onProgress(done, total);
        },
      });
    }
    result = await calibrate(releases, undefined, { noise, qreCells, onProgress: noise === "qre" ? undefined : onProgress });
  } catch (error) {
    // Only the QRE's payoff tables have a size limit (a period with too many labs).
    if (error instanceof RangeError) throw new InputError(`openrace: --noise ${noise}: ${error.message}`);
    throw error;
  } finally {
    bar.stop();
  }
  const json = jsonText(result);
  if (options.out) {
    ensureDir(options.out);
    writeFileAtomic(join(options.out, "calibration.json"), json);
    const pOpen = result.probabilistic.predictions.map((d) => d.pOpen);
    const rows = result.periods.flatMap((p) => p.labs.map((lab, k) => [p.period, lab, p.capability[k].toFixed(4), p.observed[k], p.predicted[k]]));
    writeFileAtomic(
      join(options.out, "calibration.csv"),
      ["period,lab,capability_z,observed,predicted,p_open_held_out", ...rows.map((row, k) => [...row, pOpen[k].toFixed(4)].join(","))].join("\n") + "\n",
    );
    const versus = result.versusBaselines;
    const methods = [
      { name: result.noise === "qre" ? "model (QRE)" : "model", bins: reliabilityBins(result.probabilistic.predictions) },
      ...BASELINES.map((name) => ({ name, bins: reliabilityBins(result.probabilistic.predictions.map((d, k) => ({ ...d, pOpen: versus[name].pOpen[k] }))) })),
    ];
    const charts = {
      calibration: calibrationSpec(result.periods),
      reliability: reliabilitySpec(methods),
      posterior: posteriorSpec(result.posterior.marginals, result.posterior.periods),
    };
    for (const [name, spec] of Object.entries(charts)) await writeChart(spec, ["svg", "png"].map((ext) => join(options.out!, `${name}.${ext}`)));
  }
  if (options.json) {
    process.stdout.write(json);
    return EXIT.ok;
  }
  const p = result.fit.parameters;
  const pct = (n: number) => `${n} of ${result.decisions} (${Math.round((100 * n) / result.decisions)}%)`;
  process.stdout.write(
    [
      `Calibration on ${result.decisions} release decisions in ${result.periods.length} half-years (${file ?? "bundled data/releases.csv"})`,
      `Fitted parameters: absorptive spillover ${p.absorptive}, community gain ${p.communityGain}, API-revenue cost ${p.apiCost} per unit of lead.`,
      `Open/closed reproduced: fit ${pct(result.fit.correct)}; leave one period out ${pct(result.leaveOnePeriodOut.correct)}.`,
      `Exact tier (closed / weights / open): fit ${pct(result.fit.correctTier)}; leave one period out ${pct(result.leaveOnePeriodOut.correctTier)}.`,
      `Baselines: everyone closed ${pct(result.baselines.allClosed)}; open iff not the leader ${pct(result.baselines.openIfNotLeader)}.`,
      "",
      ...probabilisticText(result),
      "",
    ].join("\n"),
  );
  return EXIT.ok;
}

const BASELINE_NAMES: Record<BaselineName, string> = {
  baseRate: "the base rate",
  openIfNotLeader: "open iff not the leader",
  persistence: "persistence",
};

/** The probabilistic scores, and against each baseline whether the model does better, and where it loses. */
function probabilisticText(result: Calibration): string[] {
  const { probabilistic: pr, posterior, versusBaselines } = result;
  const f = (x: number) => x.toFixed(3);
  const m = posterior.mean;
  const qre = result.noise === "qre";
  const lines = [
    `Probability of opening, leave one period out (posterior over the grid and ${qre ? "the precision lambda of the logit quantal-response equilibrium" : "a tremble"}; docs/calibration.md): log loss ${f(pr.logLoss)}, Brier ${f(pr.brier)}.`,
    `Posterior means on all periods: absorptive ${f(m.absorptive)}, community gain ${f(m.communityGain)}, API cost ${f(m.apiCost)}, ${qre ? `precision ${f(m.precision)}` : `tremble ${f(m.tremble)}`}.`,
  ];
  const incomplete = result.qre?.incomplete ?? [];
  if (incomplete.length)
    lines.push(
      `Incomplete: ${incomplete.length} of ${result.qre!.traces} QRE traces stopped before the last precision (their missing precisions are left out of the posterior): ${incomplete
        .slice(0, 5)
        .map((t) => `${t.period} at absorptive ${t.parameters.absorptive}, community gain ${t.parameters.communityGain}, API cost ${t.parameters.apiCost} (${t.status}, ${t.precisionsReached} of ${result.qre!.precisions.length})`)
        .join("; ")}${incomplete.length > 5 ? "; ..." : ""}.`,
    );
  for (const name of BASELINES) {
    const b = pr.baselines[name];
    const v = versusBaselines[name];
    const on = [v.logLossDifference < 0 ? "log loss" : null, v.brierDifference < 0 ? "Brier" : null].filter((x) => x !== null);
    const verdict = on.length === 2 ? "the model beats it on both" : on.length === 1 ? `the model beats it on ${on[0]} only` : "the model does not beat it";
    const signed = (x: number, se: number) => `${x < 0 ? "" : "+"}${f(x)} (se ${f(se)})`;
    lines.push(
      `Against ${BASELINE_NAMES[name]} (log loss ${f(b.logLoss)}, Brier ${f(b.brier)}): ${verdict}; model minus baseline, log loss ${signed(v.logLossDifference, v.logLossDifferenceSe)}, Brier ${signed(v.brierDifference, v.brierDifferenceSe)}.`,
    );
    if (on.length < 2 && v.largestLosses.length)
      lines.push(
        `  Largest losses (log loss, model minus baseline): ${v.largestLosses
          .map((d) => `${d.period} ${d.lab} ${d.observed ? "opened" : "closed"} (p ${f(d.pOpen)} vs ${f(d.baselinePOpen)}, +${f(d.logLossDifference)})`)
          .join("; ")}.`,
      );
  }
  lines.push(`Standard errors of differences treat the ${result.decisions} decisions as independent; decisions of one period share its equilibria, so they are optimistic.`);
  return lines;
}
