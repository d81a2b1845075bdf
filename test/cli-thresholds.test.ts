/** `openrace thresholds` and `openrace design` as a user runs them (the built CLI). */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { run, tempDir } from "./helpers/cli.js";

const EXAMPLE = "examples/three-lab-race.json";

describe("openrace thresholds", () => {
  it("--json prints INTERFACE.md's document for the worked example", () => {
    const r = run(["thresholds", EXAMPLE, "--vary", "players.underdog.communityGain=0.5:4", "--json"]);
    expect(r.status).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc).toMatchObject({ path: "players.underdog.communityGain", from: 0.5, to: 4, current: 3 });
    expect(doc.breakpoints.map((b: number) => Number(b.toFixed(6)))).toEqual([1, 3]);
    expect(doc.regions.map((g: { exists: boolean; equilibria: number[][] }) => [g.exists, g.equilibria])).toEqual([
      [true, [[0, 1, 1], [1, 1, 1]]],
      [true, [[0, 1, 1]]],
      [true, [[0, 0, 1], [0, 1, 1]]],
    ]);
    expect(doc.atBreakpoints.map((b: { equilibria: number[][] }) => b.equilibria)).toEqual([[[0, 1, 1], [1, 1, 1]], [[0, 0, 1], [0, 1, 1]]]);
  });

  it("reads like a finding", () => {
    const r = run(["thresholds", EXAMPLE, "--vary", "players.underdog.communityGain=0.5:4"]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("challenger opens in every equilibrium while underdog's gain is below 3, in some from 3 on.");
    expect(r.stdout).toContain("leader opens in some equilibrium only while underdog's gain is at most 1.");
  });

  it("--method refine proves its breakpoints complete with the MIP, and says so", () => {
    const json = run(["thresholds", EXAMPLE, "--vary", "players.underdog.communityGain=0.5:4", "--method", "refine", "--json"]);
    expect(json.status).toBe(0);
    const doc = JSON.parse(json.stdout);
    expect(doc).toMatchObject({ method: "refine", proven: true, stats: { proof: { added: 0 } } });
    expect(doc.breakpoints.map((b: number) => Number(b.toFixed(6)))).toEqual([1, 3]);
    const text = run(["thresholds", EXAMPLE, "--vary", "players.underdog.communityGain=0.5:4", "--method", "refine"]);
    expect(text.stdout.replace(/\s+/g, " ")).toContain("proved that no other profile is an equilibrium anywhere in it, so these are all the breakpoints");
  });

  it("--profile prints every number's margin, closest threshold first", () => {
    const r = run(["thresholds", EXAMPLE, "--profile", "0,1,1", "--json"]);
    expect(r.status).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.equilibrium).toBe(true);
    expect(doc.margins).toHaveLength(10); // 3 labs x 3 fields + the absorptive rate
    const leader = doc.margins.find((m: { path: string }) => m.path === "players.leader.capability");
    expect(leader.to).toBeNull();
    expect(leader.from).toBeCloseTo(8, 6);
  });

  it("--out writes thresholds.json and the chart as SVG, PNG and Vega-Lite", () => {
    const dir = tempDir("thresholds");
    const r = run(["thresholds", EXAMPLE, "--vary", "spillover.absorptive=0:1", "--out", dir]);
    expect(r.status).toBe(0);
    for (const f of ["thresholds.json", "thresholds.svg", "thresholds.png", "thresholds.vl.json"]) expect(existsSync(join(dir, f)), f).toBe(true);
    expect(JSON.parse(readFileSync(join(dir, "thresholds.vl.json"), "utf8")).layer).toHaveLength(2);
  });

  it("lever paths need --policy; bad ranges and paths exit 2 naming the option", () => {
    const policy = join(tempDir("policy"), "subsidy.json");
    writeFileSync(policy, JSON.stringify({ levers: [{ type: "subsidy", amount: 0 }] }));
    const ok = run(["thresholds", EXAMPLE, "--policy", policy, "--vary", "levers[0].amount=0:4", "--json"]);
    expect(ok.status).toBe(0);
    expect(JSON.parse(ok.stdout).breakpoints.length).toBeGreaterThan(0);
    for (const args of [
      ["--vary", "levers[0].amount=0:4"],
      ["--vary", "players.underdog.communityGain=-1:4"],
      ["--vary", "players.underdog.communityGain=4:1"],
      ["--vary", "players.nobody.communityGain=0:1"],
      ["--vary", "spillover=0:1", "--profile", "0,1,1"],
      ["--profile", "0,1"],
    ]) {
      const r = run(["thresholds", EXAMPLE, ...args]);
      expect(r.status, args.join(" ")).toBe(2);
      expect(r.stdout).toBe("");
      expect(r.stderr).toMatch(/--vary|--profile|thresholds needs/);
    }
  });
});

describe("openrace design", () => {
  it("the nearest value, every range where the target holds, and the equilibria there", () => {
    const r = run(["design", EXAMPLE, "--vary", "players.underdog.communityGain=0:4", "--target", "challenger=0", "--require", "some", "--json"]);
    expect(r.status).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc).toMatchObject({ found: true, value: 3, attained: true, require: "some" });
    expect(doc.holds).toHaveLength(1);
    expect(doc.holds[0].from).toBeCloseTo(3, 6);
    expect(doc.holds[0]).toMatchObject({ to: 4, fromIncluded: true, toIncluded: true });
    expect(doc.equilibria).toEqual([[0, 0, 1], [0, 1, 1]]);
  });

  it("says when no value reaches the target; a bad target exits 2", () => {
    const none = run(["design", EXAMPLE, "--vary", "players.underdog.communityGain=0:4", "--target", "none"]);
    expect(none.status).toBe(0);
    expect(none.stdout).toContain("No value in the range reaches it (exact).");
    const bad = run(["design", EXAMPLE, "--vary", "players.underdog.communityGain=0:4", "--target", "boss>=1"]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("--target");
  });

  it("two numbers: the cheapest pair by weighted distance", () => {
    const r = run(["design", EXAMPLE, "--vary", "players.leader.openCost=0:2", "--vary", "players.leader.communityGain=0:4", "--cost", "1,1", "--target", "leader>=1", "--json"]);
    expect(r.status).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.found).toBe(true);
    // Against (x, 1, 1) opening pays the leader iff a - k >= 1.5 (now 1 - 0.5 = 0.5); at the
    // tie (0, 1, 1) stays an equilibrium too, so "every" needs a - k just above 1.5: the cheapest
    // change moves a - k by 1 (weights 1, 1), a limit.
    expect(doc.attained).toBe(false);
    expect(doc.distance).toBeCloseTo(1, 6);
  });
});
