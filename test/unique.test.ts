/**
 * Uniqueness of the continuous equilibrium (solve-continuous.ts, kkt-mip.ts `farthestFrom`):
 * claimed only when proven, refuted with a second certified equilibrium, checked against a
 * grid search with the naive exploitability on small random races.
 */
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { buildGame, parseScenarioText, type Game, type ScenarioInput } from "../src/index.js";
import { readResult, readUniqueness } from "../src/analysis/reading.js";
import { polish } from "../src/solvers/polish.js";
import { solveContinuous, UNIQUE_LABS } from "../src/solvers/solve-continuous.js";
import type { SolveResult } from "../src/solvers/solve.js";
import { gameArbitrary, gameOf, mandatedGameArbitrary, SEED } from "./helpers/arbitrary.js";
import { run } from "./helpers/cli.js";
import { naiveIntervalExploitability } from "./helpers/naive.js";

const load = (file: string) => {
  const parsed = parseScenarioText(readFileSync(new URL(`../examples/${file}`, import.meta.url), "utf8"));
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return buildGame(parsed.value);
};
const checked = { welfare: false, uniqueness: true } as const;
const l1 = (x: readonly number[], y: readonly number[]) => x.reduce((s, v, i) => s + Math.abs(v - y[i]), 0);
/** The distance per lab within which solve-continuous.ts calls an equilibrium unique. */
const TOLERANCE = 1e-5;
const certified = (game: Game, x: number[]) => naiveIntervalExploitability(game, x) <= game.tolerance;

function expectTwoCertified(game: Game, result: SolveResult) {
  expect(result.unique).toBe(false);
  expect(result.stats.uniqueness?.status).toBe("refuted");
  expect(result.equilibria).toHaveLength(2);
  for (const eq of result.equilibria) expect(certified(game, eq.profile)).toBe(true);
  const [a, b] = result.equilibria.map((e) => e.profile);
  expect(Math.max(...a.map((v, i) => Math.abs(v - b[i])))).toBeGreaterThan(1e-6);
  const text = readResult(game, result);
  expect(text).toContain("one of at least two equilibria");
  expect(text).not.toMatch(/only equilibrium/);
}

describe("uniqueness proven", () => {
  it("every lab's choice dominant: the presolve fixes them all, bound 0", async () => {
    // Each lab's gain from opening (2) exceeds any spillover it gives (at most 0.5): all open.
    const game = gameOf({
      name: "dominant",
      players: [
        { id: "a", capability: 10, communityGain: 2 },
        { id: "b", capability: 9, communityGain: 2 },
        { id: "c", capability: 5, communityGain: 2 },
      ],
      spillover: 0.5,
    });
    const result = await solveContinuous(game, checked);
    expect(result.equilibria.map((e) => e.profile)).toEqual([[1, 1, 1]]);
    expect(result.unique).toBe(true);
    expect(result.stats.uniqueness).toMatchObject({ status: "unique", bound: 0 });
    const text = readResult(game, result);
    expect(text).toContain("This is the only equilibrium (proven");
    expect(text).not.toMatch(/found|others may exist/);
  });

  it("the costly leader's partial equilibrium (2/3, 1, 1) is the only one", async () => {
    // By hand: the underdog (gain 3, gives no spillover) and the challenger (gain 2 > 0.6, the
    // most it gives) open whatever the others do. Then the leader (net gain 0.5) faces
    // challenger 11 + 0.3 x and underdog 10.6 + 0.9 x: its payoff rises (slope 0.5 - 0.3)
    // until they cross at x = 2/3 and falls after (0.5 - 0.9): one best response, 2/3.
    const game = load("costly-leader.json");
    const result = await solveContinuous(game, checked);
    expect(result.unique).toBe(true);
    expect(result.equilibria).toHaveLength(1);
    expect(result.equilibria[0].profile[0]).toBeCloseTo(2 / 3, 12);
    expect(result.stats.uniqueness!.bound).toBeLessThanOrEqual(TOLERANCE * game.n);
    // With the welfare summary: the only equilibrium is both extremes.
    const summary = (await solveContinuous(game, { uniqueness: true })).welfare!;
    expect(summary.complete).toBe(true);
    expect(summary.bestEquilibrium).toBeCloseTo(10 + 2 / 3 + 11.2 + 11.2, 9);
    expect(summary.worstEquilibrium).toBe(summary.bestEquilibrium);
  });

  it("says nothing when the check is off, and that it was not checked", async () => {
    const game = load("costly-leader.json");
    const result = await solveContinuous(game, { welfare: false });
    expect(result.unique).toBeUndefined();
    expect(result.stats.uniqueness).toBeUndefined();
    expect(readResult(game, result)).toContain("whether it is the only one was not checked");
  });

  it("races above UNIQUE_LABS labs are skipped, and the reading says so", async () => {
    const players = Array.from({ length: UNIQUE_LABS + 1 }, (_, i) => ({ id: `l${i}`, capability: i, communityGain: 1 }));
    const game = gameOf({ name: "big", players, spillover: 0 });
    const result = await solveContinuous(game, checked);
    expect(result.unique).toBeUndefined();
    expect(result.stats.uniqueness?.status).toBe("skipped");
    expect(readResult(game, result)).toContain(`was not checked (the check runs up to ${UNIQUE_LABS} labs)`);
  });
});

describe("uniqueness refuted", () => {
  it("the three-lab race: (0,1,1) and (0,0,1), both listed and certified", async () => {
    const game = load("three-lab-race.json");
    const result = await solveContinuous(game, checked);
    expectTwoCertified(game, result);
    expect(result.equilibria.map((e) => e.profile).sort()).toEqual([[0, 0, 1], [0, 1, 1]]);
  });

  it("an indifferent lab (no gain, no spillover): a continuum, the farthest point listed", async () => {
    const input: ScenarioInput = {
      name: "indifferent",
      players: [
        { id: "idle", capability: 5, communityGain: 0 },
        { id: "leader", capability: 10, communityGain: 1 },
        { id: "other", capability: 8 },
      ],
      spillover: 0,
    };
    const game = gameOf(input);
    const result = await solveContinuous(game, checked);
    expectTwoCertified(game, result);
    // idle's openness changes nothing: the second equilibrium is at the other end.
    const [a, b] = result.equilibria.map((e) => e.profile);
    expect(Math.abs(a[0] - b[0])).toBe(1);
  });

  it("with --nontrivial, a trivial second equilibrium is not listed and uniqueness is not claimed", async () => {
    // Two labs indifferent about opening: (0,0) and (1,1) and everything between.
    const game = gameOf({ name: "flat", players: [{ id: "a", capability: 1 }, { id: "b", capability: 1 }, { id: "c", capability: 0 }], spillover: 0 });
    const result = await solveContinuous(game, { ...checked, nonTrivial: true });
    expect(result.unique).not.toBe(true);
    for (const eq of result.equilibria) expect(eq.nonTrivial).toBe(true);
  });
});

describe("uniqueness against a grid search (small random races, some under a mandate)", () => {
  it("when unique is claimed, no certified point of a grid or polished from it lies farther than the tolerance; when refuted, both certify", async () => {
    const seen = { unique: 0, refuted: 0 };
    const STEP = 16;
    const SHAPE = { minPlayers: 2, maxPlayers: 3, coarse: true };
    await fc.assert(
      fc.asyncProperty(fc.oneof(gameArbitrary(SHAPE), mandatedGameArbitrary(SHAPE)), async (game) => {
        const result = await solveContinuous(game, checked);
        expect(result.equilibria.length).toBeGreaterThan(0);
        if (result.unique === false) {
          seen.refuted++;
          expectTwoCertified(game, result);
          return;
        }
        if (result.unique !== true) return;
        seen.unique++;
        const first = result.equilibria[0].profile;
        const bound = result.stats.uniqueness!.bound!;
        // Every grid point, its exploitability (naive); the lowest ones also polished.
        const points: { x: number[]; e: number }[] = [];
        const x = new Array<number>(game.n).fill(0);
        const walk = (i: number) => {
          if (i === game.n) return void points.push({ x: [...x], e: naiveIntervalExploitability(game, x) });
          for (let k = 0; k <= STEP; k++) {
            x[i] = game.minimum[i] + ((1 - game.minimum[i]) * k) / STEP; // openness from the lab's minimum up
            walk(i + 1);
          }
        };
        walk(0);
        points.sort((p, q) => p.e - q.e);
        const candidates = [...points.filter((p) => p.e <= game.tolerance).map((p) => p.x), ...points.slice(0, 60).map((p) => polish(game, p.x).profile)];
        expect(bound).toBeLessThanOrEqual(TOLERANCE * game.n);
        for (const y of candidates) if (certified(game, y)) expect(l1(y, first)).toBeLessThanOrEqual(TOLERANCE * game.n);
      }),
      { seed: SEED, numRuns: 80 },
    );
    // Both outcomes occur: the property is not passing vacuously.
    expect(seen.unique).toBeGreaterThan(5);
    expect(seen.refuted).toBeGreaterThan(5);
  }, 120_000);
});

describe("what the commands say", () => {
  it("solve --json carries unique and stats.uniqueness; the text says what was proven", () => {
    const unique = JSON.parse(run(["solve", "examples/costly-leader.json", "--game", "continuous", "--json"]).stdout);
    expect(unique.unique).toBe(true);
    expect(unique.stats.uniqueness.status).toBe("unique");
    const two = JSON.parse(run(["solve", "examples/three-lab-race.json", "--game", "continuous", "--json"]).stdout);
    expect(two.unique).toBe(false);
    expect(two.equilibria).toHaveLength(2);
    const text = run(["solve", "examples/costly-leader.json", "--game", "continuous"]).stdout;
    expect(text).toContain("The only pure equilibrium (proven by the KKT MIP");
    expect(text.replace(/\s+/g, " ")).toContain("This is the only equilibrium (proven:");
    // --first asks for one equilibrium fast: no check, no claim.
    const first = JSON.parse(run(["solve", "examples/costly-leader.json", "--game", "continuous", "--first", "--json"]).stdout);
    expect(first.unique).toBeUndefined();
  });

  it("compare counts the continuous equilibria as far as the check went", () => {
    expect(run(["compare", "examples/three-lab-race.json"]).stdout).toContain("2 found (at least two exist)");
    expect(run(["compare", "examples/costly-leader.json"]).stdout).toContain("1 (proven the only one)");
  });

  it("a check that ran out of time or failed claims nothing, and says why", async () => {
    const game = load("three-lab-race.json");
    const found = await solveContinuous(game, { welfare: false });
    for (const [status, why] of [["time-limit", "ran out of time"], ["error", "the solver failed"], ["inconclusive", "was not established."]] as const) {
      const result = { ...found, stats: { ...found.stats, uniqueness: { status, seconds: 2 } } };
      const text = readUniqueness(result);
      expect(text).toContain(why);
      expect(text).not.toMatch(/only equilibrium|at least two/);
    }
  });
});
