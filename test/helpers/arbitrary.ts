/**
 * fast-check arbitraries for scenarios: small games with tiers, rival sets, open costs,
 * zero spillovers and exact ties (values on a quarter grid are exact in floating point, so
 * "indifferent" players really are indifferent).
 */
import fc from "fast-check";
import { buildGame, makeGame, validateScenario, type Game, type ScenarioInput } from "../../src/index.js";

/** Seed for every property test: change it to explore, keep it fixed in the suite. */
export const SEED = 20261124;

const quarter = (lo: number, hi: number) => fc.integer({ min: lo * 4, max: hi * 4 }).map((v) => v / 4);
const real = (lo: number, hi: number) => fc.double({ min: lo, max: hi, noNaN: true, noDefaultInfinity: true });
const mixedValue = (lo: number, hi: number) => fc.oneof(quarter(lo, hi), real(lo, hi));
const sometimesZero = (arb: fc.Arbitrary<number>) => fc.oneof(fc.constant(0), arb);

const TIER_SETS: number[][] = [[0, 1], [0, 1], [0, 0.5, 1], [0, 0.25, 1], [0, 0.5], [0, 0.25, 0.5, 1]];

export interface ScenarioShape {
  minPlayers?: number;
  maxPlayers?: number;
  /** Only values on a 1/8 grid: no parameter closer to a tie than the tolerance can tell. */
  coarse?: boolean;
}

export function scenarioArbitrary(options: ScenarioShape = {}) {
  const { minPlayers = 2, maxPlayers = 6, coarse = false } = options;
  const value = coarse ? (lo: number, hi: number) => fc.integer({ min: lo * 8, max: hi * 8 }).map((v) => v / 8) : mixedValue;
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

export const gameArbitrary = (options?: ScenarioShape) =>
  scenarioArbitrary(options).map(gameOf);

/**
 * Games under a mandate: each lab's minimum openness is 0 (free), a tier, a value between
 * tiers, or a real number, never above the highest tier (a policy check forbids that).
 */
export const mandatedGameArbitrary = (options?: ScenarioShape) =>
  gameArbitrary(options).chain((game) => {
    const top = game.tiers[game.tiers.length - 1];
    const eighth = fc.integer({ min: 1, max: 8 }).map((k) => (k / 8) * top);
    const level = fc.oneof(fc.constant(0), fc.constantFrom(...game.tiers.slice(1)), eighth, real(top / 100, top));
    return fc.array(level, { minLength: game.n, maxLength: game.n }).map((m) => makeGame({ ...game, minimum: Float64Array.from(m) }));
  });

/**
 * Races with no pure equilibrium at all: the matching-pennies gadget of a falsified clause
 * (docs/sat-reduction.md) with every capability number scaled by s > 0 and shifted by d
 * (payoff comparisons are invariant under both), plus random extra labs that receive
 * spillover from the gadget but cannot influence it (no spillover into it, not its rivals).
 */
export function noEquilibriumArbitrary() {
  return fc
    .record({
      scale: fc.double({ min: 0.1, max: 10, noNaN: true }),
      shift: fc.double({ min: -50, max: 50, noNaN: true }),
      extras: fc.array(fc.record({ capability: mixedValue(0, 10), gain: mixedValue(0, 3), cost: sometimesZero(mixedValue(0, 3)), fromGadget: sometimesZero(mixedValue(0, 2)) }), { maxLength: 3 }),
    })
    .map(({ scale, shift, extras }): ScenarioInput => {
      const c = (v: number) => v * scale + shift;
      const g = (v: number) => v * scale;
      const extraIds = extras.map((_, k) => `extra${k}`);
      return {
        name: "no equilibrium",
        players: [
          { id: "a", capability: c(10), communityGain: g(1), rivals: ["b", "ruler"] },
          { id: "b", capability: c(8), communityGain: g(4), openCost: g(3.5), rivals: ["a", "q"] },
          { id: "q", capability: c(9), openCost: g(1), rivals: ["ruler"] },
          { id: "ruler", capability: c(10), openCost: g(1), rivals: ["q"] },
          ...extras.map((e, k) => ({
            id: extraIds[k],
            capability: e.capability,
            communityGain: e.gain,
            openCost: e.cost,
            ...(extras.length > 1 ? { rivals: extraIds.filter((id) => id !== extraIds[k]) } : { rivals: ["a"] }),
          })),
        ],
        spillover: 0,
        spilloverPairs: [
          { from: "a", to: "b", value: g(2) },
          { from: "b", to: "q", value: g(2) },
          ...extras.map((e, k) => ({ from: "a", to: extraIds[k], value: e.fromGadget })),
        ],
      };
    });
}
