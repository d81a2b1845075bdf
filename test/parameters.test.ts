import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { applyValues, parameterPaths, parameterValue, parsePath, setParameter } from "../src/analysis/parameters.js";
import { validatePolicy, type Policy } from "../src/analysis/policy.js";
import { buildGame, validateScenario, type Scenario } from "../src/index.js";

const EXAMPLE = new URL("../examples/three-lab-race.json", import.meta.url);

function example(): Scenario {
  const parsed = validateScenario(JSON.parse(readFileSync(EXAMPLE, "utf8")));
  if (!parsed.ok) throw new Error("invalid example");
  return parsed.value;
}

function policy(input: unknown): Policy {
  const parsed = validatePolicy(input);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return parsed.value;
}

const LEVY = policy({ levers: [{ type: "levy", amount: 2, above: 9 }, { type: "mandate", minimum: 1 }] });

describe("parameter paths", () => {
  it("set and read the number they name; defaults read as validated", () => {
    const scenario = example();
    expect(parameterValue(scenario, "spillover.absorptive")).toBe(0.5);
    expect(parameterValue(scenario, "spillover")).toBeNull();
    expect(parameterValue(scenario, "players.challenger.openCost")).toBe(0);
    setParameter(scenario, "players.underdog.communityGain", 2);
    setParameter(scenario, "spillover", 1);
    expect(parameterValue(scenario, "players.underdog.communityGain")).toBe(2);
    expect(parameterValue(scenario, "spillover")).toBe(1);
    expect(parameterValue(scenario, "spillover.absorptive")).toBeNull();
  });

  it("players.* sets every lab; it reads a value only when all labs share it", () => {
    const scenario = example();
    expect(parameterValue(scenario, "players.*.communityGain")).toBeNull(); // 1, 1, 3
    expect(parameterValue(scenario, "players.*.openCost")).toBeNull(); // 0.5, 0, 0
    setParameter(scenario, "players.*.communityGain", 1.5);
    expect(scenario.players.map((p) => p.communityGain)).toEqual([1.5, 1.5, 1.5]);
    expect(parameterValue(scenario, "players.*.communityGain")).toBe(1.5);
  });

  it("a spillover pair reads the entry the game builds and overrides only that entry", () => {
    const scenario = example();
    const before = buildGame(scenario);
    expect(parameterValue(scenario, "spilloverPairs.leader.underdog")).toBe(before.spillover[0 * 3 + 2]); // 0.5 * (10 - 7)
    const applied = applyValues({ scenario }, { "spilloverPairs.leader.underdog": 4 });
    if (!applied.ok) throw new Error("invalid");
    const after = buildGame(applied.value.scenario);
    after.spillover.forEach((v, k) => expect(v).toBe(k === 2 ? 4 : before.spillover[k]));
  });

  it("lever paths read and set the policy's numbers, and are checked against the lever's type", () => {
    const scenario = example();
    expect(parameterValue(scenario, "levers[0].amount", LEVY)).toBe(2);
    expect(parameterValue(scenario, "levers[1].above", LEVY)).toBeNull();
    const applied = applyValues({ scenario, policy: LEVY }, { "levers[0].amount": 3.5, "levers[1].minimum": 0.5 });
    if (!applied.ok) throw new Error("invalid");
    expect(applied.value.policy!.levers[0]).toMatchObject({ type: "levy", amount: 3.5, above: 9 });
    expect(applied.value.policy!.levers[1]).toMatchObject({ type: "mandate", minimum: 0.5 });
    expect(LEVY.levers[0]).toMatchObject({ amount: 2 }); // the original is untouched
    const bad = parsePath("levers[0].factor", { scenario, policy: LEVY });
    expect(bad.ok ? "" : bad.problems[0].message).toMatch(/levy lever has no "factor"/);
  });

  it("values that break a rule are problems with the field's path", () => {
    const scenario = example();
    const gain = applyValues({ scenario }, { "players.underdog.communityGain": -1 });
    expect(gain.ok ? [] : gain.problems.map((p) => p.path)).toEqual(["players[2].communityGain"]);
    const lever = applyValues({ scenario, policy: LEVY }, { "levers[1].minimum": 1.5 });
    expect(lever.ok ? [] : lever.problems.map((p) => p.path)).toEqual(["policy.levers[1].minimum"]);
  });

  it("paths that name nothing are refused, naming what was expected", () => {
    const scenario = example();
    const message = (path: string, policy?: Policy) => {
      const parsed = parsePath(path, { scenario, policy });
      return parsed.ok ? "accepted" : parsed.problems[0].message;
    };
    expect(message("players.nobody.capability")).toMatch(/unknown player "nobody"/);
    expect(message("players.leader.height")).toMatch(/unknown field "height"/);
    expect(message("spilloverPairs.leader.leader")).toMatch(/itself/);
    expect(message("levers[0].amount")).toMatch(/needs a policy/);
    expect(message("levers[2].amount", LEVY)).toMatch(/has 2 levers/);
    expect(message("tiers")).toMatch(/unknown parameter/);
    for (const path of parameterPaths({ scenario, policy: LEVY })) expect(message(path, LEVY)).toBe("accepted");
  });

  it("lists every number of a scenario and policy", () => {
    expect(parameterPaths({ scenario: example(), policy: LEVY })).toEqual([
      ...["leader", "challenger", "underdog"].flatMap((id) => ["capability", "communityGain", "openCost"].map((f) => `players.${id}.${f}`)),
      "spillover.absorptive",
      "levers[0].amount",
      "levers[0].above",
      "levers[1].minimum",
    ]);
  });
});
