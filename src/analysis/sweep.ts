/**
 * Parameter sweeps (INTERFACE.md, "Sweeps, shards and merge"). A grid is one or more
 * `PATH=FROM:TO:STEPS` axes (STEPS evenly spaced values, both ends included); point k of the
 * full grid has the first axis varying slowest. A shard K/N computes the points with
 * k = K-1 (mod N), so N independent jobs cover the grid with no coordination, and `merge`
 * checks that the parts belong to the same sweep (scenario fingerprint and grid) and that no
 * point is missing.
 *
 * Paths follow the grammar of `parameters.ts` (INTERFACE.md, "Parameter paths").
 */
import { metricRanges, metricsOf } from "./metrics.js";
import type { Equilibrium } from "../model/certificate.js";
import { buildGame } from "../model/game.js";
import type { Scenario } from "../model/scenario.js";
import type { Parsed, Problem } from "../model/validate.js";
import { applyValues, parsePath } from "./parameters.js";
import { gameUnder, type Policy } from "./policy.js";
import { solveContinuous } from "../solvers/solve-continuous.js";
import { solveDiscrete, type GameKind, type Method } from "../solvers/solve.js";
import type { StopReason } from "../solvers/search.js";

export interface Axis {
  readonly path: string;
  readonly from: number;
  readonly to: number;
  readonly steps: number;
}

export interface SweepSpec {
  readonly scenario: string;
  /** FNV-1a fingerprint of the scenario's (and policy's) canonical JSON: parts of one sweep share it. */
  readonly fingerprint: string;
  /** The policy applied at every point (`sweep --policy`), whose lever numbers may be varied. */
  readonly policy?: Policy;
  readonly game: GameKind;
  readonly nonTrivial: boolean;
  readonly vary: Axis[];
  readonly size: number;
  /** Lab ids, in profile order. */
  readonly players: string[];
  /** The scenario's openness levels, and the names it gives some of them (for labels). */
  readonly tiers: number[];
  readonly tierNames?: Readonly<Record<string, string>>;
}

export interface SweepPoint {
  readonly index: number;
  readonly values: Record<string, number>;
  readonly exists: boolean | null;
  readonly complete: boolean;
  /** Why the point's search ended (`SolveResult.stopReason`). */
  readonly stopReason: StopReason;
  readonly equilibria: (Equilibrium & { metrics: ReturnType<typeof metricsOf> })[];
  readonly metrics: ReturnType<typeof metricRanges> & { equilibria: number };
}

/** A grid point whose values break a scenario rule (say a negative gain): its problems. */
export interface InvalidPoint {
  readonly index: number;
  readonly problems: Problem[];
}

/** What solving a grid point gives. */
export type PointOutcome = SweepPoint | InvalidPoint;

export interface SweepDocument {
  readonly sweep: SweepSpec;
  readonly shard?: { readonly index: number; readonly count: number };
  readonly complete: boolean;
  readonly points: SweepPoint[];
}

/** Parses `PATH=FROM:TO:STEPS`, checking the path against the scenario (and policy). */
export function parseAxis(text: string, scenario: Scenario, policy?: Policy): Parsed<Axis> {
  const fail = (message: string): Parsed<Axis> => ({ ok: false, problems: [{ path: "--vary", message }] });
  const match = /^([^=]+)=([^:]+):([^:]+):([^:]+)$/.exec(text.trim());
  if (!match) return fail(`expected PATH=FROM:TO:STEPS (for example spillover.absorptive=0:1:21), got "${text}"`);
  const [, path, fromText, toText, stepsText] = match;
  const [from, to, steps] = [Number(fromText), Number(toText), Number(stepsText)];
  if (!Number.isFinite(from) || !Number.isFinite(to)) return fail(`expected numbers for FROM and TO in "${text}"`);
  if (!Number.isInteger(steps) || steps < 1) return fail(`expected STEPS to be a whole number >= 1, got "${stepsText}"`);
  const parsed = parsePath(path, { scenario, policy });
  if (!parsed.ok) return fail(parsed.problems.map((p) => `"${p.path}": ${p.message}`).join("; "));
  return { ok: true, value: { path, from, to, steps } };
}

/** Value k (0-based) of an axis. */
const axisValue = (axis: Axis, k: number) =>
  axis.steps === 1 ? axis.from : axis.from + ((axis.to - axis.from) * k) / (axis.steps - 1);

/** The values of point `index` of the grid (first axis slowest). */
export function pointValues(vary: readonly Axis[], index: number): Record<string, number> {
  const values: Record<string, number> = {};
  let rest = index;
  for (let a = vary.length - 1; a >= 0; a--) {
    const k = rest % vary[a].steps;
    rest = Math.floor(rest / vary[a].steps);
    values[vary[a].path] = axisValue(vary[a], k);
  }
  return Object.fromEntries(vary.map((axis) => [axis.path, values[axis.path]]));
}

/** FNV-1a (32-bit, twice with different seeds) of a string, as hex. */
export function fingerprint(text: string): string {
  const hash = (seed: number) => {
    let h = seed >>> 0;
    for (let i = 0; i < text.length; i++) {
      h ^= text.charCodeAt(i);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    return h.toString(16).padStart(8, "0");
  };
  return hash(0x811c9dc5) + hash(0x9747b28c);
}

/** Points a sweep may have: a grid is listed index by index (ten million take hours to solve). */
export const MAX_SWEEP_POINTS = 10_000_000;

export function sweepSpec(name: string, scenario: Scenario, vary: Axis[], game: GameKind, nonTrivial: boolean, policy?: Policy): SweepSpec {
  return {
    scenario: name,
    fingerprint: fingerprint(JSON.stringify(policy ? { scenario, policy } : scenario)),
    ...(policy ? { policy } : {}),
    game,
    nonTrivial,
    vary,
    size: vary.reduce((n, axis) => n * axis.steps, 1),
    players: scenario.players.map((p) => p.id),
    ...tierFields(scenario),
  };
}

function tierFields(scenario: Scenario): Pick<SweepSpec, "tiers" | "tierNames"> {
  const { tiers, tierNames } = buildGame(scenario);
  return { tiers: [...tiers], ...(tierNames ? { tierNames } : {}) };
}

/**
 * The indices a shard computes, as an arithmetic progression (those congruent to K-1 modulo N;
 * every index without a shard): a million samples need no million-entry list.
 */
export interface IndexRange {
  readonly first: number;
  readonly step: number;
  readonly count: number;
}

/** The indices of 0..size-1 that shard K/N computes (all of them without a shard). */
export function shardRange(size: number, shard?: { index: number; count: number }): IndexRange {
  const first = shard ? shard.index - 1 : 0;
  const step = shard?.count ?? 1;
  return { first, step, count: first < size ? Math.ceil((size - first) / step) : 0 };
}

/** The j-th index of a range. */
export const rangeIndex = (range: IndexRange, j: number): number => range.first + j * range.step;

/** The indices of a range, listed (for small ranges). */
export function shardIndices(size: number, shard?: { index: number; count: number }): number[] {
  const range = shardRange(size, shard);
  return Array.from({ length: range.count }, (_, j) => rangeIndex(range, j));
}

export interface PointOptions {
  readonly method?: Method;
  readonly timeLimit?: number;
}

/**
 * Solves one grid point, under the sweep's policy if it has one. Invalid values (say a
 * negative gain, or a mandate above the highest tier) are a problem, not a crash.
 */
export async function solvePoint(
  spec: SweepSpec,
  scenario: Scenario,
  index: number,
  options: PointOptions = {},
): Promise<PointOutcome> {
  const values = pointValues(spec.vary, index);
  const applied = applyValues({ scenario, policy: spec.policy }, values);
  if (!applied.ok) return { index, problems: applied.problems };
  const under = gameUnder(applied.value.scenario, applied.value.policy, spec.game);
  if (!under.ok) return { index, problems: under.problems };
  const game = under.value;
  const solve = spec.game === "continuous" ? solveContinuous : solveDiscrete;
  const result = await solve(game, { nonTrivial: spec.nonTrivial, method: options.method, timeLimit: options.timeLimit, welfare: false });
  const equilibria = result.equilibria.map((eq) => ({ ...eq, metrics: metricsOf(eq) }));
  return {
    index,
    values,
    exists: result.exists,
    complete: result.complete,
    stopReason: result.stopReason,
    equilibria,
    metrics: { equilibria: equilibria.length, ...metricRanges(equilibria) },
  };
}

/**
 * Joins shards into the unsharded document: same sweep (fingerprint, grid, game), every point
 * present once. Problems name the part and what is wrong or missing.
 */
export function mergeParts(parts: { name: string; document: SweepDocument }[]): Parsed<SweepDocument> {
  const problems: Problem[] = [];
  if (parts.length === 0) return { ok: false, problems: [{ path: "", message: "no parts given" }] };
  const first = parts[0];
  const key = (d: SweepDocument) => JSON.stringify(d.sweep);
  for (const part of parts.slice(1))
    if (key(part.document) !== key(first.document))
      problems.push({
        path: part.name,
        message: `belongs to a different sweep than ${first.name} (${describeDifference(first.document.sweep, part.document.sweep)})`,
      });
  if (problems.length) return { ok: false, problems };
  const byIndex = new Map<number, SweepPoint>();
  for (const part of parts) {
    // One problem per part, however many of its points were seen before (a part given twice).
    const repeated = part.document.points.filter((point) => byIndex.has(point.index)).map((point) => point.index);
    if (repeated.length)
      problems.push({
        path: part.name,
        message: `${repeated.length} of its ${part.document.points.length} points also appear in an earlier part (${someIndices(repeated)}); was a part given twice?`,
      });
    for (const point of part.document.points) byIndex.set(point.index, point);
  }
  const size = first.document.sweep.size;
  const missing = Array.from({ length: size }, (_, k) => k).filter((k) => !byIndex.has(k));
  if (missing.length) {
    const shown = someIndices(missing);
    // When the parts are shards of one split, say which shards the missing points belong to.
    const counts = new Set(parts.map((p) => p.document.shard?.count));
    const [count] = counts;
    const shards =
      counts.size === 1 && count !== undefined
        ? ` (the points of shard ${[...new Set(missing.map((k) => (k % count) + 1))].map((k) => `${k}/${count}`).join(", ")})`
        : "";
    problems.push({ path: "", message: `the grid has ${size} points; missing: ${shown}${shards}` });
  }
  if (problems.length) return { ok: false, problems };
  const points = [...byIndex.values()].sort((a, b) => a.index - b.index);
  return { ok: true, value: { sweep: first.document.sweep, complete: parts.every((p) => p.document.complete), points } };
}

/** At most 20 point indices, then how many in all. */
function someIndices(indices: readonly number[]): string {
  return indices.slice(0, 20).join(", ") + (indices.length > 20 ? `, ... (${indices.length} in all)` : "");
}

function describeDifference(a: SweepSpec, b: SweepSpec): string {
  if (a.fingerprint !== b.fingerprint) return a.policy || b.policy ? "another scenario or policy" : "another scenario";
  if (a.game !== b.game || a.nonTrivial !== b.nonTrivial) return "other options";
  return "another grid";
}
