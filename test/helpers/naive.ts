/**
 * A deliberately naive reference: every profile of the full tier grid, every player, every
 * deviation, each payoff recomputed from the formula of MODEL.md section 1 on the deviated
 * profile. No presolve, no incremental state, nothing shared with the solvers but the Game.
 * A lab with a minimum (a mandate) plays and deviates only at or above it.
 */
import type { Game } from "../../src/index.js";

function payoffAt(game: Game, x: number[], i: number): number {
  const n = game.n;
  const p = (j: number) => {
    let v = game.capability[j] + game.communityGain[j] * x[j];
    for (let l = 0; l < n; l++) if (l !== j) v += game.spillover[l * n + j] * x[l];
    return v;
  };
  let strongest = -Infinity;
  for (const j of game.rivals[i]) strongest = Math.max(strongest, p(j));
  return p(i) - strongest - game.openCost[i] * x[i];
}

export function naiveGain(game: Game, x: number[], i: number, y: number): number {
  const deviated = [...x];
  deviated[i] = y;
  return payoffAt(game, deviated, i) - payoffAt(game, x, i);
}

const levelsOf = (game: Game, i: number) => game.tiers.filter((y) => y >= game.minimum[i]);

export function naiveIsEquilibrium(game: Game, x: number[]): boolean {
  return game.ids.every((_, i) => levelsOf(game, i).every((y) => naiveGain(game, x, i, y) <= game.tolerance));
}

/** Every pure equilibrium, profiles in lexicographic order. */
export function naiveEquilibria(game: Game): number[][] {
  const found: number[][] = [];
  const x = new Array<number>(game.n).fill(0);
  const visit = (i: number) => {
    if (i === game.n) {
      if (naiveIsEquilibrium(game, x)) found.push([...x]);
      return;
    }
    for (const level of levelsOf(game, i)) {
      x[i] = level;
      visit(i + 1);
    }
  };
  visit(0);
  return found;
}

/**
 * The continuous game's best-response gain, naively: player i's payoff is concave and piecewise
 * linear in its openness, so its maximum over [m_i, 1] (m_i: its minimum) is at m_i, 1 or a
 * crossing of two rival lines. Try them all (every pair), each payoff recomputed from scratch
 * on the deviated profile.
 */
export function naiveIntervalGain(game: Game, x: number[], i: number): number {
  const n = game.n;
  const q = (j: number) => {
    let v = game.capability[j] + game.communityGain[j] * x[j];
    for (let l = 0; l < n; l++) if (l !== j && l !== i) v += game.spillover[l * n + j] * x[l];
    return v;
  };
  const low = game.minimum[i];
  const candidates = [low, 1];
  const ri = [...game.rivals[i]];
  for (const j of ri)
    for (const l of ri) {
      const bj = game.spillover[i * n + j];
      const bl = game.spillover[i * n + l];
      if (bj === bl) continue;
      const y = (q(j) - q(l)) / (bl - bj);
      if (y > low && y < 1) candidates.push(y);
    }
  return Math.max(...candidates.map((y) => naiveGain(game, x, i, y)));
}

export function naiveIntervalExploitability(game: Game, x: number[]): number {
  return Math.max(0, ...game.ids.map((_, i) => naiveIntervalGain(game, x, i)));
}
