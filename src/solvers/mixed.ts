/**
 * Mixed Nash equilibria and logit quantal-response equilibria of a small race (issue 16), on
 * its payoff table (`model/table.ts`):
 * - two labs: every equilibrium, by support enumeration (`support-enumeration.ts`);
 * - more labs: one equilibrium, the limit of the principal logit branch (`logit.ts`), polished
 *   by Newton's method on its support (`support-newton.ts`); other equilibria may exist, unless
 *   iterated strict dominance leaves each lab a single level;
 * - `qre`: the logit QRE at a given lambda, the first point of the same branch at that lambda.
 * Each reported profile carries its exact regret (`model/regret.ts`); mixed equilibria are
 * reported only when that regret is within the game's tolerance (MODEL.md section 2).
 */
import { allowedLevels, type Game } from "../model/game.js";
import { certifyMixed, describeMixed, type MixedEquilibrium, type MixedProfile } from "../model/regret.js";
import { payoffTable, TABLE_LIMITS, type PayoffTable } from "../model/table.js";
import { dominancePresolve } from "./dominance.js";
import { layoutOf, type Layout } from "./expected.js";
import { payoffSpread, traceLogit, type LogitStatus } from "./logit.js";
import { newtonOnSupport } from "./support-newton.js";
import { enumerateSupports } from "./support-enumeration.js";

export type MixedMethod = "support-enumeration" | "logit-path";

export interface MixedResult {
  readonly concept: "mixed" | "qre";
  readonly players: string[];
  readonly tiers: number[];
  readonly method: MixedMethod;
  /** The work asked for finished (false: stopped by the time limit or the tracer failed). */
  readonly complete: boolean;
  /** A mixed equilibrium always exists (Nash 1951); null only for `qre`. */
  readonly exists: boolean | null;
  /** True unless the list is known to hold every mixed equilibrium. */
  readonly moreMayExist: boolean;
  /** The precision of the QRE (concept `qre`). */
  readonly lambda?: number;
  readonly equilibria: MixedEquilibrium[];
  readonly stats: { seconds: number; profiles: number; steps?: number; lambdaReached?: number; supports?: number; tracer?: LogitStatus };
}

export interface MixedOptions {
  readonly timeLimit?: number;
}

/** True when the race is small enough for mixed equilibria (its table within TABLE_LIMITS.mixed). */
export function mixedFits(game: Game): boolean {
  return game.ids.reduce((count, _, i) => count * allowedLevels(game, i).length, 1) <= TABLE_LIMITS.mixed;
}

/** The table of a race small enough for mixed equilibria; a RangeError names the size otherwise. */
export function mixedTable(game: Game): PayoffTable {
  return payoffTable(game, TABLE_LIMITS.mixed);
}

/** Flat probabilities (see `Layout`) as one mixture per lab. */
export function unflatten(layout: Layout, sigma: ArrayLike<number>): MixedProfile {
  return Array.from({ length: layout.offset.length - 1 }, (_, i) => Array.from(sigma).slice(layout.offset[i], layout.offset[i + 1]));
}

function header(game: Game) {
  return { players: [...game.ids], tiers: [...game.tiers] };
}

export function solveMixed(game: Game, options: MixedOptions = {}): MixedResult {
  const started = Date.now();
  const table = mixedTable(game);
  const seconds = () => (Date.now() - started) / 1000;
  if (game.n === 2) {
    const found = enumerateSupports(table);
    return {
      concept: "mixed",
      ...header(game),
      method: "support-enumeration",
      complete: true,
      exists: true,
      moreMayExist: found.degenerate,
      equilibria: found.equilibria,
      stats: { seconds: seconds(), profiles: table.count, supports: found.supports },
    };
  }
  const layout = layoutOf(table);
  const R = payoffSpread(table);
  const deadline = options.timeLimit === undefined ? Infinity : Date.now() + options.timeLimit * 1000;
  let found: MixedEquilibrium | null = null;
  /** mu at which each guessed support was last tried: retried only once mu has doubled. */
  const tried = new Map<string, number>();
  /** The guesses of the previous step: a guess is tried once two steps agree on it. */
  let previous: string[] = [];
  const attempt = (sigma: Float64Array, mu: number, last = false): boolean => {
    // A strategy is in the guessed support when its probability is within a factor of the
    // lab's most likely one; at precision mu that means its payoff is within ~ln(1/ratio)/mu.
    const guesses = [1e-3, 1e-7].map((ratio) => supportOf(layout, sigma, ratio));
    const keys = guesses.map((support) => support.map(Number).join(""));
    const stable = keys.map((key, g) => last || key === previous[g]);
    previous = keys;
    for (const [g, support] of guesses.entries()) {
      const key = keys[g];
      const before = tried.get(key);
      if (!stable[g] || (before !== undefined && mu < 2 * before)) continue;
      tried.set(key, mu);
      // A pure profile needs no Newton step: the certificate decides at once.
      const pure = support.filter(Boolean).length === game.n;
      const polished = pure ? Float64Array.from(support, Number) : newtonOnSupport(table, layout, sigma, support, R);
      if (polished) found = certifyMixed(table, unflatten(layout, polished));
      if (found) return true;
    }
    return false;
  };
  const trace = traceLogit(table, layout, { deadline, onStep: (point) => point.lambda * R >= 1 && attempt(point.sigma, point.lambda * R) });
  if (!found && trace.status !== "time-limit") attempt(trace.point.sigma, Infinity, true);
  // A mixed equilibrium never plays a strictly dominated level (iterated): when the presolve
  // leaves each lab one level, the equilibrium is unique.
  const unique = dominancePresolve(game).levels.every((levels) => levels.length === 1);
  return {
    concept: "mixed",
    ...header(game),
    method: "logit-path",
    complete: found !== null,
    exists: true,
    moreMayExist: !(unique && found !== null),
    equilibria: found ? [found] : [],
    stats: { seconds: seconds(), profiles: table.count, steps: trace.steps, lambdaReached: trace.point.lambda, tracer: trace.status },
  };
}

/** The logit QRE at precision lambda (payoff units) on the principal branch. */
export function solveQre(game: Game, lambda: number, options: MixedOptions = {}): MixedResult {
  const started = Date.now();
  const table = mixedTable(game);
  const layout = layoutOf(table);
  const deadline = options.timeLimit === undefined ? Infinity : Date.now() + options.timeLimit * 1000;
  const trace = traceLogit(table, layout, { stopAt: lambda, deadline, maxMu: Infinity });
  const reached = trace.status === "reached";
  return {
    concept: "qre",
    ...header(game),
    method: "logit-path",
    complete: reached,
    exists: reached ? true : null,
    moreMayExist: false,
    lambda,
    equilibria: reached ? [describeMixed(table, unflatten(layout, trace.point.sigma))] : [],
    stats: { seconds: (Date.now() - started) / 1000, profiles: table.count, steps: trace.steps, lambdaReached: trace.point.lambda, tracer: trace.status },
  };
}

function supportOf(layout: Layout, sigma: Float64Array, ratio: number): boolean[] {
  const { offset } = layout;
  const support = new Array<boolean>(layout.size).fill(false);
  for (let i = 0; i + 1 < offset.length; i++) {
    let top = 0;
    for (let c = offset[i]; c < offset[i + 1]; c++) top = Math.max(top, sigma[c]);
    for (let c = offset[i]; c < offset[i + 1]; c++) support[c] = sigma[c] >= ratio * top;
  }
  return support;
}
