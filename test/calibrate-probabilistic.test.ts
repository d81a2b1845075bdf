import { run, tempDir } from "./helpers/cli.js";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { calibrate, periodCapabilities, type Release } from "../src/analysis/calibrate.js";
import { openProbabilities, type PeriodCell, periodLogLikelihood, posteriorWeights, TREMBLES, trembleCell } from "../src/analysis/calibrate-posterior.js";
import { reliabilityBins } from "../src/analysis/scoring.js";

const rows = parse(readFileSync(new URL("../data/releases.csv", import.meta.url), "utf8"), { columns: true }) as Record<string, string>[];
const releases: Release[] = rows.map((r) => ({
  period: r.period,
  lab: r.lab,
  model: r.model,
  openness: Number(r.openness),
  mmlu: r.mmlu_5shot ? Number(r.mmlu_5shot) : null,
  elo: r.arena_elo ? Number(r.arena_elo) : null,
}));
const periods = [...new Set(rows.map((r) => r.period))].sort();
const opened = (r: Release) => (r.openness > 0 ? 1 : 0);

interface Decision {
  period: string;
  lab: string;
  observed: number;
  pOpen: number;
}

describe("calibrate --json, probabilistic (bundled releases)", () => {
  const out = JSON.parse(run(["calibrate", "--json"]).stdout);
  const pr = out.probabilistic;
  const predictions: Decision[] = pr.predictions;

  it("has exactly the INTERFACE fields, one prediction per observed decision, in the data's order", () => {
    expect(Object.keys(pr).sort()).toEqual(["baselines", "brier", "logLoss", "predictions"]);
    expect(Object.keys(pr.baselines).sort()).toEqual(["baseRate", "openIfNotLeader", "persistence"]);
    for (const b of Object.values(pr.baselines) as object[]) expect(Object.keys(b).sort()).toEqual(["brier", "logLoss"]);
    expect(predictions).toHaveLength(56);
    const expected = periods.flatMap((p) => releases.filter((r) => r.period === p).map((r) => ({ period: p, lab: r.lab, observed: opened(r) })));
    expect(predictions.map(({ period, lab, observed }) => ({ period, lab, observed }))).toEqual(expected);
    for (const d of predictions) expect(Object.keys(d).sort()).toEqual(["lab", "observed", "pOpen", "period"]);
    // The fields that were there before stay.
    for (const field of ["decisions", "fit", "leaveOnePeriodOut", "baselines", "periods"]) expect(out).toHaveProperty(field);
  });

  it("every probability is strictly inside (0, 1), by construction within [eps_min / 2, 1 - eps_min / 2]", () => {
    for (const d of predictions) {
      expect(d.pOpen).toBeGreaterThanOrEqual(TREMBLES[0] / 2 - 1e-12);
      expect(d.pOpen).toBeLessThanOrEqual(1 - TREMBLES[0] / 2 + 1e-12);
    }
  });

  it("log loss and Brier are the means over the predictions, recomputed here", () => {
    let log = 0;
    let brier = 0;
    for (const d of predictions) {
      log += d.observed === 1 ? -Math.log(d.pOpen) : -Math.log(1 - d.pOpen);
      brier += d.observed === 1 ? (1 - d.pOpen) ** 2 : d.pOpen ** 2;
    }
    expect(pr.logLoss).toBeCloseTo(log / 56, 12);
    expect(pr.brier).toBeCloseTo(brier / 56, 12);
  });

  it("the baselines' scores are those of the baselines computed by hand on the data", () => {
    const rate = (hits: number, trials: number) => (hits + 1) / (trials + 2);
    const score = (ps: number[], ys: number[]) => ({
      logLoss: ps.reduce((s, p, k) => s - Math.log(ys[k] ? p : 1 - p), 0) / ps.length,
      brier: ps.reduce((s, p, k) => s + (p - ys[k]) ** 2, 0) / ps.length,
    });
    const group = periods.map((p) => releases.filter((r) => r.period === p));
    const leader = group.map((g) => {
      const z = periodCapabilities(g);
      return z.indexOf(Math.max(...z));
    });
    const ys: number[] = [];
    const base: number[] = [];
    const notLeader: number[] = [];
    const persist: number[] = [];
    group.forEach((held, h) => {
      const train = group.flatMap((g, k) => (k === h ? [] : g));
      const baseRate = rate(train.filter((r) => r.openness > 0).length, train.length);
      let wrong = 0;
      group.forEach((g, k) => {
        if (k !== h) wrong += g.filter((r, i) => (r.openness > 0) === (i === leader[k])).length;
      });
      const leaderError = rate(wrong, train.length);
      // Persistence: repeats whose both decisions lie in training periods.
      let changes = 0;
      let repeats = 0;
      group.forEach((g, k) => {
        if (k === h) return;
        for (const r of g) {
          const j = [...Array(k).keys()].reverse().find((j) => group[j].some((q) => q.lab === r.lab));
          if (j === undefined || j === h) continue;
          repeats++;
          if (opened(group[j].find((q) => q.lab === r.lab)!) !== opened(r)) changes++;
        }
      });
      const change = rate(changes, repeats);
      held.forEach((r, i) => {
        ys.push(opened(r));
        base.push(baseRate);
        notLeader.push(i === leader[h] ? leaderError : 1 - leaderError);
        const j = [...Array(h).keys()].reverse().find((j) => group[j].some((q) => q.lab === r.lab));
        persist.push(j === undefined ? baseRate : opened(group[j].find((q) => q.lab === r.lab)!) ? 1 - change : change);
      });
    });
    for (const [name, ps] of [["baseRate", base], ["openIfNotLeader", notLeader], ["persistence", persist]] as const) {
      const want = score(ps, ys);
      expect(pr.baselines[name].logLoss, name).toBeCloseTo(want.logLoss, 12);
      expect(pr.baselines[name].brier, name).toBeCloseTo(want.brier, 12);
      expect(out.versusBaselines[name].pOpen, name).toEqual(ps.map((p) => expect.closeTo(p, 12)));
    }
  });

  it("each comparison's largest losses are the decisions where the model's log loss exceeds the baseline's most", () => {
    for (const [name, v] of Object.entries(out.versusBaselines) as [string, { pOpen: number[]; logLossDifference: number; logLossDifferenceSe: number; largestLosses: { lab: string; period: string; logLossDifference: number }[] }][]) {
      const loss = (p: number, y: number) => -Math.log(y ? p : 1 - p);
      const differences = predictions.map((d, k) => ({ ...d, difference: loss(d.pOpen, d.observed) - loss(v.pOpen[k], d.observed) }));
      const mean = differences.reduce((s, d) => s + d.difference, 0) / 56;
      expect(v.logLossDifference, name).toBeCloseTo(mean, 12);
      expect(v.logLossDifferenceSe, name).toBeCloseTo(Math.sqrt(differences.reduce((s, d) => s + (d.difference - mean) ** 2, 0) / 55 / 56), 12);
      const top = differences.filter((d) => d.difference > 0).sort((a, b) => b.difference - a.difference).slice(0, 5);
      expect(v.largestLosses.map((d) => `${d.period} ${d.lab}`), name).toEqual(top.map((d) => `${d.period} ${d.lab}`));
    }
  });

  it("the text output says, against each baseline, whether the model beats it", () => {
    const text = run(["calibrate"]).stdout;
    for (const name of ["the base rate", "open iff not the leader", "persistence"]) {
      const v = out.versusBaselines[name === "the base rate" ? "baseRate" : name === "persistence" ? "persistence" : "openIfNotLeader"];
      const verdict = v.logLossDifference < 0 && v.brierDifference < 0 ? "beats it on both" : v.logLossDifference >= 0 && v.brierDifference >= 0 ? "does not beat it" : "only";
      expect(text).toMatch(new RegExp(`Against ${name} .*${verdict}`));
      // Where the model does not win on both scores, the decisions it loses on most follow.
      if (verdict !== "beats it on both") {
        const after = text.slice(text.indexOf(`Against ${name} `)).split("\n")[1];
        expect(after).toMatch(/^ {2}Largest losses/);
        for (const d of v.largestLosses) expect(after).toContain(`${d.period} ${d.lab}`);
      }
    }
  });
});

describe("leave one period out holds the period out", () => {
  const grid = { absorptive: [0.5, 1], communityGain: [0.5, 1], apiCost: [0] };

  it("changing a period's observed decisions (every lab opens) changes no prediction for that period, and changes others", async () => {
    const before = await calibrate(releases, grid);
    const held = "2024H2";
    const flipped = releases.map((r) => (r.period === held ? { ...r, openness: 1 } : r));
    const after = await calibrate(flipped, grid);
    const ofPeriod = (ps: { pOpen: number }[], p: string) => ps.filter((_, k) => before.probabilistic.predictions[k].period === p).map((d) => d.pOpen);
    const baselinesOf = (c: typeof before, p: string) =>
      Object.values(c.versusBaselines).map((v) => ofPeriod(v.pOpen.map((pOpen) => ({ pOpen })), p));
    expect(ofPeriod(after.probabilistic.predictions, held)).toEqual(ofPeriod(before.probabilistic.predictions, held));
    expect(baselinesOf(after, held)).toEqual(baselinesOf(before, held));
    // The flipped observations do reach the other periods' predictions (model and every baseline).
    const other = periods.filter((p) => p !== held);
    expect(other.flatMap((p) => ofPeriod(after.probabilistic.predictions, p))).not.toEqual(other.flatMap((p) => ofPeriod(before.probabilistic.predictions, p)));
    baselinesOf(after, "2025H1").forEach((ps, k) => expect(ps).not.toEqual(baselinesOf(before, "2025H1")[k]));
  }, 60_000);
});

describe("no probability is 0 or 1, by construction", () => {
  it("even when no lab ever opens: every method's probabilities stay inside (0, 1) and its log loss is finite", async () => {
    const closed = releases.map((r) => ({ ...r, openness: 0 }));
    const c = await calibrate(closed, { absorptive: [0, 1], communityGain: [0.1], apiCost: [0, 2] });
    const all = [c.probabilistic.predictions.map((d) => d.pOpen), ...Object.values(c.versusBaselines).map((v) => v.pOpen)];
    for (const ps of all) for (const p of ps) expect(p > 0 && p < 1).toBe(true);
    for (const s of [c.probabilistic, ...Object.values(c.probabilistic.baselines)]) expect(Number.isFinite(s.logLoss)).toBe(true);
    // The baselines see no opening in training: Laplace's rule gives 1 / (n + 2), not 0.
    const first = c.probabilistic.predictions.filter((d) => d.period === periods[0]).length;
    expect(c.versusBaselines.baseRate.pOpen[0]).toBeCloseTo(1 / (56 - first + 2), 12);
  }, 60_000);
});

describe("the posterior, against the definition computed directly", () => {
  // Two combinations of parameters, two periods of two labs; equilibria as open/closed profiles.
  const equilibria = [
    [[[1, 0]], [[0, 1], [1, 1]]],
    [[[0, 0], [1, 0], [1, 1]], [[0, 0]]],
  ];
  const observed = [[1, 0], [0, 1]];
  const cells: PeriodCell[][] = equilibria.map((row) =>
    row.map((profiles, k) => {
      const mismatches = [0, 0, 0];
      for (const x of profiles) mismatches[x.filter((v, i) => v !== observed[k][i]).length]++;
      return { shareOpen: [0, 1].map((i) => profiles.filter((x) => x[i] === 1).length / profiles.length), mismatches };
    }),
  );

  it("the period likelihood is the mean over equilibria of the product of tremble probabilities", () => {
    for (const eps of [0.01, 0.3, 0.99])
      equilibria.forEach((row, c) =>
        row.forEach((profiles, k) => {
          const direct = profiles.reduce((s, x) => s + x.reduce((q, v, i) => q * (v === observed[k][i] ? 1 - eps / 2 : eps / 2), 1), 0) / profiles.length;
          expect(periodLogLikelihood(cells[c][k], eps)).toBeCloseTo(Math.log(direct), 12);
        }),
      );
  });

  it("the held-out probability is Bayes' rule over the grid, with a uniform prior", () => {
    const noisy = cells.map((row) => row.map(trembleCell));
    const weights = posteriorWeights(noisy, (k) => k === 0);
    // Period 1 held out: posterior from period 0 only.
    let total = 0;
    const p = [0, 0];
    equilibria.forEach((row, c) =>
      TREMBLES.forEach((eps) => {
        const like = row[0].reduce((s, x) => s + x.reduce((q, v, i) => q * (v === observed[0][i] ? 1 - eps / 2 : eps / 2), 1), 0) / row[0].length;
        total += like;
        for (const i of [0, 1]) p[i] += like * row[1].reduce((s, x) => s + ((1 - eps) * x[i] + eps / 2), 0) / row[1].length;
      }),
    );
    openProbabilities(noisy, 1, weights).forEach((q, i) => expect(q).toBeCloseTo(p[i] / total, 12));
  });
});

describe("reliability bins", () => {
  it("count every prediction once and give the Wilson interval", () => {
    const ps = Array.from({ length: 10 }, (_, k) => ({ pOpen: 0.41 + k / 100, observed: k % 2 }));
    const edge = [{ pOpen: 1 - 1e-9, observed: 1 }, { pOpen: 0.05, observed: 0 }];
    const bins = reliabilityBins([...ps, ...edge]);
    expect(bins.map((b) => [b.from, b.n])).toEqual([[0, 1], [0.4, 10], [0.8, 1]]);
    // Wilson 95% for 5 of 10: 0.2366 to 0.7634 (e.g. statsmodels proportion_confint(5, 10, method="wilson")).
    expect(bins[1].low).toBeCloseTo(0.2366, 4);
    expect(bins[1].high).toBeCloseTo(0.7634, 4);
    expect(bins[1].meanPredicted).toBeCloseTo(0.455, 12);
  });
});

describe("calibrate --out", () => {
  it("writes the reliability diagram and the posterior as SVG, PNG and Vega-Lite", () => {
    const dir = tempDir("calibrate");
    expect(run(["calibrate", "--out", dir]).status).toBe(0);
    for (const name of ["calibration", "reliability", "posterior"]) {
      for (const ext of ["svg", "png"]) expect(existsSync(join(dir, `${name}.${ext}`))).toBe(true);
      const spec = JSON.parse(readFileSync(join(dir, `${name}.vl.json`), "utf8"));
      expect(spec.$schema).toMatch(/vega-lite/);
    }
    expect(readFileSync(join(dir, "reliability.svg"), "utf8")).toContain("persistence");
    expect(readFileSync(join(dir, "posterior.svg"), "utf8")).toContain("tremble");
    const csv = parse(readFileSync(join(dir, "calibration.csv"), "utf8"), { columns: true }) as Record<string, string>[];
    const json = JSON.parse(readFileSync(join(dir, "calibration.json"), "utf8"));
    expect(csv.map((r) => Number(r.p_open_held_out))).toEqual(json.probabilistic.predictions.map((d: Decision) => expect.closeTo(d.pOpen, 4)));
  }, 60_000);
});
