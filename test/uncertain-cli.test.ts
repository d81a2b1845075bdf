/** `openrace uncertain` and `merge` of its shards, as a user runs them. */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { run, tempDir } from "./helpers/cli.js";

const EXAMPLE = "examples/three-lab-race.json";

function specFile(spec: unknown): string {
  const file = join(tempDir("uncertain"), "u.json");
  writeFileSync(file, JSON.stringify(spec));
  return file;
}

const SPEC = {
  distributions: {
    "players.underdog.communityGain": { uniform: [0.5, 4] },
    "spillover.absorptive": { normal: [0.5, 0.15], min: 0 },
  },
};

describe("openrace uncertain", () => {
  it("prints the JSON of INTERFACE.md; 4 shards merged give the same numbers as one run", () => {
    const spec = specFile(SPEC);
    const whole = run(["uncertain", EXAMPLE, "--spec", spec, "--samples", "120", "--seed", "3", "--json", "--workers", "1"]);
    expect(whole.stderr).toBe("");
    expect(whole.status).toBe(0);
    const doc = JSON.parse(whole.stdout);
    expect(doc).toMatchObject({ samples: 120, seed: 3, complete: true, incomplete: 0 });
    for (const key of ["p", "se"]) expect(typeof doc.exists[key]).toBe("number");
    expect(Object.keys(doc.labs)).toEqual(["leader", "challenger", "underdog"]);
    expect(Object.keys(doc.metrics.welfare)).toEqual(expect.arrayContaining(["mean", "q05", "q50", "q95", "se"]));
    expect(Object.keys(doc.sensitivity["leader.opensInEvery"])).toEqual(Object.keys(SPEC.distributions));
    const dir = tempDir("uncertain-shards");
    const parts = [1, 2, 3, 4].map((k) => {
      const r = run(["uncertain", EXAMPLE, "--spec", spec, "--samples", "120", "--seed", "3", "--json", "--shard", `${k}/4`]);
      expect(r.status).toBe(0);
      const file = join(dir, `part${k}.json`);
      writeFileSync(file, r.stdout);
      return file;
    });
    const merged = run(["merge", ...parts.reverse(), "--json"]);
    expect(merged.status).toBe(0);
    expect(JSON.parse(merged.stdout)).toEqual(doc);
    const missing = run(["merge", ...parts.slice(1)]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/missing: \d\/4/);
  });

  it("writes uncertain.json and the charts (SVG, PNG, Vega-Lite) with --out", () => {
    const out = tempDir("uncertain-out");
    const r = run(["uncertain", EXAMPLE, "--spec", specFile(SPEC), "--samples", "40", "--out", out]);
    expect(r.status).toBe(0);
    for (const chart of ["uncertain-probabilities", "uncertain-metrics", "uncertain-sensitivity"])
      for (const ext of ["svg", "png", "vl.json"]) expect(existsSync(join(out, `${chart}.${ext}`))).toBe(true);
    expect(readFileSync(join(out, "uncertain-probabilities.svg"), "utf8")).toContain("<svg");
    expect(JSON.parse(readFileSync(join(out, "uncertain.json"), "utf8")).samples).toBe(40);
  });

  it("says which unknown decides each outcome in its text summary", () => {
    const r = run(["uncertain", EXAMPLE, "--spec", specFile(SPEC), "--samples", "200"]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/An equilibrium exists: 100\.0%/);
    expect(r.stdout).toMatch(/challenger\.opensInEvery: (players\.underdog\.communityGain|spillover\.absorptive) \(total/);
  });

  it("refuses a bad spec with the path of each problem (exit 2, nothing on stdout)", () => {
    const r = run(["uncertain", EXAMPLE, "--spec", specFile({ distributions: { "players.nobody.capability": { uniform: [1, 0] } } })]);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain("distributions.players.nobody.capability");
    expect(r.stderr).toContain("lo < hi");
    // A draw that breaks a scenario rule names the sample and the field.
    const negative = run(["uncertain", EXAMPLE, "--spec", specFile({ distributions: { "players.leader.openCost": { normal: [0, 1] } } }), "--samples", "20"]);
    expect(negative.status).toBe(2);
    expect(negative.stderr).toMatch(/sample \d+ drew .*openCost/);
    expect(negative.stderr).toContain("min");
  });

  it("stops at --time-limit with the samples done (exit 3, marked incomplete)", () => {
    const r = run(["uncertain", EXAMPLE, "--spec", specFile(SPEC), "--samples", "1000000", "--no-sensitivity", "--time-limit", "1", "--json"]);
    expect(r.status).toBe(3);
    const doc = JSON.parse(r.stdout);
    expect(doc.complete).toBe(false);
    expect(doc.samples).toBeGreaterThan(0);
    expect(doc.samples).toBeLessThan(1000000);
    expect(doc.exists.n).toBe(doc.samples);
  });
});
