/**
 * Seeded random scenarios: the benchmark distribution of the foundation issue,
 *   c ~ U(0,10), a ~ U(0,3), k ~ U(0,3) with probability 1/2 else 0,
 *   B[i][j] ~ U(0,2) with probability 1/2 else 0,
 * each range adjustable. The same seed gives the same scenario on every machine.
 */
import { uniformFloat64 } from "pure-rand/distribution/uniformFloat64";
import { xoroshiro128plus } from "pure-rand/generator/xoroshiro128plus";
import type { ScenarioInput } from "../model/scenario.js";

export interface RandomScenarioOptions {
  readonly players: number;
  readonly seed: number;
  readonly maxCapability?: number;
  readonly maxCommunityGain?: number;
  readonly maxOpenCost?: number;
  /** Probability that a lab has an open cost. */
  readonly costProbability?: number;
  readonly maxSpillover?: number;
  /** Probability that an entry B[i][j] is non-zero. */
  readonly spilloverDensity?: number;
  readonly tiers?: number[];
}

export function randomScenario(options: RandomScenarioOptions): ScenarioInput {
  const {
    players: n,
    seed,
    maxCapability = 10,
    maxCommunityGain = 3,
    maxOpenCost = 3,
    costProbability = 0.5,
    maxSpillover = 2,
    spilloverDensity = 0.5,
  } = options;
  const rng = xoroshiro128plus(seed);
  const uniform = (max: number) => uniformFloat64(rng) * max;
  const sometimes = (probability: number, max: number) => (uniformFloat64(rng) < probability ? uniform(max) : 0);
  const players = Array.from({ length: n }, (_, i) => ({
    id: `lab${i}`,
    capability: uniform(maxCapability),
    communityGain: uniform(maxCommunityGain),
    openCost: sometimes(costProbability, maxOpenCost),
  }));
  const spillover = Array.from({ length: n }, (_, i) =>
    Array.from({ length: n }, (_, j) => (i === j ? 0 : sometimes(spilloverDensity, maxSpillover))),
  );
  return {
    name: `random n=${n} seed=${seed}`,
    description: "Random race from the benchmark distribution (openrace generate random).",
    players,
    spillover,
    ...(options.tiers ? { tiers: options.tiers } : {}),
  };
}
