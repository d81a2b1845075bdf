/**
 * The parallel branch and propagate (issue 15): the split of the search tree (`splitSearch`)
 * plus a search of every box finds exactly the equilibria, and visits exactly the nodes, of
 * the one search; `solve --workers` lists what enumeration lists, and honours the time limit.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { randomScenario, type Game } from "../src/index.js";
import { branchAndPropagate, splitSearch } from "../src/solvers/branch.js";
import { Search } from "../src/solvers/search.js";
import { solveDiscrete, type SubtreeRunner } from "../src/solvers/solve.js";
import { spread } from "../src/analysis/parallel-search.js";
import { gameArbitrary, gameOf, mandatedGameArbitrary, SEED } from "./helpers/arbitrary.js";
import { FAMILIES } from "./helpers/adversarial.js";
import { run, tempDir } from "./helpers/cli.js";
import { naiveEquilibria } from "./helpers/naive.js";
import { writeFileSync } from "node:fs";
import { join } from "node:path";

const sorted = (profiles: readonly (readonly number[])[]) => profiles.map((p) => p.join(",")).sort();

/** Searches the boxes here, one after the other: the runner the CLI's worker pool stands in for. */
const inThread: SubtreeRunner = async (game, boxes, search) => {
  let nodes = 0;
  for (const box of boxes) {
    const local = new Search(game, { nonTrivial: search.options.nonTrivial });
    nodes += branchAndPropagate(game, local, { from: box }).nodes;
    for (const eq of local.equilibria) search.offer(eq.profile);
  }
  return { nodes, workers: 0, stopped: false };
};

describe("split search", () => {
  it("a split into any number of boxes finds the naive equilibria, and the one search's nodes, on random, mandated and adversarial races", () => {
    // The arbitrary races come with tier sets of their own (binary, open weights, several).
    const games = fc.oneof(gameArbitrary({ maxPlayers: 6 }), mandatedGameArbitrary({ maxPlayers: 5 }), ...Object.values(FAMILIES).map((f) => f()));
    fc.assert(
      fc.property(games, fc.integer({ min: 1, max: 40 }), (game: Game, count) => {
        const whole = new Search(game);
        const one = branchAndPropagate(game, whole);
        const split = new Search(game);
        const { boxes, nodes } = splitSearch(game, split, count);
        let total = nodes;
        for (const box of boxes) total += branchAndPropagate(game, split, { from: box }).nodes;
        expect(sorted(split.equilibria.map((e) => e.profile))).toEqual(sorted(naiveEquilibria(game)));
        expect(total).toBe(one.nodes);
      }),
      { seed: SEED + 51, numRuns: 300 },
    );
  });

  it("solveDiscrete with a subtree runner equals the one search, all and non-trivial", async () => {
    for (const seed of [1, 2, 3]) {
      const game = gameOf(randomScenario({ players: 20, seed, maxCommunityGain: 1, costProbability: 0, spilloverDensity: 1 }));
      for (const nonTrivial of [false, true]) {
        const plain = await solveDiscrete(game, { method: "propagate", nonTrivial, welfare: false });
        const split = await solveDiscrete(game, { method: "propagate", nonTrivial, welfare: false, subtrees: inThread });
        expect(split.complete).toBe(true);
        expect(sorted(split.equilibria.map((e) => e.profile))).toEqual(sorted(plain.equilibria.map((e) => e.profile)));
        expect(split.stats.nodes).toBe(plain.stats.nodes);
        expect(split.stats.workers).toBe(0);
      }
    }
  });
});

describe("spread (the order boxes are handed out in)", () => {
  it("is a permutation whose first k items leave no gap wider than about count / k", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2000 }), (count) => {
        const order = spread(Array.from({ length: count }, (_, k) => k));
        expect([...order].sort((a, b) => a - b)).toEqual(Array.from({ length: count }, (_, k) => k));
        for (const k of [2, 8, 32]) {
          if (k > count) continue;
          const seen = order.slice(0, k).sort((a, b) => a - b);
          const gaps = [...seen.slice(1).map((v, j) => v - seen[j]), count - seen[seen.length - 1]];
          expect(seen[0]).toBe(0);
          expect(Math.max(...gaps)).toBeLessThanOrEqual(Math.ceil((4 * count) / k));
        }
      }),
      { seed: SEED },
    );
  });
});

describe("solve --workers", () => {
  const dir = tempDir("parallel");
  const file = (name: string, scenario: object) => {
    const path = join(dir, name);
    writeFileSync(path, JSON.stringify(scenario));
    return path;
  };

  it("two worker threads list exactly what enumeration lists (binary and tiered races)", () => {
    for (const [name, scenario] of [
      // Races whose trees outgrow the split's 256 boxes (so the workers are used), with few
      // enough free labs for enumeration: 21 binary, 13 with three tiers.
      ["dense.json", randomScenario({ players: 28, seed: 4, maxCommunityGain: 1, costProbability: 0, spilloverDensity: 1 })],
      ["tiered.json", randomScenario({ players: 34, seed: 2, tiers: [0, 0.5, 1] })],
    ] as const) {
      const path = file(name, scenario);
      const parallel = run(["solve", path, "--json", "--method", "propagate", "--workers", "2"]);
      const enumerated = run(["solve", path, "--json", "--method", "enumerate"]);
      expect(parallel.status).toBe(0);
      const [p, e] = [JSON.parse(parallel.stdout), JSON.parse(enumerated.stdout)];
      expect(p.complete).toBe(true);
      expect(p.stats.workers).toBe(2);
      expect(p.equilibria.length).toBeGreaterThan(0);
      expect(sorted(p.equilibria.map((x: { profile: number[] }) => x.profile))).toEqual(sorted(e.equilibria.map((x: { profile: number[] }) => x.profile)));
    }
  }, 120_000);

  it("the time limit stops the workers: exit 3, incomplete, what was found certified", () => {
    const path = file("dense40.json", randomScenario({ players: 40, seed: 1, maxCommunityGain: 1, costProbability: 0, spilloverDensity: 1 }));
    const r = run(["solve", path, "--json", "--method", "propagate", "--workers", "2", "--time-limit", "2"]);
    expect(r.status).toBe(3);
    const out = JSON.parse(r.stdout);
    expect(out.complete).toBe(false);
    expect(out.stopReason).toBe("time-limit");
    for (const eq of out.equilibria) expect(eq.exploitability).toBeLessThanOrEqual(0);
  }, 60_000);

  it("a bad --workers is a usage error naming the option", () => {
    const path = file("small.json", randomScenario({ players: 4, seed: 1 }));
    const r = run(["solve", path, "--workers", "0"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--workers/);
  });
});
