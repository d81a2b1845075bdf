import { run, tempDir } from "./helpers/cli.js";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { metricsOf } from "../src/analysis/metrics.js";
import { pointValues, shardIndices } from "../src/analysis/sweep.js";
import { validateScenario } from "../src/model/validate.js";

const EXAMPLE = "examples/three-lab-race.json";
const dir = tempDir("sweep");
const GRID = ["--vary", "spillover.absorptive=0:1:5", "--vary", "players.underdog.communityGain=0:3:4"];

describe("metrics", () => {
  it("of the worked example's equilibrium (0,0,1): capabilities 10, 9, 10", () => {
    expect(metricsOf({ profile: [0, 0, 1], capabilities: [10, 9, 10] })).toEqual({
      welfare: 29,
      frontier: 10,
      bestOpenCapability: 10,
      lead: 0,
      openLabs: 1,
      openness: 1,
    });
    expect(metricsOf({ profile: [0, 0, 0], capabilities: [10, 9, 7] }).bestOpenCapability).toBeNull();
  });
});

describe("grids and shards", () => {
  const vary = [
    { path: "a", from: 0, to: 1, steps: 3 },
    { path: "b", from: 10, to: 20, steps: 2 },
  ];
  it("index k has the first axis varying slowest", () => {
    expect([0, 1, 2, 5].map((k) => pointValues(vary, k))).toEqual([
      { a: 0, b: 10 },
      { a: 0, b: 20 },
      { a: 0.5, b: 10 },
      { a: 1, b: 20 },
    ]);
  });
  it("shards K/N partition the grid by index mod N", () => {
    const parts = [1, 2, 3, 4].map((k) => shardIndices(10, { index: k, count: 4 }));
    expect(parts[1]).toEqual([1, 5, 9]);
    expect(parts.flat().sort((x, y) => x - y)).toEqual(shardIndices(10));
    // More shards than points: the last ones compute nothing.
    expect(shardIndices(3, { index: 4, count: 4 })).toEqual([]);
    expect(shardIndices(0)).toEqual([]);
  });
});

describe("openrace sweep and merge", () => {
  it("prints the JSON contract: points in index order with values, exists, equilibria and metrics", () => {
    const r = run(["sweep", EXAMPLE, ...GRID, "--json"]);
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.points).toHaveLength(20);
    expect(out.points.map((p: { index: number }) => p.index)).toEqual([...Array(20).keys()]);
    expect(out.points[5].values).toEqual({ "spillover.absorptive": 0.25, "players.underdog.communityGain": 1 });
    for (const p of out.points) {
      expect(Object.keys(p)).toEqual(expect.arrayContaining(["index", "values", "exists", "equilibria", "metrics"]));
      expect(p.exists).toBe(p.equilibria.length > 0);
      for (const eq of p.equilibria) expect(eq.exploitability).toBeLessThanOrEqual(1e-8);
    }
    // The point of the worked example itself: rate 0.5, underdog gain 3.
    const worked = out.points.find((p: { values: Record<string, number> }) => p.values["spillover.absorptive"] === 0.5 && p.values["players.underdog.communityGain"] === 3);
    expect(worked.equilibria.map((e: { profile: number[] }) => e.profile)).toEqual([[0, 0, 1], [0, 1, 1]]);
    expect(worked.metrics.welfare).toEqual({ min: 29, max: 31 });
  });

  it("shards merged give exactly the unsharded output; a missing shard is named", () => {
    const full = run(["sweep", EXAMPLE, ...GRID, "--json"]).stdout;
    const parts = [1, 2, 3].map((k) => {
      const file = join(dir, `part${k}.json`);
      writeFileSync(file, run(["sweep", EXAMPLE, ...GRID, "--shard", `${k}/3`, "--json"]).stdout);
      return file;
    });
    expect(run(["merge", ...parts, "--json"]).stdout).toBe(full);
    const r = run(["merge", parts[0], parts[2]]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/the grid has 20 points; missing: 1, 4, 7, 10, 13, 16, 19 \(the points of shard 2\/3\)/);
  });

  it("worker threads give exactly the single-thread result", () => {
    const grid = ["--vary", "spillover.absorptive=0:1.5:8", "--vary", "players.challenger.communityGain=0:3:6", "--json"];
    const one = run(["sweep", EXAMPLE, ...grid, "--workers", "1"]);
    const two = run(["sweep", EXAMPLE, ...grid, "--workers", "2"]);
    expect(two.status).toBe(0);
    expect(two.stdout).toBe(one.stdout);
    expect(JSON.parse(two.stdout).points).toHaveLength(48);
  });

  it("merge refuses parts of different sweeps", () => {
    const a = join(dir, "a.json");
    const b = join(dir, "b.json");
    writeFileSync(a, run(["sweep", EXAMPLE, "--vary", "spillover=0:1:2", "--shard", "1/2", "--json"]).stdout);
    writeFileSync(b, run(["sweep", "examples/costly-leader.json", "--vary", "spillover=0:1:2", "--shard", "2/2", "--json"]).stdout);
    const r = run(["merge", a, b]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/b\.json: belongs to a different sweep than .*a\.json \(another scenario\)/);
  });

  it("--out writes sweep.json and a CSV with a row per point", () => {
    const out = join(dir, "out");
    expect(run(["sweep", EXAMPLE, "--vary", "spillover=0:1:3", "--out", out]).status).toBe(0);
    const csv = readFileSync(join(out, "sweep.csv"), "utf8").trim().split("\n");
    expect(csv[0]).toMatch(/^index,spillover,exists,equilibria,welfare_min,welfare_max/);
    expect(csv).toHaveLength(4);
    expect(JSON.parse(readFileSync(join(out, "sweep.json"), "utf8")).points).toHaveLength(3);
  });

  it.each([
    [["--vary", "players.zz.capability=0:1:3"], /unknown player "zz"/],
    [["--vary", "spillover=0:1"], /expected PATH=FROM:TO:STEPS/],
    [["--vary", "players.leader.height=0:1:3"], /"players.leader.height": unknown field "height": expected capability, communityGain, openCost/],
    [["--vary", "spillover=0:1:0"], /STEPS to be a whole number >= 1/],
    [["--vary", "spillover=0:1:3", "--shard", "4/3"], /expected K\/N with 1 <= K <= N/],
    [["--vary", "spillover=0:1:100000", "--vary", "players.leader.capability=0:1:1000"], /the grid has 100000000 points; at most 10000000/],
    [["--vary", "players.leader.communityGain=-2:1:3"], /point 0 of the grid .* is not a valid scenario[\s\S]*communityGain: expected a number >= 0, got -2/],
  ])("refuses bad axes and shards with exit 2 (%#)", (args, message) => {
    const r = run(["sweep", EXAMPLE, ...args]);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(message);
  });

  it("--time-limit stops a long sweep with exit 3 and the points done so far", () => {
    const big = join(dir, "big.json");
    // A dense 40-lab race: every equilibrium of one point takes minutes (docs/benchmarks.md, "Hard instances").
    writeFileSync(big, run(["generate", "random", "--players", "40", "--seed", "1", "--max-community-gain", "1", "--cost-probability", "0", "--spillover-density", "1"]).stdout);
    const r = run(["sweep", big, "--vary", "players.lab0.communityGain=0:1:40", "--json", "--time-limit", "1"]);
    expect(r.status).toBe(3);
    const out = JSON.parse(r.stdout);
    expect(out.complete).toBe(false);
    expect(out.points.length).toBeLessThan(40);
  });
});
