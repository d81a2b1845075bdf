import { run, tempDir } from "./helpers/cli.js";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const EXAMPLE = "examples/three-lab-race.json";
const dir = tempDir("scale");
const path = (name: string) => join(dir, name);

describe("openrace generate", () => {
  it("random: seeded, deterministic, a valid scenario of the requested size", () => {
    const a = run(["generate", "random", "--players", "7", "--seed", "3"]);
    expect(a.status).toBe(0);
    expect(run(["generate", "random", "--players", "7", "--seed", "3"]).stdout).toBe(a.stdout);
    expect(run(["generate", "random", "--players", "7", "--seed", "4"]).stdout).not.toBe(a.stdout);
    const scenario = JSON.parse(a.stdout);
    expect(scenario.players).toHaveLength(7);
    for (const p of scenario.players) {
      expect(p.capability).toBeGreaterThanOrEqual(0);
      expect(p.capability).toBeLessThan(10);
      expect(p.communityGain).toBeLessThan(3);
    }
    writeFileSync(path("r.json"), a.stdout);
    expect(run(["validate", path("r.json")]).status).toBe(0);
  });

  it("random --out writes the file and prints nothing; --tiers and ranges are honoured", () => {
    const r = run(["generate", "random", "--players", "4", "--seed", "1", "--tiers", "0,0.5,1", "--max-spillover", "0", "--out", path("t.json")]);
    expect(r).toMatchObject({ status: 0, stdout: "" });
    const scenario = JSON.parse(readFileSync(path("t.json"), "utf8"));
    expect(scenario.tiers).toEqual([0, 0.5, 1]);
    expect(scenario.spillover.flat().every((v: number) => v === 0)).toBe(true);
  });

  it("sat: satisfiable and unsatisfiable formulas from DIMACS files give races that agree", () => {
    writeFileSync(path("sat.cnf"), "c satisfiable\np cnf 3 2\n1 -2 0\n2 3 0\n");
    // Every sign pattern over three variables: unsatisfiable.
    const all = [0, 1, 2, 3, 4, 5, 6, 7].map((m) => [1, 2, 3].map((v, b) => ((m >> b) & 1 ? -v : v)).join(" ") + " 0");
    writeFileSync(path("unsat.cnf"), `p cnf 3 8\n${all.join("\n")}\n`);
    for (const [cnf, exists] of [["sat.cnf", true], ["unsat.cnf", false]] as const) {
      const scenario = path(`${cnf}.json`);
      expect(run(["generate", "sat", "--cnf", path(cnf), "--out", scenario]).status).toBe(0);
      expect(JSON.parse(readFileSync(scenario, "utf8")).description).toContain("p cnf 3");
      const solved = JSON.parse(run(["solve", scenario, "--nontrivial", "--first", "--json"]).stdout);
      expect(solved).toMatchObject({ complete: true, exists });
    }
  });

  it.each([
    ["bad DIMACS", ["generate", "sat", "--cnf", "CNF"], /is not valid DIMACS CNF[\s\S]*line 2: /],
    ["both --cnf and --vars", ["generate", "sat", "--cnf", "CNF", "--vars", "3"], /either --cnf FILE or --vars/],
    ["missing --seed", ["generate", "sat", "--vars", "3", "--clauses", "4"], /missing: --seed/],
    ["a width above --vars", ["generate", "sat", "--vars", "2", "--clauses", "4", "--seed", "1"], /--width 3 exceeds --vars 2/],
    ["one player", ["generate", "random", "--players", "1", "--seed", "1"], /--players.*expected a whole number >= 2, got "1"/],
    ["a fractional seed", ["generate", "random", "--players", "3", "--seed", "1.5"], /--seed.*expected a whole number, got "1.5"/],
    ["bad tiers", ["generate", "random", "--players", "3", "--seed", "1", "--tiers", "0,x"], /comma-separated openness levels/],
  ])("refuses %s with exit 2", (_, args, message) => {
    writeFileSync(path("bad.cnf"), "p cnf 2 1\n1 x 0\n");
    const r = run(args.map((a) => (a === "CNF" ? path("bad.cnf") : a)));
    expect(r.status).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(message);
  });
});

describe("openrace export", () => {
  it("writes the LP, MPS and NFG forms, to stdout or whole to --out", () => {
    const lp = run(["export", EXAMPLE, "--to", "lp"]);
    expect(lp.status).toBe(0);
    expect(lp.stdout).toMatch(/^\\ openrace equilibrium MIP/);
    expect(lp.stdout).toMatch(/\\ player 2: underdog/);
    expect(lp.stdout).toMatch(/\nBinaries\n/);
    expect(lp.stdout.trimEnd().endsWith("End")).toBe(true);
    expect(run(["export", EXAMPLE, "--to", "lp", "--nontrivial"]).stdout).toMatch(/ nontrivial: .*>= 1/);
    const mps = run(["export", EXAMPLE, "--to", "mps", "--out", path("m.mps")]);
    expect(mps).toMatchObject({ status: 0, stdout: "" });
    expect(readFileSync(path("m.mps"), "utf8")).toMatch(/^\* openrace[\s\S]*\nROWS\n[\s\S]*\nENDATA\n$/);
    const nfg = run(["export", EXAMPLE, "--to", "nfg"]);
    expect(nfg.stdout).toMatch(/^NFG 1 R "Three-lab race" \{ "leader" "challenger" "underdog" \}/);
  });

  it("refuses an .nfg of a large game, saying its size, and writes nothing", () => {
    const big = path("big.json");
    writeFileSync(big, run(["generate", "random", "--players", "25", "--seed", "1"]).stdout);
    const r = run(["export", big, "--to", "nfg", "--out", path("big.nfg")]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/2\^25 = 33554432 pure profiles/);
    expect(existsSync(path("big.nfg"))).toBe(false);
  });

  it("refuses a missing or unknown --to", () => {
    expect(run(["export", EXAMPLE]).stderr).toMatch(/required option '--to <format>' not specified/);
    expect(run(["export", EXAMPLE, "--to", "xls"]).status).toBe(2);
  });
});

describe("solve at scale: methods, objectives, time limits", () => {
  it("--objective reports the best equilibrium and its value; welfare and prices in the JSON", () => {
    const out = JSON.parse(run(["solve", EXAMPLE, "--json", "--objective", "welfare", "--sense", "min"]).stdout);
    expect(out.objective).toEqual({ name: "welfare", sense: "min", value: 29 });
    expect(out.equilibria.map((e: { profile: number[] }) => e.profile)).toEqual([[0, 0, 1]]);
    expect(out.welfare).toEqual({ socialOptimum: 34, bestEquilibrium: 31, worstEquilibrium: 29, priceOfAnarchy: 34 / 29, priceOfStability: 34 / 31, complete: true });
    for (const method of ["mip", "propagate", "enumerate"])
      expect(JSON.parse(run(["solve", EXAMPLE, "--json", "--objective", "lead", "--method", method]).stdout).objective.value).toBe(1);
  });

  it("--first and --no-welfare skip the welfare summary; the library can still ask for it with --first", async () => {
    const first = JSON.parse(run(["solve", EXAMPLE, "--json", "--first"]).stdout);
    expect(first.equilibria).toHaveLength(1);
    expect(first.welfare).toBeUndefined();
    const quiet = JSON.parse(run(["solve", EXAMPLE, "--json", "--no-welfare"]).stdout);
    expect([quiet.equilibria.length, quiet.welfare]).toEqual([2, undefined]);
    const { solveDiscrete } = await import("../src/solvers/solve.js");
    const { workedExample } = await import("./helpers/worked.js");
    const asked = await solveDiscrete(workedExample(), { first: true, welfare: true });
    expect([asked.welfare?.bestEquilibrium, asked.welfare?.worstEquilibrium]).toEqual([31, 29]);
  });

  it("says which method decided", () => {
    for (const method of ["enumerate", "propagate", "mip"])
      expect(JSON.parse(run(["solve", EXAMPLE, "--json", "--method", method]).stdout).method).toBe(method);
    const iterate = JSON.parse(run(["solve", EXAMPLE, "--json", "--method", "iterate"]).stdout);
    expect(iterate).toMatchObject({ method: "best-response", complete: false, exists: true });
  });

  it("decides a 120-lab race and a 200-lab SAT race; the exact search honours --time-limit", () => {
    const race = path("r120.json");
    writeFileSync(race, run(["generate", "random", "--players", "120", "--seed", "2"]).stdout);
    const decided = JSON.parse(run(["solve", race, "--json", "--nontrivial", "--first"]).stdout);
    expect(decided).toMatchObject({ complete: true, exists: true });
    expect(decided.equilibria[0].exploitability).toBeLessThanOrEqual(1e-8);

    const hard = path("sat.json");
    writeFileSync(hard, run(["generate", "sat", "--vars", "60", "--clauses", "255", "--seed", "1"]).stdout);
    const r = run(["solve", hard, "--json", "--method", "propagate", "--nontrivial", "--first", "--time-limit", "1"]);
    expect(r.status).toBe(3);
    expect(JSON.parse(r.stdout)).toMatchObject({ complete: false, exists: null, equilibria: [] });
    const mip = run(["solve", race, "--json", "--method", "mip", "--time-limit", "1"]);
    expect(mip.status).toBe(3);
    expect(JSON.parse(mip.stdout).complete).toBe(false);
  });
});

describe("the continuous game on the command line", () => {
  it("solve --game continuous prints the certified partial equilibrium, as JSON and as a table", () => {
    const json = JSON.parse(run(["solve", "examples/costly-leader.json", "--game", "continuous", "--json"]).stdout);
    expect(json).toMatchObject({ game: "continuous", complete: true, exists: true });
    expect(json.equilibria[0].profile[0]).toBeCloseTo(2 / 3, 12);
    expect(json.equilibria[0].exploitability).toBeLessThanOrEqual(1e-8);
    expect(Array.isArray(json.stats.trace)).toBe(true);
    const text = run(["solve", "examples/costly-leader.json", "--game", "continuous"]);
    expect(text.stdout).toMatch(/leader\s+66\.6667% open \(partial\)/);
  });

  it("explain --game continuous gives the best response and the rival lines that meet there", () => {
    const out = JSON.parse(run(["explain", "examples/costly-leader.json", "--game", "continuous", "--profile", "0,1,1", "--json"]).stdout);
    expect(out.incentives[0].alternative).toBeCloseTo(2 / 3, 12);
    expect(out.incentives[0].activeRivals).toEqual(["challenger", "underdog"]);
    expect(out.isEquilibrium).toBe(false);
    expect(run(["explain", "examples/costly-leader.json", "--game", "continuous", "--profile", "0.5,1,2"]).stderr).toMatch(/expected a number in \[0, 1\]/);
  });

  it("compare puts the binary, tiered and continuous games side by side", () => {
    const out = JSON.parse(run(["compare", "examples/open-weights.json", "--json"]).stdout);
    expect(out.games.map((g: { game: string }) => g.game)).toEqual(["binary", "tiered", "continuous"]);
    const [binary, tiered, continuous] = out.games;
    expect(binary.shown).toEqual([0, 0, 0]);
    expect(tiered.shown).toEqual([0.5, 0, 0]);
    // Continuous: the frontier lab opens until the newcomer reaches the runner-up (8 + 4x = 9.8).
    expect(continuous.shown[0]).toBeCloseTo(0.45, 12);
    expect(run(["compare", "examples/open-weights.json"]).stdout).toMatch(/continuous: openness/);
  });

  it("refuses the discrete-only methods for the continuous game", () => {
    const r = run(["solve", EXAMPLE, "--game", "continuous", "--method", "propagate"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--method propagate is for the discrete game/);
  });
});
