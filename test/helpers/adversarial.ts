/**
 * Families of games built to break solvers (issue 11): exact ties, gains a little below and
 * above the tolerance, magnitudes from 1e-6 to 1e6 mixed in one game, tiers that are not sums
 * of binary fractions, pairs over absorptive spillover, single and asymmetric rivals,
 * dominance chains, and races with no equilibrium. Each family is a fast-check arbitrary of
 * Games, to be compared with the naive reference (naive.ts).
 */
import fc from "fast-check";
import { makeGame, type Game, type ScenarioInput } from "../../src/index.js";
import { gameArbitrary, gameOf, noEquilibriumArbitrary } from "./arbitrary.js";

const quarter = (lo: number, hi: number) => fc.integer({ min: lo * 4, max: hi * 4 }).map((v) => v / 4);
const TIERS = [[0, 1], [0, 0.1, 0.7], [0, 1 / 3, 2 / 3, 1], [0, 0.9, 1], [0, 0.1]];

/**
 * Each lab's net gain from opening set to +-f times the game's tolerance, f in 0.1..13, so that
 * moving between tiers t < u gains f (u - t) tol: never within 10% of the tolerance itself,
 * where the verdict is at the mercy of the last bit of rounding. Costs do not enter the
 * tolerance, so setting k_i = a_i -+ f tol keeps it.
 */
export const nearToleranceArbitrary = () =>
  fc
    .tuple(
      gameArbitrary({ maxPlayers: 4, coarse: true }),
      fc.array(fc.tuple(fc.constantFrom(0.1, 0.5, 0.85, 1.2, 2, 5, 13), fc.constantFrom(1, -1), fc.boolean()), { minLength: 4, maxLength: 4 }),
    )
    .filter(([game, factors]) =>
      factors.every(([f, , touched]) => !touched || game.tiers.every((t) => game.tiers.every((u) => Math.abs(f * Math.abs(u - t) - 1) > 0.1))),
    )
    .map(([game, factors]) => {
      const openCost = Float64Array.from(game.communityGain, (a, i) => {
        const [f, sign, touched] = factors[i];
        return touched ? Math.max(0, a - sign * f * game.tolerance) : game.openCost[i];
      });
      return makeGame({ ...game, openCost });
    });

/** Capabilities around 1e6 with gains, costs and spillovers from 1e-6 to 1e6. */
export const mixedMagnitudeArbitrary = () =>
  fc.integer({ min: 2, max: 4 }).chain((n) => {
    const small = fc.constantFrom(0, 1e-6, 2e-6, 5e-7);
    const large = fc.constantFrom(1e6, 5e5, 2e6, 1000);
    const any = fc.oneof(small, large, quarter(0, 3));
    return fc
      .record({
        capability: fc.array(fc.oneof(fc.constantFrom(1e6, 1e6 + 1, 1e6 + 2e-6, 1001000, 0, 1)), { minLength: n, maxLength: n }),
        gain: fc.array(any, { minLength: n, maxLength: n }),
        cost: fc.array(any, { minLength: n, maxLength: n }),
        spill: fc.array(fc.array(any, { minLength: n, maxLength: n }), { minLength: n, maxLength: n }),
        rivals: fc.array(fc.option(fc.nat({ max: n - 1 }), { nil: undefined }), { minLength: n, maxLength: n }),
        tiers: fc.constantFrom(...TIERS),
      })
      .map((r) => gameOf(scenario(n, r.capability, r.gain, r.cost, r.spill, r.rivals, r.tiers)));
  });

/** Every number a random quarter-grid game has, times 1e-6 (the tolerance stays about 1e-9). */
export const tinyArbitrary = () =>
  fc.tuple(gameArbitrary({ maxPlayers: 4, coarse: true }), fc.constantFrom(...TIERS)).map(([game, tiers]) =>
    makeGame({
      ...game,
      tiers,
      capability: game.capability.map((c) => c * 1e-6),
      communityGain: game.communityGain.map((a) => a * 1e-6),
      openCost: game.openCost.map((k) => k * 1e-6),
      spillover: game.spillover.map((b) => b * 1e-6),
    }),
  );

/** Absorptive spillover with single entries overridden, over the awkward tier sets. */
export const pairsOverAbsorptiveArbitrary = () =>
  fc.integer({ min: 2, max: 4 }).chain((n) =>
    fc
      .record({
        capability: fc.array(quarter(0, 10), { minLength: n, maxLength: n }),
        gain: fc.array(quarter(0, 3), { minLength: n, maxLength: n }),
        cost: fc.array(quarter(0, 3), { minLength: n, maxLength: n }),
        rate: quarter(0, 1),
        pairs: fc.array(fc.tuple(fc.nat({ max: n - 1 }), fc.nat({ max: n - 1 }), quarter(0, 3)), { maxLength: 3 }),
        tiers: fc.constantFrom(...TIERS),
      })
      .map((r) => {
        const input = scenario(n, r.capability, r.gain, r.cost, { absorptive: r.rate }, [], r.tiers);
        input.spilloverPairs = r.pairs.filter(([i, j]) => i !== j).map(([i, j, value]) => ({ from: `lab${i}`, to: `lab${j}`, value }));
        return gameOf(input);
      }),
  );

/**
 * Single and asymmetric rivals: every lab races exactly one other (i's rival j need not race
 * i), so the strongest rival never changes and ties are exact.
 */
export const singleRivalArbitrary = () =>
  fc.integer({ min: 2, max: 5 }).chain((n) =>
    fc
      .record({
        capability: fc.array(quarter(0, 4), { minLength: n, maxLength: n }),
        gain: fc.array(quarter(0, 2), { minLength: n, maxLength: n }),
        cost: fc.array(quarter(0, 2), { minLength: n, maxLength: n }),
        spill: fc.array(fc.array(fc.constantFrom(0, 0, 0.5, 1, 2), { minLength: n, maxLength: n }), { minLength: n, maxLength: n }),
        rival: fc.array(fc.nat({ max: n - 2 }), { minLength: n, maxLength: n }),
        tiers: fc.constantFrom(...TIERS),
      })
      .map((r) => gameOf(scenario(n, r.capability, r.gain, r.cost, r.spill, r.rival.map((k, i) => (k >= i ? k + 1 : k)), r.tiers))),
  );

/**
 * Dominance chains: lab 0 has a dominant choice; lab k's best choice flips with lab k-1's
 * (its only rival, whose opening lifts or lowers it past lab k), so iterated dominance decides
 * the labs one after another; the remaining labs are random.
 */
export const dominanceChainArbitrary = () =>
  fc
    .record({
      length: fc.integer({ min: 2, max: 4 }),
      first: fc.constantFrom(1, -1),
      extra: fc.integer({ min: 0, max: 2 }),
      gains: fc.array(quarter(0.25, 2), { minLength: 6, maxLength: 6 }),
      tiers: fc.constantFrom(...TIERS),
    })
    .map((r) => {
      const n = r.length + r.extra;
      const capability = Array.from({ length: n }, (_, i) => (i < r.length ? 10 - i * 0.5 : r.gains[i] * 3));
      const gain = Array.from({ length: n }, (_, i) => r.gains[i]);
      const cost = Array.from({ length: n }, (_, i) => (i === 0 ? (r.first > 0 ? 0 : gain[0] + 1) : i < r.length ? gain[i] / 2 : r.gains[5 - i]));
      const spill = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (j === i + 1 && i + 1 < r.length ? 1 : 0)));
      const rivals = Array.from({ length: n }, (_, i) => (i === 0 ? 1 : i < r.length ? i - 1 : undefined));
      return gameOf(scenario(n, capability, gain, cost, spill, rivals, r.tiers));
    });

/** The no-equilibrium races of arbitrary.ts, as games. */
export const noEquilibriumGameArbitrary = () => noEquilibriumArbitrary().map(gameOf);

/** Every family, named, for tests that run them all. */
export const FAMILIES: Record<string, () => fc.Arbitrary<Game>> = {
  "near-tolerance gains": nearToleranceArbitrary,
  "1e6 mixed with 1e-6": mixedMagnitudeArbitrary,
  "all numbers 1e-6": tinyArbitrary,
  "pairs over absorptive spillover": pairsOverAbsorptiveArbitrary,
  "single and asymmetric rivals": singleRivalArbitrary,
  "dominance chains": dominanceChainArbitrary,
  "no equilibrium": noEquilibriumGameArbitrary,
  "exact ties (quarter grid)": () => gameArbitrary({ maxPlayers: 4, coarse: true }),
};

function scenario(
  n: number,
  capability: number[],
  gain: number[],
  cost: number[],
  spillover: ScenarioInput["spillover"],
  rivals: (number | undefined)[],
  tiers: number[],
): ScenarioInput {
  return {
    name: "adversarial",
    players: Array.from({ length: n }, (_, i) => ({
      id: `lab${i}`,
      capability: capability[i],
      communityGain: gain[i],
      openCost: cost[i],
      ...(rivals[i] !== undefined && rivals[i] !== i ? { rivals: [`lab${rivals[i]}`] } : {}),
    })),
    spillover,
    tiers,
  };
}
