/** `openrace uncertain FILE --spec U.json ...`: outcomes under uncertain numbers (analysis/uncertain.ts). */
import { join } from "node:path";
import { tornadoSpec, uncertainMetricsSpec, uncertainProbabilitySpec } from "../analysis/charts.js";
import { parseUncertainSpec, describeDistribution } from "../analysis/distributions.js";
import { formatNumber } from "../analysis/reading.js";
import { QMC_MAX_DIMENSION } from "../analysis/sampling.js";
import {
  accumulate,
  emptyState,
  makePlan,
  uncertainDocument,
  UncertainModel,
  mergeUncertainParts,
  type SampleOutcome,
  type UncertainDocument,
  type UncertainOptions,
  type UncertainPlan,
} from "../analysis/uncertain.js";
import type { Subject } from "../analysis/parameters.js";
import { shardRange } from "../analysis/sweep.js";
import type { Estimate } from "../analysis/accumulators.js";
import { writeChart } from "../io/render.js";
import { loadScenario, readJson } from "../io/scenario-file.js";
import { emitDocument } from "../io/write.js";
import type { Method } from "../solvers/solve.js";
import { EXIT, InputError } from "./errors.js";
import { loadPolicy } from "./policy.js";
import { progressBar } from "./progress.js";
import { runPool, type BatchCommandOptions } from "./sweep-pool.js";

export interface UncertainCommandOptions extends BatchCommandOptions {
  spec: string;
  samples: number;
  seed: number;
  policy?: string;
  qmc?: boolean;
  sensitivity: boolean;
}

export async function uncertainCommand(file: string, options: UncertainCommandOptions): Promise<number> {
  const { name, scenario, game } = loadScenario(file);
  const policy = options.policy === undefined ? undefined : loadPolicy(options.policy, file, game, options.game);
  const subject = { scenario, ...(policy ? { policy } : {}) };
  const distributions = loadUncertainSpec(options.spec, subject);
  const dimension = distributions.length * (options.sensitivity ? 2 : 1);
  if (options.qmc && dimension > QMC_MAX_DIMENSION)
    throw new InputError(`openrace: --qmc: at most ${QMC_MAX_DIMENSION} numbers per sample (${distributions.length} uncertain${options.sensitivity ? ", doubled by sensitivity" : ""}); drop --qmc or use --no-sensitivity`);
  const { document, complete } = await runUncertain(name, subject, distributions, {
    samples: options.samples,
    seed: options.seed,
    qmc: options.qmc === true,
    sensitivity: options.sensitivity,
    game: options.game,
    method: options.method,
    shard: options.shard,
    timeLimit: options.timeLimit,
    workers: options.workers,
  });
  await emitUncertain(document, options);
  return complete ? EXIT.ok : EXIT.timeLimit;
}

/** Reads U.json and checks it against the scenario (and policy): every problem with its path, exit 2. */
export function loadUncertainSpec(file: string, subject: Subject): UncertainPlan["distributions"] {
  const parsed = parseUncertainSpec(readJson(file), subject);
  if (!parsed.ok) throw new InputError(`openrace: ${file} is not a valid uncertainty spec:`, parsed.problems);
  return parsed.value.map(({ path, distribution }) => ({ path, distribution }));
}

/**
 * Samples a plan over the worker pool (progress on stderr) and returns its document; `complete`
 * is false when the time limit stopped it. A sample whose values break a scenario rule is a
 * usage error naming the sample, its values and the rule.
 */
export async function runUncertain(
  name: string,
  subject: Subject,
  distributions: UncertainPlan["distributions"],
  options: UncertainOptions & { method: Method; shard?: { index: number; count: number }; timeLimit?: number; workers?: number },
): Promise<{ document: UncertainDocument; complete: boolean }> {
  const plan = makePlan(name, subject, distributions, {
    samples: options.samples,
    seed: options.seed,
    qmc: options.qmc,
    sensitivity: options.sensitivity,
    game: options.game,
  });
  const model = new UncertainModel(plan, subject);
  const state = emptyState(model);
  const indices = shardRange(plan.samples, options.shard);
  const deadline = options.timeLimit === undefined ? Infinity : Date.now() + options.timeLimit * 1000;
  const progress = progressBar("samples");
  const started = Date.now();
  let invalid: Extract<SampleOutcome, { problems: unknown }> | undefined;
  let stopped: boolean;
  try {
    ({ stopped } = await runPool({ kind: "uncertain", plan, subject, method: options.method }, indices, {
      deadline,
      workers: options.workers,
      onResult: (result, done) => {
        const outcome = result as SampleOutcome;
        if ("problems" in outcome) invalid ??= outcome;
        else accumulate(state, model, outcome);
        progress.onProgress?.({ done, total: indices.count, found: done, seconds: (Date.now() - started) / 1000 });
      },
    }));
  } finally {
    progress.stop();
  }
  if (invalid)
    throw new InputError(
      `openrace: sample ${invalid.index} drew ${JSON.stringify(invalid.values)}, which is not a valid scenario (truncate the distribution with "min"/"max"):`,
      invalid.problems,
    );
  const complete = !stopped && state.samples === indices.count;
  return { document: uncertainDocument(state, indices.count, complete, options.shard), complete };
}

/** `merge` of `uncertain --shard K/N --json` parts (sweep.ts's mergeCommand hands them here). */
export async function mergeUncertainCommand(parts: { name: string; document: unknown }[], options: { json?: boolean; out?: string }): Promise<number> {
  for (const { name, document } of parts) {
    const d = document as Partial<UncertainDocument> | null;
    if (!d || typeof d !== "object" || !d.uncertain || !d.state) throw new InputError(`openrace: ${name}: not an uncertain part (expected the JSON of openrace uncertain --json)`);
  }
  const merged = mergeUncertainParts(parts as { name: string; document: UncertainDocument }[]);
  if (!merged.ok) throw new InputError("openrace: cannot merge:", merged.problems);
  await emitUncertain(merged.value, options);
  return merged.value.complete ? EXIT.ok : EXIT.timeLimit;
}

/** JSON on stdout (--json), and/or in --out DIR: uncertain.json and the charts (SVG, PNG, Vega-Lite). */
export async function emitUncertain(document: UncertainDocument, options: { json?: boolean; out?: string }): Promise<void> {
  const charts: [string, Record<string, unknown>][] = [
    ["uncertain-probabilities", uncertainProbabilitySpec(document)],
    ["uncertain-metrics", uncertainMetricsSpec(document)],
    ...(document.sensitivity ? [["uncertain-sensitivity", tornadoSpec(document)] as [string, Record<string, unknown>]] : []),
  ];
  await emitDocument(
    document,
    options,
    "uncertain.json",
    async (dir) => {
      for (const [chart, spec] of charts) await writeChart(spec, ["svg", "png"].map((ext) => join(dir, `${chart}.${ext}`)));
    },
    () => uncertainSummary(document),
  );
}

const percent = (e: Estimate) => (e.p === null ? "-" : `${(100 * e.p).toFixed(1)}%${e.se === null ? "" : ` (se ${(100 * e.se).toFixed(1)})`}`);

/** The text summary: probabilities, metrics, and which unknown matters most for each outcome. */
export function uncertainSummary(document: UncertainDocument): string {
  const plan = document.uncertain;
  const lines = [
    `${plan.scenario}: ${plan.game} game under ${plan.distributions.length} uncertain number${plan.distributions.length === 1 ? "" : "s"}`,
    ...plan.distributions.map(({ path, distribution }) => `  ${path} ~ ${describeDistribution(distribution)}`),
    `${document.samples} of ${document.requested} samples${plan.qmc ? " (quasi-random, Halton with random shifts)" : ""}, seed ${plan.seed}${document.shard ? `, shard ${document.shard.index}/${document.shard.count}` : ""}${document.incomplete ? `; ${document.incomplete} samples whose search did not finish are left out` : ""}${document.complete ? "" : "; INCOMPLETE"}.`,
    "",
    `An equilibrium exists: ${percent(document.exists)}`,
  ];
  for (const [lab, stats] of Object.entries(document.labs)) {
    const s = stats as Record<string, Estimate>;
    lines.push(s.opens ? `  ${lab}: opens ${percent(s.opens)}` : `  ${lab}: opens in every equilibrium ${percent(s.opensInEvery)}, in some ${percent(s.opensInSome)}`);
  }
  const metrics = document.metrics as Record<string, { mean: number; q05: number; q50: number; q95: number } | null>;
  lines.push("", `Metrics (${plan.game === "continuous" ? "the equilibrium found" : "lowest over each sample's equilibria"}): mean [5%, 50%, 95%]`);
  for (const [name, m] of Object.entries(metrics)) if (m) lines.push(`  ${name}: ${formatNumber(m.mean)} [${formatNumber(m.q05)}, ${formatNumber(m.q50)}, ${formatNumber(m.q95)}]`);
  if (document.sensitivity) {
    lines.push("", "Which unknown decides (largest Sobol total index):");
    for (const [outcome, byInput] of Object.entries(document.sensitivity)) {
      const ranked = Object.entries(byInput).filter(([, i]) => i.total !== null).sort((a, b) => b[1].total! - a[1].total!);
      lines.push(ranked.length ? `  ${outcome}: ${ranked[0][0]} (total ${ranked[0][1].total!.toFixed(2)}, first-order ${ranked[0][1].first!.toFixed(2)})` : `  ${outcome}: never varies`);
    }
  }
  lines.push("", "Use --json for everything (standard errors, quantile intervals, tiers), or --out DIR for charts.", "");
  return lines.join("\n");
}
