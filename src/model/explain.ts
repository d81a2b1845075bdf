/**
 * `explain`: why each player keeps or changes its openness at a profile. For the player's best
 * alternative level y (d = y - x_i), the payoff difference splits exactly as (MODEL.md 1, 3):
 *
 *     u_i(y) - u_i(x) = a_i d  -  k_i d  -  (max_j (p_j + B_ij d) - max_j p_j)
 *                       own gain   cost     what the strongest rival gains
 */
import { bestResponse, exploitability, type Actions } from "./certificate.js";
import { intervalBestResponse } from "./continuous.js";
import { allowedLevels, type Game, type Profile } from "./game.js";
import { capabilities, deviationPayoff, strongestRival } from "./payoff.js";

export interface Incentive {
  readonly player: string;
  readonly openness: number;
  readonly capability: number;
  readonly payoff: number;
  /** The strongest rival now, and its capability. */
  readonly strongestRival: string;
  readonly strongestRivalCapability: number;
  /**
   * The best allowed level other than the current one, and the payoff there (the current one
   * when a mandate leaves the lab no other level).
   */
  readonly alternative: number;
  readonly alternativePayoff: number;
  /** alternativePayoff - payoff = ownGain - openCost - rivalGain. */
  readonly difference: number;
  readonly ownGain: number;
  readonly openCost: number;
  readonly rivalGain: number;
  /** The strongest rival after the move, and its capability then. */
  readonly strongestRivalAfter: string;
  readonly strongestRivalCapabilityAfter: number;
  readonly rivalChanges: boolean;
  /** The payoff-maximising level, and whether moving there gains more than the tolerance. */
  readonly bestLevel: number;
  readonly wantsToDeviate: boolean;
  /** Continuous game: the rival lines active at the best response (two at a kink). */
  readonly activeRivals?: string[];
}

export interface Explanation {
  readonly profile: number[];
  readonly isEquilibrium: boolean;
  readonly exploitability: number;
  readonly incentives: Incentive[];
}

/**
 * With `levels` the tiers (default), the alternative is the best other tier. In the continuous
 * game (`"interval"`) it is the best response itself (possibly the current openness: then the
 * difference is 0), and the rivals whose lines meet there are named.
 */
export function explainProfile(game: Game, x: Profile, levels: Actions = game.tiers): Explanation {
  const p = capabilities(game, x);
  const incentives = game.ids.map((id, i): Incentive => {
    const payoff = deviationPayoff(game, p, x, i, x[i]);
    let alternative = NaN;
    let alternativePayoff = -Infinity;
    let activeRivals: string[] | undefined;
    if (levels === "interval") {
      const br = intervalBestResponse(game, p, x, i);
      [alternative, alternativePayoff] = [br.level, br.payoff];
      activeRivals = [...new Set([br.left, br.right])].map((j) => game.ids[j]);
    } else
      for (const y of allowedLevels(game, i, levels)) {
        if (y === x[i]) continue;
        const u = deviationPayoff(game, p, x, i, y);
        if (u > alternativePayoff) {
          alternativePayoff = u;
          alternative = y;
        }
      }
    if (Number.isNaN(alternative)) [alternative, alternativePayoff] = [x[i], payoff];
    const d = alternative - x[i];
    const rival = strongestRival(game, p, i);
    const after = p.map((pj, j) => (j === i ? pj + game.communityGain[i] * d : pj + game.spillover[i * game.n + j] * d));
    const rivalAfter = strongestRival(game, after, i);
    const best = bestResponse(game, p, x, i, levels);
    return {
      player: id,
      openness: x[i],
      capability: p[i],
      payoff,
      strongestRival: game.ids[rival],
      strongestRivalCapability: p[rival],
      alternative,
      alternativePayoff,
      difference: alternativePayoff - payoff,
      ownGain: game.communityGain[i] * d,
      openCost: game.openCost[i] * d,
      rivalGain: after[rivalAfter] - p[rival],
      strongestRivalAfter: game.ids[rivalAfter],
      strongestRivalCapabilityAfter: after[rivalAfter],
      rivalChanges: rivalAfter !== rival,
      bestLevel: best.level,
      wantsToDeviate: best.gain > game.tolerance,
      ...(activeRivals ? { activeRivals } : {}),
    };
  });
  const worst = exploitability(game, x, levels);
  return { profile: [...x], isEquilibrium: worst <= game.tolerance, exploitability: worst, incentives };
}
