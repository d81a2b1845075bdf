/**
 * `solve`: equilibria of the discrete (binary or tiered) game by the chosen method, in the
 * shape of INTERFACE.md's `solve --json` (less the scenario name, which the caller knows).
 *
 * `auto` stays exact and picks what is fastest from measured features (docs/benchmarks.md):
 * the dominance presolve; enumeration when few profiles are left; otherwise, for a single
 * equilibrium, best-response dynamics first (fast when they converge), then an exact search
 * that also proves absence: the conflict-learning search when the free labs influence few
 * others (races with rival sets, like the SAT reductions), branch and propagate otherwise
 * (dense races). The result names the method that decided.
 */
import type { Actions, Equilibrium } from "../model/certificate.js";
import type { Game } from "../model/game.js";
import { bestEquilibrium, OBJECTIVES, welfareRange, type ObjectiveName, type Sense } from "../model/objectives.js";
import { bestResponseDynamics } from "./best-response.js";
import { branchAndPropagate, splitSearch } from "./branch.js";
import type { DomainState } from "./propagate.js";
import { conflictSearch, learningPays } from "./conflict.js";
import { dominancePresolve } from "./dominance.js";
import { enumerateEquilibria } from "./enumerate.js";
import { mipEquilibria } from "./mip.js";
import { Search, type SearchOptions, type StopReason } from "./search.js";

export const METHODS = ["auto", "enumerate", "propagate", "conflict", "mip", "iterate"] as const;
export type Method = (typeof METHODS)[number];
/** What actually decided (`iterate` runs best-response dynamics in the discrete game). */
export type DecidingMethod = "enumerate" | "propagate" | "conflict" | "mip" | "best-response" | "extragradient";
export const GAMES = ["discrete", "continuous"] as const;
export type GameKind = (typeof GAMES)[number];

/** log2 of the profiles left after the presolve up to which `auto` enumerates (2^20: well under a second). */
export const ENUMERATION_LIMIT = 20;

export interface SolveOptions extends SearchOptions {
  readonly method?: Method;
  /** Report the best (`sense: "max"`) or worst equilibrium for this objective. */
  readonly objective?: ObjectiveName;
  readonly sense?: Sense;
  /**
   * Add the welfare summary (social optimum, prices of anarchy and stability). Default: true,
   * but false with `first`, whose caller wants one equilibrium fast: the summary's searches for
   * the best and worst equilibria can take WELFARE_BUDGET seconds each on a large race.
   */
  readonly welfare?: boolean;
  /**
   * Continuous game, no objective: after the equilibrium is found, look for the one farthest
   * from it (solve-continuous.ts), which proves it unique or lists a second. Default: as
   * `welfare` (so off for sweeps and samples, which pass `welfare: false`, and with `first`).
   */
  readonly uniqueness?: boolean;
  /**
   * Searches boxes of a split search tree elsewhere, concurrently (the CLI: worker threads):
   * branch and propagate listing every equilibrium then splits its tree (`splitSearch`) and
   * hands the boxes over. The core stays single-threaded without it.
   */
  readonly subtrees?: SubtreeRunner;
}

/**
 * Searches every box (branch and propagate from its state, `branchAndPropagate`'s `from`) and offers
 * each equilibrium found to `search`; `stopped` when the time limit cut the work short.
 */
export type SubtreeRunner = (game: Game, boxes: readonly DomainState[], search: Search) => Promise<{ nodes: number; workers: number; stopped: boolean }>;

/** Boxes a parallel search splits its tree into (many per worker, for balance). */
const SPLIT_BOXES = 256;

/** The continuous uniqueness check (solve-continuous.ts), as reported in `stats.uniqueness`. */
export interface UniquenessCheck {
  /**
   * `unique`: every equilibrium is within `bound` of the first (proven); `refuted`: a second
   * certified equilibrium is listed; `inconclusive`: the bound is above the tolerance but the
   * MIP's point certified back onto the first (or not at all); `skipped`: more than
   * UNIQUE_LABS labs; `time-limit` / `error`: the check did not finish.
   */
  readonly status: "unique" | "refuted" | "inconclusive" | "skipped" | "time-limit" | "error";
  /** HiGHS's dual bound on the L1 distance (openness) of any equilibrium from the first. */
  readonly bound?: number | null;
  readonly seconds: number;
  readonly message?: string;
}

/** Whether a continuous solve checks uniqueness (see `SolveOptions.uniqueness`). */
export function wantsUniqueness(options: SolveOptions): boolean {
  return options.uniqueness ?? wantsWelfare(options);
}

/** Whether a solve adds the welfare summary (see `SolveOptions.welfare`). */
export function wantsWelfare(options: SolveOptions): boolean {
  return options.welfare ?? !options.first;
}

/**
 * Seconds the welfare summary may spend on its own searches (when the equilibria were not all
 * listed); within a time limit, also at most what is left of it.
 */
export const WELFARE_BUDGET = 2;

export interface WelfareSummary {
  /** Highest welfare (sum of capabilities) over all profiles. */
  readonly socialOptimum: number;
  /** Highest and lowest welfare over all pure equilibria (null: none, or not known in time). */
  readonly bestEquilibrium: number | null;
  readonly worstEquilibrium: number | null;
  /** socialOptimum / worstEquilibrium and socialOptimum / bestEquilibrium, when both are > 0. */
  readonly priceOfAnarchy: number | null;
  readonly priceOfStability: number | null;
  /** False when the budget ran out before the best and worst equilibria were known. */
  readonly complete: boolean;
}

export interface SolveResult {
  readonly game: GameKind;
  readonly players: string[];
  readonly tiers: number[];
  readonly method: DecidingMethod;
  readonly complete: boolean;
  /**
   * Why the search ended (search.ts): it was exhausted (the list is every equilibrium asked
   * for), stopped at the first one (`first`, and always in the continuous game, which looks
   * for one), hit its time limit, used a method that cannot prove it found everything
   * (`incomplete`), or a solver failed (`solver-error`); `note` says more when a solver failed
   * or a claim was not proven.
   */
  readonly stopReason: StopReason;
  readonly note?: string;
  readonly exists: boolean | null;
  readonly equilibria: Equilibrium[];
  /**
   * Continuous game only, when the check ran to an answer: true when the equilibrium listed is
   * proven the only one (within `stats.uniqueness.bound` in openness), false when a second
   * one is listed. Absent: not established either way.
   */
  readonly unique?: boolean;
  readonly objective?: { readonly name: ObjectiveName; readonly sense: Sense; readonly value: number | null };
  readonly welfare?: WelfareSummary;
  readonly stats: SolveStats;
}

export interface SolveStats {
  readonly seconds: number;
  /** Players fixed to one level by the dominance presolve. */
  readonly presolveFixed: number;
  /** Enumeration: profiles in the walk, and how many were visited. */
  readonly profiles?: number;
  readonly visited?: number;
  /** Branch-and-propagate: search nodes. */
  readonly nodes?: number;
  /** Branch-and-propagate split over threads (`subtrees`): the worker threads used (0: the split ran here). */
  readonly workers?: number;
  /** Conflict-learning search: decisions, conflicts (each learns a nogood) and restarts. */
  readonly decisions?: number;
  readonly conflicts?: number;
  readonly restarts?: number;
  /** MIP: HiGHS solves, no-good cuts, and the model's size. */
  readonly mipSolves?: number;
  readonly mipColumns?: number;
  readonly mipRows?: number;
  /** Best-response dynamics: starts tried. */
  readonly starts?: number;
  /** Continuous iterative methods: iterations, the exploitability reached, and its trace. */
  readonly iterations?: number;
  readonly exploitabilityReached?: number;
  readonly trace?: number[];
  /** Continuous game: the uniqueness check, when it was attempted. */
  readonly uniqueness?: UniquenessCheck;
  /** Candidates that failed the exact re-check (never reported; expected 0). */
  readonly rejected: number;
}

/** Thrown for a request the chosen method cannot serve (a usage error, not a bug). */
export class UnsupportedError extends Error {}

/** Pure equilibria of the discrete (binary or tiered) game. */
export async function solveDiscrete(game: Game, options: SolveOptions = {}): Promise<SolveResult> {
  const requested = options.method ?? "auto";
  const goal = options.objective ? { objective: options.objective, sense: options.sense ?? "max" } : undefined;
  // With an objective every candidate is kept and the best is chosen at the end.
  const search = new Search(game, goal ? { ...options, first: false } : options);
  const presolve = dominancePresolve(game);
  const free = presolve.levels.filter((l) => l.length > 1).length;
  const profileBits = presolve.levels.reduce((bits, l) => bits + Math.log2(l.length), 0);
  const stats: Record<string, number> = { presolveFixed: game.n - free };
  let method: DecidingMethod;

  const enumerate = () => {
    const walk = enumerateEquilibria(game, search, presolve);
    Object.assign(stats, { profiles: walk.profiles, visited: walk.visited });
    return "enumerate" as const;
  };
  const propagate = async () => {
    if (options.subtrees && !goal && !options.first) {
      const split = splitSearch(game, search, SPLIT_BOXES);
      const run = await options.subtrees(game, split.boxes, search);
      if (run.stopped) search.stopReason = "time-limit";
      Object.assign(stats, { nodes: split.nodes + run.nodes, workers: run.workers });
    } else stats.nodes = branchAndPropagate(game, search, { objective: goal && { objective: OBJECTIVES[goal.objective], sense: goal.sense } }).nodes;
    return "propagate" as const;
  };
  const conflict = () => {
    const run = conflictSearch(game, search, { objective: goal && { objective: OBJECTIVES[goal.objective], sense: goal.sense } });
    Object.assign(stats, { decisions: run.decisions, conflicts: run.conflicts, restarts: run.restarts });
    return "conflict" as const;
  };
  const iterate = (budget?: { restarts: number; maxRounds: number }) => {
    stats.starts = bestResponseDynamics(game, search, presolve, budget).starts;
    return "best-response" as const;
  };

  switch (requested) {
    case "enumerate":
      method = enumerate();
      break;
    case "propagate":
      method = await propagate();
      break;
    case "conflict":
      method = conflict();
      break;
    case "iterate":
      method = iterate();
      if (!(options.first && search.equilibria.length > 0)) search.stopReason = "incomplete";
      break;
    case "mip": {
      const mip = await mipEquilibria(game, search, { objective: goal });
      Object.assign(stats, { mipSolves: mip.solves, mipColumns: mip.columns, mipRows: mip.rows });
      method = "mip";
      break;
    }
    case "auto":
      if (profileBits <= ENUMERATION_LIMIT) method = enumerate();
      else {
        let found = false;
        if (options.first && !goal) {
          // A short try: when dynamics converge they do so fast (within 8 rounds on the benchmark
          // races: docs/model.md, "auto"); the exact search follows.
          iterate({ restarts: 10, maxRounds: 20 });
          found = search.equilibria.length > 0;
        }
        // The exact search, chosen from the race's structure (measured only when needed: it
        // builds the influence graph, which costs more than the short try above).
        const learn = () => learningPays(game, presolve.levels.map((l) => l.length > 1));
        if (found) method = "best-response";
        else if (!search.complete) method = "propagate";
        else method = learn() ? conflict() : await propagate();
      }
      break;
  }

  let equilibria = [...search.equilibria].sort(compareProfiles);
  let objective: SolveResult["objective"];
  if (goal) {
    const best = bestEquilibrium(equilibria, goal.objective, goal.sense);
    equilibria = best ? [best] : [];
    objective = { name: goal.objective, sense: goal.sense, value: best ? OBJECTIVES[goal.objective].value(best.profile, best.capabilities) : null };
  }
  const listedAll = search.complete && !options.nonTrivial && !options.first && !goal;
  const welfare = wantsWelfare(options) ? await welfareSummary(game, search, discreteExtreme(game, listedAll ? equilibria : null)) : undefined;
  return {
    game: "discrete",
    players: [...game.ids],
    tiers: [...game.tiers],
    method,
    complete: search.complete,
    stopReason: search.stopReason,
    ...(search.note ? { note: search.note } : {}),
    exists: search.exists,
    equilibria,
    ...(objective ? { objective } : {}),
    ...(welfare ? { welfare } : {}),
    stats: { seconds: search.seconds, ...stats, rejected: search.rejected } as SolveStats,
  };
}

/** The welfare of the best (max) or worst (min) equilibrium within `budget` seconds. */
export type WelfareExtreme = (sense: Sense, budget: number) => Promise<{ value: number | null; complete: boolean }>;

/**
 * Social optimum and the welfare of the best and worst equilibria (over all equilibria,
 * whatever was asked), each extreme found by the game's own search within WELFARE_BUDGET
 * seconds (and the time left); the worst is not searched for when the best was not found.
 */
export async function welfareSummary(game: Game, parent: Search, extreme: WelfareExtreme, actions: Actions = game.tiers): Promise<WelfareSummary> {
  const budget = () => {
    const left = parent.options.timeLimit === undefined ? Infinity : parent.options.timeLimit - parent.seconds;
    return Math.max(0, Math.min(WELFARE_BUDGET, left));
  };
  // A summary is extra: a search that fails here leaves it incomplete, never the solve failed.
  const safely = async (sense: Sense) => {
    try {
      return await extreme(sense, budget());
    } catch {
      return { value: null, complete: false };
    }
  };
  const best = await safely("max");
  // The worst equilibrium is as hard to find as the best: when the best ran out of time, so
  // would it, and the user would wait twice for nothing.
  const worst = best.complete ? await safely("min") : { value: null, complete: false };
  const socialOptimum = welfareRange(game, actions).max;
  const ratio = (eq: number | null) => (eq !== null && eq > 0 && socialOptimum > 0 ? socialOptimum / eq : null);
  return {
    socialOptimum,
    bestEquilibrium: best.value,
    worstEquilibrium: worst.value,
    priceOfAnarchy: ratio(worst.value),
    priceOfStability: ratio(best.value),
    complete: best.complete && worst.complete,
  };
}

/** Discrete extremes: from the full list when we have it, else by branch and bound. */
function discreteExtreme(game: Game, all: Equilibrium[] | null): WelfareExtreme {
  const value = (eq: Equilibrium | undefined) => (eq ? OBJECTIVES.welfare.value(eq.profile, eq.capabilities) : null);
  return async (sense, budget) => {
    if (all) return { value: value(bestEquilibrium(all, "welfare", sense)), complete: true };
    const search = new Search(game, { timeLimit: budget });
    branchAndPropagate(game, search, { objective: { objective: OBJECTIVES.welfare, sense } });
    return { value: search.complete ? value(bestEquilibrium(search.equilibria, "welfare", sense)) : null, complete: search.complete };
  };
}

/** Lexicographic order on profiles, so that reports are stable. */
export function compareProfiles(a: { readonly profile: readonly number[] }, b: { readonly profile: readonly number[] }): number {
  for (let i = 0; i < a.profile.length; i++) {
    if (a.profile[i] !== b.profile[i]) return a.profile[i] - b.profile[i];
  }
  return 0;
}
