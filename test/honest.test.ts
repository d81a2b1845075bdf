/**
 * Issue 12: say only what was established. Readings claim a count or "in every equilibrium"
 * only for an exhausted search; numbers out of range are bad input; every command's exit
 * status and files follow one rule.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { jsonText } from "../src/analysis/documents.js";
import { listsAll, readResult } from "../src/analysis/reading.js";
import { randomScenario } from "../src/generators/random.js";
import { buildGame, type Game } from "../src/model/game.js";
import { validateScenario } from "../src/model/validate.js";
import { solveContinuous } from "../src/solvers/solve-continuous.js";
import { solveDiscrete, type SolveOptions } from "../src/solvers/solve.js";
import { gameArbitrary, SEED } from "./helpers/arbitrary.js";
import { run, tempDir } from "./helpers/cli.js";

const EXAMPLE = "examples/three-lab-race.json";
const example = (file = EXAMPLE): Game => {
  const parsed = validateScenario(JSON.parse(readFileSync(file, "utf8")));
  if (!parsed.ok) throw new Error("invalid example");
  return buildGame(parsed.value);
};
const flat = (text: string) => text.replace(/\s+/g, " ");
/** "in every ... equilibrium" not followed by "found": a claim about all equilibria. */
const EVERY = /in every (non-trivial )?(pure )?equilibrium(?! found)/;

describe("readings say what the search established", () => {
  const game = example();

  it("a complete list is counted, with what holds in every equilibrium", async () => {
    const result = await solveDiscrete(game);
    expect(result.stopReason).toBe("exhausted");
    const text = readResult(game, result);
    expect(text).toContain("The game has 2 pure equilibria");
    expect(text).toMatch(EVERY);
  });

  // The example has two equilibria, (0,0,1) and (0,1,1): each of these finds one of them.
  it.each<[string, SolveOptions]>([
    ["--nontrivial --first", { nonTrivial: true, first: true }],
    ["--first", { first: true }],
    ["--objective welfare --sense min", { objective: "welfare", sense: "min" }],
    ["--objective welfare --sense max", { objective: "welfare", sense: "max" }],
  ])("%s: no count, nothing said of every equilibrium, and others may exist", async (_, options) => {
    const result = await solveDiscrete(game, options);
    expect(result.equilibria).toHaveLength(1);
    expect(listsAll(result)).toBe(false);
    const text = readResult(game, result, { nonTrivial: options.nonTrivial });
    expect(text).not.toContain("The game has");
    expect(text).not.toMatch(/one pure equilibrium/);
    expect(text).not.toMatch(EVERY);
    expect(text).toMatch(/others may exist|was not counted/);
    // what it says of each lab is about the equilibrium found
    expect(text).toMatch(/in the (non-trivial )?pure equilibrium found/);
  });

  it("--nontrivial counts the non-trivial equilibria and says so", async () => {
    const text = readResult(game, await solveDiscrete(game, { nonTrivial: true }), { nonTrivial: true });
    expect(text).toContain("The game has 2 non-trivial pure equilibria");
    expect(text).toContain("in every non-trivial pure equilibrium");
  });

  it("a search cut by its time limit says so and claims nothing about the rest", async () => {
    const big = buildGame(validated(randomScenario({ players: 120, seed: 7 })));
    const result = await solveDiscrete(big, { method: "enumerate", timeLimit: 0.2, welfare: false });
    expect(result).toMatchObject({ complete: false, stopReason: "time-limit" });
    const text = readResult(big, result);
    expect(text).toMatch(/stopped at its time limit/);
    expect(text).not.toContain("The game has");
    expect(text).not.toMatch(EVERY);
  });

  it("best-response dynamics name their own limit, not a time limit", async () => {
    const result = await solveDiscrete(game, { method: "iterate" });
    expect(result).toMatchObject({ complete: false, stopReason: "incomplete" });
    const text = readResult(game, result);
    expect(text).toContain("best-response dynamics cannot prove they found every equilibrium");
    expect(text).not.toMatch(/time limit/);
    expect(text).not.toMatch(EVERY);
  });

  it("the continuous game finds an equilibrium and does not claim it is the only one", async () => {
    const result = await solveContinuous(game, { welfare: false });
    const text = readResult(game, result);
    expect(text).toMatch(/^An equilibrium was found/);
    expect(text).toContain("whether it is the only one was not checked");
    expect(text).not.toMatch(/The game has|unique|only equilibrium/);
  });

  it("on random games, claims about every equilibrium appear exactly when the list is complete", async () => {
    await fc.assert(
      fc.asyncProperty(
        gameArbitrary({ maxPlayers: 5 }),
        fc.constantFrom<SolveOptions>({}, { first: true }, { nonTrivial: true }, { nonTrivial: true, first: true }, { objective: "openness", sense: "min" }),
        async (g, options) => {
          const result = await solveDiscrete(g, { ...options, welfare: false });
          const text = readResult(g, result, { nonTrivial: options.nonTrivial });
          const all = await solveDiscrete(g, { nonTrivial: options.nonTrivial, welfare: false });
          if (listsAll(result)) {
            // a count is made only of a complete list, and it is the true count
            expect(result.equilibria.length).toBe(all.equilibria.length);
            if (result.equilibria.length > 0) expect(text).toContain("The game has");
          } else {
            expect(text).not.toContain("The game has");
            expect(text).not.toMatch(EVERY);
          }
        },
      ),
      { seed: SEED, numRuns: 150 },
    );
  });
});

function validated(input: unknown) {
  const parsed = validateScenario(input);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return parsed.value;
}

describe("numbers out of range", () => {
  const scenario = (overrides: Record<string, unknown>[], extra: Record<string, unknown> = {}) => ({
    players: [
      { id: "a", capability: 10, communityGain: 1, ...overrides[0] },
      { id: "b", capability: 9, communityGain: 1, ...overrides[1] },
    ],
    ...extra,
  });
  const problems = (input: unknown) => {
    const parsed = validateScenario(input);
    return parsed.ok ? [] : parsed.problems;
  };

  it.each<[string, unknown, string]>([
    ["capability 1e308", scenario([{ capability: 1e308 }, {}]), "players[0].capability"],
    ["capability -1e10", scenario([{}, { capability: -1e10 }]), "players[1].capability"],
    ["capabilities of 1e15", scenario([{ capability: 1e15 }, { capability: 1e15 }]), "players[0].capability"],
    ["a gain of 1e12", scenario([{ communityGain: 1e12 }, {}]), "players[0].communityGain"],
    ["a cost of 1e300", scenario([{}, { openCost: 1e300 }]), "players[1].openCost"],
    ["a spillover of 1e10", scenario([{}, {}], { spillover: 1e10 }), "spillover"],
    ["a matrix entry of 1e10", scenario([{}, {}], { spillover: [[0, 1e10], [0, 0]] }), "spillover[0][1]"],
    ["a pair of 1e10", scenario([{}, {}], { spilloverPairs: [{ from: "a", to: "b", value: 1e10 }] }), "spilloverPairs[0].value"],
    ["an absorptive rate giving entries of 1e11", scenario([{ capability: 1e8 }, { capability: -1e8 }], { spillover: { absorptive: 500 } }), "spillover.absorptive"],
    ["tiers closer than 1e-6", scenario([{}, {}], { tiers: [0, 1e-9, 1] }), "tiers[1]"],
  ])("%s is refused at its path", (_, input, path) => {
    expect(problems(input).map((p) => p.path)).toContain(path);
  });

  it("the largest magnitudes allowed still give finite certificates", async () => {
    const input = scenario([{ capability: 1e9, communityGain: 1e9 }, { capability: -1e9, communityGain: 5e8, openCost: 1e9 }], { spillover: 1e9 });
    expect(problems(input)).toEqual([]);
    const result = await solveDiscrete(buildGame(validated(input)));
    for (const eq of result.equilibria) expect(Number.isFinite(eq.exploitability)).toBe(true);
    expect(() => jsonText(result)).not.toThrow();
  });

  it("the CLI exits 2 with the path; a policy number out of range too", () => {
    const dir = tempDir("range");
    const file = join(dir, "big.json");
    writeFileSync(file, JSON.stringify(scenario([{ capability: 1e308 }, {}])));
    const r = run(["solve", file, "--json"]);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/players\[0\]\.capability: expected a number <= 1e9/);
    const policy = join(dir, "policy.json");
    writeFileSync(policy, JSON.stringify({ levers: [{ type: "levy", amount: 1e300 }] }));
    const p = run(["policy", EXAMPLE, "--policy", policy]);
    expect(p.status).toBe(2);
    expect(p.stderr).toMatch(/levers\[0\]\.amount: expected a number <= 1e9/);
  });

  it("JSON outputs refuse NaN and Infinity rather than write null", () => {
    expect(() => jsonText({ exploitability: Number.NaN })).toThrow(/exploitability/);
    expect(() => jsonText({ a: [1, Infinity] })).toThrow(/non-finite/);
    expect(jsonText({ a: [1, 2] })).toBe('{\n  "a": [\n    1,\n    2\n  ]\n}\n');
  });

  it("explain accepts a continuous profile typed back from openrace's rounded output", () => {
    const args = ["explain", "examples/costly-leader.json", "--game", "continuous", "--profile"];
    const typed = run([...args, "0.6667,1,1"]);
    expect(typed.status).toBe(0);
    expect(flat(typed.stdout)).toMatch(/within rounding of an equilibrium: 0\.666666666667,1,1 \(certified, exploitability 0\)/);
    const json = JSON.parse(run([...args, "0.6667,1,1", "--json"]).stdout);
    expect(json.isEquilibrium).toBe(false);
    expect(json.withinRounding.profile[0]).toBeCloseTo(2 / 3, 12);
    // Farther than its rounding: not an equilibrium, and the exploitability is not printed as 0.
    const far = run([...args, "0.66,1,1"]);
    expect(far.stdout).toMatch(/not an equilibrium \(exploitability 0\.0013\)/);
    // More digits, a tighter rounding: 0.666667 rounds 2/3, 0.666666 does not.
    expect(run([...args, "0.666667,1,1"]).stdout.split("\n")[0]).toMatch(/within rounding of an equilibrium/);
    expect(run([...args, "0.666666,1,1"]).stdout.split("\n")[0]).toMatch(/not an equilibrium \(exploitability \d/);
  });
});

describe("exit statuses and files, the same everywhere", () => {
  it("solve --method iterate exits 4 naming the dynamics, not a time limit", () => {
    const r = run(["solve", EXAMPLE, "--method", "iterate"]);
    expect(r.status).toBe(4);
    expect(r.stdout).toContain("INCOMPLETE: best-response dynamics cannot prove they found every equilibrium");
    expect(r.stdout).not.toMatch(/time limit/);
    const json = JSON.parse(run(["solve", EXAMPLE, "--method", "iterate", "--json"]).stdout);
    expect(json).toMatchObject({ complete: false, stopReason: "incomplete" });
    // --first with a converged run is complete
    expect(run(["solve", EXAMPLE, "--method", "iterate", "--first"]).status).toBe(0);
  });

  it("solve --first and --objective readings in the CLI claim no count", () => {
    for (const args of [["--nontrivial", "--first"], ["--objective", "welfare", "--sense", "min"]]) {
      const r = run(["solve", EXAMPLE, ...args]);
      expect(r.status).toBe(0);
      expect(flat(r.stdout)).not.toMatch(/The game has|one pure equilibrium/);
    }
  });

  it("calibrate --out into a folder it cannot create: exit 2 with the message, no stack trace", () => {
    const r = run(["calibrate", "--out", "/dev/null/results"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^openrace: cannot create the folder \/dev\/null\/results: a file is in the way/);
    expect(r.stderr).not.toMatch(/\bat \S+ \(/);
  });

  it("every --out FILE gets its missing folder created (one rule)", () => {
    const dir = tempDir("out");
    const lp = join(dir, "a", "b", "model.lp");
    expect(run(["export", EXAMPLE, "--to", "lp", "--out", lp]).status).toBe(0);
    expect(existsSync(lp)).toBe(true);
    const r = run(["export", EXAMPLE, "--to", "lp", "--out", "/dev/null/x/model.lp"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/cannot create the folder \/dev\/null\/x/);
  });

  it("report --time-limit exits 3 when a search did not finish, and says so", () => {
    const dir = tempDir("report");
    const big = join(dir, "big.json");
    writeFileSync(big, JSON.stringify(randomScenario({ players: 45, seed: 5 })));
    const out = join(dir, "report.md");
    const r = run(["report", big, "--out", out, "--time-limit", "0.3"]);
    expect(r.status).toBe(3);
    const text = flat(readFileSync(out, "utf8"));
    expect(text).toMatch(/search incomplete|stopped at its time limit|sweep is incomplete/);
    expect(text).not.toMatch(EVERY);
  });

  it("sweep --out says on stderr what it computed and wrote; a 3-axis sweep says why there is no chart", () => {
    const dir = tempDir("sweep-out");
    const one = run(["sweep", EXAMPLE, "--vary", "spillover.absorptive=0:1:3", "--out", join(dir, "one")]);
    expect(one.status).toBe(0);
    expect(one.stdout).toBe("");
    expect(one.stderr).toMatch(/3 of 3 points computed; wrote sweep\.json, sweep\.csv, sweep-line\.svg, sweep-line\.png, sweep-line\.vl\.json in /);
    const three = run([
      "sweep", EXAMPLE, "--vary", "spillover.absorptive=0:1:2", "--vary", "players.leader.capability=9:11:2",
      "--vary", "players.underdog.communityGain=1:3:2", "--out", join(dir, "three"),
    ]);
    expect(three.status).toBe(0);
    expect(three.stderr).toMatch(/8 of 8 points computed; wrote sweep\.json, sweep\.csv in .*; no chart: .*this sweep varies 3/);
    expect(existsSync(join(dir, "three", "sweep.json"))).toBe(true);
  });

  it("sweep --time-limit --out exits 3 and says how far it got", () => {
    const dir = tempDir("sweep-limit");
    const big = join(dir, "big.json");
    // A dense 40-lab race: every equilibrium of one point takes about a minute in one thread (docs/benchmarks.md, "Hard instances").
    writeFileSync(big, JSON.stringify(randomScenario({ players: 40, seed: 1, maxCommunityGain: 1, costProbability: 0, spilloverDensity: 1 })));
    const r = run(["sweep", big, "--vary", "players.lab0.communityGain=0:1:40", "--time-limit", "1", "--out", join(dir, "out")]);
    expect(r.status).toBe(3);
    expect(r.stderr).toMatch(/\d+ of 40 points computed, INCOMPLETE \(\d+ not computed in time/);
  });

  it("sweep with incomplete searches but no time limit exits 4", () => {
    const r = run(["sweep", EXAMPLE, "--vary", "spillover.absorptive=0:1:3", "--method", "iterate", "--json"]);
    expect(r.status).toBe(4);
    expect(JSON.parse(r.stdout).points.every((p: { stopReason: string }) => p.stopReason === "incomplete")).toBe(true);
  });

  it("merge of a part given twice: one line for it, not one per point", () => {
    const dir = tempDir("merge-twice");
    const part = join(dir, "part1.json");
    writeFileSync(part, run(["sweep", EXAMPLE, "--vary", "spillover.absorptive=0:1:60", "--shard", "1/2", "--json"]).stdout);
    const r = run(["merge", part, part]);
    expect(r.status).toBe(2);
    const lines = r.stderr.trim().split("\n");
    expect(lines.length).toBeLessThanOrEqual(3);
    expect(r.stderr).toMatch(/part1\.json: 30 of its 30 points also appear in an earlier part \(0, 2, 4, .*\(30 in all\)\); was a part given twice\?/);
  });

  it("--plot with no equilibrium prints the result, writes no chart, says so, and exits as the solve", () => {
    const dir = tempDir("plot");
    const svg = join(dir, "none.svg");
    const r = run(["solve", "examples/matching-pennies.json", "--plot", svg]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/No pure equilibrium exists/);
    expect(r.stderr).toMatch(/--plot: no equilibrium to draw, so .*none\.svg was not written/);
    expect(existsSync(svg)).toBe(false);
  });
});
