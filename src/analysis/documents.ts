/**
 * The documents openrace writes for a solve and a sweep, shared by the command line and the
 * web explorer: the `solve --json` document of INTERFACE.md, and CSV tables of equilibria and
 * of sweep points.
 */
import { METRIC_NAMES } from "./metrics.js";
import type { SweepDocument } from "./sweep.js";
import type { SolveResult } from "../solvers/solve.js";

/** The `solve --json` document of INTERFACE.md, keys in its order. */
export function solveJson(scenario: string, result: SolveResult) {
  const { game, players, tiers, method, complete, stopReason, note, exists, equilibria, objective, welfare, stats } = result;
  return { scenario, game, players, tiers, method, complete, stopReason, note, exists, equilibria, objective, welfare, stats };
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
export function sweepCsv(document: SweepDocument): string {
  const paths = document.sweep.vary.map((a) => a.path);
  const header = ["index", ...paths, "exists", "equilibria", ...METRIC_NAMES.flatMap((m) => [`${m}_min`, `${m}_max`]), "profiles"];
  const rows = document.points.map((p) => [
    p.index,
    ...paths.map((path) => p.values[path]),
    p.exists,
    p.metrics.equilibria,
    ...METRIC_NAMES.flatMap((m) => [p.metrics[m]?.min, p.metrics[m]?.max]),
    p.equilibria.map((e) => e.profile.join(" ")).join("; "),
  ]);
  return [header, ...rows].map((r) => r.map(csvCell).join(",")).join("\n") + "\n";
}

/** A CSV cell: quoted when it holds a comma, a quote or a line break. */
function csvCell(value: unknown): string {
  const text = value === null || value === undefined ? "" : String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
