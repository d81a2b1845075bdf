/** `openrace solve FILE`: equilibria of a scenario, as a table or as INTERFACE.md's JSON. */
import { capabilityBarsSpec } from "../analysis/charts.js";
import { jsonText, solveJson } from "../analysis/documents.js";
import { equilibriumTitle, formatExact, formatNumber, incompleteReason, leadNotes, levelLabel, listsAll, readObjective, readResult, readWelfare } from "../analysis/reading.js";
import { writeChart } from "../io/render.js";
import type { Equilibrium } from "../model/certificate.js";
import type { Game } from "../model/game.js";
import type { ObjectiveName, Sense } from "../model/objectives.js";
import { mixedFits } from "../solvers/mixed.js";
import { solveContinuous } from "../solvers/solve-continuous.js";
import { solveDiscrete, UnsupportedError, type GameKind, type Method, type SolveResult } from "../solvers/solve.js";
import { loadScenario } from "../io/scenario-file.js";
import { exitStatus, InputError } from "./errors.js";
import { subtreesOnWorkers } from "./sweep-pool.js";
import { progressBar } from "./progress.js";
import { formatTable } from "./table.js";

export interface SolveCommandOptions {
  game: GameKind;
  nontrivial?: boolean;
  first?: boolean;
  method: Method;
  objective?: ObjectiveName;
  sense: Sense;
  timeLimit?: number;
  json?: boolean;
  plot?: string;
  plotAll?: boolean;
  /** False with --no-welfare; with --first the core leaves the summary out anyway. */
  welfare: boolean;
  /** Worker threads for branch and propagate's subtrees (default: one per core). */
  workers?: number;
}

/** Equilibria shown in full in the table view; the rest are counted (all are in --json). */
const TABLES_SHOWN = 10;

export async function solveCommand(file: string, options: SolveCommandOptions): Promise<number> {
  const { name, game } = loadScenario(file);
  if (options.plot && !/\.(svg|png)$/i.test(options.plot))
    throw new InputError(`openrace: ${options.plot}: expected a file name ending in .svg or .png`);
  const progress = progressBar(options.game === "continuous" ? "steps" : "profiles");
  let result: SolveResult;
  try {
    result = await (options.game === "continuous" ? solveContinuous : solveDiscrete)(game, {
      method: options.method,
      nonTrivial: options.nontrivial,
      first: options.first,
      timeLimit: options.timeLimit,
      objective: options.objective,
      sense: options.sense,
      onProgress: progress.onProgress,
      subtrees: subtreesOnWorkers(options.workers),
      ...(options.welfare ? {} : { welfare: false }),
    });
  } catch (error) {
    if (error instanceof UnsupportedError) throw new InputError(`openrace: ${error.message}`);
    throw error;
  } finally {
    progress.stop();
  }
  // No equilibrium is an answer, not an error: the result is printed, no chart is written,
  // and stderr says so (the exit status is the solve's).
  if (options.plot && result.equilibria.length) await writeChart(capabilityBarsSpec(name, game, result, options.plotAll ? "all" : 1), options.plot);
  process.stdout.write(options.json ? jsonText(solveJson(name, result)) : solveText(name, game, result, options.nontrivial));
  if (options.plot) process.stderr.write(result.equilibria.length ? `openrace: wrote ${options.plot}\n` : `openrace: --plot: no equilibrium to draw, so ${options.plot} was not written\n`);
  return exitStatus(result);
}

/** What the method did, in a few words. */
function workDone(game: Game, result: SolveResult): string {
  const s = result.stats;
  const parts = [`presolve fixed ${s.presolveFixed} of ${game.n} labs`];
  if (s.profiles !== undefined) parts.push(`${s.visited} of ${s.profiles} profiles checked`);
  if (s.nodes !== undefined) parts.push(`${s.nodes} search nodes`);
  if (s.starts !== undefined) parts.push(`${s.starts} best-response starts`);
  if (s.mipSolves !== undefined) parts.push(`${s.mipSolves} HiGHS solves of a ${s.mipColumns}-column, ${s.mipRows}-row MIP`);
  else if (s.mipColumns !== undefined) parts.push(`KKT MIP of ${s.mipColumns} columns and ${s.mipRows} rows`);
  if (s.iterations !== undefined) parts.push(`${s.iterations} iterations, exploitability reached ${formatNumber(s.exploitabilityReached ?? NaN)}`);
  if (s.uniqueness) parts.push(`uniqueness check: ${s.uniqueness.status} in ${formatNumber(s.uniqueness.seconds)} s`);
  return parts.join("; ");
}

function solveText(name: string, game: Game, result: SolveResult, nonTrivial?: boolean): string {
  const eqs = result.equilibria;
  const out: string[] = [];
  const levels = result.game === "continuous" ? "any openness in [0, 1]" : game.tiers.map((x) => levelLabel(x, game)).join(" / ");
  out.push(`${name}: ${result.game} game, ${game.n} labs, levels ${levels}`);
  const reason = incompleteReason(result);
  const status = reason !== null ? `INCOMPLETE: ${reason}` : result.stopReason === "first" && result.game === "discrete" ? "stopped at the first equilibrium, as asked" : "complete";
  out.push(`method ${result.method}, ${status}, ${formatNumber(result.stats.seconds)} s (${workDone(game, result)})`);
  const kind = eqs.length === 1 ? "equilibrium" : "equilibria";
  if (result.objective) out.push(readObjective(result.objective, result.complete));
  else if (result.game === "continuous")
    out.push(
      !eqs.length
        ? "No certified equilibrium found."
        : result.unique === true
          ? "The only pure equilibrium (proven by the KKT MIP; see below)."
          : result.unique === false
            ? "Two certified pure equilibria: the game has at least two (others may exist)."
            : "A certified pure equilibrium (one always exists in the continuous game; others may exist).",
    );
  else out.push(`${eqs.length} pure ${kind} found${result.complete ? "" : " so far"}.`);
  if (result.welfare) out.push(readWelfare(result.welfare));
  out.push("");
  eqs.slice(0, TABLES_SHOWN).forEach((eq, e) => out.push(equilibriumTable(game, eq, e + 1), ""));
  if (eqs.length > TABLES_SHOWN) out.push(`... and ${eqs.length - TABLES_SHOWN} more (all are listed with --json).`, "");
  out.push(wrap(readResult(game, result, { nonTrivial }), 96), "");
  if (result.exists === false && !nonTrivial && result.game === "discrete" && mixedFits(game))
    out.push(wrap("Without a pure equilibrium, labs can still be predicted to randomise: `solve --concept mixed` finds a mixed equilibrium (and `--concept correlated` a correlated one).", 96), "");
  return out.join("\n");
}

function equilibriumTable(game: Game, eq: Equilibrium, number: number): string {
  const notes = leadNotes(game, eq);
  const rows = game.ids.map((id, i) => [
    id,
    levelLabel(eq.profile[i], game) + (eq.profile[i] > 0 && eq.profile[i] < 1 && !game.tiers.includes(eq.profile[i]) ? " (partial)" : ""),
    formatNumber(eq.capabilities[i]),
    formatNumber(eq.payoffs[i]),
    notes[i],
  ]);
  const table = formatTable(["lab", "choice", "capability", "payoff", ""], rows, ["left", "left", "right", "right", "left"]);
  // Partial openness is printed rounded: the profile to type back (explain --profile) too.
  const partial = eq.profile.some((x) => !game.tiers.includes(x)) ? `; profile ${eq.profile.map(formatExact).join(",")}` : "";
  return `${equilibriumTitle(game, eq, number)}  (exploitability ${formatNumber(eq.exploitability)}${partial})\n${table}`;
}

/** Wraps a paragraph at word boundaries. */
export function wrap(text: string, width: number): string {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines.join("\n");
}
