/**
 * fast-check arbitraries for scenarios: small games with tiers, rival sets, open costs,
 * zero spillovers and exact ties (values on a quarter grid are exact in floating point, so
 * "indifferent" players really are indifferent).
 */
import fc from "fast-check";
import { buildGame, validateScenario, type Game, type ScenarioInput } from "../../src/index.js";

/** Seed for every property test: change it to explore, keep it fixed in the suite. */
export const SEED = 20261124;

const quarter = (lo: number, hi: number) => fc.integer({ min: lo * 4, max: hi * 4 }).map((v) => v / 4);
const real = (lo: number, hi: number) => fc.double({ min: lo, max: hi, noNaN: true, noDefaultInfinity: true });
const value = (lo: number, hi: number) => fc.oneof(quarter(lo, hi), real(lo, hi));
const sometimesZero = (arb: fc.Arbitrary<number>) => fc.oneof(fc.constant(0), arb);

const TIER_SETS: number[][] = [[0, 1], [0, 1], [0, 0.5, 1], [0, 0.25, 1], [0, 0.5], [0, 0.25, 0.5, 1]];

export function scenarioArbitrary(options: { minPlayers?: number; maxPlayers?: number } = {}) {
  const { minPlayers = 2, maxPlayers = 6 } = options;
  return fc.integer({ min: minPlayers, max: maxPlayers }).chain((n) =>
    fc
      .record({
        capability: fc.array(value(0, 10), { minLength: n, maxLength: n }),
        gain: fc.array(sometimesZero(value(0, 3)), { minLength: n, maxLength: n }),
        cost: fc.array(sometimesZero(value(0, 3)), { minLength: n, maxLength: n }),
        matrix: fc.array(fc.array(sometimesZero(value(0, 2)), { minLength: n, maxLength: n }), { minLength: n, maxLength: n }),
        absorptive: fc.option(quarter(0, 1), { nil: undefined }),
        rivalMasks: fc.array(fc.option(fc.array(fc.boolean(), { minLength: n, maxLength: n }), { nil: undefined }), {
          minLength: n,
          maxLength: n,
        }),
        tiers: fc.constantFrom(...TIER_SETS),
      })
      .map((r): ScenarioInput => {
        const ids = Array.from({ length: n }, (_, i) => `lab${i}`);
        return {
          name: "random",
          players: ids.map((id, i) => {
            const others = ids.filter((_, j) => j !== i && r.rivalMasks[i]?.[j]);
            return {
              id,
              capability: r.capability[i],
              communityGain: r.gain[i],
              openCost: r.cost[i],
              ...(r.rivalMasks[i] && others.length > 0 ? { rivals: others } : {}),
            };
          }),
          spillover: r.absorptive !== undefined ? { absorptive: r.absorptive } : r.matrix,
          tiers: r.tiers,
        };
      }),
  );
}

export function gameOf(input: ScenarioInput): Game {
  const parsed = validateScenario(input);
  if (!parsed.ok) throw new Error(`generator made an invalid scenario: ${JSON.stringify(parsed.problems)}`);
  return buildGame(parsed.value);
}

export const gameArbitrary = (options?: { minPlayers?: number; maxPlayers?: number }) =>
  scenarioArbitrary(options).map(gameOf);
