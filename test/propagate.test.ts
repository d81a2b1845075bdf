/**
 * The propagator (src/solvers/propagate.ts) removes only levels that no equilibrium uses, with
 * its absolute bounds and with its pairwise ones (D), checked against the naive reference on
 * random partial boxes; and the pairwise bounds do prune dense races where absolute ones cannot.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { buildGame, randomScenario, validateScenario, type Game } from "../src/index.js";
import { branchAndPropagate } from "../src/solvers/branch.js";
import { levelsOf, PAIRWISE_MAX_LABS, Propagator, type DomainState } from "../src/solvers/propagate.js";
import { Search } from "../src/solvers/search.js";
import { gameArbitrary, mandatedGameArbitrary, SEED } from "./helpers/arbitrary.js";
import { FAMILIES } from "./helpers/adversarial.js";
import { naiveEquilibria } from "./helpers/naive.js";

/** Level index of each lab in a profile. */
const indices = (game: Game, profile: number[]) => profile.map((v) => game.tiers.indexOf(v));

/**
 * Restricts labs one by one (each to a random non-empty subset of its levels) and checks, after
 * each step, that every naive equilibrium inside the restrictions is still in the box, and that
 * an empty box (null) has none.
 */
function checkBoxes(game: Game, choices: number[][], pairwise: boolean, removed?: { count: number }): void {
  const propagator = new Propagator(game, { pairwise });
  const without = removed && new Propagator(game, { lastWitness: false });
  let before = without?.root() ?? null;
  const equilibria = naiveEquilibria(game).map((x) => indices(game, x));
  let state: DomainState | null = propagator.root();
  const restrictions = new Int32Array(game.n).fill(-1);
  const inside = (levels: number[], mask: ArrayLike<number>) => levels.every((l, i) => (mask[i] >> l) & 1);
  for (const [lab, pick] of choices) {
    const i = lab % game.n;
    const allowed = levelsOf(propagator.allowed[i]);
    const mask = allowed.filter((_, k) => (pick >> k) & 1).reduce((m, l) => m | (1 << l), 0) || 1 << allowed[0];
    restrictions[i] = restrictions[i] === -1 ? mask : restrictions[i] & mask;
    const kept = equilibria.filter((e) => inside(e, Array.from(restrictions, (m, k) => (m === -1 ? propagator.allowed[k] : m))));
    if (!state) {
      expect(kept).toEqual([]);
      return;
    }
    if (restrictions[i] === 0) return;
    state = propagator.restrict(state, i, state.mask[i] & restrictions[i]);
    // Levels kept by dominance alone that the last-witness rule removed (test of the rule).
    if (without && before) before = without.restrict(before, i, before.mask[i] & restrictions[i]);
    if (removed && before) removed.count += state ? Array.from(state.mask).reduce((c, m, k) => c + levelsOf(before!.mask[k] & ~m).length, 0) : 1;
    if (state === null) expect({ kept }).toEqual({ kept: [] });
    else for (const e of kept) expect({ equilibrium: e, inBox: inside(e, state.mask) }).toEqual({ equilibrium: e, inBox: true });
  }
}

const choicesArbitrary = fc.array(fc.tuple(fc.nat({ max: 63 }), fc.nat({ max: 15 })), { minLength: 1, maxLength: 6 });

describe("the propagator never removes a level an equilibrium uses", () => {
  for (const pairwise of [true, false]) {
    const bounds = pairwise ? "absolute and pairwise bounds" : "absolute bounds only";
    it(`random races (tiers, rival sets, costs, ties), ${bounds}`, () => {
      fc.assert(
        fc.property(gameArbitrary({ maxPlayers: 6 }), choicesArbitrary, (game, choices) => checkBoxes(game, choices, pairwise)),
        { seed: SEED, numRuns: 300 },
      );
    });
    it(`mandated races, ${bounds}`, () => {
      fc.assert(
        fc.property(mandatedGameArbitrary({ maxPlayers: 5 }), choicesArbitrary, (game, choices) => checkBoxes(game, choices, pairwise)),
        { seed: SEED, numRuns: 150 },
      );
    });
  }
  for (const [name, family] of Object.entries(FAMILIES)) {
    it(`adversarial family: ${name}`, () => {
      fc.assert(
        fc.property(family(), choicesArbitrary, (game, choices) => checkBoxes(game, choices, true)),
        { seed: SEED, numRuns: 100 },
      );
    });
  }
});

describe("pairwise bounds", () => {
  /**
   * A dense race (every lab spills over to every other); `varied`: open costs for some labs, and
   * each lab racing a random subset of the others (at least two).
   */
  const dense = (players: number, seed: number, tiers?: number[], varied = false) => {
    const input = randomScenario({ players, seed, maxCommunityGain: 1, costProbability: varied ? 0.5 : 0, maxOpenCost: 1, spilloverDensity: 1, ...(tiers ? { tiers } : {}) });
    const coin = fc.sample(fc.array(fc.boolean(), { minLength: players * players, maxLength: players * players }), { seed, numRuns: 1 })[0];
    const scenario = varied
      ? { ...input, players: input.players.map((p, i) => ({ ...p, rivals: input.players.filter((q, j) => j !== i && (coin[i * players + j] || j === (i + 1) % players || j === (i + 2) % players)).map((q) => q.id) })) }
      : input;
    const parsed = validateScenario(scenario);
    if (!parsed.ok) throw new Error("invalid generated race");
    return buildGame(parsed.value);
  };
  const free = (state: DomainState) => Array.from(state.mask).filter((m) => m & (m - 1)).length;

  it("are kept by races up to PAIRWISE_MAX_LABS labs, unless turned off", () => {
    expect(new Propagator(dense(12, 1)).root()?.D).toBeDefined();
    expect(new Propagator(dense(12, 1), { pairwise: false }).root()?.D).toBeUndefined();
    expect(new Propagator(dense(PAIRWISE_MAX_LABS + 1, 1)).root()?.D).toBeUndefined();
  });

  it("keep every equilibrium of dense races (9-12 labs, tiered 6-9; with open costs and rival sets or without) down to the leaves (where rivals drop out of the contenders)", () => {
    // Deep in a dense race's tree most rivals can no longer be a lab's strongest and the tests
    // read only the others: a rival dropped wrongly loses equilibria only there.
    fc.assert(
      fc.property(fc.integer({ min: 9, max: 12 }), fc.integer({ min: 1, max: 10_000 }), fc.boolean(), fc.boolean(), (size, seed, tiered, varied) => {
        // The naive reference walks every profile: 3^12 is too many, so tiered races are smaller.
        const game = tiered ? dense(size - 3, seed, [0, 0.5, 1], varied) : dense(size, seed, undefined, varied);
        const search = new Search(game);
        branchAndPropagate(game, search);
        const listed = search.equilibria.map((e) => e.profile.join(",")).sort();
        expect(listed).toEqual(naiveEquilibria(game).map((x) => x.join(",")).sort());
      }),
      { seed: SEED, numRuns: 40 },
    );
  });

  it("with the last-witness rule, never remove a level an equilibrium of the box uses, and remove more than dominance alone (dense races of 8-11 labs, tiered 6-8, with open costs and rival sets or without)", () => {
    // Random boxes of dense races, where decided labs are often left with one witness.
    const removed = { count: 0 };
    const deep = fc.array(fc.tuple(fc.nat({ max: 63 }), fc.nat({ max: 15 })), { minLength: 4, maxLength: 10 });
    fc.assert(
      fc.property(fc.integer({ min: 8, max: 11 }), fc.integer({ min: 1, max: 10_000 }), fc.boolean(), fc.boolean(), deep, (size, seed, tiered, varied, choices) =>
        checkBoxes(tiered ? dense(size - 3, seed, [0, 0.5, 1], varied) : dense(size, seed, undefined, varied), choices, true, removed),
      ),
      { seed: SEED, numRuns: 150 },
    );
    expect(removed.count).toBeGreaterThan(0);
  });

  it("remove every level the absolute bounds remove, and in dense races more", () => {
    let freeAbsolute = 0;
    let freePairwise = 0;
    for (let seed = 1; seed <= 5; seed++) {
      const game = dense(20, seed);
      const absolute = new Propagator(game, { pairwise: false }).root()!;
      const pairwise = new Propagator(game).root()!;
      for (let i = 0; i < game.n; i++) expect(pairwise.mask[i] & ~absolute.mask[i]).toBe(0);
      freeAbsolute += free(absolute);
      freePairwise += free(pairwise);
    }
    expect(freePairwise).toBeLessThan(freeAbsolute);
  });
});
