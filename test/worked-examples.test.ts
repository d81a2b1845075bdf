import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { buildGame, capabilities, exploitability, parseScenarioText, payoffs, solveDiscrete } from "../src/index.js";

const load = (file: string) => {
  const parsed = parseScenarioText(readFileSync(new URL(`../examples/${file}`, import.meta.url), "utf8"));
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return buildGame(parsed.value);
};

describe("MODEL.md section 4", () => {
  it("builds the absorptive spillover matrix of the worked example", () => {
    const game = load("three-lab-race.json");
    const B = (i: number, j: number) => game.spillover[i * 3 + j];
    expect([B(0, 1), B(0, 2), B(1, 2)]).toEqual([0.5, 1.5, 1]);
    expect([B(1, 0), B(2, 0), B(2, 1)]).toEqual([0, 0, 0]);
  });

  it("has exactly the pure equilibria (0,0,1) and (0,1,1); all-closed is not one", async () => {
    const game = load("three-lab-race.json");
    const result = await solveDiscrete(game);
    expect(result.equilibria.map((e) => e.profile)).toEqual([
      [0, 0, 1],
      [0, 1, 1],
    ]);
    expect(result.equilibria.every((e) => e.nonTrivial && e.exploitability === 0)).toBe(true);
    expect(exploitability(game, [0, 0, 0])).toBeGreaterThan(0);
    expect([...capabilities(game, [0, 0, 1])]).toEqual([10, 9, 10]);
    expect([...payoffs(game, [0, 0, 1])]).toEqual([0, -1, 0]);
  });

  it("with the challenger's gain 2 and rate 0.3: equilibria (0,1,1) and (1,1,1)", async () => {
    const game = load("costly-leader.json");
    const result = await solveDiscrete(game);
    expect(result.equilibria.map((e) => e.profile)).toEqual([
      [0, 1, 1],
      [1, 1, 1],
    ]);
  });
});
