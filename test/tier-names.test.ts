/**
 * Named tiers (issue 12, point 5): `tiers` may name its levels, and tables, readings, charts and
 * reports use the names; the game keeps numeric levels.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { levelLabel } from "../src/analysis/reading.js";
import { buildGame } from "../src/model/game.js";
import { validateScenario } from "../src/model/validate.js";
import { run, tempDir } from "./helpers/cli.js";

const dir = tempDir("tier-names");
const example = "examples/open-weights.json";
const base = JSON.parse(readFileSync(example, "utf8"));

describe("named tiers", () => {
  it("validate: numbers and {level, name} mix; the game keeps numbers and knows the names", () => {
    const checked = validateScenario({ ...base, tiers: [0, { level: 0.5, name: "open weights" }, { level: 1, name: "weights, code and data" }] });
    expect(checked.ok).toBe(true);
    if (!checked.ok) return;
    const game = buildGame(checked.value);
    expect(game.tiers).toEqual([0, 0.5, 1]);
    expect([0, 0.5, 1].map((l) => levelLabel(l, game))).toEqual(["closed", "open weights", "weights, code and data"]);
    expect(levelLabel(0.5)).toBe("50% open");
  });

  it("a name used twice, an unnamed object and an unsorted named level are problems with paths", () => {
    const problems = (tiers: unknown) => {
      const r = validateScenario({ ...base, tiers });
      return r.ok ? [] : r.problems.map((p) => p.path);
    };
    expect(problems([0, { level: 0.5, name: "partial" }, { level: 1, name: "partial" }])).toEqual(["tiers[2].name"]);
    expect(problems([0, { level: 0.5 }, 1])).toContain("tiers[1].name");
    expect(problems([0, { level: 0.7, name: "a" }, { level: 0.5, name: "b" }])).toEqual(["tiers[2]"]);
    const cli = run(["validate", "-"], JSON.stringify({ ...base, tiers: [0, { level: 0.5, name: "x" }, { level: 1, name: "x" }] }));
    expect(cli.status).toBe(2);
    expect(cli.stderr).toMatch(/tiers\[2\]\.name/);
  });

  it("solve, explain and report use the name; solve --json keeps numeric tiers", () => {
    const text = run(["solve", example]);
    expect(text.status).toBe(0);
    expect(text.stdout).toMatch(/levels closed \/ open weights \/ open/);
    expect(text.stdout).toMatch(/frontier\s+open weights\s/);
    expect(text.stdout).not.toMatch(/50% open/);
    const json = JSON.parse(run(["solve", example, "--json"]).stdout);
    expect(json.tiers).toEqual([0, 0.5, 1]);
    expect(json.equilibria[0].profile).toContain(0.5);
    const explained = run(["explain", example, "--profile", "0.5,0,0"]).stdout;
    expect(explained).toMatch(/frontier stays open weights/);
    const md = join(dir, "report.md");
    expect(run(["report", example, "--out", md]).status).toBe(0);
    expect(readFileSync(md, "utf8")).toMatch(/Openness levels: closed, open weights, open/);
  });

  it("the sweep chart's legend and strips name the tier", () => {
    const out = join(dir, "sweep");
    expect(run(["sweep", example, "--vary", "players.frontier.communityGain=0:4:5", "--out", out]).status).toBe(0);
    const spec = JSON.parse(readFileSync(join(out, "sweep-line.vl.json"), "utf8"));
    const domain: string[] = spec.vconcat[0].layer[0].encoding.color.scale.domain;
    expect(domain.slice(0, 3)).toEqual(["closed in every equilibrium", "open weights in every equilibrium", "open in every equilibrium"]);
    // Three levels, three colours.
    expect(new Set(spec.vconcat[0].layer[0].encoding.color.scale.range.slice(0, 3)).size).toBe(3);
    const rows = spec.vconcat[0].data.values as { lab: string; status: string }[];
    expect(rows.some((r) => r.lab === "frontier" && r.status === "open weights in every equilibrium")).toBe(true);
  });
});
