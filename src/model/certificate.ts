/**
 * Certificates (MODEL.md section 2): the exploitability of a profile, computed exactly from
 * the payoff formula, and the one function that turns a candidate profile into a reported
 * `Equilibrium`. Every solver's output passes through `certify`.
 */
import { intervalBestResponse } from "./continuous.js";
import { isNonTrivial, type Game, type Profile } from "./game.js";
import { capabilities, deviationPayoff } from "./payoff.js";

/**
 * What a player may choose: a finite list of openness levels (the tiers; the discrete game)
 * or `"interval"`, any openness in [0, 1] (the continuous game); in both, only from the lab's
 * minimum up (`Game.minimum`).
 */
export type Actions = readonly number[] | "interval";

/** A certified pure Nash equilibrium, as reported (INTERFACE.md, `solve --json`). */
export interface Equilibrium {
  readonly profile: number[];
  readonly nonTrivial: boolean;
  readonly capabilities: number[];
  readonly payoffs: number[];
  /** max_i (best deviation payoff - current payoff); <= the game's tolerance. */
  readonly exploitability: number;
}

export interface BestResponse {
  /** The best openness level (the current one when nothing is strictly better). */
  readonly level: number;
  readonly payoff: number;
  /** Payoff gained by moving there: >= 0. */
  readonly gain: number;
}

/**
 * Player i's best response among `levels` (default: the game's tiers) to the others in x.
 * Only levels at or above the lab's minimum count (a mandate removes the others).
 */
export function bestResponse(
  game: Game,
  p: ArrayLike<number>,
  x: ArrayLike<number>,
  i: number,
  levels: Actions = game.tiers,
): BestResponse {
  if (levels === "interval") return intervalBestResponse(game, p, x, i);
  const now = deviationPayoff(game, p, x, i, x[i]);
  const minimum = game.minimum[i];
  let level = x[i];
  let payoff = now;
  for (const y of levels) {
    if (y < minimum) continue;
    const u = deviationPayoff(game, p, x, i, y);
    if (u > payoff) {
      payoff = u;
      level = y;
    }
  }
  return { level, payoff, gain: payoff - now };
}

/**
 * Capabilities, payoffs and exploitability of x, from scratch. A profile where some lab plays
 * below its minimum is outside the game: its exploitability is infinite.
 */
function assess(game: Game, x: Profile, levels: Actions) {
  const p = capabilities(game, x);
  const payoffs: number[] = [];
  let worst = 0;
  for (let i = 0; i < game.n; i++) {
    const best = bestResponse(game, p, x, i, levels);
    worst = Math.max(worst, x[i] < game.minimum[i] ? Infinity : best.gain);
    payoffs.push(best.payoff - best.gain);
  }
  return { p, payoffs, exploitability: worst };
}

/** Exploitability of x: the most any single player gains by deviating (0 at an equilibrium). */
export function exploitability(game: Game, x: Profile, levels: Actions = game.tiers): number {
  return assess(game, x, levels).exploitability;
}

/** True when no player gains more than the tolerance by deviating (weak pure NE). */
export function isEquilibrium(game: Game, x: Profile, levels: Actions = game.tiers): boolean {
  return exploitability(game, x, levels) <= game.tolerance;
}

/**
 * Re-checks a candidate from scratch and, if it is an equilibrium within the tolerance,
 * returns it with its capabilities, payoffs and exploitability; otherwise null.
 */
export function certify(game: Game, x: Profile, levels: Actions = game.tiers): Equilibrium | null {
  const { p, payoffs, exploitability } = assess(game, x, levels);
  if (exploitability > game.tolerance) return null;
  return { profile: [...x], nonTrivial: isNonTrivial(x), capabilities: [...p], payoffs, exploitability };
}
