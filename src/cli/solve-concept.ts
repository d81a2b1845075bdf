/**
 * `openrace solve FILE --concept mixed|qre|correlated|coarse-correlated`: equilibria beyond
 * pure ones (INTERFACE.md, "Beyond pure equilibria"), as a table or as JSON.
 */
import { formatProbability, formatRegret, readCorrelatedResult, readMixedResult } from "../analysis/mixed-reading.js";
import { formatNumber, levelLabel } from "../analysis/reading.js";
import type { Game } from "../model/game.js";
import type { ObjectiveName, Sense } from "../model/objectives.js";
import { CorrelatedError, solveCorrelated, type CorrelatedResult } from "../solvers/correlated.js";
import { solveMixed, solveQre, type MixedResult } from "../solvers/mixed.js";
import { solveDiscrete } from "../solvers/solve.js";
import { loadScenario } from "../io/scenario-file.js";
import { EXIT, InputError } from "./errors.js";
import type { Concept } from "./choices.js";
import { formatTable } from "./table.js";
import { wrap } from "./solve.js";


export interface ConceptOptions {
  /** `pure` comes here only with a misplaced --lambda. */
  concept: Concept;
  lambda?: number;
  objective?: ObjectiveName;
  sense: Sense;
  /** Options of the pure concept, refused here. */
  game?: string;
  nontrivial?: boolean;
  first?: boolean;
  method?: string;
  plot?: string;
  timeLimit?: number;
  json?: boolean;
}

export async function solveConceptCommand(file: string, options: ConceptOptions): Promise<number> {
  if (options.concept !== "qre" && options.lambda !== undefined) throw new InputError("openrace: --lambda goes with --concept qre");
  if (options.game === "continuous") throw new InputError(`openrace: --game continuous: --concept ${options.concept} is for the discrete game (the continuous game always has a pure equilibrium)`);
  const pureOnly = [options.nontrivial && "--nontrivial", options.first && "--first", options.method && options.method !== "auto" && "--method", options.plot && "--plot"].filter(Boolean);
  if (pureOnly.length) throw new InputError(`openrace: ${pureOnly.join(", ")} ${pureOnly.length === 1 ? "goes" : "go"} with --concept pure, not --concept ${options.concept}`);
  const { name, game } = loadScenario(file);
  if (options.concept === "qre" && options.lambda === undefined) throw new InputError("openrace: --concept qre needs --lambda L (a number >= 0)");
  const correlated = options.concept === "correlated" || options.concept === "coarse-correlated";
  if (!correlated && options.objective !== undefined) throw new InputError(`openrace: --objective goes with --concept pure, correlated or coarse-correlated`);
  try {
    if (correlated) return await correlatedCommand(name, game, options);
  } catch (error) {
    if (error instanceof CorrelatedError) throw new Error(error.message);
    if (error instanceof RangeError) throw new InputError(`openrace: --concept ${options.concept}: ${error.message}`);
    throw error;
  }
  let result: MixedResult;
  try {
    result = options.concept === "qre" ? solveQre(game, options.lambda!, options) : solveMixed(game, options);
  } catch (error) {
    if (error instanceof RangeError) throw new InputError(`openrace: --concept ${options.concept}: ${error.message}`);
    throw error;
  }
  if (options.json) process.stdout.write(`${JSON.stringify({ scenario: name, ...result }, null, 2)}\n`);
  else {
    const pure = result.concept === "mixed" ? await pureExists(game) : null;
    process.stdout.write(mixedText(name, game, result, pure));
  }
  if (result.complete) return EXIT.ok;
  return result.stats.tracer === "time-limit" ? EXIT.timeLimit : EXIT.failure;
}

/** Whether the race has a pure equilibrium (a small race: the enumeration is quick). */
async function pureExists(game: Game): Promise<boolean | null> {
  return (await solveDiscrete(game, { first: true, welfare: false })).exists;
}

async function correlatedCommand(name: string, game: Game, options: ConceptOptions): Promise<number> {
  const result = await solveCorrelated(game, {
    coarse: options.concept === "coarse-correlated",
    objective: options.objective,
    sense: options.sense,
    timeLimit: options.timeLimit,
  });
  if (options.json) process.stdout.write(`${JSON.stringify({ scenario: name, ...result }, null, 2)}\n`);
  else process.stdout.write(correlatedText(name, game, result, await pureExists(game)));
  return result.complete ? EXIT.ok : EXIT.timeLimit;
}

/** Distribution rows shown in the table view (all are in --json). */
const ROWS_SHOWN = 20;

function correlatedText(name: string, game: Game, result: CorrelatedResult, pure: boolean | null): string {
  const s = result.stats;
  const kind = result.concept === "correlated" ? "correlated" : "coarse correlated";
  const { objective, sense } = result.optimize;
  const pruned = s.pruned ? ` after removing ${s.pruned} with strictly dominated levels` : "";
  const out = [
    `${name}: ${kind} equilibrium, ${sense === "max" ? "highest" : "lowest"} ${objective}, ${game.n} labs, levels ${game.tiers.map((x) => levelLabel(x, game)).join(" / ")}`,
    `method lp (HiGHS), ${result.complete ? "complete" : "INCOMPLETE: time limit reached"}, ${formatNumber(s.seconds)} s (${s.profiles} profiles${pruned}; ${s.rows} rows)`,
    "",
  ];
  for (const eq of result.equilibria) {
    const rows = eq.distribution.slice(0, ROWS_SHOWN).map((d) => [formatProbability(d.probability), ...d.profile.map((x) => levelLabel(x, game))]);
    out.push(`Distribution (expected ${objective} ${formatNumber(eq.objective)}, regret ${formatRegret(eq.regret)})`);
    out.push(formatTable(["probability", ...game.ids], rows, ["right", ...game.ids.map(() => "left" as const)]));
    if (eq.distribution.length > ROWS_SHOWN) out.push(`  ... and ${eq.distribution.length - ROWS_SHOWN} more profiles (all are listed with --json).`);
    out.push("");
  }
  out.push(wrap(readCorrelatedResult(game, result, pure), 96), "");
  return out.join("\n");
}

function mixedText(name: string, game: Game, result: MixedResult, pureExists: boolean | null): string {
  const s = result.stats;
  const work = [`${s.profiles} pure profiles`];
  if (s.supports !== undefined) work.push(`${s.supports} support pairs`);
  if (s.steps !== undefined) work.push(`${s.steps} path steps to lambda ${formatNumber(s.lambdaReached ?? NaN)}`);
  const status = result.complete ? "complete" : `INCOMPLETE: ${s.tracer === "time-limit" ? "time limit reached" : "the logit path could not be followed further"}`;
  const out = [
    `${name}: ${result.concept === "qre" ? `logit quantal-response equilibrium at lambda ${formatNumber(result.lambda ?? NaN)}` : "mixed equilibria"}, ${game.n} labs, levels ${game.tiers.map((x) => levelLabel(x, game)).join(" / ")}`,
    `method ${result.method}, ${status}, ${formatNumber(s.seconds)} s (${work.join("; ")})`,
    "",
  ];
  result.equilibria.forEach((eq, e) => {
    const title = result.concept === "qre" ? "Quantal-response profile" : `Mixed equilibrium ${e + 1}`;
    const rows = game.ids.map((id, i) => [id, ...eq.strategies[i].map(formatProbability), formatNumber(eq.payoffs[i])]);
    const table = formatTable(["lab", ...game.tiers.map((t) => `P(${levelLabel(t)})`), "expected payoff"], rows, ["left", ...game.tiers.map(() => "right" as const), "right"]);
    out.push(`${title}  (regret ${formatRegret(eq.regret)})`, table, "");
  });
  out.push(wrap(readMixedResult(game, result, pureExists), 96), "");
  return out.join("\n");
}
