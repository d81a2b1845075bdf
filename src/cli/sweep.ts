/** `openrace sweep FILE --vary PATH=FROM:TO:STEPS ...` and `openrace merge PART.json...`. */
import { join } from "node:path";
import {
  MAX_SWEEP_POINTS,
  mergeParts,
  parseAxis,
  pointValues,
  shardRange,
  sweepSpec,
  type InvalidPoint,
  type SweepDocument,
  type SweepPoint,
} from "../analysis/sweep.js";
import { phaseDiagramSpec, sweepLineSpec } from "../analysis/charts.js";
import { sweepCsvLines, sweepJsonChunks } from "../analysis/documents.js";
import { writeChart } from "../io/render.js";
import { PointStore } from "../io/sweep-store.js";
import { formatProblem } from "../model/validate.js";
import { loadScenario, readJson } from "../io/scenario-file.js";
import { ensureDir, writeChunksAtomic, writeChunksToStdout } from "../io/write.js";
import { EXIT, exitStatus, InputError } from "./errors.js";
import { loadPolicy } from "./policy.js";
import { progressBar } from "./progress.js";
import { mergeUncertainCommand } from "./uncertain.js";
import { solvePoints, type BatchCommandOptions } from "./sweep-pool.js";

export interface SweepCommandOptions extends BatchCommandOptions {
  vary: string[];
  policy?: string;
  nontrivial?: boolean;
}

export async function sweepCommand(file: string, options: SweepCommandOptions): Promise<number> {
  const { name, scenario, game } = loadScenario(file);
  if (!options.vary?.length) throw new InputError("openrace: sweep needs at least one --vary PATH=FROM:TO:STEPS");
  const policy = options.policy === undefined ? undefined : loadPolicy(options.policy, file, game, options.game);
  const axes = options.vary.map((text) => parseAxis(text, scenario, policy));
  const problems = axes.flatMap((a) => (a.ok ? [] : a.problems));
  if (problems.length) throw new InputError(`openrace: ${problems.map(formatProblem).join("; ")}`);
  const vary = axes.flatMap((a) => (a.ok ? [a.value] : []));
  const paths = vary.map((v) => v.path);
  if (new Set(paths).size !== paths.length) throw new InputError("openrace: --vary: each parameter may be varied only once");
  const spec = sweepSpec(name, scenario, vary, options.game, options.nontrivial === true, policy);
  if (spec.size > MAX_SWEEP_POINTS)
    throw new InputError(`openrace: --vary: the grid has ${spec.size} points; at most ${MAX_SWEEP_POINTS} are supported (split it into several sweeps)`);
  const indices = shardRange(spec.size, options.shard);
  if (options.out) ensureDir(options.out); // before the work, so that a bad folder fails fast
  const deadline = options.timeLimit === undefined ? Infinity : Date.now() + options.timeLimit * 1000;
  const progress = progressBar("points");
  const started = Date.now();
  // Points go to disk as they finish: memory stays bounded whatever the grid's size.
  const store = new PointStore();
  try {
    let invalid: InvalidPoint | undefined;
    // The incomplete points' reasons (for the exit status), not the points: memory stays flat.
    const cut: Pick<SweepPoint, "complete" | "stopReason">[] = [];
    let run: Awaited<ReturnType<typeof solvePoints>>;
    try {
      run = await solvePoints(spec, scenario, indices, {
        method: options.method,
        deadline,
        workers: options.workers,
        onOutcome: (outcome) => {
          if ("problems" in outcome) invalid ??= outcome;
          else {
            store.add(outcome);
            if (!outcome.complete && !cut.some((c) => c.stopReason === outcome.stopReason)) cut.push(outcome);
          }
        },
        onPoint: (done) => progress.onProgress?.({ done, total: indices.count, found: done, seconds: (Date.now() - started) / 1000 }),
      });
    } finally {
      progress.stop();
    }
    if (invalid)
      throw new InputError(
        `openrace: point ${invalid.index} of the grid (${JSON.stringify(pointValues(vary, invalid.index))}) is not a valid scenario:`,
        invalid.problems,
      );
    const complete = !run.stopped && store.size === indices.count && cut.length === 0;
    const document = { sweep: spec, ...(options.shard ? { shard: options.shard } : {}), complete, get points() { return store.points(); } };
    await emitSweep(document, store.size, options);
    return run.stopped || Date.now() >= deadline ? EXIT.timeLimit : exitStatus(...cut);
  } finally {
    store.close();
  }
}

export async function mergeCommand(files: string[], options: { json?: boolean; out?: string }): Promise<number> {
  const documents = files.map((file) => ({ name: file, document: readJson(file) }));
  if (documents.some(({ document }) => typeof document === "object" && document !== null && "uncertain" in document)) return mergeUncertainCommand(documents, options);
  const parts = documents.map(({ name: file, document: read }) => {
    const document = read as SweepDocument;
    if (!document || typeof document !== "object" || !document.sweep || !Array.isArray(document.points))
      throw new InputError(`openrace: ${file}: not a sweep (expected the JSON of openrace sweep --json)`);
    return { name: file, document };
  });
  const merged = mergeParts(parts);
  if (!merged.ok) throw new InputError("openrace: cannot merge:", merged.problems);
  await emitSweep(merged.value, merged.value.points.length, options);
  // An incomplete part whose points all finished was stopped by its time limit between points.
  const status = exitStatus(...merged.value.points);
  return merged.value.complete ? EXIT.ok : status === EXIT.ok ? EXIT.timeLimit : status;
}

/** A sweep whose points are read (in index order) each time `points` is iterated. */
type StoredSweep = Omit<SweepDocument, "points"> & { readonly points: Iterable<SweepPoint> };

/**
 * JSON on stdout (--json), and/or in --out DIR: the JSON, a CSV of the grid, and a chart (a
 * line chart for one varied parameter, a phase diagram for two) as SVG and PNG with its
 * Vega-Lite spec. Each output reads the points once, so none holds the grid in memory.
 */
async function emitSweep(document: StoredSweep, computed: number, options: { json?: boolean; out?: string }): Promise<void> {
  if (options.out) {
    ensureDir(options.out);
    const written = ["sweep.json", "sweep.csv"];
    writeChunksAtomic(join(options.out, "sweep.json"), sweepJsonChunks(document));
    writeChunksAtomic(join(options.out, "sweep.csv"), sweepCsvLines(document));
    const axes = document.sweep.vary.length;
    if (axes <= 2) {
      const [chart, spec] = axes === 1 ? ["sweep-line", sweepLineSpec(document)] : ["phase-diagram", phaseDiagramSpec(document)];
      await writeChart(spec, ["svg", "png"].map((ext) => join(options.out!, `${chart}.${ext}`)));
      written.push(`${chart}.svg`, `${chart}.png`, `${chart}.vl.json`);
    }
    // What was done and written, on stderr (stdout stays for --json).
    const noChart = axes > 2 ? `; no chart: charts show one varied parameter (a line chart) or two (a phase diagram), this sweep varies ${axes}` : "";
    process.stderr.write(`openrace: ${pointsDone(document, computed)}; wrote ${written.join(", ")} in ${options.out}${noChart}\n`);
  }
  if (options.json) await writeChunksToStdout(sweepJsonChunks(document));
  else if (!options.out) process.stdout.write(summary(document, computed));
}

/** `21 of 21 points computed`, with the shard and whether the sweep is incomplete. */
function pointsDone(document: StoredSweep, computed: number): string {
  const shard = document.shard ? ` (shard ${document.shard.index}/${document.shard.count})` : "";
  const total = document.shard ? shardRange(document.sweep.size, document.shard).count : document.sweep.size;
  let partial = 0;
  if (!document.complete) for (const p of document.points) if (!p.complete) partial++;
  const cut = total - computed;
  const why = [cut ? `${cut} not computed in time` : "", partial ? `${partial} with an incomplete search` : ""].filter(Boolean).join(", ");
  return `${computed} of ${total} points computed${shard}${document.complete ? "" : `, INCOMPLETE${why ? ` (${why})` : ""}`}`;
}

/** One row per grid point: the values, existence, and each metric's range over the equilibria. */
function summary(document: StoredSweep, computed: number): string {
  const s = document.sweep;
  let withEq = 0;
  for (const p of document.points) if (p.exists) withEq++;
  return [
    `${s.scenario}: ${s.game} sweep over ${s.vary.map((a) => `${a.path} (${a.from} to ${a.to}, ${a.steps} values)`).join(" x ")}`,
    `${pointsDone(document, computed)}; an equilibrium${s.nonTrivial ? " where some lab opens" : ""} exists at ${withEq}.`,
    "Use --json for the points, or --out DIR for sweep.json and sweep.csv.",
    "",
  ].join("\n");
}
