import { run, tempDir } from "./helpers/cli.js";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const dir = tempDir("report");

describe("openrace report", () => {
  it("writes one standalone HTML page with the scenario, equilibria, incentives, welfare and charts", () => {
    const file = join(dir, "race.html");
    expect(run(["report", "examples/three-lab-race.json", "--out", file]).status).toBe(0);
    const html = readFileSync(file, "utf8");
    expect(html).toMatch(/^<!doctype html>/);
    for (const heading of ["The race", "Equilibria (2)", "Why each lab chooses as it does", "Welfare", "With partial openness", "How the equilibrium moves with spillover"])
      expect(html).toContain(heading);
    expect(html).toContain("leader stays closed: opening would add 1 to its capability, cost 0.5");
    expect((html.match(/<svg/g) ?? []).length).toBe(2);
    // Standalone: no scripts, stylesheets or images fetched from anywhere.
    expect(html).not.toMatch(/<script|<link|<img|src=/);
  });

  it("writes Markdown with its charts as SVG files beside it", () => {
    const file = join(dir, "race.md");
    expect(run(["report", "examples/three-lab-race.json", "--out", file]).status).toBe(0);
    const md = readFileSync(file, "utf8");
    expect(md).toMatch(/^# Three-lab race/);
    expect(md).toContain("| 1 | closed | closed | open | 29 | 0 |");
    for (const chart of md.match(/\]\(([^)]+\.svg)\)/g) ?? []) {
      const name = chart.slice(2, -1);
      expect(existsSync(join(dir, name))).toBe(true);
    }
    expect(md.match(/\.svg\)/g)).toHaveLength(2);
  });

  it("adds an \"under uncertainty\" section with --spec: probabilities with intervals and which unknown decides", () => {
    const spec = join(dir, "u.json");
    // The set of equilibria changes at underdog communityGain = 1 and 3: the leader opens in some equilibrium only below 1.
    writeFileSync(spec, JSON.stringify({ distributions: { "players.underdog.communityGain": { uniform: [0.5, 4] } } }));
    const file = join(dir, "uncertain.md");
    const r = run(["report", "examples/three-lab-race.json", "--out", file, "--spec", spec, "--samples", "100"]);
    expect(r.status).toBe(0);
    const md = readFileSync(file, "utf8");
    expect(md).toContain("## Under uncertainty");
    expect(md).toMatch(/\| underdog \| 100\.0% \(\d+\.\d to 100\.0\) \| 100\.0%/);
    expect(md).toContain("Whether challenger opens in every equilibrium depends most on players.underdog.communityGain");
    expect(md.match(/\.svg\)/g)).toHaveLength(4);
    const bad = run(["report", "examples/three-lab-race.json", "--out", file, "--spec", join(dir, "missing.json")]);
    expect(bad.status).toBe(2);
  });

  it("shows the mixed equilibrium when no pure one exists, and not otherwise", () => {
    const file = join(dir, "pennies.md");
    expect(run(["report", "examples/matching-pennies.json", "--out", file]).status).toBe(0);
    const md = readFileSync(file, "utf8");
    expect(md).toContain("## Mixed equilibrium (no pure one exists)");
    expect(md).toContain("No pure equilibrium; in the mixed equilibrium alpha opens with probability 0.50, beta opens with probability 0.50");
    expect(md).toContain("| alpha | 0.50 | 0.50 | -1 |");
    const pure = join(dir, "pure.md");
    expect(run(["report", "examples/three-lab-race.json", "--out", pure]).status).toBe(0);
    expect(readFileSync(pure, "utf8")).not.toContain("Mixed equilibrium");
  });

  it("refuses an output that is neither .html nor .md", () => {
    const r = run(["report", "examples/three-lab-race.json", "--out", join(dir, "race.pdf")]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/expected a file name ending in .html or .md/);
  });
});
