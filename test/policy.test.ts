import { run, tempDir } from "./helpers/cli.js";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { applyPolicy, describeLevers, gameUnder, validatePolicy, type Policy } from "../src/analysis/policy.js";
import { buildGame } from "../src/model/game.js";
import { validateScenario } from "../src/model/validate.js";
import { naiveEquilibria } from "./helpers/naive.js";
import { workedExample } from "./helpers/worked.js";

const worked = workedExample;
const policy = (levers: unknown[]): Policy => {
  const parsed = validatePolicy({ levers });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return parsed.value;
};
const B = (g: ReturnType<typeof worked>) => Array.from({ length: 3 }, (_, i) => Array.from({ length: 3 }, (_, j) => g.spillover[i * 3 + j]));

describe("policy levers, on hand-computed cases", () => {
  it("a levy adds to the open cost of the labs above its threshold; a subsidy takes off", () => {
    const g = applyPolicy(worked(), policy([{ type: "levy", amount: 2, above: 9 }, { type: "subsidy", amount: 0.5 }]));
    expect([...g.openCost]).toEqual([0.5 + 2 - 0.5, 0 + 2 - 0.5, -0.5]);
  });

  it("a licence scales the spillover received by labs above its threshold", () => {
    // Absorptive 0.5: B[leader][challenger] = 0.5, B[leader][underdog] = 1.5, B[challenger][underdog] = 1.
    const g = applyPolicy(worked(), policy([{ type: "licence", factor: 0, above: 8.5 }]));
    expect(B(g)).toEqual([[0, 0, 1.5], [0, 0, 1], [0, 0, 0]]); // the challenger (9) no longer receives
    expect(B(applyPolicy(worked(), policy([{ type: "licence", factor: 0.5 }])))).toEqual([[0, 0.25, 0.75], [0, 0, 0.5], [0, 0, 0]]);
  });

  it("a subsidy of 1.5 for labs at or above 9.5 makes the leader open: (1,0,1) and (1,1,1)", () => {
    // The leader's gain from opening at (0,0,1) was 1 - 0.5 - 1.5 = -1; with the subsidy, +0.5.
    const g = applyPolicy(worked(), policy([{ type: "subsidy", amount: 1.5, above: 9.5 }]));
    expect(naiveEquilibria(g)).toEqual([[1, 0, 1], [1, 1, 1]]);
  });

  it("policy files are validated with paths", () => {
    const bad = validatePolicy({ levers: [{ type: "levy" }, { type: "licence", factor: -1 }], extra: 1 });
    expect(bad.ok ? [] : bad.problems.map((p) => `${p.path}: ${p.message}`)).toEqual([
      "levers[0].amount: missing (expected a finite number)",
      "levers[1].factor: expected a number >= 0, got -1",
      "extra: unknown field; allowed here: $schema, name, description, levers",
    ]);
    expect(validatePolicy({ levers: [] }).ok).toBe(false);
  });
});

describe("a scenario's game under a policy (gameUnder)", () => {
  const scenario = (tiers?: number[]) => {
    const parsed = validateScenario({ players: [{ id: "a", capability: 10, communityGain: 1 }, { id: "b", capability: 9 }], spillover: 0.5, ...(tiers ? { tiers } : {}) });
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
    return parsed.value;
  };

  it("is the scenario's game without a policy, and the policy-applied game with one", () => {
    const s = scenario();
    const none = gameUnder(s, undefined, "discrete");
    expect(none.ok && [...none.value.openCost]).toEqual([...buildGame(s).openCost]);
    const levy = policy([{ type: "levy", amount: 2, above: 9.5 }]);
    const under = gameUnder(s, levy, "discrete");
    expect(under.ok && [...under.value.openCost]).toEqual([...applyPolicy(buildGame(s), levy).openCost]);
    expect(under.ok && [...under.value.openCost]).toEqual([2, 0]);
  });

  it("a mandate above the highest tier does not fit the discrete game (paths under policy.); the continuous game takes it", () => {
    const mandate = policy([{ type: "mandate", minimum: 1, above: 9.5 }]);
    const discrete = gameUnder(scenario([0, 0.5]), mandate, "discrete");
    expect(discrete.ok ? [] : discrete.problems).toEqual([{ path: "policy.levers[0].minimum", message: "expected at most the highest tier, 0.5, got 1" }]);
    const continuous = gameUnder(scenario([0, 0.5]), mandate, "continuous");
    expect(continuous.ok && [...continuous.value.minimum]).toEqual([1, 0]);
  });

  it("describes its levers as policy prints them", () => {
    expect(describeLevers(policy([{ type: "levy", amount: 1, above: 9.5 }, { type: "subsidy", amount: 0.5 }, { type: "licence", factor: 0 }]))).toBe(
      "levy 1 (labs at or above 9.5), subsidy 0.5, licence (spillover x 0)",
    );
  });
});

describe("openrace policy", () => {
      const dir = tempDir("policy");
  
  it("reports the equilibria and metrics before and after", () => {
    const file = join(dir, "subsidy.json");
    writeFileSync(file, JSON.stringify({ name: "subsidy", levers: [{ type: "subsidy", amount: 1.5, above: 9.5 }] }));
    const r = run(["policy", "examples/three-lab-race.json", "--policy", file, "--json"]);
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.before.equilibria.map((e: { profile: number[] }) => e.profile)).toEqual([[0, 0, 1], [0, 1, 1]]);
    expect(out.after.equilibria.map((e: { profile: number[] }) => e.profile)).toEqual([[1, 0, 1], [1, 1, 1]]);
    expect(out.before.metrics.welfare).toEqual({ min: 29, max: 31 });
    expect(out.after.metrics.openLabs).toEqual({ min: 2, max: 3 });
  });

  it.each(readdirSync("examples/policies"))("runs the example policy examples/policies/%s", (file) => {
    expect(validatePolicy(JSON.parse(readFileSync(join("examples/policies", file), "utf8"))).ok).toBe(true);
    for (const game of ["discrete", "continuous"]) {
      const r = run(["policy", "examples/three-lab-race.json", "--policy", join("examples/policies", file), "--game", game, "--json"]);
      expect(r.status).toBe(0);
      expect(JSON.parse(r.stdout).after.exists).toBe(true);
    }
  });

  it("refuses an invalid policy with exit 2 and the path", () => {
    const file = join(dir, "bad.json");
    writeFileSync(file, JSON.stringify({ levers: [{ type: "tax", amount: 1 }] }));
    const r = run(["policy", "examples/three-lab-race.json", "--policy", file]);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/levers\[0\]\.type: expected a lever with "type" one of levy, subsidy, licence/);
  });
});
