import { run, tempDir } from "./helpers/cli.js";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { periodCapabilities, predictPeriod, type Release } from "../src/analysis/calibrate.js";

const rows = parse(readFileSync(new URL("../data/releases.csv", import.meta.url), "utf8"), { columns: true }) as Record<string, string>[];

describe("openrace calibrate on the bundled releases", () => {
  const out = JSON.parse(run(["calibrate", "--json"]).stdout);

  it("prints the INTERFACE contract: decisions, fit, leave-one-period-out, baselines", () => {
    expect(out.decisions).toBe(rows.length);
    expect(out.decisions).toBe(56);
    expect(Object.keys(out.fit.parameters).sort()).toEqual(["absorptive", "apiCost", "communityGain"]);
    for (const n of [out.fit.correct, out.leaveOnePeriodOut.correct, out.baselines.allClosed, out.baselines.openIfNotLeader])
      expect(Number.isInteger(n) && n >= 0 && n <= 56).toBe(true);
  });

  it("counts the baselines as the data says", () => {
    expect(out.baselines.allClosed).toBe(rows.filter((r) => Number(r.openness) === 0).length);
    // Open iff not the leader, with the leader by Arena rating, else MMLU, within the period.
    let expected = 0;
    for (const period of new Set(rows.map((r) => r.period))) {
      const group = rows.filter((r) => r.period === period);
      const z = periodCapabilities(group.map((r) => ({ period, lab: r.lab, model: r.model, openness: Number(r.openness), mmlu: r.mmlu_5shot ? Number(r.mmlu_5shot) : null, elo: r.arena_elo ? Number(r.arena_elo) : null })));
      const leader = z.indexOf(Math.max(...z));
      expected += group.filter((r, k) => (Number(r.openness) > 0) === (k !== leader)).length;
    }
    expect(out.baselines.openIfNotLeader).toBe(expected);
  });

  it("the fit's count is the agreement of its per-period predictions with the data", () => {
    const agree = out.periods.reduce((s: number, p: { observed: number[]; predicted: number[] }) => s + p.observed.filter((o, k) => (o > 0) === (p.predicted[k] > 0)).length, 0);
    expect(out.fit.correct).toBe(agree);
  });

  it("predictions are the equilibria of the period's race under the fitted parameters", async () => {
    const period = out.periods[0].period;
    const releases: Release[] = rows.filter((r) => r.period === period).map((r) => ({ period, lab: r.lab, model: r.model, openness: Number(r.openness), mmlu: r.mmlu_5shot ? Number(r.mmlu_5shot) : null, elo: r.arena_elo ? Number(r.arena_elo) : null }));
    expect((await predictPeriod(period, releases, out.fit.parameters)).predicted).toEqual(out.periods[0].predicted);
  });

  it("refuses a malformed data file with the line of each problem", () => {
    const file = join(tempDir("cal"), "bad.csv");
    writeFileSync(file, "period,lab,model,release_month,openness,openness_note,mmlu_5shot,arena_elo,confirmed,source\n2024H3,a,m,,0.7,,x,,yes,\n");
    const r = run(["calibrate", file]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/line 2: period: expected YYYYH1 or YYYYH2, got "2024H3"/);
    expect(r.stderr).toMatch(/line 2: openness: expected 0, 0.5 or 1, got "0.7"/);
    expect(r.stderr).toMatch(/line 2: mmlu_5shot: expected a number or nothing, got "x"/);
  });
});
