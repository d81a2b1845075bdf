/**
 * Unit scaling and tolerances for the solver models (the equilibrium MIP and the KKT MIP of
 * MODEL.md section 3), so that HiGHS sees numbers of unit size whatever the data: capabilities
 * of 1e6 next to spillovers of 1e-6, or every number at 1e-6.
 *
 * Payoffs depend only on differences of capabilities and are linear in the data, so measuring
 * every capability from c0 = min_i c_i and every capability-like number (c, a, k, B, the
 * tolerance) in units of D, the largest spread of the data, changes no comparison: the
 * scaled game has exactly the same equilibria. Openness is not scaled.
 *
 * Solved here, the models decide with a relaxed tolerance, the game's plus MODEL_MARGIN, while HiGHS's
 * own feasibility and integrality tolerances (HIGHS_TOLERANCES) are a thousand times smaller:
 * every true equilibrium is feasible with room to spare, so rounding inside HiGHS cannot cut
 * one off. Candidates the relaxation lets through are refused by the exact certificate and
 * cut off, so they cost a solve, never a wrong answer. Exported models (`export --to lp|mps`)
 * keep the game's tolerance, so that their feasible points are exactly the equilibria.
 */
import type { Game } from "../model/game.js";
import type { DomainState } from "./propagate.js";

/** Extra slack of the models' equilibrium rows, in scaled units (capability spreads of 1). */
export const MODEL_MARGIN = 1e-4;

/**
 * HiGHS's tolerances, in scaled units: a thousand times inside MODEL_MARGIN (its default
 * primal feasibility tolerance is 1e-7; integrality's default, 1e-6, is tightened). Tighter
 * still (1e-9) cost about 20% more time per solve for nothing the margin does not already buy.
 */
export const HIGHS_TOLERANCES = {
  primal_feasibility_tolerance: 1e-7,
  mip_feasibility_tolerance: 1e-7,
} as const;

export interface Scaling {
  /** c0: subtracted from every capability. */
  readonly shift: number;
  /** D: every capability-like number is divided by it. */
  readonly unit: number;
}

/** c0 = min c_i; D = the largest of the capability spread, gains, costs and spillovers (1 if all are 0). */
export function unitScaling(game: Game): Scaling {
  let low = Infinity;
  let high = -Infinity;
  let unit = 0;
  for (let i = 0; i < game.n; i++) {
    low = Math.min(low, game.capability[i]);
    high = Math.max(high, game.capability[i]);
    unit = Math.max(unit, game.communityGain[i], Math.abs(game.openCost[i]));
  }
  for (const b of game.spillover) unit = Math.max(unit, b);
  unit = Math.max(unit, high - low);
  return { shift: low, unit: unit > 0 ? unit : 1 };
}

/** The same game in scaled units (same equilibria; its tolerance is the game's, scaled). */
export function scaleGame(game: Game, { shift, unit }: Scaling): Game {
  return {
    ...game,
    capability: game.capability.map((c) => (c - shift) / unit),
    communityGain: game.communityGain.map((a) => a / unit),
    openCost: game.openCost.map((k) => k / unit),
    spillover: game.spillover.map((b) => b / unit),
    tolerance: game.tolerance / unit,
  };
}

/** Capability bounds of a domain state, in scaled units. */
export function scaleState(state: DomainState, { shift, unit }: Scaling): DomainState {
  return { mask: state.mask, LO: state.LO.map((v) => (v - shift) / unit), HI: state.HI.map((v) => (v - shift) / unit) };
}

/** The tolerance a model decides with: the scaled game's plus a margin (MODEL_MARGIN when solved here). */
export function modelTolerance(scaled: Game, margin = MODEL_MARGIN): number {
  return scaled.tolerance + margin;
}
