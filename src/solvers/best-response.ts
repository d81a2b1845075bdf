/**
 * Best-response dynamics from seeded starts: a fast search for an equilibrium, in the spirit
 * of random-restart best-response dynamics (Lee, Hildebrand, Cai, Buyuktahtakin, 2024).
 * Players that want to move do so one at a time, in a random order each round, each to its
 * best response among its undominated levels; a profile where nobody moves is offered to the
 * search (which certifies it). Dynamics may cycle, so each start has a round limit and the
 * method can only find equilibria, never prove there is none: `auto` pairs it with an exact
 * method.
 */
import { uniformInt } from "pure-rand/distribution/uniformInt";
import { xoroshiro128plus } from "pure-rand/generator/xoroshiro128plus";
import { bestResponse } from "../model/certificate.js";
import type { Game } from "../model/game.js";
import { capabilities, shiftCapabilities } from "../model/payoff.js";
import type { Presolve } from "./dominance.js";
import type { Search } from "./search.js";

export interface BestResponseOptions {
  /** Number of starts (the first two: everyone at its lowest, then its highest level). */
  readonly restarts?: number;
  /** Rounds per start before giving up on it (a cycle). */
  readonly maxRounds?: number;
  readonly seed?: number;
}

export interface BestResponseStats {
  readonly starts: number;
  readonly moves: number;
}

export function bestResponseDynamics(
  game: Game,
  search: Search,
  presolve: Presolve,
  options: BestResponseOptions = {},
): BestResponseStats {
  const { restarts = 50, maxRounds = 100, seed = 1 } = options;
  const { tiers } = game;
  const rng = xoroshiro128plus(seed);
  const allowed = presolve.levels.map((l) => l.map((k) => tiers[k]));
  const free = allowed.flatMap((l, i) => (l.length > 1 ? [i] : []));
  let starts = 0;
  let moves = 0;
  for (let start = 0; start < restarts; start++) {
    starts++;
    const x = allowed.map((l) =>
      start === 0 ? l[0] : start === 1 ? l[l.length - 1] : l[uniformInt(rng, 0, l.length - 1)],
    );
    const p = capabilities(game, x);
    for (let round = 0; round < maxRounds; round++) {
      let moved = false;
      // Fisher-Yates shuffle of the free players: a fresh order each round.
      for (let k = free.length - 1; k > 0; k--) {
        const r = uniformInt(rng, 0, k);
        [free[k], free[r]] = [free[r], free[k]];
      }
      for (const i of free) {
        const best = bestResponse(game, p, x, i, allowed[i]);
        if (best.gain <= game.tolerance) continue;
        const d = best.level - x[i];
        x[i] = best.level;
        shiftCapabilities(game, p, i, d);
        moved = true;
        moves++;
      }
      if (!moved) {
        if (!search.offer(x)) return { starts, moves };
        break;
      }
    }
    if (!search.tick(start + 1, restarts, "starts")) break;
  }
  return { starts, moves };
}
