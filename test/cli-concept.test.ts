import { describe, expect, it } from "vitest";
import { run } from "./helpers/cli.js";

const MP = "examples/matching-pennies.json";

describe("openrace solve --concept (INTERFACE.md, Beyond pure equilibria)", () => {
  it("mixed: the JSON contract, one probability per tier per lab, the exact regret, and that more may exist", () => {
    const r = run(["solve", MP, "--concept", "mixed", "--json"]);
    expect(r.status).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc).toMatchObject({ concept: "mixed", players: ["alpha", "beta", "incumbent", "specialist"], tiers: [0, 1], method: "logit-path", complete: true, exists: true, moreMayExist: true });
    expect(doc.equilibria).toHaveLength(1);
    const [eq] = doc.equilibria;
    expect(Object.keys(eq)).toEqual(["strategies", "payoffs", "regret"]);
    expect(eq.strategies.map((q: number[]) => q.length)).toEqual([2, 2, 2, 2]);
    expect(eq.strategies[0][1]).toBeCloseTo(0.5, 12);
    expect(eq.regret).toBeLessThan(1e-12);
  });

  it("mixed: the text reads like the pure case", () => {
    const r = run(["solve", MP, "--concept", "mixed"]);
    expect(r.stdout).toContain("No pure equilibrium; in the mixed equilibrium alpha opens with probability 0.50, beta opens with");
    expect(r.stdout).toMatch(/Other mixed equilibria may exist/);
  });

  it("pure solve with no pure equilibrium suggests --concept mixed", () => {
    expect(run(["solve", MP]).stdout).toContain("solve --concept mixed");
    expect(run(["solve", "examples/three-lab-race.json"]).stdout).not.toContain("--concept mixed");
  });

  it("qre: lambda 0 is uniform; --lambda is required and belongs to qre", () => {
    const doc = JSON.parse(run(["solve", MP, "--concept", "qre", "--lambda", "0", "--json"]).stdout);
    expect(doc.concept).toBe("qre");
    expect(doc.lambda).toBe(0);
    for (const q of doc.equilibria[0].strategies) for (const v of q) expect(v).toBeCloseTo(0.5, 15);
    const missing = run(["solve", MP, "--concept", "qre"]);
    expect([missing.status, missing.stdout]).toEqual([2, ""]);
    expect(missing.stderr).toMatch(/--lambda/);
    const misplaced = run(["solve", MP, "--lambda", "2"]);
    expect([misplaced.status, misplaced.stdout]).toEqual([2, ""]);
    expect(run(["solve", MP, "--concept", "qre", "--lambda", "-1"]).status).toBe(2);
  });

  it("correlated: the distribution, its objective and regret; coarse-correlated with --objective and --sense", () => {
    const doc = JSON.parse(run(["solve", MP, "--concept", "correlated", "--json"]).stdout);
    expect(doc).toMatchObject({ concept: "correlated", method: "lp", optimize: { objective: "welfare", sense: "max" }, complete: true, exists: true });
    const [eq] = doc.equilibria;
    expect(eq.distribution).toHaveLength(4);
    expect(eq.distribution[0]).toEqual({ profile: expect.any(Array), probability: expect.closeTo(0.25, 12) });
    expect(eq.objective).toBeCloseTo(41.5, 9);
    expect(eq.regret).toBeLessThan(1e-9);
    const coarse = JSON.parse(run(["solve", MP, "--concept", "coarse-correlated", "--objective", "openness", "--sense", "min", "--json"]).stdout);
    expect(coarse.optimize).toEqual({ objective: "openness", sense: "min" });
    const text = run(["solve", MP, "--concept", "correlated"]).stdout;
    expect(text).toContain("The race has no pure equilibrium, but a mediator can coordinate it");
  });

  it("refuses races too large for the table and options of the pure concept: exit 2, nothing on stdout", () => {
    const big = run(["generate", "random", "--players", "14", "--seed", "1"]).stdout;
    for (const concept of ["mixed", "qre"]) {
      const r = run(["solve", "-", "--concept", concept, ...(concept === "qre" ? ["--lambda", "1"] : [])], big);
      expect([r.status, r.stdout]).toEqual([2, ""]);
      expect(r.stderr).toMatch(/16384 pure profiles.*at most 8192/);
    }
    for (const misplaced of [["--objective", "welfare"], ["--game", "continuous"], ["--nontrivial"], ["--method", "mip"]]) {
      const r = run(["solve", MP, "--concept", "mixed", ...misplaced]);
      expect([r.status, r.stdout]).toEqual([2, ""]);
      expect(r.stderr).toContain(misplaced[0]);
    }
  });
});

describe("openrace explain --profile with a mixed profile", () => {
  it("id=0.4 is a probability of opening; prints each level's expected payoff and the regret", () => {
    const eq = run(["explain", MP, "--profile", "alpha=0.5,beta=0.5", "--json"]);
    expect(eq.status).toBe(0);
    const doc = JSON.parse(eq.stdout);
    expect(doc).toMatchObject({ mixed: true, isEquilibrium: true, strategies: [[0.5, 0.5], [0.5, 0.5], [1, 0], [1, 0]] });
    expect(doc.labs[0].levelPayoffs).toEqual([-1, -1]);
    const off = JSON.parse(run(["explain", MP, "--profile", "alpha=0.4,beta=0.5", "--json"]).stdout);
    expect(off.isEquilibrium).toBe(false);
    // By hand: beta gains -0.5 by opening against a closed alpha, +0.5 against an open one, so
    // -0.1 against alpha=0.4; mixing half-half it loses 0.05 to closing for sure. Alpha stays indifferent.
    expect(off.regret).toBeCloseTo(0.05, 12);
    const text = run(["explain", MP, "--profile", "alpha=0.4,beta=0.5"]).stdout;
    expect(text).toContain("not an equilibrium (regret 0.05)");
  });

  it("per-tier probabilities, and clear errors", () => {
    const tiered = run(["explain", "examples/open-weights.json", "--profile", "0.2/0.3/0.5,0,0", "--json"]);
    expect(tiered.status).toBe(0);
    expect(JSON.parse(tiered.stdout).strategies[0]).toEqual([0.2, 0.3, 0.5]);
    const bad = run(["explain", MP, "--profile", "alpha=0.3/0.3"]);
    expect([bad.status, bad.stdout]).toEqual([2, ""]);
    expect(bad.stderr).toMatch(/alpha.*sum to 0.6/);
  });
});
