import { run, tempDir } from "./helpers/cli.js";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { randomScenario } from "../src/generators/random.js";

const EXAMPLE = "examples/three-lab-race.json";

function tempFile(name: string, content: string): string {
  const file = join(tempDir("cli"), name);
  writeFileSync(file, content);
  return file;
}

describe("openrace solve", () => {
  it("prints the JSON contract of INTERFACE.md for the worked example", () => {
    const r = run(["solve", EXAMPLE, "--json"]);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe("");
    const out = JSON.parse(r.stdout);
    expect(Object.keys(out)).toEqual(["scenario", "game", "players", "tiers", "method", "complete", "stopReason", "exists", "equilibria", "welfare", "stats"]);
    expect(out).toMatchObject({
      scenario: "Three-lab race",
      game: "discrete",
      players: ["leader", "challenger", "underdog"],
      tiers: [0, 1],
      method: "enumerate",
      complete: true,
      stopReason: "exhausted",
      exists: true,
    });
    expect(out.equilibria[0]).toEqual({ profile: [0, 0, 1], nonTrivial: true, capabilities: [10, 9, 10], payoffs: [0, -1, 0], exploitability: 0 });
    expect(out.equilibria.map((e: { profile: number[] }) => e.profile)).toEqual([[0, 0, 1], [0, 1, 1]]);
    expect(typeof out.stats.seconds).toBe("number");
  });

  it("prints a table with choices, capabilities, payoffs and the leader, then a reading", () => {
    const r = run(["solve", EXAMPLE]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("2 pure equilibria found.");
    expect(r.stdout).toMatch(/Equilibrium 1: underdog opens/);
    expect(r.stdout).toMatch(/underdog\s+open\s+11\s+1\s+leads/);
    expect(r.stdout.replace(/\s+/g, " ")).toMatch(/All-closed is not an equilibrium: underdog would gain 3 by opening/);
  });

  it("--first stops at one equilibrium; --nontrivial reports exists=false when none exists", () => {
    expect(JSON.parse(run(["solve", EXAMPLE, "--json", "--first"]).stdout).equilibria).toHaveLength(1);
    // Opening costs each lab more than it gains: only the trivial equilibrium exists.
    const file = tempFile(
      "closed.json",
      JSON.stringify({ players: [{ id: "a", capability: 2, communityGain: 1, openCost: 2 }, { id: "b", capability: 1, openCost: 1 }] }),
    );
    const all = JSON.parse(run(["solve", file, "--json"]).stdout);
    expect(all.equilibria.map((e: { profile: number[] }) => e.profile)).toEqual([[0, 0]]);
    expect(all.scenario).toBe("closed");
    const r = run(["solve", file, "--json", "--nontrivial"]);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ complete: true, exists: false, equilibria: [] });
  });

  it("reads standard input with -", () => {
    // Nothing to gain or lose by opening: ties count as equilibria, so all four profiles are.
    const r = run(["solve", "-", "--json"], JSON.stringify({ players: [{ id: "a", capability: 1 }, { id: "b", capability: 1 }] }));
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).equilibria).toHaveLength(4);
  });

  it("--time-limit stops with exit 3, complete=false, and prints what it found", () => {
    const file = tempFile("big.json", JSON.stringify(randomScenario({ players: 120, seed: 7 })));
    const r = run(["solve", file, "--json", "--method", "enumerate", "--time-limit", "0.5"]);
    expect(r.status).toBe(3);
    const out = JSON.parse(r.stdout);
    expect(out.complete).toBe(false);
    expect(out.exists === null || out.exists === true).toBe(true);
    expect(out.exists).toBe(out.equilibria.length > 0 ? true : null);
    expect(out.stats.visited).toBeLessThan(out.stats.profiles);
    const text = run(["solve", file, "--method", "enumerate", "--time-limit", "0.3"]);
    expect(text.status).toBe(3);
    expect(text.stdout).toContain("INCOMPLETE: time limit reached");
  });
});

describe("bad input: exit 2, a message on stderr naming what is wrong, nothing on stdout", () => {
  const invalid = () =>
    tempFile(
      "bad.json",
      JSON.stringify({ players: [{ id: "a", capability: "x" }, { id: "b", capability: 1, rivals: ["zz"] }], tiers: [0, 1, 0.5] }),
    );
  it.each([
    ["a missing file", ["solve", "no-such-file.json"], /no-such-file\.json: no such file/],
    ["a directory", ["solve", "examples"], /examples: is a directory/],
    ["an unknown option", ["solve", EXAMPLE, "--bogus"], /unknown option '--bogus'/],
    ["a bad --game", ["solve", EXAMPLE, "--game", "poker"], /--game <game>' argument 'poker' is invalid/],
    ["a bad --method", ["solve", EXAMPLE, "--method", "magic"], /--method <method>' argument 'magic' is invalid/],
    ["a bad --time-limit", ["solve", EXAMPLE, "--time-limit", "-1"], /--time-limit.*expected a number of seconds > 0, got "-1"/],
    ["an unknown command", ["sovle", EXAMPLE], /unknown command 'sovle'/],
    ["a missing --profile", ["explain", EXAMPLE], /required option '--profile <profile>' not specified/],
    ["a bad profile", ["explain", EXAMPLE, "--profile", "0,2,1"], /--profile: "challenger" has openness 2, expected one of the tiers 0, 1/],
  ])("%s", (_, args, message) => {
    const r = run(args);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(message);
  });

  it("an invalid scenario lists every problem with its path, for every command", () => {
    const file = invalid();
    for (const args of [["solve", file], ["explain", file, "--profile", "0,0"], ["validate", file]]) {
      const r = run(args);
      expect(r.status).toBe(2);
      expect(r.stdout).toBe("");
      expect(r.stderr).toContain("is not a valid scenario (3 problems)");
      expect(r.stderr).toContain('players[0].capability: expected a finite number, got "x"');
      expect(r.stderr).toContain('players[1].rivals[0]: unknown player "zz"');
      expect(r.stderr).toContain("tiers[2]: expected levels in strictly increasing order, got 0.5 after 1");
    }
  });

  it("malformed JSON is reported with its line and column", () => {
    const r = run(["validate", tempFile("broken.json", '{\n  "players": [,]\n}')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/invalid JSON at line 2, column 15: value expected/);
  });
});

describe("openrace explain and validate", () => {
  it("explain --json gives each lab's payoff, best alternative and decomposition", () => {
    const r = run(["explain", EXAMPLE, "--profile", "0,0,0", "--json"]);
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ scenario: "Three-lab race", profile: [0, 0, 0], isEquilibrium: false, exploitability: 3 });
    expect(out.incentives[2]).toMatchObject({ player: "underdog", payoff: -3, alternative: 1, alternativePayoff: 0, ownGain: 3, openCost: 0, rivalGain: 0, wantsToDeviate: true });
  });

  it("explain prints the table and one sentence per lab", () => {
    const r = run(["explain", EXAMPLE, "--profile", "underdog=1"]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("an equilibrium");
    expect(r.stdout.replace(/\s+/g, " ")).toMatch(/leader stays closed: opening would add 1 to its capability, cost 0.5 and lift its strongest rival, underdog, by 1.5 \(net -1\)/);
  });

  it("validate accepts every example and says what it found", () => {
    const r = run(["validate", EXAMPLE]);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(`${EXAMPLE}: valid scenario "Three-lab race", 3 labs, levels 0, 1\n`);
    expect(JSON.parse(run(["validate", EXAMPLE, "--json"]).stdout)).toEqual({ valid: true, problems: [] });
  });

  it("validate --json lists the problems as data (and still exits 2)", () => {
    const file = tempFile("bad.json", JSON.stringify({ players: [{ id: "a", capability: 1 }] }));
    const r = run(["validate", file, "--json"]);
    expect(r.status).toBe(2);
    expect(JSON.parse(r.stdout)).toEqual({ valid: false, problems: [{ path: "players", message: "expected at least 2 players, got 1" }] });
  });

  it("--help and --version exit 0", () => {
    expect(run(["--help"]).status).toBe(0);
    expect(run(["solve", "--help"]).stdout).toContain("--time-limit <seconds>");
    expect(run(["--version"]).stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });
});
