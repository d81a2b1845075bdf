/**
 * What allowing partial openness changes: the same scenario solved as a binary game (closed or
 * open), a tiered game (the scenario's tiers, or closed / open weights / open when it has
 * none) and the continuous game (any openness in [0, 1]).
 */
import type { Equilibrium } from "../model/certificate.js";
import { isBinary, type Game } from "../model/game.js";
import { OBJECTIVES } from "../model/objectives.js";
import { shownEquilibrium } from "./charts.js";
import { solveContinuous } from "../solvers/solve-continuous.js";
import { solveDiscrete, type SolveResult } from "../solvers/solve.js";

const DEFAULT_COMPARE_TIERS: readonly number[] = [0, 0.5, 1];

export interface ComparedGame {
  readonly game: "binary" | "tiered" | "continuous";
  readonly tiers: number[] | "interval";
  readonly result: SolveResult;
  /** The equilibrium shown side by side: the highest-welfare one (discrete) or the one found. */
  readonly shown: Equilibrium | null;
  readonly welfareShown: number | null;
}

export interface Comparison {
  readonly players: string[];
  readonly games: ComparedGame[];
}

export async function compareGames(game: Game, options: { timeLimit?: number } = {}): Promise<Comparison> {
  const tiered = isBinary(game.tiers) ? DEFAULT_COMPARE_TIERS : game.tiers;
  const entry = (kind: ComparedGame["game"], tiers: ComparedGame["tiers"], result: SolveResult): ComparedGame => {
    const shown = shownEquilibrium(result);
    return { game: kind, tiers, result, shown, welfareShown: shown ? OBJECTIVES.welfare.value(shown.profile, shown.capabilities) : null };
  };
  const discrete = (tiers: readonly number[]) => solveDiscrete({ ...game, tiers }, { timeLimit: options.timeLimit });
  return {
    players: [...game.ids],
    games: [
      entry("binary", [0, 1], await discrete([0, 1])),
      entry("tiered", [...tiered], await discrete(tiered)),
      entry("continuous", "interval", await solveContinuous(game, { timeLimit: options.timeLimit })),
    ],
  };
}
