import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  Search,
  dominancePresolve,
  enumerateEquilibria,
  exploitability,
  solveDiscrete,
  type Game,
} from "../src/index.js";
import { gameArbitrary, SEED } from "./helpers/arbitrary.js";
import { naiveEquilibria, naiveIsEquilibrium } from "./helpers/naive.js";

const profiles = (eqs: { profile: number[] }[]) => eqs.map((e) => e.profile);
const runs = { seed: SEED, numRuns: 400 };

/** Every level allowed: the enumerator without its presolve. */
const noPresolve = (game: Game) => ({ levels: game.ids.map(() => game.tiers.map((_, l) => l)) });

describe("enumeration against the naive reference", () => {
  it("finds exactly the naive equilibria (binary and tiered, rival sets, costs, ties)", async () => {
    await fc.assert(
      fc.asyncProperty(gameArbitrary(), async (game) => {
        const result = await solveDiscrete(game);
        expect(result.complete).toBe(true);
        expect(profiles(result.equilibria)).toEqual(naiveEquilibria(game));
        expect(result.exists).toBe(result.equilibria.length > 0);
        for (const eq of result.equilibria) expect(eq.exploitability).toBeLessThanOrEqual(game.tolerance);
      }),
      runs,
    );
  });

  it("finds the same equilibria without the presolve (the Gray walk alone)", () => {
    fc.assert(
      fc.property(gameArbitrary(), (game) => {
        const search = new Search(game);
        const stats = enumerateEquilibria(game, search, noPresolve(game));
        expect(stats.visited).toBe(game.tiers.length ** game.n);
        expect(profiles(search.equilibria).sort()).toEqual(naiveEquilibria(game).sort());
      }),
      runs,
    );
  });

  it("--nontrivial keeps exactly the equilibria where someone opens", async () => {
    await fc.assert(
      fc.asyncProperty(gameArbitrary(), async (game) => {
        const result = await solveDiscrete(game, { nonTrivial: true });
        const expected = naiveEquilibria(game).filter((x) => x.some((v) => v > 0));
        expect(profiles(result.equilibria)).toEqual(expected);
        expect(result.exists).toBe(expected.length > 0);
      }),
      runs,
    );
  });

  it("--first returns one true equilibrium when one exists, and exists=false otherwise", async () => {
    await fc.assert(
      fc.asyncProperty(gameArbitrary(), async (game) => {
        const result = await solveDiscrete(game, { first: true });
        const all = naiveEquilibria(game);
        expect(result.equilibria.length).toBe(all.length > 0 ? 1 : 0);
        if (all.length > 0) expect(naiveIsEquilibrium(game, result.equilibria[0].profile)).toBe(true);
        expect(result.exists).toBe(all.length > 0);
      }),
      runs,
    );
  });

  it("the presolve never removes a level that some equilibrium uses", () => {
    fc.assert(
      fc.property(gameArbitrary({ maxPlayers: 5 }), (game) => {
        const { levels } = dominancePresolve(game);
        for (const x of naiveEquilibria(game))
          x.forEach((v, i) => expect(levels[i].map((l) => game.tiers[l])).toContain(v));
      }),
      runs,
    );
  });

  it("exploitability is zero exactly at the naive equilibria", () => {
    fc.assert(
      fc.property(gameArbitrary({ maxPlayers: 4 }), fc.nat(), (game, pick) => {
        const x = game.ids.map((_, i) => game.tiers[(pick >> (2 * i)) % game.tiers.length]);
        expect(exploitability(game, x) <= game.tolerance).toBe(naiveIsEquilibrium(game, x));
        expect(exploitability(game, x)).toBeGreaterThanOrEqual(0);
      }),
      runs,
    );
  });
});

describe("time limit", () => {
  it("stops a long walk, marks the result incomplete and keeps what was found", async () => {
    // 40 players, nothing fixed by the presolve: 2^40 profiles, far beyond the limit.
    const n = 40;
    const { makeGame } = await import("../src/index.js");
    const spillover = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (i !== j) spillover[i * n + j] = ((i * 7 + j * 3) % 5) / 2;
    const game = makeGame({
      ids: Array.from({ length: n }, (_, i) => `p${i}`),
      names: Array.from({ length: n }, (_, i) => `p${i}`),
      capability: Float64Array.from({ length: n }, (_, i) => (i * 37) % 11),
      communityGain: new Float64Array(n).fill(1),
      openCost: new Float64Array(n),
      spillover,
      rivals: Array.from({ length: n }, (_, i) => Int32Array.from({ length: n - 1 }, (_, r) => (r < i ? r : r + 1))),
      tiers: [0, 1],
    });
    expect(dominancePresolve(game).levels.filter((l) => l.length > 1).length).toBeGreaterThan(30);
    const ticks: number[] = [];
    const result = await solveDiscrete(game, { method: "enumerate", timeLimit: 0.3, welfare: false, onProgress: (p) => ticks.push(p.done) });
    expect(result.complete).toBe(false);
    expect(result.stats.visited).toBeLessThan(result.stats.profiles!);
    expect(ticks.length).toBeGreaterThan(0);
    expect(result.exists).toBe(result.equilibria.length > 0 ? true : null);
    // The naive check is O(n^3) per profile: a sample is enough.
    for (const eq of result.equilibria.slice(0, 20)) expect(naiveIsEquilibrium(game, eq.profile)).toBe(true);
  });
});
