/**
 * The documents openrace writes for a solve and a sweep, shared by the command line and the
 * web explorer: the `solve --json` document of INTERFACE.md, and CSV tables of equilibria and
 * of sweep points.
 */
import { METRIC_NAMES } from "./metrics.js";
import type { SweepDocument, SweepPoint, SweepSpec } from "./sweep.js";
import type { SolveResult } from "../solvers/solve.js";

/**
 * A JSON document as openrace prints it (two-space indent, final newline). JSON has no NaN or
 * Infinity (JSON.stringify would silently write null): one reaching an output is a bug, and
 * it stops here with the field's name rather than write a wrong document.
 */
export function jsonText(value: unknown): string {
  return `${JSON.stringify(
    value,
    (key, v: unknown) => {
      if (typeof v === "number" && !Number.isFinite(v)) throw new Error(`non-finite number ${v} in field "${key}" of a JSON output`);
      return v;
    },
    2,
  )}\n`;
}

/** The `solve --json` document of INTERFACE.md, keys in its order. */
export function solveJson(scenario: string, result: SolveResult) {
  const { game, players, tiers, method, complete, stopReason, note, exists, equilibria, unique, objective, welfare, stats } = result;
  return { scenario, game, players, tiers, method, complete, stopReason, note, exists, equilibria, unique, objective, welfare, stats };
}

/** A row per equilibrium: its number, each lab's openness, capability and payoff, exploitability. */
export function equilibriaCsv(result: SolveResult): string {
  const labs = result.players;
  const header = [
    "equilibrium",
    ...labs.map((id) => `${id}_openness`),
    ...labs.map((id) => `${id}_capability`),
    ...labs.map((id) => `${id}_payoff`),
    "nonTrivial",
    "exploitability",
  ];
  const rows = result.equilibria.map((eq, e) => [e + 1, ...eq.profile, ...eq.capabilities, ...eq.payoffs, eq.nonTrivial, eq.exploitability]);
  return [header.map(csvCell), ...rows.map((r) => r.map(csvCell))].map((r) => r.join(",")).join("\n") + "\n";
}

/** A row per point: values, existence, metric ranges, profiles (`sweep --out DIR`'s sweep.csv). */
export function sweepCsv(document: Pick<SweepDocument, "sweep" | "points">): string {
  return [...sweepCsvLines(document)].join("");
}

/** sweep.csv line by line (header first), for writers that stream a large grid. */
export function* sweepCsvLines(document: { readonly sweep: SweepSpec; readonly points: Iterable<SweepPoint> }): Generator<string> {
  const paths = document.sweep.vary.map((a) => a.path);
  const header = ["index", ...paths, "exists", "equilibria", ...METRIC_NAMES.flatMap((m) => [`${m}_min`, `${m}_max`]), "profiles"];
  yield `${header.map(csvCell).join(",")}\n`;
  for (const p of document.points) {
    const row = [
      p.index,
      ...paths.map((path) => p.values[path]),
      p.exists,
      p.metrics.equilibria,
      ...METRIC_NAMES.flatMap((m) => [p.metrics[m]?.min, p.metrics[m]?.max]),
      p.equilibria.map((e) => e.profile.join(" ")).join("; "),
    ];
    yield `${row.map(csvCell).join(",")}\n`;
  }
}

/**
 * The sweep document as `JSON.stringify(document, null, 2)` writes it, in pieces: one per point,
 * so that a large grid is never one string in memory.
 */
export function* sweepJsonChunks(document: { readonly sweep: SweepSpec; readonly shard?: SweepDocument["shard"]; readonly complete: boolean; readonly points: Iterable<SweepPoint> }): Generator<string> {
  const { points, ...head } = document;
  const opening = JSON.stringify({ ...head, points: [] }, null, 2);
  yield `${opening.slice(0, opening.lastIndexOf("[]"))}[`;
  let first = true;
  for (const point of points) {
    yield `${first ? "" : ","}\n    ${JSON.stringify(point, null, 2).replace(/\n/g, "\n    ")}`;
    first = false;
  }
  yield first ? "]\n}\n" : "\n  ]\n}\n";
}

/** A CSV cell: quoted when it holds a comma, a quote or a line break. */
function csvCell(value: unknown): string {
  const text = value === null || value === undefined ? "" : String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
