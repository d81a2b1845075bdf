/**
 * `uncertain` in the core: samplers against their distributions, outcome probabilities against
 * exact values, Sobol indices against known ones, and splits against the unsplit run.
 */
import kstest from "@stdlib/stats-kstest";
import normalCdf from "@stdlib/stats-base-dists-normal-cdf";
import lognormalCdf from "@stdlib/stats-base-dists-lognormal-cdf";
import triangularCdf from "@stdlib/stats-base-dists-triangular-cdf";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ExactSum, Spread } from "../src/analysis/accumulators.js";
import { inverseCdf, parseUncertainSpec, type Distribution } from "../src/analysis/distributions.js";
import { Sampler } from "../src/analysis/sampling.js";
import { SobolAccumulator } from "../src/analysis/sobol.js";
import {
  accumulate,
  emptyState,
  makePlan,
  mergeUncertainParts,
  uncertainDocument,
  UncertainModel,
  type SampleOutcome,
  type UncertainDocument,
  type UncertainOptions,
} from "../src/analysis/uncertain.js";
import { validateScenario } from "../src/model/validate.js";
import { shardIndices } from "../src/analysis/sweep.js";
import { applyPolicy, validatePolicy } from "../src/analysis/policy.js";
import { buildGame } from "../src/model/game.js";
import { solveDiscrete } from "../src/solvers/solve.js";
import type { Scenario } from "../src/model/scenario.js";

const EXAMPLE = (() => {
  const parsed = validateScenario(JSON.parse(readFileSync("examples/three-lab-race.json", "utf8")));
  if (!parsed.ok) throw new Error("example invalid");
  return parsed.value;
})();

/** n draws of a distribution from the independent sampler (seeded). */
function draws(d: Distribution, n: number, seed = 7): number[] {
  const drawn = inverseCdf(d);
  if (!drawn.ok) throw new Error(drawn.message);
  const sampler = new Sampler({ dimension: 1, seed, qmc: false });
  return Array.from({ length: n }, (_, k) => drawn.draw(sampler.uniformsOf(k)[0]));
}

const mean = (x: number[]) => x.reduce((s, v) => s + v, 0) / x.length;
const variance = (x: number[]) => {
  const m = mean(x);
  return x.reduce((s, v) => s + (v - m) ** 2, 0) / (x.length - 1);
};

describe("samplers", () => {
  const N = 4000;
  const cases: [string, Distribution, (x: number) => number, number, number][] = [
    ["uniform", { uniform: [0.5, 2] }, (x) => Math.min(1, Math.max(0, (x - 0.5) / 1.5)), 1.25, 1.5 ** 2 / 12],
    ["normal", { normal: [0.5, 0.15] }, (x) => normalCdf(x, 0.5, 0.15), 0.5, 0.15 ** 2],
    ["lognormal", { lognormal: [2.2, 0.1] }, (x) => lognormalCdf(x, 2.2, 0.1), Math.exp(2.2 + 0.005), (Math.exp(0.01) - 1) * Math.exp(4.4 + 0.01)],
    ["triangular", { triangular: [0, 0.5, 2] }, (x) => triangularCdf(x, 0, 2, 0.5), 2.5 / 3, (0 + 0.25 + 4 - 0 - 0 - 1) / 18],
  ];
  for (const [name, d, cdf, m, v] of cases)
    it(`${name}: Kolmogorov-Smirnov and the first two moments`, () => {
      const x = draws(d, N);
      expect(kstest(x, cdf).pValue).toBeGreaterThan(0.001);
      expect(Math.abs(mean(x) - m)).toBeLessThan(4 * Math.sqrt(v / N));
      expect(variance(x) / v).toBeGreaterThan(0.9);
      expect(variance(x) / v).toBeLessThan(1.1);
    });

  it("truncation conditions on the range (as scipy's truncnorm), never clips", () => {
    const [a, b] = [0.4, 0.9];
    const x = draws({ normal: [0.5, 0.15], min: a, max: b }, N);
    expect(Math.min(...x)).toBeGreaterThanOrEqual(a);
    expect(Math.max(...x)).toBeLessThanOrEqual(b);
    // Clipping would pile mass on the bounds: conditioning leaves none there.
    expect(x.filter((v) => v === a || v === b)).toHaveLength(0);
    const F = (t: number) => normalCdf(t, 0.5, 0.15);
    const truncated = (t: number) => Math.min(1, Math.max(0, (F(t) - F(a)) / (F(b) - F(a))));
    expect(kstest(x, truncated).pValue).toBeGreaterThan(0.001);
    expect(kstest(x, (t: number) => normalCdf(t, 0.5, 0.15)).pValue).toBeLessThan(1e-6);
  });

  it("choice: frequencies within four standard errors of the weights, truncation drops values", () => {
    const x = draws({ choice: [[0.5, 0.25], [1, 0.75]] }, N);
    const p = x.filter((v) => v === 0.5).length / N;
    expect(new Set(x)).toEqual(new Set([0.5, 1]));
    expect(Math.abs(p - 0.25)).toBeLessThan(4 * Math.sqrt((0.25 * 0.75) / N));
    expect(new Set(draws({ choice: [[0.5, 0.25], [1, 0.75], [3, 1]], max: 1 }, 500))).toEqual(new Set([0.5, 1]));
  });

  it("sample k's numbers depend only on (seed, k)", () => {
    const inOrder = new Sampler({ dimension: 3, seed: 5, qmc: false });
    const all = Array.from({ length: 600 }, (_, k) => [...inOrder.uniformsOf(k)]);
    for (const k of [599, 0, 300, 257, 256, 255]) expect([...new Sampler({ dimension: 3, seed: 5, qmc: false }).uniformsOf(k)]).toEqual(all[k]);
    expect([...new Sampler({ dimension: 3, seed: 6, qmc: false }).uniformsOf(3)]).not.toEqual(all[3]);
    const qmc = new Sampler({ dimension: 2, seed: 5, qmc: true });
    const points = Array.from({ length: 200 }, (_, k) => [...qmc.uniformsOf(k)]);
    expect([...new Sampler({ dimension: 2, seed: 5, qmc: true }).uniformsOf(123)]).toEqual(points[123]);
    for (const u of points.flat()) expect(u > 0 && u < 1).toBe(true);
  });

  it("refuses malformed distributions and unknown paths, naming them", () => {
    const parsed = parseUncertainSpec(
      {
        distributions: {
          "players.nobody.capability": { uniform: [0, 1] },
          "players.leader.openCost": { normal: [1, -1] },
          "spillover.absorptive": { unifrom: [0, 1] },
          "players.challenger.communityGain": { normal: [0, 1], min: 50 },
        },
      },
      { scenario: EXAMPLE },
    );
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    const text = JSON.stringify(parsed.problems);
    expect(text).toContain("unifrom");
    expect(parseUncertainSpec({ distributions: { "players.nobody.capability": { uniform: [0, 1] } } }, { scenario: EXAMPLE })).toMatchObject({
      ok: false,
      problems: [{ path: "distributions.players.nobody.capability", message: expect.stringContaining("unknown player") }],
    });
    const rules = parseUncertainSpec(
      { distributions: { "players.leader.openCost": { normal: [1, -1] }, "players.challenger.communityGain": { normal: [0, 1], min: 50 } } },
      { scenario: EXAMPLE },
    );
    expect(rules.ok ? [] : rules.problems.map((p) => p.path)).toEqual(["distributions.players.leader.openCost", "distributions.players.challenger.communityGain"]);
    const overlap = parseUncertainSpec({ distributions: { "players.*.openCost": { uniform: [0, 1] }, "players.leader.openCost": { uniform: [0, 1] } } }, { scenario: EXAMPLE });
    expect(overlap).toMatchObject({ ok: false, problems: [{ path: "distributions.players.leader.openCost", message: expect.stringContaining("players.*.openCost") }] });
  });
});

/** Runs the core as the CLI does, one thread, over the given indices in the given order. */
async function runUncertain(scenario: Scenario, spec: unknown, options: UncertainOptions, indices?: number[], shard?: { index: number; count: number }): Promise<UncertainDocument> {
  const parsed = parseUncertainSpec(spec, { scenario });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  const plan = makePlan("test", { scenario }, parsed.value.map(({ path, distribution }) => ({ path, distribution })), options);
  const model = new UncertainModel(plan, { scenario });
  const state = emptyState(model);
  const todo = indices ?? shardIndices(options.samples, shard);
  for (const k of todo) {
    const outcome = (await model.evaluate(k)) as SampleOutcome;
    if ("problems" in outcome) throw new Error(JSON.stringify(outcome.problems));
    accumulate(state, model, outcome);
  }
  return uncertainDocument(state, todo.length, true, shard);
}

const options = (samples: number, extra: Partial<UncertainOptions> = {}): UncertainOptions => ({ samples, seed: 1, qmc: false, sensitivity: false, game: "discrete", ...extra });
const within = (e: { p: number | null; se: number | null }, exact: number, k = 4) => {
  expect(e.p).not.toBeNull();
  expect(Math.abs(e.p! - exact)).toBeLessThanOrEqual(k * Math.max(e.se!, 1e-3));
};

describe("outcome probabilities against exact values", () => {
  // The worked example: the set of equilibria changes at underdog communityGain = 1 and 3
  // ({011, 111} below 1, {011} between, {001, 011} above 3; INTERFACE.md, "thresholds").
  it("one uncertain gain, uniform: each probability is the mass of the regions where it holds", async () => {
    const doc = await runUncertain(EXAMPLE, { distributions: { "players.underdog.communityGain": { uniform: [0.5, 4] } } }, options(3000));
    expect(doc.samples).toBe(3000);
    expect(doc.incomplete).toBe(0);
    within(doc.exists, 1);
    const labs = doc.labs as Record<string, Record<string, { p: number; se: number }>>;
    within(labs.leader.opensInSome, 0.5 / 3.5);
    expect(labs.leader.opensInEvery.p).toBe(0);
    within(labs.challenger.opensInEvery, 2.5 / 3.5);
    expect(labs.challenger.opensInSome.p).toBe(1);
    expect(labs.underdog.opensInEvery.p).toBe(1);
    // se is the binomial one.
    const p = labs.leader.opensInSome.p;
    expect(labs.leader.opensInSome.se).toBeCloseTo(Math.sqrt((p * (1 - p)) / 3000), 12);
  });

  it("a truncated normal gain: the probability is its mass beyond the threshold", async () => {
    const d = { normal: [2, 1] as [number, number], min: 0.5, max: 4 };
    const doc = await runUncertain(EXAMPLE, { distributions: { "players.underdog.communityGain": d } }, options(3000));
    const F = (x: number) => normalCdf(x, 2, 1);
    const mass = (lo: number, hi: number) => (F(hi) - F(lo)) / (F(4) - F(0.5));
    const labs = doc.labs as Record<string, Record<string, { p: number; se: number }>>;
    within(labs.leader.opensInSome, mass(0.5, 1));
    within(labs.challenger.opensInEvery, mass(0.5, 3));
  });

  it("quasi-random samples converge to the same values, with standard errors over the shifts", async () => {
    const doc = await runUncertain(EXAMPLE, { distributions: { "players.underdog.communityGain": { uniform: [0.5, 4] } } }, options(800, { qmc: true }));
    const labs = doc.labs as Record<string, Record<string, { p: number; se: number }>>;
    within(labs.challenger.opensInEvery, 2.5 / 3.5);
    // Halton in one dimension is far more even than independent draws.
    expect(labs.challenger.opensInEvery.se).toBeLessThan(Math.sqrt((0.2 * 0.8) / 800));
  });

  it("metrics: lowest and highest over each sample's equilibria, exact quantiles while values are few", async () => {
    const doc = await runUncertain(EXAMPLE, { distributions: { "players.underdog.communityGain": { uniform: [0.5, 4] } } }, options(1000));
    const metrics = doc.metrics as Record<string, { q05: number; q50: number; q95: number; mean: number; se: number; highest: { q95: number } }>;
    // openLabs: 2 or 3 (g < 1), 2 (1 < g < 3), 1 or 2 (g > 3): lowest is 1 on a quarter of the range.
    expect(metrics.openLabs.q05).toBe(1);
    expect(metrics.openLabs.q50).toBe(2);
    expect(metrics.openLabs.highest.q95).toBe(3);
    within({ p: metrics.openLabs.mean, se: metrics.openLabs.se }, (0.5 * 2 + 2 * 2 + 1 * 1) / 3.5);
  });
});

describe("policy levers", () => {
  it("a lever's number can be uncertain: the probability is the mix of the policies' outcomes", async () => {
    const policy = validatePolicy({ levers: [{ type: "levy", amount: 0 }] });
    if (!policy.ok) throw new Error("policy");
    const subject = { scenario: EXAMPLE, policy: policy.value };
    const spec = parseUncertainSpec({ distributions: { "levers[0].amount": { choice: [[0, 1], [5, 1]] } } }, subject);
    if (!spec.ok) throw new Error(JSON.stringify(spec.problems));
    const plan = makePlan("levy", subject, spec.value.map(({ path, distribution }) => ({ path, distribution })), options(400));
    const model = new UncertainModel(plan, subject);
    const state = emptyState(model);
    for (let k = 0; k < 400; k++) accumulate(state, model, (await model.evaluate(k)) as Extract<SampleOutcome, { evaluations: unknown }>);
    const doc = uncertainDocument(state, 400, true);
    // Each levy's outcome, solved directly: does the underdog open in every equilibrium?
    const opens = await Promise.all(
      [0, 5].map(async (amount) => {
        const result = await solveDiscrete(applyPolicy(buildGame(EXAMPLE), { levers: [{ type: "levy", amount }] }));
        return result.equilibria.length > 0 && result.equilibria.every((eq) => eq.profile[2] > 0) ? 1 : 0;
      }),
    );
    expect(opens).toEqual([1, 0]);
    within((doc.labs as Record<string, Record<string, { p: number; se: number }>>).underdog.opensInEvery, (opens[0] + opens[1]) / 2);
    expect(parseUncertainSpec({ distributions: { "levers[0].amount": { uniform: [0, 1] } } }, { scenario: EXAMPLE })).toMatchObject({
      ok: false,
      problems: [{ path: "distributions.levers[0].amount", message: expect.stringContaining("needs a policy") }],
    });
  });
});

describe("the continuous game", () => {
  it("reports each lab's openness in the equilibrium found, certified, for every sample", async () => {
    const doc = await runUncertain(EXAMPLE, { distributions: { "players.underdog.communityGain": { uniform: [0.5, 4] } } }, options(60, { game: "continuous", sensitivity: true }));
    expect(doc.samples).toBe(60);
    const labs = doc.labs as Record<string, { opens: { p: number }; openness: { n: number; min: number; max: number; mean: number } }>;
    for (const lab of ["leader", "challenger", "underdog"]) {
      expect(labs[lab].openness.n).toBe(60);
      expect(labs[lab].openness.min).toBeGreaterThanOrEqual(0);
      expect(labs[lab].openness.max).toBeLessThanOrEqual(1);
      // "opens" is openness > 0 in the same equilibria.
      expect(labs[lab].opens.p > 0).toBe(labs[lab].openness.max > 0);
    }
    expect(doc.exists.p).toBe(1);
    expect(Object.keys(doc.sensitivity!)).toEqual(["exists", "leader.opens", "challenger.opens", "underdog.opens"]);
  });
});

describe("Sobol indices", () => {
  it("Ishigami (a = 7, b = 0.1): the known first-order and total indices", () => {
    const [a, b] = [7, 0.1];
    const f = (x: number[]) => Math.sin(x[0]) + a * Math.sin(x[1]) ** 2 + b * x[2] ** 4 * Math.sin(x[0]);
    const sampler = new Sampler({ dimension: 6, seed: 3, qmc: false });
    const sobol = new SobolAccumulator(3, 200);
    const scale = (u: number) => -Math.PI + 2 * Math.PI * u;
    for (let k = 0; k < 20000; k++) {
      const u = [...sampler.uniformsOf(k)].map(scale);
      const A = u.slice(0, 3);
      const B = u.slice(3);
      const AB = [0, 1, 2].map((i) => A.map((v, j) => (j === i ? B[i] : v)));
      sobol.add(f(A), f(B), AB.map(f), sampler.weightsOf(k));
    }
    // Analytical values (Ishigami and Homma 1990; Saltelli et al. 2008).
    const V = a ** 2 / 8 + (b * Math.PI ** 4) / 5 + (b ** 2 * Math.PI ** 8) / 18 + 0.5;
    const V1 = 0.5 * (1 + (b * Math.PI ** 4) / 5) ** 2;
    const V2 = a ** 2 / 8;
    const V13 = (b ** 2 * Math.PI ** 8) * (1 / 18 - 1 / 50);
    const exact = [
      { first: V1 / V, total: (V1 + V13) / V },
      { first: V2 / V, total: V2 / V },
      { first: 0, total: V13 / V },
    ];
    exact.forEach((e, i) => {
      const index = sobol.index(i);
      expect(Math.abs(index.first! - e.first)).toBeLessThan(0.04);
      expect(Math.abs(index.total! - e.total)).toBeLessThan(0.04);
      expect(index.totalInterval![0]).toBeLessThanOrEqual(index.total!);
      expect(index.totalInterval![1]).toBeGreaterThanOrEqual(index.total!);
      expect(index.totalInterval![1] - index.totalInterval![0]).toBeLessThan(0.1);
    });
  });

  it("a race where one input decides everything: that input carries the whole variance", async () => {
    const doc = await runUncertain(
      EXAMPLE,
      {
        distributions: {
          "players.underdog.communityGain": { uniform: [0.5, 4] },
          // A cost of at most 0.01 moves the thresholds at gain 1 and 3 by at most that much.
          "players.underdog.openCost": { uniform: [0, 0.01] },
        },
      },
      options(600, { sensitivity: true }),
    );
    const s = doc.sensitivity!["challenger.opensInEvery"];
    expect(s["players.underdog.communityGain"].first!).toBeGreaterThan(0.85);
    expect(s["players.underdog.communityGain"].total!).toBeGreaterThan(0.85);
    expect(s["players.underdog.openCost"].total!).toBeLessThan(0.05);
    expect(doc.sensitivity!.exists["players.underdog.communityGain"].total).toBeNull();
  });
});

describe("splits give the numbers of one run", () => {
  it("4 shards merged, each computed in reverse order, equal the unsplit run exactly", async () => {
    const spec = {
      distributions: {
        "players.underdog.communityGain": { uniform: [0.5, 4] },
        "spillover.absorptive": { normal: [0.5, 0.15], min: 0 },
      },
    };
    const opts = options(203, { sensitivity: true });
    const whole = await runUncertain(EXAMPLE, spec, opts);
    const parts = await Promise.all(
      [1, 2, 3, 4].map(async (index) => ({
        name: `part${index}`,
        document: JSON.parse(JSON.stringify(await runUncertain(EXAMPLE, spec, opts, shardIndices(203, { index, count: 4 }).reverse(), { index, count: 4 }))) as UncertainDocument,
      })),
    );
    const merged = mergeUncertainParts(parts);
    expect(merged.ok).toBe(true);
    if (!merged.ok) return;
    expect(JSON.parse(JSON.stringify(merged.value))).toEqual(JSON.parse(JSON.stringify(whole)));
    expect(mergeUncertainParts(parts.slice(1))).toMatchObject({ ok: false, problems: [{ message: expect.stringContaining("missing: 1/4") }] });
    const other = await runUncertain(EXAMPLE, spec, { ...opts, seed: 2 }, shardIndices(203, { index: 1, count: 4 }), { index: 1, count: 4 });
    expect(mergeUncertainParts([{ name: "other", document: other }, ...parts.slice(1)])).toMatchObject({ ok: false });
  });

  it("exact sums and the quantile sketch do not depend on the order of adding and merging", () => {
    const x = Array.from({ length: 3000 }, (_, k) => Math.sin(k) * 10 ** ((k % 7) - 3));
    const one = Spread.empty(1);
    x.forEach((v) => one.add(0, v));
    const parts = [Spread.empty(1), Spread.empty(1), Spread.empty(1)];
    [...x].reverse().forEach((v, k) => parts[k % 3].add(0, v));
    const merged = Spread.fromJSON(JSON.parse(JSON.stringify(parts[2].toJSON())));
    merged.merge(parts[0]);
    merged.merge(Spread.fromJSON(parts[1].toJSON()));
    expect(merged.summary()).toEqual(one.summary());
    const naive = x.reduce((s, v) => s + v, 0);
    const exact = new ExactSum();
    x.forEach((v) => exact.add(v));
    expect(Math.abs(exact.value - naive)).toBeLessThan(1e-9);
    // The sketch's quantiles are within its relative accuracy of the sample quantiles.
    const sorted = [...x].sort((p, q) => p - q);
    for (const q of [0.05, 0.5, 0.95]) {
      const rank = q * (x.length - 1);
      const near = [sorted[Math.floor(rank)], sorted[Math.ceil(rank)]];
      const got = one.quantile(q);
      expect(near.some((v) => Math.abs(got - v) <= 0.0011 * Math.abs(v) + 1e-12)).toBe(true);
    }
  });
});
