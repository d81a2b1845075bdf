import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { explainProfile, parseProfile, payoffs } from "../src/index.js";
import { gameArbitrary, SEED } from "./helpers/arbitrary.js";
import { naiveGain } from "./helpers/naive.js";
import { workedExample } from "./helpers/worked.js";

const worked = workedExample;

describe("explain", () => {
  it("decomposes the best deviation exactly: difference = own gain - cost - rival's rise", () => {
    fc.assert(
      fc.property(gameArbitrary(), fc.nat(), (game, pick) => {
        const x = game.ids.map((_, i) => game.tiers[(pick >> (2 * i)) % game.tiers.length]);
        const { incentives } = explainProfile(game, x);
        const u = payoffs(game, x);
        incentives.forEach((inc, i) => {
          expect(inc.payoff).toBeCloseTo(u[i], 12);
          expect(inc.difference).toBeCloseTo(inc.ownGain - inc.openCost - inc.rivalGain, 9);
          expect(inc.difference).toBeCloseTo(naiveGain(game, x, i, inc.alternative), 9);
          // No other level beats the reported alternative.
          for (const y of game.tiers)
            if (y !== x[i]) expect(naiveGain(game, x, i, y)).toBeLessThanOrEqual(inc.difference + 1e-9);
        });
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  it("explains the worked example's all-closed profile", () => {
    const e = explainProfile(worked(), [0, 0, 0]);
    expect(e.isEquilibrium).toBe(false);
    expect(e.exploitability).toBe(3);
    const [leader, challenger, underdog] = e.incentives;
    // The leader is exactly indifferent: +1 own, -0.5 cost, challenger rises 0.5.
    expect([leader.ownGain, leader.openCost, leader.rivalGain, leader.difference]).toEqual([1, 0.5, 0.5, 0]);
    expect(leader.wantsToDeviate).toBe(false);
    expect(challenger.wantsToDeviate).toBe(true);
    expect(underdog).toMatchObject({ alternative: 1, difference: 3, strongestRival: "leader", rivalChanges: false });
  });

  it("notices when the strongest rival changes", () => {
    // At (0,1,1) the challenger's strongest rival is the underdog (11); closing makes it the leader.
    const challenger = explainProfile(worked(), [0, 1, 1]).incentives[1];
    expect(challenger).toMatchObject({ strongestRival: "underdog", strongestRivalAfter: "leader", rivalChanges: true });
    expect(challenger.rivalGain).toBe(-1);
  });
});

describe("profiles as written on the command line", () => {
  const game = worked();
  const parse = (text: string) => parseProfile(game, text);
  it("reads values in player order, id=value pairs (others closed), and open/closed", () => {
    expect(parse("0,1,1")).toEqual({ ok: true, value: [0, 1, 1] });
    expect(parse("underdog=1")).toEqual({ ok: true, value: [0, 0, 1] });
    expect(parse("challenger=open, underdog=1")).toEqual({ ok: true, value: [0, 1, 1] });
  });
  it.each([
    ["0,1", "--profile: expected 3 comma-separated values (one per player: leader, challenger, underdog), got 2"],
    ["0,x,1", '--profile: expected a number for "challenger", got "x"'],
    ["zz=1", '--profile: unknown player "zz" (players: leader, challenger, underdog)'],
    ["leader=1,leader=0", '--profile: player "leader" is given twice'],
    ["0,0.5,1", '--profile: "challenger" has openness 0.5, expected one of the tiers 0, 1'],
  ])("refuses %s", (text, message) => {
    const result = parse(text);
    expect(result.ok ? "" : `${result.problems[0].path}: ${result.problems[0].message}`).toBe(message);
  });
});
