/**
 * Charts say what was established (issue 12): every grid point is drawn, points without a pure
 * equilibrium or cut short are marked and in the legend, several equilibria are not hidden
 * behind one, and the Vega-Lite spec written beside each chart holds what is drawn.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { run, tempDir } from "./helpers/cli.js";
import { MOST_PLOTTED } from "../src/analysis/charts.js";

const dir = tempDir("chart-truth");

type Row = Record<string, unknown>;
const specOf = (file: string) => JSON.parse(readFileSync(file, "utf8")) as Record<string, any>;
/** The line chart's strips: one row per lab and column. */
const strips = (spec: Record<string, any>): Row[] => spec.vconcat[0].data.values;
const legend = (spec: Record<string, any>): string[] => spec.vconcat[0].layer[0].encoding.color.scale.domain;
const sweepOf = (out: string) => JSON.parse(readFileSync(join(out, "sweep.json"), "utf8"));

describe("sweep charts draw every point", () => {
  it("matching pennies: the values without a pure equilibrium are drawn as such, from 0 (not dropped)", () => {
    const out = join(dir, "pennies");
    expect(run(["sweep", "examples/matching-pennies.json", "--vary", "spillover=0:1:21", "--out", out]).status).toBe(0);
    const spec = specOf(join(out, "sweep-line.vl.json"));
    const sweep = sweepOf(out);
    const labs: string[] = sweep.sweep.players;
    const rows = strips(spec);
    // Every value, for every lab.
    expect(rows).toHaveLength(21 * labs.length);
    const none = sweep.points.filter((p: any) => p.equilibria.length === 0);
    expect(none.length).toBeGreaterThan(0);
    for (const p of sweep.points) {
      const v = p.values.spillover;
      const here = rows.filter((r) => r.parameter === v);
      expect(here.map((r) => r.lab).sort()).toEqual([...labs].sort());
      if (p.equilibria.length === 0) for (const r of here) expect(r.status).toBe("no pure equilibrium");
      else for (const r of here) expect(r.status).not.toBe("no pure equilibrium");
    }
    expect(legend(spec)).toContain("no pure equilibrium");
    // The axis starts at the first value (0), not at the first value with an equilibrium.
    const x = spec.vconcat[0].layer[0].encoding.x.scale.domain;
    expect(x[0]).toBeLessThanOrEqual(0);
    // The metrics panels shade the same values.
    const bands = spec.vconcat[1].layer[0].data.values as Row[];
    expect(bands.filter((b) => b.status === "no pure equilibrium")).toHaveLength(none.length);
  });

  it("several equilibria: a lab that opens in some but not all is shaded so (the worked example)", () => {
    // MODEL.md section 4: for the underdog's gain in (0.5, 1) the equilibria are (0,1,1) and
    // (1,1,1); in (1, 3) only (0,1,1).
    const out = join(dir, "several");
    expect(run(["sweep", "examples/three-lab-race.json", "--vary", "players.underdog.communityGain=0.75:2:2", "--out", out]).status).toBe(0);
    const rows = strips(specOf(join(out, "sweep-line.vl.json")));
    const status = (lab: string, v: number) => rows.find((r) => r.lab === lab && r.parameter === v)?.status;
    expect(status("leader", 0.75)).toBe("open in some equilibria, closed in others");
    expect(status("challenger", 0.75)).toBe("open in every equilibrium");
    expect(status("leader", 2)).toBe("closed in every equilibrium");
    expect(status("underdog", 2)).toBe("open in every equilibrium");
    const spec = specOf(join(out, "sweep-line.vl.json"));
    expect(spec.title.text).toMatch(/every pure equilibrium/);
    expect(spec.description).not.toMatch(/highest-welfare/);

    const phase = join(dir, "several-phase");
    expect(run(["sweep", "examples/three-lab-race.json", "--vary", "players.underdog.communityGain=0.75:2:2", "--vary", "spillover.absorptive=0.5:0.5:1", "--out", phase]).status).toBe(0);
    const cells = specOf(join(phase, "phase-diagram.vl.json")).data.values as Row[];
    const at = (v: number) => cells.find((c) => c.a === v)!;
    expect(at(0.75).outcome).toBe("several equilibria: the outcome depends on which is played");
    expect(String(at(0.75).equilibria).split(" | ").sort()).toEqual(["challenger + underdog open", "leader + challenger + underdog open"]);
    expect(at(2).outcome).toBe("challenger + underdog open");
  });

  it("points the time limit stopped are drawn and marked, and the chart still has every value", () => {
    const out = join(dir, "stopped");
    const r = run(["sweep", "examples/three-lab-race.json", "--vary", "spillover.absorptive=0:1:30", "--time-limit", "0.000001", "--out", out]);
    expect(r.status).toBe(3);
    const sweep = sweepOf(out);
    expect(sweep.complete).toBe(false);
    const rows = strips(specOf(join(out, "sweep-line.vl.json")));
    expect(rows).toHaveLength(30 * 3);
    const computed = new Set(sweep.points.filter((p: any) => p.complete).map((p: any) => p.values["spillover.absorptive"]));
    expect(computed.size).toBeLessThan(30);
    for (const row of rows) if (!computed.has(row.parameter)) expect(row.status).toBe("not fully computed");
  });

  it("a large grid is binned: every column drawn, the chart file stays small, the JSON keeps every point", () => {
    const out = join(dir, "large");
    expect(run(["sweep", "examples/matching-pennies.json", "--vary", "spillover=0:1:1001", "--out", out]).status).toBe(0);
    const spec = specOf(join(out, "sweep-line.vl.json"));
    const rows = strips(spec);
    const labs = sweepOf(out).sweep.players.length;
    expect(rows.length).toBe(400 * labs);
    expect(sweepOf(out).points).toHaveLength(1001);
    // Columns tile the axis with no gap: each starts where the one before ends.
    const starts = [...new Set(rows.map((r) => r.x0 as number))].sort((a, b) => a - b);
    const ends = [...new Set(rows.map((r) => r.x1 as number))].sort((a, b) => a - b);
    expect(starts.slice(1)).toEqual(ends.slice(0, -1));
    expect(spec.title.subtitle.join(" ")).toMatch(/1001 values in 400 columns/);
    expect(readFileSync(join(out, "sweep-line.svg")).length).toBeLessThan(1_000_000);
  });

  it("solve --plot says which equilibrium of how many, --plot-all draws each, and the spec is beside the chart", () => {
    const one = join(dir, "plot-one.svg");
    expect(run(["solve", "examples/three-lab-race.json", "--plot", one]).status).toBe(0);
    const spec = specOf(join(dir, "plot-one.vl.json"));
    const solved = JSON.parse(run(["solve", "examples/three-lab-race.json", "--json"]).stdout);
    expect(solved.equilibria.length).toBeGreaterThan(1);
    expect(spec.title.text).toMatch(new RegExp(`^Equilibrium 1 of ${solved.equilibria.length}: `));
    // The capability axis is not forced to 0, so that leads stay visible.
    expect(spec.layer[0].encoding.y.scale.zero).toBe(false);
    const all = join(dir, "plot-all.png");
    expect(run(["solve", "examples/three-lab-race.json", "--plot", all, "--plot-all"]).status).toBe(0);
    const rows = specOf(join(dir, "plot-all.vl.json")).data.values as Row[];
    expect(new Set(rows.map((r) => r.equilibrium)).size).toBe(solved.equilibria.length);
    expect(rows).toHaveLength(solved.equilibria.length * solved.players.length);
  });

  it("--plot-all draws every equilibrium when there are more than fit in panels: one grid row each", () => {
    // Four labs indifferent between opening and not (gain = cost, no spillover): all 16 profiles are equilibria.
    const labs = Array.from({ length: 4 }, (_, i) => ({ id: `lab${i}`, capability: 10 + i, communityGain: 1, openCost: 1 }));
    const scenario = JSON.stringify({ name: "indifferent", players: labs, spillover: 0 });
    const solved = JSON.parse(run(["solve", "-", "--json"], scenario).stdout);
    expect(solved.equilibria.length).toBeGreaterThan(MOST_PLOTTED);
    const file = join(dir, "plot-grid.svg");
    expect(run(["solve", "-", "--plot", file, "--plot-all"], scenario).status).toBe(0);
    const spec = specOf(join(dir, "plot-grid.vl.json"));
    const rows = spec.data.values as Row[];
    expect(rows).toHaveLength(solved.equilibria.length * solved.players.length);
    // Each row is the equilibrium of that number in the output, lab by lab.
    solved.equilibria.forEach((eq: { profile: number[] }, k: number) =>
      expect(rows.filter((r) => r.equilibrium === k + 1).map((r) => r.choice)).toEqual(eq.profile.map((x) => (x === 1 ? "open" : "closed"))),
    );
    expect(spec.title.text).toMatch(new RegExp(`all ${solved.equilibria.length} equilibria`));
  });

  it("a phase diagram with many outcomes numbers long labels so that no two read alike", () => {
    const out = join(dir, "many");
    const labs = Array.from({ length: 12 }, (_, i) => ({ id: `laboratory-${i}`, capability: 10 + i * 0.1, communityGain: 1 + (i % 3) }));
    const scenario = JSON.stringify({ name: "many", players: labs, spillover: 0.5 });
    const r = run(["sweep", "-", "--vary", "spillover=0:2:6", "--vary", "players.laboratory-0.communityGain=0:3:6", "--out", out], scenario);
    expect(r.status).toBe(0);
    const spec = specOf(join(out, "phase-diagram.vl.json"));
    const domain: string[] = spec.encoding.color.scale.domain;
    const range: string[] = spec.encoding.color.scale.range;
    expect(new Set(domain).size).toBe(domain.length);
    expect(new Set(range).size).toBe(range.length);
    for (const label of domain) expect(label.length).toBeLessThanOrEqual(60);
    // Long outcomes are numbered; each cell's full outcome is in the data, whatever its label.
    const cells = spec.data.values as Row[];
    expect(cells.some((c) => String(c.regime).length > 60)).toBe(true);
    expect(domain.some((label) => /^R\d+: \d+ labs open \(/.test(label))).toBe(true);
    for (const cell of cells) expect(domain).toContain(cell.outcome);
  });
});
