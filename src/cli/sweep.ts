/** `openrace sweep FILE --vary PATH=FROM:TO:STEPS ...` and `openrace merge PART.json...`. */
import { mkdirSync } from "node:fs";
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
import { sweepCsv } from "../analysis/documents.js";
import { writeChart } from "../io/render.js";
import { formatProblem } from "../model/validate.js";
import type { GameKind, Method } from "../solvers/solve.js";
import { loadScenario, readJson } from "../io/scenario-file.js";
import { writeFileAtomic } from "../io/write.js";
import { EXIT, InputError } from "./errors.js";
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
  return complete ? EXIT.ok : EXIT.timeLimit;
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
  return merged.value.complete ? EXIT.ok : EXIT.timeLimit;
}

/**
 * JSON on stdout (--json), and/or in --out DIR: the JSON, a CSV of the grid, and a chart (a
 * line chart for one varied parameter, a phase diagram for two) as SVG and PNG.
 */
async function emitSweep(document: SweepDocument, players: readonly string[], options: { json?: boolean; out?: string }): Promise<void> {
  const json = `${JSON.stringify(document, null, 2)}\n`;
  if (options.out) {
    try {
      mkdirSync(options.out, { recursive: true });
    } catch (error) {
      throw new InputError(`openrace: cannot create ${options.out}: ${(error as Error).message}`);
    }
    writeFileAtomic(join(options.out, "sweep.json"), json);
    writeFileAtomic(join(options.out, "sweep.csv"), sweepCsv(document));
    const axes = document.sweep.vary.length;
    if (axes <= 2) {
      const [chart, spec] = axes === 1 ? ["sweep-line", sweepLineSpec(document, players)] : ["phase-diagram", phaseDiagramSpec(document, players)];
      for (const ext of ["svg", "png"]) await writeChart(spec, join(options.out, `${chart}.${ext}`));
    }
  }
  if (options.json || !options.out) process.stdout.write(options.json ? json : summary(document));
}

/** One row per grid point: the values, existence, and each metric's range over the equilibria. */
function summary(document: SweepDocument): string {
  const s = document.sweep;
  const withEq = document.points.filter((p) => p.exists).length;
  return [
    `${s.scenario}: ${s.game} sweep over ${s.vary.map((a) => `${a.path} (${a.from} to ${a.to}, ${a.steps} values)`).join(" x ")}`,
    `${document.points.length} of ${s.size} points computed${document.shard ? ` (shard ${document.shard.index}/${document.shard.count})` : ""}${document.complete ? "" : ", INCOMPLETE"}; an equilibrium${s.nonTrivial ? " where some lab opens" : ""} exists at ${withEq}.`,
    "Use --json for the points, or --out DIR for sweep.json and sweep.csv.",
    "",
  ].join("\n");
}
