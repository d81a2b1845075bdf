/**
 * The dominance presolve (MODEL.md section 3): iterated strict dominance at the root, by the
 * propagation engine of `propagate.ts`. A removed level is beaten by a chain of levels ending
 * at a kept one, so a player left with a single level never wants to deviate.
 */
import type { Game } from "../model/game.js";
import { levelsOf, Propagator } from "./propagate.js";

export interface Presolve {
  /** For each player, the indices into `game.tiers` of the levels it may still play. */
  readonly levels: readonly (readonly number[])[];
}

export function dominancePresolve(game: Game): Presolve {
  // The root never empties a player: a best response to the actual profile is never
  // beaten by more than the tolerance, so `root()` is never null here.
  const state = new Propagator(game).root()!;
  return { levels: Array.from(state.mask, levelsOf) };
}
