/**
 * Unit scaling for the solver models (the equilibrium MIP and the KKT MIP of MODEL.md section
 * 3), so that HiGHS sees numbers of unit size whatever the data: capabilities of 1e6 next to
 * spillovers of 1e-6, or every number at 1e-6. HiGHS works with absolute tolerances (primal
 * feasibility 1e-7) and drops coefficients below 1e-9: on unscaled data it cuts off true
 * equilibria and claims infeasibility.
 *
 * Payoffs depend only on differences of capabilities and are linear in the data, so measuring
 * every capability from c0 = min_i c_i and every capability-like number (c, a, k, B, the
 * tolerance) in units of D, the largest spread of the data, changes no comparison: the
 * scaled game has exactly the same equilibria. Openness is not scaled.
 *
 * In scaled units HiGHS's feasibility tolerance (1e-7) is a margin of about 1e-7 D on every
 * equilibrium row: a true equilibrium is never cut off by rounding, and a profile whose best
 * deviation gains a hair more than the tolerance may come back as a candidate, which the exact
 * certificate refuses (a solve lost, never a wrong answer). An explicit extra margin (1e-6 to
 * 1e-4) was tried: it made each solve 1.3-2x slower for no case the tests could find.
 */
import type { Game } from "../model/game.js";
import type { DomainState } from "./propagate.js";

export interface Scaling {
  /** c0: subtracted from every capability. */
  readonly shift: number;
  /** D: every capability-like number is divided by it. */
  readonly unit: number;
}

/**
 * c0 = min c_i; D = the largest of the capability spread, gains, costs and spillovers (1 if all
 * are 0; over several games, e.g. a piece's two ends, the spread of all). For the discrete MIP, data already of unit size (D between 1e-2 and 1e2, capabilities
 * within 1e2 D of 0) is left as it is: HiGHS is sound there, and rescaling such data only
 * changed its search path (by -15% to +40% on the benchmark races). The KKT MIP is always
 * scaled (`always`): its optima were more accurate so (the regression scenario cw.json).
 */
export function unitScaling(games: Game | readonly Game[], always = false): Scaling {
  let low = Infinity;
  let high = -Infinity;
  let unit = 0;
  for (const game of [games].flat()) {
    for (let i = 0; i < game.n; i++) {
      low = Math.min(low, game.capability[i]);
      high = Math.max(high, game.capability[i]);
      unit = Math.max(unit, game.communityGain[i], Math.abs(game.openCost[i]));
    }
    for (const b of game.spillover) unit = Math.max(unit, b);
  }
  unit = Math.max(unit, high - low);
  if (unit === 0) return { shift: 0, unit: 1 };
  const unitSize = !always && unit >= 1e-2 && unit <= 1e2 && Math.abs(low) <= 1e2 * unit;
  return unitSize ? { shift: 0, unit: 1 } : { shift: low, unit };
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
