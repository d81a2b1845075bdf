/**
 * Objectives over equilibria (best or worst equilibrium, price of anarchy): their value at a
 * profile, and bounds over a box of profiles for branch and bound. Capabilities p(x) are
 * bounded by LO <= p <= HI and openness by lowX <= x <= highX.
 */
import { allowedLevels, type Game } from "./game.js";
import { capabilities } from "./payoff.js";

export const OBJECTIVE_NAMES = ["welfare", "openness", "frontier", "lead"] as const;
export type ObjectiveName = (typeof OBJECTIVE_NAMES)[number];
export const SENSES = ["max", "min"] as const;
export type Sense = (typeof SENSES)[number];

export interface Objective {
  readonly name: ObjectiveName;
  readonly description: string;
  value(profile: ArrayLike<number>, capabilities: ArrayLike<number>): number;
  /** [lower, upper] bounds of the value over a box. */
  bounds(box: Box): [number, number];
}

export interface Box {
  readonly LO: ArrayLike<number>;
  readonly HI: ArrayLike<number>;
  readonly lowX: ArrayLike<number>;
  readonly highX: ArrayLike<number>;
}

function sum(v: ArrayLike<number>): number {
  let total = 0;
  for (let j = 0; j < v.length; j++) total += v[j];
  return total;
}
const max = (v: ArrayLike<number>) => Math.max(...Array.from(v));

/** Largest and second largest entries of v. */
function topTwo(v: ArrayLike<number>): [number, number] {
  let first = -Infinity;
  let second = -Infinity;
  for (let j = 0; j < v.length; j++) {
    if (v[j] > first) [first, second] = [v[j], first];
    else if (v[j] > second) second = v[j];
  }
  return [first, second];
}

export const OBJECTIVES: Record<ObjectiveName, Objective> = {
  welfare: {
    name: "welfare",
    description: "sum of capabilities",
    value: (_, p) => sum(p),
    bounds: (box) => [sum(box.LO), sum(box.HI)],
  },
  openness: {
    name: "openness",
    description: "sum of openness",
    value: (x) => sum(x),
    bounds: (box) => [sum(box.lowX), sum(box.highX)],
  },
  frontier: {
    name: "frontier",
    description: "highest capability",
    value: (_, p) => max(p),
    bounds: (box) => [max(box.LO), max(box.HI)],
  },
  lead: {
    name: "lead",
    description: "the frontier lab's margin over the runner-up",
    value: (_, p) => {
      const [first, second] = topTwo(p);
      return first - second;
    },
    bounds: (box) => {
      // Some lab j leads: its margin is at most HI_j - max_{l != j} LO_l and, for the lab that
      // is sure to lead, at least LO_j - max_{l != j} HI_l.
      const [loFirst, loSecond] = topTwo(box.LO);
      const [hiFirst, hiSecond] = topTwo(box.HI);
      let upper = 0;
      let lower = 0;
      for (let j = 0; j < box.LO.length; j++) {
        const otherLo = box.LO[j] === loFirst ? loSecond : loFirst;
        const otherHi = box.HI[j] === hiFirst ? hiSecond : hiFirst;
        upper = Math.max(upper, box.HI[j] - otherLo);
        lower = Math.max(lower, box.LO[j] - otherHi);
      }
      return [lower, upper];
    },
  },
};

/** The first equilibrium with the highest (max) or lowest (min) value of an objective. */
export function bestEquilibrium<E extends { profile: ArrayLike<number>; capabilities: ArrayLike<number> }>(
  equilibria: readonly E[],
  name: ObjectiveName,
  sense: Sense = "max",
): E | undefined {
  const sign = sense === "max" ? 1 : -1;
  let best: E | undefined;
  let bestValue = -Infinity;
  for (const eq of equilibria) {
    const v = sign * OBJECTIVES[name].value(eq.profile, eq.capabilities);
    if (v > bestValue) [best, bestValue] = [eq, v];
  }
  return best;
}

/**
 * Welfare (sum of capabilities) is linear in x with coefficients a_i + sum_j B[i][j] >= 0, so
 * over the game's own strategy sets its maximum puts every lab at its highest action (the top
 * tier, or 1 in the continuous game) and its minimum every lab at its lowest allowed one (0
 * unless mandated).
 */
export function welfareRange(game: Game, actions: readonly number[] | "interval" = game.tiers): { min: number; max: number } {
  const top = actions === "interval" ? 1 : actions[actions.length - 1];
  const lowest = (i: number) => (actions === "interval" ? game.minimum[i] : allowedLevels(game, i, actions)[0]);
  const welfare = (x: Float64Array) => sum(capabilities(game, x));
  return {
    min: welfare(Float64Array.from(game.minimum, (_, i) => lowest(i))),
    max: welfare(new Float64Array(game.n).fill(top)),
  };
}
