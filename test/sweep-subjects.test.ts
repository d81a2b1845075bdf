/**
 * Sweeps over the numbers analysts ask about (issue 12, point 6): a field of every lab at once
 * (`players.*`), one spillover pair, and a policy lever's number with `--policy`. Each point is
 * checked against a plain solve of the scenario (or policy) written out with that value.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { run, tempDir } from "./helpers/cli.js";
import { readFileSync } from "node:fs";

const dir = tempDir("sweep-subjects");
const race = JSON.parse(readFileSync("examples/three-lab-race.json", "utf8"));
const write = (name: string, value: unknown) => {
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify(value));
  return file;
};
const profiles = (equilibria: { profile: number[] }[]) => equilibria.map((e) => e.profile.join(",")).sort();
const sweepJson = (args: string[]) => {
  const r = run(["sweep", ...args, "--json"]);
  expect(r.stderr).toBe("");
  expect(r.status).toBe(0);
  return JSON.parse(r.stdout);
};

describe("sweep over players.*, spillover pairs and policy levers", () => {
  it("players.*.communityGain sets every lab's gain at each point", () => {
    const sweep = sweepJson(["examples/three-lab-race.json", "--vary", "players.*.communityGain=0:3:4"]);
    expect(sweep.points).toHaveLength(4);
    for (const point of sweep.points) {
      const v = point.values["players.*.communityGain"];
      const scenario = { ...race, players: race.players.map((p: object) => ({ ...p, communityGain: v })) };
      const solved = JSON.parse(run(["solve", write(`gain-${v}.json`, scenario), "--json"]).stdout);
      expect(profiles(point.equilibria)).toEqual(profiles(solved.equilibria));
    }
  });

  it("spilloverPairs.<from>.<to> sets that one entry at each point", () => {
    const sweep = sweepJson(["examples/three-lab-race.json", "--vary", "spilloverPairs.underdog.leader=0:4:3"]);
    for (const point of sweep.points) {
      const v = point.values["spilloverPairs.underdog.leader"];
      const scenario = { ...race, spilloverPairs: [{ from: "underdog", to: "leader", value: v }] };
      const solved = JSON.parse(run(["solve", write(`pair-${v}.json`, scenario), "--json"]).stdout);
      expect(profiles(point.equilibria)).toEqual(profiles(solved.equilibria));
    }
  });

  it("--policy applies the policy at every point and --vary levers[0].amount moves the levy", () => {
    const levy = write("levy.json", { name: "levy", levers: [{ type: "levy", amount: 0 }] });
    const sweep = sweepJson(["examples/three-lab-race.json", "--policy", levy, "--vary", "levers[0].amount=0:2:5"]);
    expect(sweep.sweep.policy).toEqual({ name: "levy", levers: [{ type: "levy", amount: 0 }] });
    const outcomes = new Set<string>();
    for (const point of sweep.points) {
      const v = point.values["levers[0].amount"];
      const policy = write(`levy-${v}.json`, { levers: [{ type: "levy", amount: v }] });
      const after = JSON.parse(run(["policy", "examples/three-lab-race.json", "--policy", policy, "--json"]).stdout).after;
      expect(profiles(point.equilibria)).toEqual(profiles(after.equilibria));
      outcomes.add(profiles(point.equilibria).join(";"));
    }
    // The levy matters over this range (otherwise the check above proves little).
    expect(outcomes.size).toBeGreaterThan(1);
  });

  it("merge refuses shards of the same grid under different policies", () => {
    const a = write("levy-a.json", { levers: [{ type: "levy", amount: 0.5 }] });
    const b = write("levy-b.json", { levers: [{ type: "levy", amount: 1 }] });
    const part = (policy: string, shard: string) => {
      const r = run(["sweep", "examples/three-lab-race.json", "--policy", policy, "--vary", "spillover.absorptive=0:1:4", "--shard", shard, "--json"]);
      expect(r.status).toBe(0);
      return write(`part-${shard.replace("/", "of")}-${policy.endsWith("a.json") ? "a" : "b"}.json`, JSON.parse(r.stdout));
    };
    const merged = run(["merge", part(a, "1/2"), part(b, "2/2"), "--json"]);
    expect(merged.status).toBe(2);
    expect(merged.stderr).toMatch(/another scenario or policy/);
    expect(run(["merge", part(a, "1/2"), part(a, "2/2"), "--json"]).status).toBe(0);
  });

  it("lever paths need a policy; a point whose policy does not fit the tiers is refused with its path", () => {
    const without = run(["sweep", "examples/three-lab-race.json", "--vary", "levers[0].amount=0:1:2"]);
    expect(without.status).toBe(2);
    expect(without.stderr).toMatch(/levers\[0\]\.amount.*needs a policy/);
    const mandate = write("mandate.json", { levers: [{ type: "mandate", minimum: 0.5 }] });
    const tiered = write("tiered.json", { ...race, tiers: [0, 0.5, 1] });
    const r = run(["sweep", tiered, "--policy", mandate, "--vary", "levers[0].minimum=0.5:1:3"]);
    expect(r.status).toBe(0);
    // With tiers up to 0.5 only, a mandate of 1 leaves the labs nothing to play.
    const low = write("low.json", { ...race, tiers: [0, 0.5] });
    const binary = run(["sweep", low, "--policy", mandate, "--vary", "levers[0].minimum=0.5:1:2"]);
    expect(binary.status).toBe(2);
    expect(binary.stdout).toBe("");
    expect(binary.stderr).toMatch(/point 1 of the grid[\s\S]*policy\.levers\[0\]\.minimum/);
  });
});
