/**
 * The scenarios on which openrace once gave a wrong answer marked complete, or crashed
 * (fixtures/regressions/README.md), run through the command line as a user would. The right
 * answers come from brute force over all profiles (naive.ts), or for the continuous game from
 * the naive best response, never from the solvers under test.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { buildGame, validateScenario, type Game } from "../src/index.js";
import { OBJECTIVES } from "../src/model/objectives.js";
import { capabilities } from "../src/model/payoff.js";
import { run } from "./helpers/cli.js";
import { naiveEquilibria, naiveIntervalExploitability } from "./helpers/naive.js";

const DIR = "test/fixtures/regressions";
const file = (name: string) => `${DIR}/${name}.json`;

function gameOf(name: string): Game {
  const parsed = validateScenario(JSON.parse(readFileSync(new URL(`fixtures/regressions/${name}.json`, import.meta.url), "utf8")));
  if (!parsed.ok) throw new Error(`${name}: invalid`);
  return buildGame(parsed.value);
}

function solve(args: string[]) {
  const r = run(["solve", ...args, "--json"]);
  expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 0, stderr: "" });
  return JSON.parse(r.stdout) as {
    complete: boolean;
    exists: boolean | null;
    unique?: boolean;
    equilibria: { profile: number[]; capabilities: number[] }[];
    objective?: { value: number | null };
    welfare?: { socialOptimum: number; bestEquilibrium: number | null; worstEquilibrium: number | null; priceOfAnarchy: number | null; complete: boolean };
  };
}

const profiles = (out: { equilibria: { profile: number[] }[] }) => out.equilibria.map((e) => e.profile);

describe("regression scenarios (fixtures/regressions)", () => {
  it("t2: profiles hold the tier values exactly", () => {
    const out = solve([file("t2")]);
    expect(profiles(out)).toEqual(naiveEquilibria(gameOf("t2")));
    expect(profiles(out).flat().every((v) => [0, 0.1, 0.7].includes(v))).toBe(true);
  });

  it("pm2: a mandate at 0.1 keeps all four equilibria in {0.1, 0.7}^2", () => {
    const r = run(["policy", file("pm2"), "--policy", file("pm2-policy"), "--json"]);
    expect(r.status).toBe(0);
    const after = JSON.parse(r.stdout).after as { complete: boolean; equilibria: { profile: number[] }[] };
    expect(after.complete).toBe(true);
    expect(profiles(after)).toEqual([[0.1, 0.1], [0.1, 0.7], [0.7, 0.1], [0.7, 0.7]]);
  });

  it.each(["t3", "m1", "m2", "e1"])("%s: the MIP lists every equilibrium brute force finds", (name) => {
    const out = solve([file(name), "--method", "mip"]);
    expect(out.complete).toBe(true);
    expect(profiles(out)).toEqual(naiveEquilibria(gameOf(name)));
  });

  it("m1: the MIP's first equilibrium exists; nt1: so does a non-trivial one", () => {
    expect(solve([file("m1"), "--method", "mip", "--first"]).exists).toBe(true);
    const nt1 = solve([file("nt1"), "--method", "mip", "--first", "--nontrivial"]);
    expect(nt1.exists).toBe(true);
    expect(naiveEquilibria(gameOf("nt1")).map(String)).toContain(String(nt1.equilibria[0].profile));
  });

  it.each(["bw_min", "w1"])("%s: the MIP's best welfare is the brute-force best", (name) => {
    const game = gameOf(name);
    const best = Math.max(...naiveEquilibria(game).map((x) => OBJECTIVES.welfare.value(x, capabilities(game, x))));
    const out = solve([file(name), "--method", "mip", "--objective", "welfare"]);
    expect(out.complete).toBe(true);
    expect(out.objective!.value).toBeCloseTo(best, 12);
  });

  it("c1: the continuous game is solved, welfare summary included, by every method", () => {
    const game = gameOf("c1");
    for (const method of ["auto", "mip", "iterate"]) {
      const out = solve([file("c1"), "--game", "continuous", "--method", method]);
      // One equilibrium, and a second when the uniqueness check finds one (c1 has several).
      expect(out.equilibria.length).toBe(out.unique === false ? 2 : 1);
      for (const eq of out.equilibria) expect(naiveIntervalExploitability(game, eq.profile)).toBeLessThanOrEqual(game.tolerance);
      expect(out.welfare).toBeDefined();
    }
  });

  it("cw: the best welfare reported is at least that of a known equilibrium, or not claimed optimal", () => {
    const game = gameOf("cw");
    const known = [1, 0, 2 / 3, 1, 1, 0, 1];
    expect(naiveIntervalExploitability(game, known)).toBeLessThanOrEqual(game.tolerance);
    const knownWelfare = OBJECTIVES.welfare.value(known, capabilities(game, known));
    const out = solve([file("cw"), "--game", "continuous", "--objective", "welfare", "--sense", "max"]);
    if (out.complete) expect(out.objective!.value!).toBeGreaterThanOrEqual(knownWelfare - game.tolerance);
    expect(naiveIntervalExploitability(game, out.equilibria[0].profile)).toBeLessThanOrEqual(game.tolerance);
  });

  it("so: the social optimum ranges over [0, 1] in the continuous game (price of anarchy >= 1)", () => {
    const game = gameOf("so");
    const out = solve([file("so"), "--game", "continuous"]);
    const w = out.welfare!;
    expect(w.socialOptimum).toBe(OBJECTIVES.welfare.value([1, 1], capabilities(game, [1, 1])));
    expect(w.socialOptimum).toBeGreaterThanOrEqual(w.bestEquilibrium!);
    expect(w.priceOfAnarchy).toBeGreaterThanOrEqual(1);
    // In the tiered game the strategy set is the tiers: the optimum is at the top tier.
    expect(solve([file("so")]).welfare!.socialOptimum).toBe(OBJECTIVES.welfare.value([0.5, 0.5], capabilities(game, [0.5, 0.5])));
  });

  it("t31: more than 30 tiers is refused by validate and solve, with the path", () => {
    for (const command of ["validate", "solve"]) {
      const r = run([command, file("t31")]);
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/tiers: expected at most 30 levels, got 32/);
    }
  });
});
