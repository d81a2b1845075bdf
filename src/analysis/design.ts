/**
 * Design (INTERFACE.md, "`design`"; issue 13): the smallest change of one or two scenario
 * numbers that makes a target true of the pure equilibria.
 *
 * One number: the exact breakpoints of `thresholds.ts` cut the range into regions and
 * breakpoints with constant sets of equilibria (certified by complete solves, the range's ends
 * included); the target is decided on each, the pieces where it holds are joined into ranges
 * with their ends' inclusion, and the nearest point of those ranges to the current value is the
 * answer (exact; `attained` false when it is an open end).
 *
 * `--require some` on races above the exhaustive limit: by the piece search instead
 * (design-search.ts), which needs no breakpoints, only the profiles meeting the target.
 *
 * Two numbers (weighted L1 cost W1 |v1 - c1| + W2 |v2 - c2|): exactly over the arrangement of
 * the plane (design-plane.ts) while every profile can be examined and the two numbers enter the
 * game jointly affinely; otherwise the line search `designByLines` below (not a proof).
 */
import type { Game } from "../model/game.js";
import type { Parsed } from "../model/validate.js";
import { applyValues, type Subject } from "./parameters.js";
import { ParameterLine } from "./parametric.js";
import { designSomeBySearch } from "./design-search.js";
import { designOnPlane } from "./design-plane.js";
import { ParameterPlane } from "./plane.js";
import { fitsExhaustive, thresholds, type ThresholdsOptions, type ThresholdsResult } from "./thresholds.js";

/** One condition of a target (INTERFACE.md: `ID>=L`, `ID<=L`, `ID=L`, `open>=K`, `open<=K`, `none`, `exists`). */
export type Condition =
  | { readonly kind: "level"; readonly player: number; readonly op: ">=" | "<=" | "="; readonly value: number }
  | { readonly kind: "open"; readonly op: ">=" | "<="; readonly value: number }
  | { readonly kind: "exists" };

export type Requirement = "every" | "some";

/** Reads a target against a game's labs. */
export function parseTarget(text: string, game: Pick<Game, "ids">): Parsed<Condition[]> {
  const fail = (message: string): Parsed<Condition[]> => ({ ok: false, problems: [{ path: "--target", message }] });
  const conditions: Condition[] = [];
  for (const part of text.split(",").map((s) => s.trim())) {
    if (part === "none") conditions.push({ kind: "open", op: "<=", value: 0 });
    else if (part === "exists") conditions.push({ kind: "exists" });
    else {
      const match = /^([A-Za-z0-9_.-]+)\s*(>=|<=|=)\s*([^\s]+)$/.exec(part);
      const value = match ? Number(match[3]) : NaN;
      if (!match || !Number.isFinite(value))
        return fail(`expected conditions joined by "," among ID>=L, ID<=L, ID=L, open>=K, open<=K, none, exists; got "${part}"`);
      if (match[1] === "open") {
        if (match[2] === "=") return fail(`"open=K" is not a target; use open>=K,open<=K`);
        conditions.push({ kind: "open", op: match[2] as ">=" | "<=", value });
      } else {
        const player = game.ids.indexOf(match[1]);
        if (player < 0) return fail(`unknown player "${match[1]}" in "${part}" (players: ${game.ids.join(", ")}; or "open")`);
        conditions.push({ kind: "level", player, op: match[2] as ">=" | "<=" | "=", value });
      }
    }
  }
  return conditions.length === 0 ? fail("expected at least one condition") : { ok: true, value: conditions };
}

/** True when the profile meets every condition (`exists` is a condition on the set). */
export function meets(x: readonly number[], conditions: readonly Condition[]): boolean {
  return conditions.every((c) => {
    if (c.kind === "exists") return true;
    const v = c.kind === "open" ? x.filter((xi) => xi > 0).length : x[c.player];
    return c.op === ">=" ? v >= c.value : c.op === "<=" ? v <= c.value : v === c.value;
  });
}

/** Whether the target holds of a (complete) set of equilibria. */
export function targetHolds(equilibria: readonly (readonly number[])[], conditions: readonly Condition[], require: Requirement): boolean {
  if (equilibria.length === 0) return false;
  return require === "every" ? equilibria.every((x) => meets(x, conditions)) : equilibria.some((x) => meets(x, conditions));
}

export interface HoldRange {
  readonly from: number;
  readonly to: number;
  readonly fromIncluded: boolean;
  readonly toIncluded: boolean;
}

export interface DesignResult {
  readonly path: string;
  readonly target: string;
  readonly require: Requirement;
  readonly current: number | null;
  readonly found: boolean;
  readonly value: number | null;
  readonly attained: boolean;
  readonly holds: HoldRange[];
  readonly equilibria: number[][];
  /**
   * What decided: the exact breakpoints of thresholds.ts (every pure equilibrium along the
   * range), or the piece search (`--require some` above the exhaustive limit, design-search.ts).
   */
  readonly method: "thresholds" | "search";
  /** True when every profile that could change the answer was proven found (thresholds' `proven`; the search's listing finished). */
  readonly proven: boolean;
}

/** The pieces of the axis in order (FROM, region, breakpoint, ..., region, TO), with their sets. */
function pieces(result: ThresholdsResult) {
  const out: { from: number; to: number; point: boolean; equilibria: number[][] }[] = [];
  const [start, end] = result.atEnds;
  out.push({ from: start.value, to: start.value, point: true, equilibria: start.equilibria });
  result.regions.forEach((region, k) => {
    out.push({ from: region.from, to: region.to, point: false, equilibria: region.equilibria });
    const bp = result.atBreakpoints[k];
    if (bp) out.push({ from: bp.value, to: bp.value, point: true, equilibria: bp.equilibria });
  });
  out.push({ from: end.value, to: end.value, point: true, equilibria: end.equilibria });
  return out;
}

/** Where the target holds along a thresholds result, and the nearest such value to `current`. */
export function designOn(result: ThresholdsResult, target: string, conditions: readonly Condition[], require: Requirement, current: number | null): DesignResult {
  const all = pieces(result);
  const holds: (HoldRange & { sets: number[][][] })[] = [];
  for (const piece of all) {
    if (!targetHolds(piece.equilibria, conditions, require)) continue;
    const last = holds[holds.length - 1];
    if (last && last.to === piece.from && (last.toIncluded || piece.point)) {
      Object.assign(last, { to: piece.to, toIncluded: piece.point });
      last.sets.push(piece.equilibria);
    } else holds.push({ from: piece.from, to: piece.to, fromIncluded: piece.point, toIncluded: piece.point, sets: [piece.equilibria] });
  }
  const base = { path: result.path, target, require, current, method: "thresholds" as const, proven: result.proven };
  const chosen = nearestHold(holds, current ?? result.from);
  if (!chosen) return { ...base, found: false, value: null, attained: false, holds: [], equilibria: [] };
  // The set at the value (or just inside, for an open end): the piece that holds it.
  const piece =
    all.find((p) => (chosen.attained ? (p.point ? p.from === chosen.value : p.from < chosen.value && chosen.value < p.to) : false)) ??
    all.find((p) => !p.point && (p.from === chosen.value || p.to === chosen.value) && targetHolds(p.equilibria, conditions, require))!;
  return {
    ...base,
    found: true,
    value: chosen.value,
    attained: chosen.attained,
    holds: holds.map(({ sets: _sets, ...h }) => h),
    equilibria: piece.equilibria,
  };
}

/** True when v lies in the range (its ends by their inclusion). */
export function inHold(h: HoldRange, v: number): boolean {
  return (h.from < v || (h.fromIncluded && h.from === v)) && (v < h.to || (h.toIncluded && h.to === v));
}

/** The point of the ranges nearest the anchor (null: no range), with the range it lies in. */
export function nearestHold<R extends HoldRange>(holds: readonly R[], anchor: number): { value: number; distance: number; attained: boolean; range: R } | null {
  let best: { value: number; distance: number; attained: boolean; range: R } | null = null;
  for (const h of holds) {
    const option = inHold(h, anchor)
      ? { value: anchor, distance: 0, attained: true, range: h }
      : anchor < h.from
        ? { value: h.from, distance: h.from - anchor, attained: h.fromIncluded, range: h }
        : { value: h.to, distance: anchor - h.to, attained: h.toIncluded, range: h };
    if (!best || option.distance < best.distance) best = option;
  }
  return best;
}

/**
 * One number: `design FILE --vary PATH=FROM:TO --target T`. `some` on a race above the
 * exhaustive limit goes to the piece search (unless a method is forced), everything else to thresholds.
 */
export async function design(subject: Subject, path: string, from: number, to: number, target: string, conditions: readonly Condition[], require: Requirement, options: DesignOptions = {}): Promise<DesignResult> {
  const game = new ParameterLine(subject, path).gameAt(from);
  if (options.by === "search" || (options.by === undefined && options.method === undefined && require === "some" && !fitsExhaustive(game))) {
    if (require !== "some") throw new Error("design: the search decides --require some only");
    return designSomeBySearch(subject, path, from, to, target, conditions, options);
  }
  const result = await thresholds(subject, path, from, to, options);
  return designOn(result, target, conditions, require, result.current);
}

export interface DesignOptions extends ThresholdsOptions {
  /** Force how `some` is decided (default: the search above the exhaustive limit when no thresholds method is forced). */
  readonly by?: "thresholds" | "search";
}

export interface Design2Result {
  readonly paths: [string, string];
  readonly target: string;
  readonly require: Requirement;
  readonly current: [number, number];
  readonly cost: [number, number];
  readonly found: boolean;
  readonly value: [number, number] | null;
  readonly attained: boolean;
  /** W1 |v1 - c1| + W2 |v2 - c2| at `value`. */
  readonly distance: number | null;
  readonly equilibria: number[][];
  /**
   * `arrangement`: exact over every cell of the plane (design-plane.ts); `lines`: the line search
   * (used above the exhaustive limit or where the two numbers multiply).
   */
  readonly method: "arrangement" | "lines";
  /** True when the answer is proven the cheapest (the arrangement finished without rounding slivers). */
  readonly proven: boolean;
  /** arrangement: candidate points examined; lines: lines searched exactly. */
  readonly candidates: number;
  /** arrangement: polygons of the refinement (0 when the target holds at the current point: nothing was built). */
  readonly cells?: number;
}

type Range2 = [{ path: string; from: number; to: number }, { path: string; from: number; to: number }];

/**
 * Two numbers: exact over the plane's arrangement (design-plane.ts) when tiers^n is at most the
 * exhaustive limit and the numbers enter the game jointly affinely; else the line search.
 */
export async function design2(subject: Subject, ranges: Range2, cost: [number, number], target: string, conditions: readonly Condition[], require: Requirement, options: ThresholdsOptions = {}): Promise<Design2Result> {
  const [r1, r2] = ranges;
  const plane = new ParameterPlane(subject, [r1.path, r2.path]);
  const current: [number, number] = [plane.current[0] ?? r1.from, plane.current[1] ?? r2.from];
  const game = plane.gameAt([r1.from, r2.from]);
  if (fitsExhaustive(game)) {
    const exact = await designOnPlane(plane, [r1.from, r1.to, r2.from, r2.to], current, cost, conditions, require, options.deadline, options.onProgress);
    if (exact) {
      const { found, value, attained, distance, equilibria, candidates, cells, exact: proven } = exact;
      return { paths: [r1.path, r2.path], target, require, current, cost, found, value: value && [value[0], value[1]], attained, distance, equilibria, method: "arrangement", proven, candidates, cells };
    }
  }
  return designByLines(subject, ranges, cost, target, conditions, require, options);
}

/**
 * Two numbers. For a fixed v1 the cheapest v2 is exact (one-number design along v2), so the
 * cost is f(v1) = W1 |v1 - c1| + W2 d2(v1). Where the conditions are linear in (v1, v2) the
 * optimum of a weighted L1 distance over the feasible cells lies on an axis through the current
 * point or at a vertex of the arrangement, and a vertex's v1 is a breakpoint along v1 at its v2
 * (and its v2 one along v2 at its v1). The search evaluates, exactly: the axes (v1 = c1, v2 = c2);
 * every breakpoint along v1 at v2 = c2 and along v2 at v1 = c1; then, alternately, the
 * breakpoints through the best point found, until no cheaper point appears. Every point it
 * reports is certified; the alternation is a local search over vertices, so the result is
 * exactly optimal on the axes and among the vertices it reaches, which is not a proof of global
 * optimality away from them (docs/model.md, "Design"). Used where the arrangement cannot be:
 * above the exhaustive limit, or where the numbers multiply.
 */
export async function designByLines(
  subject: Subject,
  ranges: Range2,
  cost: [number, number],
  target: string,
  conditions: readonly Condition[],
  require: Requirement,
  options: ThresholdsOptions = {},
): Promise<Design2Result> {
  const [r1, r2] = ranges;
  const [c1, c2] = ranges.map((r) => new ParameterLine(subject, r.path).current ?? r.from);
  const fixed = (path: string, v: number): Subject => {
    const applied = applyValues(subject, { [path]: v });
    if (!applied.ok) throw new Error(`design2: ${path} = ${v} is not valid`);
    return applied.value;
  };
  type Best = { v: [number, number]; distance: number; attained: boolean; equilibria: number[][] };
  let best: Best | null = null;
  let evaluated = 0;
  const seen = [new Set<number>(), new Set<number>()];
  /** Exact cheapest point with number `axis` held at v (the other varied). */
  const along = async (axis: 0 | 1, v: number): Promise<number[]> => {
    if (seen[axis].has(v)) return [];
    // Every point of the line costs at least its distance along the held number: a line that
    // cannot beat the best point found is skipped (the best only improves, so it stays skipped).
    if (best && cost[axis] * Math.abs(v - (axis === 0 ? c1 : c2)) >= best.distance) return [];
    seen[axis].add(v);
    evaluated++;
    const other = axis === 0 ? r2 : r1;
    const result = await thresholds(fixed(axis === 0 ? r1.path : r2.path, v), other.path, other.from, other.to, options);
    const c = axis === 0 ? c2 : c1;
    const d = designOn(result, target, conditions, require, c);
    if (d.found) {
      const point: [number, number] = axis === 0 ? [v, d.value!] : [d.value!, v];
      const distance = cost[0] * Math.abs(point[0] - c1) + cost[1] * Math.abs(point[1] - c2);
      if (!best || distance < best.distance - 1e-12 * Math.max(1, distance)) best = { v: point, distance, attained: d.attained, equilibria: d.equilibria };
    }
    return result.breakpoints;
  };
  /** Lines through each value, nearest the current point first (so that more are skipped). */
  const lines = async (axis: 0 | 1, values: number[]) => {
    const c = axis === 0 ? c1 : c2;
    for (const v of [...values].sort((a, b) => Math.abs(a - c) - Math.abs(b - c))) await along(axis, v);
  };
  // The axes, and the breakpoints on them.
  const onAxis1 = await along(1, c2);
  const onAxis2 = await along(0, c1);
  await lines(0, [r1.from, r1.to, ...onAxis1]);
  await lines(1, [r2.from, r2.to, ...onAxis2]);
  // Alternate through the best point until it stops improving.
  for (let round = 0; round < 20 && best; round++) {
    const before: Best = best;
    await lines(0, await along(1, before.v[1]));
    await lines(1, await along(0, before.v[0]));
    if (best === before) break;
  }
  const b = best as Best | null;
  return {
    paths: [r1.path, r2.path],
    target,
    require,
    current: [c1, c2],
    cost,
    found: b !== null,
    value: b ? b.v : null,
    attained: b ? b.attained : false,
    distance: b ? b.distance : null,
    equilibria: b ? b.equilibria : [],
    method: "lines",
    // Nothing is cheaper than the current point; elsewhere the search proves nothing.
    proven: b !== null && b.distance === 0,
    candidates: evaluated,
  };
}
