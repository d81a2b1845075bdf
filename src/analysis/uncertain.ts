/**
 * Outcomes under uncertain numbers (INTERFACE.md, "`uncertain`"): each sample draws every
 * uncertain number from its distribution (distributions.ts, from the uniforms of sampling.ts),
 * solves the resulting game exactly, and adds what it found to streaming accumulators
 * (accumulators.ts, sobol.ts). Sample k depends only on (seed, k), and the accumulators merge
 * exactly, so threads, shards and `merge` give the numbers of one run.
 *
 * Discrete game (the scenario's tiers): all pure equilibria of each sample. Events: an
 * equilibrium exists; each lab opens (openness > 0) in every / in some equilibrium (a sample
 * with none counts as false for both), and, in a tiered game, plays each tier in every / in
 * some. Metrics (MODEL.md section 5): the lowest and the highest value over the sample's
 * equilibria. Continuous game: the equilibrium found (one, certified): whether each lab opens,
 * and its openness.
 *
 * Samples whose search did not finish (a time limit) are counted in `incomplete` and left out
 * of every statistic, never counted as an answer. With sensitivity (Saltelli's design, see
 * sobol.ts), sample k is a row: A_k gives the statistics above, and B_k and the A_B^i give the
 * indices of the events.
 */
import { Proportion, Spread, type Estimate, type SpreadJson } from "./accumulators.js";
import { inverseCdf, type Distribution } from "./distributions.js";
import { metricsOf, METRIC_NAMES } from "./metrics.js";
import { applyValues, type Subject } from "./parameters.js";
import { gameUnder } from "./policy.js";
import { BOOTSTRAP, Sampler } from "./sampling.js";
import { SobolAccumulator, type SobolIndex } from "./sobol.js";
import { fingerprint } from "./sweep.js";
import type { Equilibrium } from "../model/certificate.js";
import { isBinary, tierLevels } from "../model/game.js";
import type { Parsed, Problem } from "../model/validate.js";
import { solveContinuous } from "../solvers/solve-continuous.js";
import { solveDiscrete, type GameKind, type Method } from "../solvers/solve.js";

export interface UncertainOptions {
  readonly samples: number;
  readonly seed: number;
  readonly qmc: boolean;
  readonly sensitivity: boolean;
  readonly game: GameKind;
}

/** What a run is: parts of one run (shards) share it exactly. */
export interface UncertainPlan extends UncertainOptions {
  readonly scenario: string;
  /** Fingerprint of the scenario and policy (see sweep.ts). */
  readonly fingerprint: string;
  readonly players: string[];
  readonly tiers: number[];
  readonly distributions: { readonly path: string; readonly distribution: Distribution }[];
  /** Event and metric names, in the order of an evaluation's arrays. */
  readonly events: string[];
  readonly metrics: string[];
  /** The events whose Sobol indices are estimated. */
  readonly sensitive: string[];
}

/** One solved sample point. */
export interface Evaluation {
  readonly complete: boolean;
  readonly events: boolean[];
  readonly metrics: (number | null)[];
}

/** Sample k: A_k (and, with sensitivity, B_k and each A_B^i), or the values that broke a rule. */
export type SampleOutcome =
  | { readonly index: number; readonly evaluations: Evaluation[] }
  | { readonly index: number; readonly values: Record<string, number>; readonly problems: Problem[] };

export function makePlan(name: string, subject: Subject, distributions: UncertainPlan["distributions"], options: UncertainOptions): UncertainPlan {
  const { scenario, policy } = subject;
  const players = scenario.players.map((p) => p.id);
  const tiers = [...tierLevels(scenario)];
  const continuous = options.game === "continuous";
  const levelEvents = continuous || isBinary(tiers) ? [] : players.flatMap((id) => tiers.flatMap((t) => [`${id}.tier.${t}.inEvery`, `${id}.tier.${t}.inSome`]));
  const events = continuous
    ? ["exists", ...players.map((id) => `${id}.opens`)]
    : ["exists", ...players.flatMap((id) => [`${id}.opensInEvery`, `${id}.opensInSome`]), ...levelEvents];
  const metrics = continuous
    ? [...players.map((id) => `${id}.openness`), ...METRIC_NAMES]
    : METRIC_NAMES.flatMap((m) => [`${m}.lowest`, `${m}.highest`]);
  return {
    scenario: name,
    fingerprint: fingerprint(JSON.stringify({ scenario, policy })),
    players,
    tiers,
    distributions,
    events,
    metrics,
    sensitive: events.filter((e) => !e.includes(".tier.")),
    ...options,
  };
}

/** Numbers per sample: the d inputs of A, and those of B with sensitivity. */
const dimensionOf = (plan: UncertainPlan) => plan.distributions.length * (plan.sensitivity ? 2 : 1);

/** What evaluates samples of a plan in one thread (the draws are functions: rebuilt per thread). */
export class UncertainModel {
  readonly sampler: Sampler;
  private readonly draws: ((u: number) => number)[];

  constructor(
    readonly plan: UncertainPlan,
    readonly subject: Subject,
  ) {
    this.sampler = new Sampler({ dimension: dimensionOf(plan), seed: plan.seed, qmc: plan.qmc });
    this.draws = plan.distributions.map(({ distribution }) => {
      const drawn = inverseCdf(distribution);
      if (!drawn.ok) throw new Error(drawn.message); // checked when the spec was read
      return drawn.draw;
    });
  }

  /** The value of each uncertain number at each point of sample k's row (A, then B and each A_B^i). */
  rowValues(k: number): Record<string, number>[] {
    const u = this.sampler.uniformsOf(k);
    const d = this.draws.length;
    const values = (pick: (i: number) => number) => Object.fromEntries(this.plan.distributions.map(({ path }, i) => [path, this.draws[i](pick(i))]));
    const a = values((i) => u[i]);
    if (!this.plan.sensitivity) return [a];
    return [a, values((i) => u[d + i]), ...this.draws.map((_, j) => values((i) => (i === j ? u[d + i] : u[i])))];
  }

  async evaluate(k: number, options: { method?: Method; timeLimit?: number } = {}): Promise<SampleOutcome> {
    const evaluations: Evaluation[] = [];
    for (const values of this.rowValues(k)) {
      const evaluation = await this.solveAt(values, options);
      if ("problems" in evaluation) return { index: k, values, problems: evaluation.problems };
      evaluations.push(evaluation);
    }
    return { index: k, evaluations };
  }

  private async solveAt(values: Record<string, number>, options: { method?: Method; timeLimit?: number }): Promise<Evaluation | { problems: Problem[] }> {
    const applied = applyValues(this.subject, values);
    if (!applied.ok) return { problems: applied.problems };
    const under = gameUnder(applied.value.scenario, applied.value.policy, this.plan.game);
    if (!under.ok) return { problems: under.problems };
    const game = under.value;
    const solve = this.plan.game === "continuous" ? solveContinuous : solveDiscrete;
    const result = await solve(game, { method: options.method, timeLimit: options.timeLimit, welfare: false });
    return { complete: result.complete, ...outcomes(this.plan, result.equilibria) };
  }
}

/** The events and metrics of a sample's equilibria, in the plan's order. */
function outcomes(plan: UncertainPlan, equilibria: readonly Equilibrium[]): Omit<Evaluation, "complete"> {
  const n = plan.players.length;
  const every = (test: (eq: Equilibrium) => boolean) => equilibria.length > 0 && equilibria.every(test);
  const some = (test: (eq: Equilibrium) => boolean) => equilibria.some(test);
  const all = equilibria.map(metricsOf);
  if (plan.game === "continuous") {
    const eq = equilibria[0];
    const m = all[0];
    return {
      events: [eq !== undefined, ...Array.from({ length: n }, (_, i) => eq !== undefined && eq.profile[i] > 0)],
      metrics: [...Array.from({ length: n }, (_, i) => eq?.profile[i] ?? null), ...METRIC_NAMES.map((name) => m?.[name] ?? null)],
    };
  }
  const tiered = plan.events.length > 1 + 2 * n;
  const events = [equilibria.length > 0];
  for (let i = 0; i < n; i++) events.push(every((eq) => eq.profile[i] > 0), some((eq) => eq.profile[i] > 0));
  if (tiered)
    for (let i = 0; i < n; i++)
      for (const t of plan.tiers) events.push(every((eq) => eq.profile[i] === t), some((eq) => eq.profile[i] === t));
  const metrics = METRIC_NAMES.flatMap((name) => {
    const values = all.map((m) => m[name]).filter((v): v is number => v !== null);
    return values.length ? [Math.min(...values), Math.max(...values)] : [null, null];
  });
  return { events, metrics };
}

/** The accumulated statistics of a run (or part): bounded in size whatever the number of samples. */
export class UncertainState {
  samples = 0;
  incomplete = 0;
  readonly events: Proportion[];
  readonly metrics: Spread[];
  readonly sobol: SobolAccumulator[];

  constructor(readonly plan: UncertainPlan, groups: number, json?: StateJson) {
    this.samples = json?.samples ?? 0;
    this.incomplete = json?.incomplete ?? 0;
    this.events = plan.events.map((_, e) => (json ? new Proportion([...json.events[e].hits], [...json.events[e].n]) : Proportion.empty(groups)));
    this.metrics = plan.metrics.map((_, m) => (json ? Spread.fromJSON(json.metrics[m]) : Spread.empty(groups)));
    this.sobol = plan.sensitivity
      ? plan.sensitive.map((_, o) => new SobolAccumulator(plan.distributions.length, BOOTSTRAP, json?.sobol[o]))
      : [];
  }

  /** Adds sample k's evaluations (weights: its bootstrap weights, needed with sensitivity). */
  add(outcome: Extract<SampleOutcome, { evaluations: Evaluation[] }>, group: number, weights?: ArrayLike<number>): void {
    const [a, b, ...ab] = outcome.evaluations;
    if (outcome.evaluations.some((e) => !e.complete)) {
      this.incomplete++;
      return;
    }
    this.samples++;
    a.events.forEach((hit, e) => this.events[e].add(group, hit));
    a.metrics.forEach((value, m) => {
      if (value !== null) this.metrics[m].add(group, value);
    });
    if (this.plan.sensitivity) this.plan.sensitive.forEach((name, o) => {
      const e = this.plan.events.indexOf(name);
      const f = (ev: Evaluation) => (ev.events[e] ? 1 : 0);
      this.sobol[o].add(f(a), f(b), ab.map(f), weights!);
    });
  }

  merge(other: UncertainState): void {
    this.samples += other.samples;
    this.incomplete += other.incomplete;
    other.events.forEach((p, e) => this.events[e].merge(p));
    other.metrics.forEach((s, m) => this.metrics[m].merge(s));
    other.sobol.forEach((s, o) => this.sobol[o].merge(s));
  }

  toJSON(): StateJson {
    return {
      samples: this.samples,
      incomplete: this.incomplete,
      events: this.events.map((p) => p.toJSON()),
      metrics: this.metrics.map((s) => s.toJSON()),
      sobol: this.sobol.map((s) => [...s.sums]),
    };
  }
}

export interface StateJson {
  readonly samples: number;
  readonly incomplete: number;
  readonly events: { hits: number[]; n: number[] }[];
  readonly metrics: SpreadJson[];
  readonly sobol: number[][];
}

/** The document `uncertain --json` prints (INTERFACE.md), with the state `merge` needs. */
export interface UncertainDocument {
  readonly uncertain: UncertainPlan;
  readonly shard?: { readonly index: number; readonly count: number };
  readonly complete: boolean;
  readonly samples: number;
  readonly seed: number;
  readonly requested: number;
  readonly incomplete: number;
  readonly exists: Estimate;
  readonly labs: Record<string, Record<string, unknown>>;
  readonly metrics: Record<string, unknown>;
  readonly sensitivity?: Record<string, Record<string, SobolIndex>>;
  readonly state: StateJson;
}

/** The document of a state. `requested`: the samples this part was asked for. */
export function uncertainDocument(state: UncertainState, requested: number, complete: boolean, shard?: { index: number; count: number }): UncertainDocument {
  const { plan } = state;
  const event = (name: string) => state.events[plan.events.indexOf(name)].estimate();
  const metric = (name: string) => state.metrics[plan.metrics.indexOf(name)].summary();
  const labs = Object.fromEntries(
    plan.players.map((id) => {
      if (plan.game === "continuous") return [id, { opens: event(`${id}.opens`), openness: metric(`${id}.openness`) }];
      const tiers = plan.events.some((e) => e.startsWith(`${id}.tier.`))
        ? { tiers: Object.fromEntries(plan.tiers.map((t) => [String(t), { inEvery: event(`${id}.tier.${t}.inEvery`), inSome: event(`${id}.tier.${t}.inSome`) }])) }
        : {};
      return [id, { opensInEvery: event(`${id}.opensInEvery`), opensInSome: event(`${id}.opensInSome`), ...tiers }];
    }),
  );
  const metrics = Object.fromEntries(
    METRIC_NAMES.map((name) => {
      if (plan.game === "continuous") return [name, metric(name)];
      const lowest = metric(`${name}.lowest`);
      return [name, lowest && { ...lowest, highest: metric(`${name}.highest`) }];
    }),
  );
  const sensitivity = plan.sensitivity
    ? Object.fromEntries(plan.sensitive.map((name, o) => [name, Object.fromEntries(plan.distributions.map(({ path }, i) => [path, state.sobol[o].index(i)]))]))
    : undefined;
  return {
    uncertain: plan,
    ...(shard ? { shard } : {}),
    complete,
    samples: state.samples,
    seed: plan.seed,
    requested,
    incomplete: state.incomplete,
    exists: event("exists"),
    labs,
    metrics,
    ...(sensitivity ? { sensitivity } : {}),
    state: state.toJSON(),
  };
}

/** The state a document carries. */
export function stateOf(document: UncertainDocument): UncertainState {
  return new UncertainState(document.uncertain, 0, document.state);
}

/**
 * Joins the shards of one run: same plan, one shard count, each shard once and none missing.
 * The merged statistics are those of the unsplit run (counts and exact sums add; sketches add
 * bin by bin).
 */
export function mergeUncertainParts(parts: { name: string; document: UncertainDocument }[]): Parsed<UncertainDocument> {
  const problems: Problem[] = [];
  if (parts.length === 0) return { ok: false, problems: [{ path: "", message: "no parts given" }] };
  const [first] = parts;
  const key = (d: UncertainDocument) => JSON.stringify(d.uncertain);
  for (const part of parts.slice(1))
    if (key(part.document) !== key(first.document))
      problems.push({ path: part.name, message: `belongs to a different uncertain run than ${first.name} (${part.document.uncertain.fingerprint !== first.document.uncertain.fingerprint ? "another scenario or policy" : "other distributions or options"})` });
  if (problems.length) return { ok: false, problems };
  const counts = new Set(parts.map((p) => p.document.shard?.count ?? 1));
  if (counts.size > 1) return { ok: false, problems: [{ path: "", message: `the parts come from different splits (--shard K/N with N = ${[...counts].join(", ")})` }] };
  const [count] = counts;
  const seen = new Map<number, string>();
  for (const part of parts) {
    const k = part.document.shard?.index ?? 1;
    if (seen.has(k)) problems.push({ path: part.name, message: `shard ${k}/${count} is also in ${seen.get(k)}` });
    seen.set(k, part.name);
  }
  const missing = Array.from({ length: count }, (_, k) => k + 1).filter((k) => !seen.has(k));
  if (missing.length) problems.push({ path: "", message: `the run has ${count} shards; missing: ${missing.map((k) => `${k}/${count}`).join(", ")}` });
  if (problems.length) return { ok: false, problems };
  const state = stateOf(first.document);
  for (const part of parts.slice(1)) state.merge(stateOf(part.document));
  const complete = parts.every((p) => p.document.complete);
  return { ok: true, value: uncertainDocument(state, first.document.uncertain.samples, complete) };
}

/** Adds outcomes into a state (the bootstrap weights come from the model's sampler). */
export function accumulate(state: UncertainState, model: UncertainModel, outcome: Extract<SampleOutcome, { evaluations: Evaluation[] }>): void {
  const k = outcome.index;
  state.add(outcome, model.sampler.group(k), state.plan.sensitivity ? model.sampler.weightsOf(k) : undefined);
}

/** A new state for a plan (groups: one, or one per `--qmc` rotation). */
export function emptyState(model: UncertainModel): UncertainState {
  return new UncertainState(model.plan, model.sampler.groups);
}
