/** `openrace sweep FILE --vary PATH=FROM:TO:STEPS ...` and `openrace merge PART.json...`. */
import { join } from "node:path";
import {
  MAX_SWEEP_POINTS,
  mergeParts,
  parseAxis,
  pointValues,
  shardIndices,
  sweepSpec,
  type InvalidPoint,
  type SweepDocument,
  type SweepPoint,
} from "../analysis/sweep.js";
import { phaseDiagramSpec, sweepLineSpec } from "../analysis/charts.js";
import { jsonText, sweepCsv } from "../analysis/documents.js";
import { writeChart } from "../io/render.js";
import { formatProblem } from "../model/validate.js";
import type { GameKind, Method } from "../solvers/solve.js";
import { loadScenario, readJson } from "../io/scenario-file.js";
import { ensureDir, writeFileAtomic } from "../io/write.js";
import { EXIT, exitStatus, InputError } from "./errors.js";
import { progressBar } from "./progress.js";
import { solvePoints } from "./sweep-pool.js";

export interface SweepCommandOptions {
  vary: string[];
  game: GameKind;
  nontrivial?: boolean;
  method: Method;
  shard?: { index: number; count: number };
  timeLimit?: number;
  workers?: number;
  json?: boolean;
  out?: string;
}

export async function sweepCommand(file: string, options: SweepCommandOptions): Promise<number> {
  const { name, scenario } = loadScenario(file);
  if (!options.vary?.length) throw new InputError("openrace: sweep needs at least one --vary PATH=FROM:TO:STEPS");
  const axes = options.vary.map((text) => parseAxis(text, scenario));
  const problems = axes.flatMap((a) => (a.ok ? [] : a.problems));
  if (problems.length) throw new InputError(`openrace: ${problems.map(formatProblem).join("; ")}`);
  const vary = axes.flatMap((a) => (a.ok ? [a.value] : []));
  const paths = vary.map((v) => v.path);
  if (new Set(paths).size !== paths.length) throw new InputError("openrace: --vary: each parameter may be varied only once");
  const spec = sweepSpec(name, scenario, vary, options.game, options.nontrivial === true);
  if (spec.size > MAX_SWEEP_POINTS)
    throw new InputError(`openrace: --vary: the grid has ${spec.size} points; at most ${MAX_SWEEP_POINTS} are supported (split it into several sweeps)`);
  const indices = shardIndices(spec.size, options.shard);
  if (options.out) ensureDir(options.out); // before the work, so that a bad folder fails fast
  const deadline = options.timeLimit === undefined ? Infinity : Date.now() + options.timeLimit * 1000;
  const progress = progressBar("points");
  const started = Date.now();
  let run: Awaited<ReturnType<typeof solvePoints>>;
  try {
    run = await solvePoints(spec, scenario, indices, {
      method: options.method,
      deadline,
      workers: options.workers,
      onPoint: (done) => progress.onProgress?.({ done, total: indices.length, found: done, seconds: (Date.now() - started) / 1000 }),
    });
  } finally {
    progress.stop();
  }
  const invalid = run.outcomes.find((o): o is InvalidPoint => "problems" in o);
  if (invalid)
    throw new InputError(
      `openrace: point ${invalid.index} of the grid (${JSON.stringify(pointValues(vary, invalid.index))}) is not a valid scenario:`,
      invalid.problems,
    );
  const points = run.outcomes as SweepPoint[];
  const complete = !run.stopped && points.length === indices.length && points.every((p) => p.complete);
  const document: SweepDocument = { sweep: spec, ...(options.shard ? { shard: options.shard } : {}), complete, points };
  await emitSweep(document, spec.players, options);
  return run.stopped || Date.now() >= deadline ? EXIT.timeLimit : exitStatus(...points);
}

export async function mergeCommand(files: string[], options: { json?: boolean; out?: string }): Promise<number> {
  const parts = files.map((file) => {
    const document = readJson(file) as SweepDocument;
    if (!document || typeof document !== "object" || !document.sweep || !Array.isArray(document.points))
      throw new InputError(`openrace: ${file}: not a sweep (expected the JSON of openrace sweep --json)`);
    return { name: file, document };
  });
  const merged = mergeParts(parts);
  if (!merged.ok) throw new InputError("openrace: cannot merge:", merged.problems);
  await emitSweep(merged.value, merged.value.sweep.players, options);
  // An incomplete part whose points all finished was stopped by its time limit between points.
  const status = exitStatus(...merged.value.points);
  return merged.value.complete ? EXIT.ok : status === EXIT.ok ? EXIT.timeLimit : status;
}

/**
 * JSON on stdout (--json), and/or in --out DIR: the JSON, a CSV of the grid, and a chart (a
 * line chart for one varied parameter, a phase diagram for two) as SVG and PNG.
 */
async function emitSweep(document: SweepDocument, players: readonly string[], options: { json?: boolean; out?: string }): Promise<void> {
  const json = jsonText(document);
  if (options.out) {
    ensureDir(options.out);
    const written: string[] = [];
    const write = (name: string, text: string) => {
      writeFileAtomic(join(options.out!, name), text);
      written.push(name);
    };
    write("sweep.json", json);
    write("sweep.csv", sweepCsv(document));
    const axes = document.sweep.vary.length;
    if (axes <= 2) {
      const [chart, spec] = axes === 1 ? ["sweep-line", sweepLineSpec(document, players)] : ["phase-diagram", phaseDiagramSpec(document, players)];
      for (const ext of ["svg", "png"]) {
        await writeChart(spec, join(options.out, `${chart}.${ext}`));
        written.push(`${chart}.${ext}`);
      }
    }
    // What was done and written, on stderr (stdout stays for --json).
    const noChart = axes > 2 ? `; no chart: charts show one varied parameter (a line chart) or two (a phase diagram), this sweep varies ${axes}` : "";
    process.stderr.write(`openrace: ${pointsDone(document)}; wrote ${written.join(", ")} in ${options.out}${noChart}\n`);
  }
  if (options.json || !options.out) process.stdout.write(options.json ? json : summary(document));
}

/** `21 of 21 points computed`, with the shard and whether the sweep is incomplete. */
function pointsDone(document: SweepDocument): string {
  const shard = document.shard ? ` (shard ${document.shard.index}/${document.shard.count})` : "";
  const total = document.shard ? shardIndices(document.sweep.size, document.shard).length : document.sweep.size;
  const cut = total - document.points.length;
  const partial = document.points.filter((p) => !p.complete).length;
  const why = [cut ? `${cut} not computed in time` : "", partial ? `${partial} with an incomplete search` : ""].filter(Boolean).join(", ");
  return `${document.points.length} of ${total} points computed${shard}${document.complete ? "" : `, INCOMPLETE${why ? ` (${why})` : ""}`}`;
}

/** One row per grid point: the values, existence, and each metric's range over the equilibria. */
function summary(document: SweepDocument): string {
  const s = document.sweep;
  const withEq = document.points.filter((p) => p.exists).length;
  return [
    `${s.scenario}: ${s.game} sweep over ${s.vary.map((a) => `${a.path} (${a.from} to ${a.to}, ${a.steps} values)`).join(" x ")}`,
    `${pointsDone(document)}; an equilibrium${s.nonTrivial ? " where some lab opens" : ""} exists at ${withEq}.`,
    "Use --json for the points, or --out DIR for sweep.json and sweep.csv.",
    "",
  ].join("\n");
}
