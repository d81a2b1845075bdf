/**
 * `solve`: equilibria of a game by the chosen method, in the shape of INTERFACE.md's
 * `solve --json` (less the scenario name, which the caller knows).
 */
import type { Equilibrium } from "../model/certificate.js";
import type { Game } from "../model/game.js";
import { dominancePresolve } from "./dominance.js";
import { enumerateEquilibria } from "./enumerate.js";
import { Search, type SearchOptions } from "./search.js";

export const METHODS = ["auto", "enumerate", "mip", "iterate"] as const;
export type Method = (typeof METHODS)[number];
export const GAMES = ["discrete", "continuous"] as const;
export type GameKind = (typeof GAMES)[number];

export interface SolveOptions extends SearchOptions {
  readonly method?: Method;
}

export interface SolveResult {
  readonly game: GameKind;
  readonly players: string[];
  readonly tiers: number[];
  /** The method that decided. */
  readonly method: Exclude<Method, "auto">;
  readonly complete: boolean;
  readonly exists: boolean | null;
  readonly equilibria: Equilibrium[];
  readonly stats: SolveStats;
}

export interface SolveStats {
  readonly seconds: number;
  /** Players fixed to one level by the dominance presolve, and its rounds. */
  readonly presolveFixed: number;
  readonly presolveRounds: number;
  /** Profiles in the enumeration walk, and how many were visited. */
  readonly profiles?: number;
  readonly visited?: number;
  /** Candidates that failed the exact re-check (never reported). */
  readonly rejected: number;
}

/** Thrown for a request the chosen method cannot serve (a usage error, not a bug). */
export class UnsupportedError extends Error {}

/** Pure equilibria of the discrete (binary or tiered) game, exactly. */
export async function solveDiscrete(game: Game, options: SolveOptions = {}): Promise<SolveResult> {
  const method = options.method ?? "auto";
  if (method === "mip" || method === "iterate")
    throw new UnsupportedError(`--method ${method} is not available yet for the discrete game; use enumerate or auto`);
  const search = new Search(game, options);
  const presolve = dominancePresolve(game);
  const walk = enumerateEquilibria(game, search, presolve);
  const equilibria = [...search.equilibria].sort(compareProfiles);
  return {
    game: "discrete",
    players: [...game.ids],
    tiers: [...game.tiers],
    method: "enumerate",
    complete: search.complete,
    exists: search.exists,
    equilibria,
    stats: {
      seconds: search.seconds,
      presolveFixed: presolve.levels.filter((l) => l.length === 1).length,
      presolveRounds: presolve.rounds,
      profiles: walk.profiles,
      visited: walk.visited,
      rejected: search.rejected,
    },
  };
}

/** Lexicographic order on profiles, so that reports are stable. */
export function compareProfiles(a: Equilibrium, b: Equilibrium): number {
  for (let i = 0; i < a.profile.length; i++) {
    if (a.profile[i] !== b.profile[i]) return a.profile[i] - b.profile[i];
  }
  return 0;
}
