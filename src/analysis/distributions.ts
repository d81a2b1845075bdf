/**
 * Distributions over scenario (and policy) numbers (INTERFACE.md, "`uncertain`"): the U.json
 * schema, and each distribution as an inverse CDF, so that one uniform number (pseudo-random or
 * quasi-random) gives one draw.
 *
 *   uniform [lo, hi] | normal [mean, sd] | lognormal [mean, sd of the log] |
 *   triangular [min, mode, max] | choice [[value, weight], ...]
 *
 * `min`/`max` truncate any of them: the distribution conditioned on the range (as scipy's
 * `truncnorm`), never clipped. Inverse-CDF sampling makes truncation exact: a uniform u is
 * mapped into [F(min), F(max)] before the quantile function is applied. The quantile and CDF
 * functions are @stdlib's; the normal's far upper tail loses relative accuracy in F (a range
 * holding less than MIN_MASS of the distribution is refused).
 */
import lognormalCdf from "@stdlib/stats-base-dists-lognormal-cdf";
import lognormalQuantile from "@stdlib/stats-base-dists-lognormal-quantile";
import normalCdf from "@stdlib/stats-base-dists-normal-cdf";
import normalQuantile from "@stdlib/stats-base-dists-normal-quantile";
import triangularCdf from "@stdlib/stats-base-dists-triangular-cdf";
import triangularQuantile from "@stdlib/stats-base-dists-triangular-quantile";
import { z } from "zod";
import type { Parsed, Problem } from "../model/validate.js";
import { zodProblems } from "../model/validate.js";
import { parsePath, type Subject } from "./parameters.js";

/** A truncation range must hold at least this much of the distribution's mass. */
export const MIN_MASS = 1e-9;

const finite = z.number().refine(Number.isFinite, "expected a finite number");
const bounds = { min: finite.optional(), max: finite.optional() };

export const DistributionSchema = z.union([
  z.strictObject({ uniform: z.tuple([finite, finite]), ...bounds }),
  z.strictObject({ normal: z.tuple([finite, finite]), ...bounds }),
  z.strictObject({ lognormal: z.tuple([finite, finite]), ...bounds }),
  z.strictObject({ triangular: z.tuple([finite, finite, finite]), ...bounds }),
  z.strictObject({ choice: z.array(z.tuple([finite, finite])).min(1), ...bounds }),
]);

export const UncertainSpecSchema = z.strictObject({
  $schema: z.string().optional(),
  description: z.string().optional(),
  distributions: z.record(z.string(), DistributionSchema),
});

export type Distribution = z.output<typeof DistributionSchema>;
export type UncertainSpec = z.output<typeof UncertainSpecSchema>;

/** One uncertain number: its path, its distribution, and the draw for a uniform u in (0, 1). */
export interface UncertainInput {
  readonly path: string;
  readonly distribution: Distribution;
  readonly draw: (u: number) => number;
}

const KINDS = ["uniform", "normal", "lognormal", "triangular", "choice"] as const;
type Kind = (typeof KINDS)[number];
const kindOf = (d: Distribution): Kind => KINDS.find((k) => k in d)!;

/** The parameters' own rules (sd > 0, lo < hi, ...): messages, empty when fine. */
function parameterProblems(d: Distribution): string[] {
  if ("uniform" in d) return d.uniform[0] < d.uniform[1] ? [] : ["uniform: expected [lo, hi] with lo < hi"];
  if ("normal" in d) return d.normal[1] > 0 ? [] : ["normal: expected [mean, sd] with sd > 0"];
  if ("lognormal" in d) return d.lognormal[1] > 0 ? [] : ["lognormal: expected [mean, sd] of the log with sd > 0"];
  if ("triangular" in d) {
    const [a, c, b] = d.triangular;
    return a <= c && c <= b && a < b ? [] : ["triangular: expected [min, mode, max] with min <= mode <= max and min < max"];
  }
  const weights = d.choice.map(([, w]) => w);
  return weights.every((w) => w >= 0) && weights.some((w) => w > 0) ? [] : ["choice: expected [value, weight] pairs with weights >= 0, not all 0"];
}

/** CDF and quantile of the untruncated distribution. */
function cdfAndQuantile(d: Distribution): { cdf: (x: number) => number; quantile: (p: number) => number } {
  if ("uniform" in d) {
    const [lo, hi] = d.uniform;
    return { cdf: (x) => Math.min(1, Math.max(0, (x - lo) / (hi - lo))), quantile: (p) => lo + p * (hi - lo) };
  }
  if ("normal" in d) return { cdf: (x) => normalCdf(x, ...d.normal), quantile: (p) => normalQuantile(p, ...d.normal) };
  if ("lognormal" in d) return { cdf: (x) => lognormalCdf(x, ...d.lognormal), quantile: (p) => lognormalQuantile(p, ...d.lognormal) };
  if ("triangular" in d) {
    const [a, c, b] = d.triangular;
    return { cdf: (x) => triangularCdf(x, a, b, c), quantile: (p) => triangularQuantile(p, a, b, c) };
  }
  // A discrete distribution: values in ascending order with their cumulative weights.
  const pairs = [...d.choice].filter(([, w]) => w > 0).sort((x, y) => x[0] - y[0]);
  const total = pairs.reduce((s, [, w]) => s + w, 0);
  let running = 0;
  const cumulative = pairs.map(([v, w]) => [v, (running += w) / total] as const);
  return {
    cdf: (x) => cumulative.filter(([v]) => v <= x).at(-1)?.[1] ?? 0,
    quantile: (p) => (cumulative.find(([, c]) => p <= c) ?? cumulative[cumulative.length - 1])[0],
  };
}

/** The draw of a distribution conditioned on [min, max]; or why it has none. */
export function inverseCdf(d: Distribution): { ok: true; draw: (u: number) => number } | { ok: false; message: string } {
  const problems = parameterProblems(d);
  if (problems.length) return { ok: false, message: problems.join("; ") };
  const { cdf, quantile } = cdfAndQuantile(d);
  if (d.min !== undefined && d.max !== undefined && d.min > d.max) return { ok: false, message: `expected min <= max, got ${d.min} > ${d.max}` };
  if ("choice" in d) {
    // Conditioning a discrete distribution: keep the values in range, with their weights.
    const kept = d.choice.filter(([v, w]) => w > 0 && (d.min === undefined || v >= d.min) && (d.max === undefined || v <= d.max));
    if (kept.length === 0) return { ok: false, message: "no choice with a positive weight lies within [min, max]" };
    const inner = cdfAndQuantile({ choice: kept });
    return { ok: true, draw: inner.quantile };
  }
  // Left limit of the CDF at min (continuous: F itself).
  const lo = d.min === undefined ? 0 : cdf(d.min);
  const hi = d.max === undefined ? 1 : cdf(d.max);
  if (!(hi - lo >= MIN_MASS)) return { ok: false, message: `the range [${d.min ?? "-inf"}, ${d.max ?? "inf"}] holds almost none of the distribution (mass ${hi - lo})` };
  const [a, b] = [d.min ?? -Infinity, d.max ?? Infinity];
  // Clamping only guards the last bit of rounding in F and its inverse.
  return { ok: true, draw: (u) => Math.min(b, Math.max(a, quantile(lo + u * (hi - lo)))) };
}

/**
 * Reads U.json against a scenario (and policy): every path must name a number there, every
 * distribution must be well formed. Problems carry `distributions.<path>` (and the field).
 */
export function parseUncertainSpec(input: unknown, subject: Subject): Parsed<UncertainInput[]> {
  const result = UncertainSpecSchema.safeParse(input, { reportInput: true });
  if (!result.success) {
    const fields = (path: readonly PropertyKey[]) =>
      path.length === 0 ? ["distributions", "description"] : path.length === 2 ? [...KINDS, "min", "max"] : [];
    return { ok: false, problems: zodProblems(result.error.issues, fields).map((p) => explainUnion(p, input)) };
  }
  const problems: Problem[] = [];
  const inputs: UncertainInput[] = [];
  const entries = Object.entries(result.data.distributions);
  if (entries.length === 0) problems.push({ path: "distributions", message: "expected at least one uncertain number" });
  const paths = entries.map(([path]) => path);
  for (const [path, distribution] of entries) {
    const where = `distributions.${path}`;
    const overlap = paths.find((other) => other !== path && overlaps(path, other));
    if (overlap && paths.indexOf(overlap) < paths.indexOf(path)) problems.push({ path: where, message: `sets a number that "${overlap}" sets too: give each number one distribution` });
    const parsed = parsePath(path, subject);
    if (!parsed.ok) problems.push(...parsed.problems.map((p) => ({ path: where, message: p.message })));
    const drawn = inverseCdf(distribution);
    if (!drawn.ok) problems.push({ path: where, message: drawn.message });
    else inputs.push({ path, distribution, draw: drawn.draw });
  }
  return problems.length ? { ok: false, problems } : { ok: true, value: inputs };
}

/** Whether two paths set a common number (`players.*.f` and `players.<id>.f`; the two spillover forms). */
function overlaps(a: string, b: string): boolean {
  const spill = (p: string) => p === "spillover" || p === "spillover.absorptive";
  if (spill(a) && spill(b)) return true;
  const [pa, ia, fa] = a.split(".");
  const [pb, ib, fb] = b.split(".");
  return pa === "players" && pb === "players" && fa === fb && (ia === "*" || ib === "*");
}

/** zod's message for a failed union says little: name what a distribution may be. */
function explainUnion(problem: Problem, input: unknown): Problem {
  if (!/^distributions\.[^[]+$/.test(problem.path) || !/Invalid input|expected/i.test(problem.message)) return problem;
  const given = (input as { distributions?: Record<string, unknown> }).distributions?.[problem.path.slice("distributions.".length)];
  const keys = given && typeof given === "object" ? ` (got ${Object.keys(given).map((k) => `"${k}"`).join(", ") || "{}"})` : "";
  return {
    path: problem.path,
    message: `expected one of {"uniform": [lo, hi]}, {"normal": [mean, sd]}, {"lognormal": [mean, sd]}, {"triangular": [min, mode, max]}, {"choice": [[value, weight], ...]}, with optional "min"/"max"${keys}`,
  };
}

/** Short text of a distribution, for tables and charts. */
export function describeDistribution(d: Distribution): string {
  const kind = kindOf(d);
  const args = kind === "choice" ? (d as { choice: [number, number][] }).choice.map(([v, w]) => `${v}:${w}`).join(" ") : (d as unknown as Record<Kind, number[]>)[kind].join(", ");
  const range = d.min !== undefined || d.max !== undefined ? ` on [${d.min ?? "-inf"}, ${d.max ?? "inf"}]` : "";
  return `${kind}(${args})${range}`;
}
