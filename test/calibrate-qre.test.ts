import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { calibrate, type Release } from "../src/analysis/calibrate.js";
import { openProbabilities, posteriorWeights } from "../src/analysis/calibrate-posterior.js";
import { PRECISIONS, qreCell } from "../src/analysis/calibrate-qre.js";
import { payoffTable, TABLE_LIMITS } from "../src/model/table.js";
import { layoutOf } from "../src/solvers/expected.js";
import { traceLogit } from "../src/solvers/logit.js";
import { solveQre } from "../src/solvers/mixed.js";
import { gameArbitrary, gameOf, SEED } from "./helpers/arbitrary.js";
import { run, tempDir } from "./helpers/cli.js";

/** Three labs far apart, no spillover: the leader's gain from opening is exactly a - k whatever the others do. */
const separable = (tiers: number[]) =>
  gameOf({
    name: "separable",
    players: [
      { id: "opener", capability: 20, communityGain: 3, openCost: 0 },
      { id: "closer", capability: 10, communityGain: 0.5, openCost: 2 },
      { id: "middle", capability: 0, communityGain: 1, openCost: 1 },
    ],
    spillover: { absorptive: 0 },
    tiers,
  });

describe("the QRE noise model's probabilities", () => {
  it("at lambda -> 0 every lab opens with probability 1/2 (binary race), or its share of open levels (tiered), and the likelihood is their product", () => {
    const binary = qreCell(separable([0, 1]), [1, 0, 1], [0, 1e-9]);
    expect(Array.from(binary.pOpen.slice(0, 3))).toEqual([0.5, 0.5, 0.5]);
    expect(binary.logLikelihood[0]).toBeCloseTo(3 * Math.log(0.5), 14);
    binary.pOpen.slice(3).forEach((p) => expect(Math.abs(p - 0.5)).toBeLessThan(1e-8));
    fc.assert(
      fc.property(gameArbitrary({ maxPlayers: 4 }), fc.array(fc.integer({ min: 0, max: 1 }), { minLength: 4, maxLength: 4 }), (game, observed) => {
        const cell = qreCell(game, observed.slice(0, game.n), [0]);
        const table = payoffTable(game, TABLE_LIMITS.mixed);
        let log = 0;
        table.levels.forEach((levels, i) => {
          const share = levels.filter((l) => l > 0).length / levels.length;
          expect(Math.abs(cell.pOpen[i] - share)).toBeLessThan(1e-15);
          log += Math.log(observed[i] ? share : 1 - share);
        });
        expect(Math.abs(cell.logLikelihood[0] - log)).toBeLessThan(1e-12);
      }),
      { seed: SEED, numRuns: 100 },
    );
  });

  it("a strictly dominant choice: the probability follows the logit of the gain exactly and tends to that choice as lambda grows", () => {
    const cell = qreCell(separable([0, 1]), [1, 0, 0]);
    const p = (t: number, i: number) => cell.pOpen[t * 3 + i];
    expect(cell.status).toBe("reached");
    PRECISIONS.forEach((lambda, t) => {
      // opener gains 3 by opening, closer loses 1.5, whatever the others do.
      expect(Math.abs(p(t, 0) - 1 / (1 + Math.exp(-3 * lambda)))).toBeLessThan(1e-9);
      expect(Math.abs(p(t, 1) / (1 / (1 + Math.exp(1.5 * lambda))) - 1)).toBeLessThan(1e-6);
      if (t > 0) {
        expect(p(t, 0)).toBeGreaterThanOrEqual(p(t - 1, 0));
        expect(p(t, 1)).toBeLessThan(p(t - 1, 1)); // never 0: computed in log-probabilities
      }
    });
    const last = PRECISIONS.length - 1;
    expect(p(last, 0)).toBeGreaterThan(1 - 1e-12);
    expect(p(last, 1)).toBeLessThan(1e-12);
    // Tiered: opening fully dominates both lower levels for the opener.
    const tiered = qreCell(separable([0, 0.5, 1]), [1, 0, 0]);
    expect(tiered.pOpen[last * 3]).toBeGreaterThan(1 - 1e-12);
    expect(tiered.pOpen[0]).toBeLessThan(tiered.pOpen[last * 3]);
  });

  it("one trace records at each precision the point that a trace stopping there finds (solve --concept qre)", () => {
    fc.assert(
      fc.property(gameArbitrary({ maxPlayers: 3 }), (game) => {
        const table = payoffTable(game, TABLE_LIMITS.mixed);
        const layout = layoutOf(table);
        const precisions = [0, 0.3, 2, 10];
        const trace = traceLogit(table, layout, { at: precisions, maxMu: Infinity });
        expect(trace.status).toBe("reached");
        expect(trace.points.map((q) => q.lambda)).toEqual(precisions.map((l) => expect.closeTo(l, 9)));
        precisions.forEach((lambda, t) => {
          // solveQre's strategies are over the game's tiers; the trace's over each lab's levels.
          const alone = solveQre(game, lambda).equilibria[0].strategies;
          table.levels.forEach((own, i) =>
            own.forEach((level, k) => expect(Math.abs(trace.points[t].sigma[layout.offset[i] + k] - alone[i][game.tiers.indexOf(level)])).toBeLessThan(1e-9)),
          );
        });
      }),
      { seed: SEED, numRuns: 60 },
    );
  });
});

/** A small made-up data set: three periods of three or four labs (fast to trace). */
const small: Release[] = [
  ["2023H1", "a", 0, 1250],
  ["2023H1", "b", 0, 1200],
  ["2023H1", "c", 1, 1100],
  ["2023H2", "a", 0, 1260],
  ["2023H2", "b", 0.5, 1190],
  ["2023H2", "c", 1, 1150],
  ["2023H2", "d", 1, 1000],
  ["2024H1", "a", 0, 1270],
  ["2024H1", "b", 0, 1230],
  ["2024H1", "d", 0.5, 1050],
].map(([period, lab, openness, elo]) => ({ period: period as string, lab: lab as string, model: "", openness: openness as number, mmlu: null, elo: elo as number }));
const grid = { absorptive: [0.5, 1], communityGain: [0.5, 1], apiCost: [0, 1] };

describe("calibrate with the QRE noise model", () => {
  it("the posterior sums to one, over the grid and over the precision grid", async () => {
    const c = await calibrate(small, grid, { noise: "qre" });
    expect(c.noise).toBe("qre");
    expect(c.qre!.incomplete).toEqual([]);
    expect(c.qre!.traces).toBe(8 * 3);
    expect(c.posterior.marginals.precision.map((m) => m.value)).toEqual([...PRECISIONS]);
    expect(c.posterior.marginals.tremble).toBeUndefined();
    for (const [name, marginal] of Object.entries(c.posterior.marginals)) expect(marginal.reduce((s, m) => s + m.p, 0), name).toBeCloseTo(1, 12);
    for (const d of c.probabilistic.predictions) expect(d.pOpen > 0 && d.pOpen < 1).toBe(true);
  }, 60_000);

  it("leave one period out: a period's own observations reach none of its predictions, and do reach the others'", async () => {
    const before = await calibrate(small, grid, { noise: "qre" });
    const held = "2023H2";
    const after = await calibrate(
      small.map((r) => (r.period === held ? { ...r, openness: 1 - r.openness } : r)),
      grid,
      { noise: "qre" },
    );
    const of = (c: typeof before, keep: (p: string) => boolean) => c.probabilistic.predictions.filter((d) => keep(d.period)).map((d) => d.pOpen);
    expect(of(after, (p) => p === held)).toEqual(of(before, (p) => p === held));
    const others = (p: string) => p !== held;
    of(after, others).forEach((p, k) => expect(p).not.toBe(of(before, others)[k]));
  }, 60_000);

  it("the held-out probability is Bayes' rule over the other periods, recomputed from the cells", () => {
    const games = [separable([0, 1]), separable([0, 0.5, 1])];
    const observed = [[1, 0, 0], [0, 1, 1]];
    // Two "combinations" (the two races), two periods each with the same labs.
    const cells = games.map((g) => observed.map((o) => qreCell(g, o)));
    const weights = posteriorWeights(cells, (k) => k === 0);
    const T = PRECISIONS.length;
    let total = 0;
    const p = [0, 0, 0];
    cells.forEach((row) =>
      PRECISIONS.forEach((_, t) => {
        const like = Math.exp(row[0].logLikelihood[t]);
        total += like;
        for (let i = 0; i < 3; i++) p[i] += like * row[1].pOpen[t * 3 + i];
      }),
    );
    expect(weights).toHaveLength(2 * T);
    openProbabilities(cells, 1, weights).forEach((q, i) => expect(q).toBeCloseTo(p[i] / total, 12));
  });
});

describe("calibrate --noise", () => {
  const dir = tempDir("calibrate-qre");
  const csv = join(dir, "small.csv");
  writeFileSync(csv, ["period,lab,model,openness,mmlu_5shot,arena_elo", ...small.map((r) => `${r.period},${r.lab},,${r.openness},,${r.elo}`)].join("\n") + "\n");

  it("--noise qre --json has the probabilistic fields, the noise model, the precision's posterior and the grid; --out its charts", () => {
    const out_ = join(dir, "out");
    const result = run(["calibrate", csv, "--noise", "qre", "--json", "--out", out_]);
    expect(result.status).toBe(0);
    expect(readFileSync(join(out_, "reliability.svg"), "utf8")).toContain("model (QRE)");
    const posterior = JSON.parse(readFileSync(join(out_, "posterior.vl.json"), "utf8"));
    expect(JSON.stringify(posterior)).toContain("QRE precision lambda");
    const out = JSON.parse(result.stdout);
    expect(out.noise).toBe("qre");
    expect(Object.keys(out.probabilistic).sort()).toEqual(["baselines", "brier", "logLoss", "predictions"]);
    expect(out.probabilistic.predictions).toHaveLength(small.length);
    expect(Object.keys(out.posterior.marginals).sort()).toEqual(["absorptive", "apiCost", "communityGain", "precision"]);
    expect(out.posterior.mean.precision).toBeGreaterThan(0);
    expect(out.qre.precisions).toEqual([...PRECISIONS]);
    expect(out.qre.incomplete).toEqual([]);
    const text = run(["calibrate", csv, "--noise", "qre"]).stdout;
    expect(text).toMatch(/logit quantal-response equilibrium/);
    expect(text).toMatch(/precision \d/);
  }, 120_000);

  it("the default is the tremble; a bad value exits 2 naming the option", () => {
    const out = JSON.parse(run(["calibrate", csv, "--json"]).stdout);
    expect(out.noise).toBe("tremble");
    expect(out.qre).toBeUndefined();
    expect(Object.keys(out.posterior.marginals)).toContain("tremble");
    const bad = run(["calibrate", csv, "--noise", "logit"]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--noise/);
    expect(bad.stdout).toBe("");
    const workers = run(["calibrate", csv, "--workers", "2"]);
    expect(workers.status).toBe(2);
    expect(workers.stderr).toMatch(/--workers goes with --noise qre/);
  }, 60_000);
});
