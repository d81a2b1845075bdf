/**
 * A mandated minimum openness (the `mandate` policy lever): each lab's actions shrink to the
 * tiers at or above its minimum, or [m_i, 1]. Every solver is cross-checked against the naive
 * reference, which walks only the allowed levels and tries only allowed deviations.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { applyPolicy, policyProblems, validatePolicy, type Policy } from "../src/analysis/policy.js";
import { capabilities, certify, exploitability, explainProfile, makeGame, parseProfile, solveContinuous, solveDiscrete } from "../src/index.js";
import { intervalBestResponse } from "../src/model/continuous.js";
import { enumerateEquilibria } from "../src/solvers/enumerate.js";
import { HighsMip } from "../src/solvers/highs.js";
import { buildContinuousMip } from "../src/solvers/kkt-mip.js";
import { mipEquilibria } from "../src/solvers/mip.js";
import { Search } from "../src/solvers/search.js";
import { mandatedGameArbitrary, SEED } from "./helpers/arbitrary.js";
import { run, tempDir } from "./helpers/cli.js";
import { naiveEquilibria, naiveGain, naiveIntervalExploitability } from "./helpers/naive.js";
import { workedExample } from "./helpers/worked.js";

const quiet = { welfare: false } as const;
const profiles = (equilibria: readonly { profile: number[] }[]) => equilibria.map((e) => e.profile);
const policy = (levers: unknown[]): Policy => {
  const parsed = validatePolicy({ levers });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return parsed.value;
};

describe("a mandate on the worked example, by hand", () => {
  // Leader (c 10, a 1, k 0.5), challenger (9, 1, 0), underdog (7, 3, 0); absorptive 0.5:
  // B[L][C] = 0.5, B[L][U] = 1.5, B[C][U] = 1.
  it("the leader made to open: (1,0,1) and (1,1,1), and the leader has no deviation", async () => {
    const game = applyPolicy(workedExample(), policy([{ type: "mandate", minimum: 1, above: 9.5 }]));
    expect([...game.minimum]).toEqual([1, 0, 0]);
    // With x_L = 1: p_L = 11, p_C = 9.5 + x_C, p_U = 8.5 + x_C + 3 x_U. The underdog always
    // opens (+3 against a rival at 11 or less); then the challenger is indifferent (-2 either way).
    const result = await solveDiscrete(game, quiet);
    expect(profiles(result.equilibria)).toEqual([[1, 0, 1], [1, 1, 1]]);
    // (0,0,1) was an equilibrium; the leader may not play 0 any more.
    expect(certify(game, [0, 0, 1])).toBeNull();
    expect(exploitability(game, [0, 0, 1])).toBe(Infinity);
    // Its explanation: no other level to compare with.
    const leader = explainProfile(game, [1, 0, 1]).incentives[0];
    expect([leader.alternative, leader.difference, leader.wantsToDeviate]).toEqual([1, 0, false]);
  });

  it("in the continuous game the leader stops at its minimum: (0.5, x, 1) for any challenger x", async () => {
    const game = applyPolicy(workedExample(), policy([{ type: "mandate", minimum: 0.5, above: 9.5 }]));
    // At (y, 0, 1) the leader's payoff is 10 + y - (10 + 1.5 y) - 0.5 y = -y: as low as allowed.
    const p = capabilities(game, [0.5, 0, 1]);
    const br = intervalBestResponse(game, p, [0.5, 0, 1], 0);
    expect([br.level, br.regime, br.gain]).toEqual([0.5, "low", 0]);
    expect(exploitability(game, [0.5, 0, 1], "interval")).toBe(0);
    for (const method of ["auto", "iterate", "mip"] as const) {
      const [eq] = (await solveContinuous(game, { method, ...quiet })).equilibria;
      expect({ method, leader: eq.profile[0], underdog: eq.profile[2] }).toEqual({ method, leader: 0.5, underdog: 1 });
    }
  });

  it("tiers between the minimum and the next level: a minimum of 0.3 allows 0.5 and 1", async () => {
    const game = applyPolicy({ ...workedExample(), tiers: [0, 0.5, 1] }, policy([{ type: "mandate", minimum: 0.3 }]));
    const result = await solveDiscrete(game, quiet);
    expect(result.equilibria.length).toBeGreaterThan(0);
    for (const eq of result.equilibria) expect(eq.profile.every((v) => v === 0.5 || v === 1)).toBe(true);
    expect(profiles(result.equilibria)).toEqual(naiveEquilibria(game));
    expect(parseProfile(game, "0,0.5,1")).toEqual({
      ok: false,
      problems: [{ path: "--profile", message: '"leader" has openness 0, below its mandated minimum 0.3' }],
    });
  });
});

describe("every solver respects a mandate (random games, random minimums)", () => {
  it("enumerate, propagate, the MIP, its plain formulation and auto list exactly the naive equilibria", async () => {
    await fc.assert(
      fc.asyncProperty(mandatedGameArbitrary({ maxPlayers: 5 }), async (game) => {
        const expected = naiveEquilibria(game);
        for (const method of ["enumerate", "propagate", "mip", "auto"] as const) {
          const result = await solveDiscrete(game, { method, ...quiet });
          expect({ method, found: profiles(result.equilibria) }).toEqual({ method, found: expected });
        }
        const plain = new Search(game);
        await mipEquilibria(game, plain, { plain: true });
        expect(profiles(plain.equilibria).sort()).toEqual([...expected].sort());
        const walk = new Search(game);
        enumerateEquilibria(game, walk);
        expect(profiles(walk.equilibria).sort()).toEqual([...expected].sort());
      }),
      { seed: SEED, numRuns: 120 },
    );
  });

  it("the continuous best response is the naive maximum over [m_i, 1]", () => {
    fc.assert(
      fc.property(mandatedGameArbitrary(), fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 6, maxLength: 6 }), (game, pick) => {
        const x = game.ids.map((_, i) => game.minimum[i] + (1 - game.minimum[i]) * pick[i]);
        const p = capabilities(game, x);
        game.ids.forEach((_, i) => {
          const br = intervalBestResponse(game, p, x, i);
          expect(br.level).toBeGreaterThanOrEqual(game.minimum[i]);
          expect(br.gain).toBeCloseTo(naiveGain(game, x, i, br.level), 9);
        });
        expect(exploitability(game, x, "interval")).toBeCloseTo(naiveIntervalExploitability(game, x), 9);
      }),
      { seed: SEED, numRuns: 200 },
    );
  });

  it("auto, iterate and the KKT MIP return a certified equilibrium within the mandate", async () => {
    await fc.assert(
      fc.asyncProperty(mandatedGameArbitrary(), async (game) => {
        for (const method of ["auto", "iterate", "mip"] as const) {
          const result = await solveContinuous(game, { method, ...quiet });
          expect({ method, exists: result.exists }).toEqual({ method, exists: true });
          const eq = result.equilibria[0];
          eq.profile.forEach((v, i) => expect(v).toBeGreaterThanOrEqual(game.minimum[i]));
          expect(naiveIntervalExploitability(game, eq.profile)).toBeLessThanOrEqual(game.tolerance + 1e-12);
        }
      }),
      { seed: SEED + 1, numRuns: 120 },
    );
  });

  it("the KKT MIP's least and most open equilibria bracket auto's (labs held at their minimum included)", async () => {
    await fc.assert(
      fc.asyncProperty(mandatedGameArbitrary({ maxPlayers: 5, coarse: true }), async (game) => {
        const openness = (r: { equilibria: { profile: number[] }[] }) => r.equilibria[0].profile.reduce((a, b) => a + b, 0);
        const max = await solveContinuous(game, { objective: "openness", sense: "max", ...quiet });
        const min = await solveContinuous(game, { objective: "openness", sense: "min", ...quiet });
        expect(min.objective!.value).toBeCloseTo(openness(min), 9);
        const other = openness(await solveContinuous(game, quiet));
        expect(other).toBeLessThanOrEqual(max.objective!.value! + 1e-6);
        expect(other).toBeGreaterThanOrEqual(min.objective!.value! - 1e-6);
      }),
      { seed: SEED + 2, numRuns: 100 },
    );
  });

  it("the KKT MIP is feasible at every equilibrium best-response dynamics finds", async () => {
    await fc.assert(
      fc.asyncProperty(mandatedGameArbitrary({ maxPlayers: 5, coarse: true }), async (game) => {
        const [eq] = (await solveContinuous(game, { method: "iterate", ...quiet })).equilibria;
        const model = buildContinuousMip(game);
        const mip = await HighsMip.load(model);
        try {
          model.openness.forEach(([col], i) => mip.addRow({ name: `fix_${i}`, indices: [col], values: [1], lower: eq.profile[i] - 1e-9, upper: eq.profile[i] + 1e-9 }));
          expect({ profile: eq.profile, status: mip.run(Infinity).status }).toEqual({ profile: eq.profile, status: "optimal" });
        } finally {
          mip.dispose();
        }
      }),
      { seed: SEED + 3, numRuns: 300 },
    );
  });

  it("a lab mandated to the top has no deviation, whatever its incentives", () => {
    // Two labs, each strictly better off closed (cost 2 > gain 1): the only equilibrium is
    // all closed; mandate lab 0 fully open and the only equilibrium is (1, 0).
    const free = makeGame({
      ids: ["a", "b"],
      names: ["a", "b"],
      capability: Float64Array.of(5, 5),
      communityGain: Float64Array.of(1, 1),
      openCost: Float64Array.of(2, 2),
      spillover: Float64Array.of(0, 0.5, 0.5, 0),
      rivals: [Int32Array.of(1), Int32Array.of(0)],
      tiers: [0, 1],
    });
    expect(naiveEquilibria(free)).toEqual([[0, 0]]);
    expect(naiveEquilibria(makeGame({ ...free, minimum: Float64Array.of(1, 0) }))).toEqual([[1, 0]]);
  });
});

describe("mandate levers in policy files", () => {
  it("are validated: the minimum must lie in (0, 1], and at most the highest tier", () => {
    const bad = validatePolicy({ levers: [{ type: "mandate", minimum: 0 }, { type: "mandate", minimum: 1.5 }, { type: "mandate" }] });
    expect(bad.ok ? [] : bad.problems.map((p) => p.path)).toEqual(["levers[0].minimum", "levers[1].minimum", "levers[2].minimum"]);
    const game = { ...workedExample(), tiers: [0, 0.5] };
    expect(policyProblems(game, policy([{ type: "mandate", minimum: 0.8, above: 9 }]))).toEqual([
      { path: "levers[0].minimum", message: "expected at most the highest tier, 0.5, got 0.8" },
    ]);
    // No lab at or above 20: nothing to check.
    expect(policyProblems(game, policy([{ type: "mandate", minimum: 0.8, above: 20 }]))).toEqual([]);
  });

  it("openrace policy applies them, combined with other levers", () => {
    const dir = tempDir("mandate");
    const file = join(dir, "mandate.json");
    writeFileSync(file, JSON.stringify({ levers: [{ type: "mandate", minimum: 1, above: 9.5 }, { type: "levy", amount: 5, above: 8.5 }] }));
    const r = run(["policy", "examples/three-lab-race.json", "--policy", file, "--json"]);
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    // The levy makes the challenger (9) never open (cost 5 > anything it could gain); the
    // leader must open anyway; the underdog opens.
    expect(profiles(out.after.equilibria)).toEqual([[1, 0, 1]]);
    expect(r.stderr).toBe("");
  });

  it("openrace policy refuses a mandate above the scenario's tiers with exit 2", () => {
    const dir = tempDir("mandate-tiers");
    const scenario = join(dir, "tiers.json");
    writeFileSync(scenario, JSON.stringify({ name: "low tiers", players: [{ id: "a", capability: 1 }, { id: "b", capability: 2 }], spillover: 0.5, tiers: [0, 0.5] }));
    const file = join(dir, "mandate.json");
    writeFileSync(file, JSON.stringify({ levers: [{ type: "mandate", minimum: 0.75 }] }));
    const r = run(["policy", scenario, "--policy", file]);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/levers\[0\]\.minimum: expected at most the highest tier, 0\.5, got 0\.75/);
  });
});
