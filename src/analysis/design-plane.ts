/**
 * Exact two-number design (INTERFACE.md, "`design`"; issue 13 point 3; docs/model.md, "Design"):
 * the cheapest (v1, v2) by W1 |v1 - c1| + W2 |v2 - c2| that makes a target true of the pure
 * equilibria, over the box [A, B] x [C, D].
 *
 * The box is cut by the structural lines into structural cells (plane.ts), on each of which the
 * game is affine in (v1, v2). A cell is then refined into convex polygons on which the set of
 * pure equilibria is constant on the open polygon. For a profile x, each condition (lab i,
 * level y != x_i) is, with d = y - x_i (MODEL.md section 2; `Piece.bestResponseSet` in 1-D),
 *
 *     g(v) = (a_i - k_i) d - max_{j in R(i)} (p_j + B_ij d) + max_{j in R(i)} p_j  <=  tol,
 *
 * with tol = 1e-9 S(v), and per polygon P every profile keeps the conditions not yet decided:
 *  - a lower bound of g - tol over P (own - tol - max dev is concave: least at a vertex; max now
 *    is at least each line's least vertex value) above 0: x fails on the closed P (dropped); an
 *    upper bound at most 0: the condition holds on the closed P;
 *  - if one line is highest at every vertex in each max, g - tol is affine on P: its vertex
 *    values all <= 0: holds on P; all >= 0, one > 0: fails on the open P (dropped); mixed: P is
 *    split along g = tol;
 *  - else P is split by the line where two lines competing for a max are equal.
 * Children inherit their parent's statuses (only undecided conditions are examined again).
 * Profiles: all of them, so this runs only while tiers^n <= EXHAUSTIVE_LIMIT (thresholds.ts).
 *
 * Cheapest point: the cost is linear in each quadrant around (c1, c2), so over the closure of a
 * polygon it is least at a vertex, at a crossing of an edge with v1 = c1 or v2 = c2, or at (c1,
 * c2). The candidates are these points of every polygon where the target holds. Away from
 * coincidences at the scale of the tolerance (an equilibrium set with no interior), the points
 * where the target holds lie in the closure of the polygons where it holds, so the cheapest
 * candidate is the answer. It is `attained` when the target holds of the set at the point,
 * read as the union of complete solves at it and at points within a few thousand units of
 * rounding (sets are closed, ties count: a profile certified arbitrarily near is an equilibrium
 * there), and some point of that cloud has exactly that set (it is reported, certified, as
 * parametric.ts's `nudge` moves a value); otherwise it is a limit of the polygon it came from.
 * The current point is solved first.
 *
 * Rounding: the tolerance 1e-9 S is affine on every polygon (S is a sum of maxima of affine
 * functions; polygons are split where one changes line), and decisions use a margin of 1e-12 S
 * (a thousandth of the tolerance), so a polygon's set can differ from a complete solve's only
 * within that distance of a tolerance boundary; the reported point is certified. Limits: the
 * profile count (above), and numbers that multiply (the cell's model does not match the game):
 * the caller then falls back to the line search (design.ts).
 */
import type { Profile } from "../model/game.js";
import { allProfiles, gameInDomain } from "./parametric.js";
import { centroid, ParameterPlane, type Affine, type PlaneCell, type Point } from "./plane.js";
import { targetHolds, type Condition, type Requirement } from "./design.js";
import { completeSolve, TimeLimitError } from "./thresholds.js";

/** A polygon of the refinement where the set of equilibria is constant on the open polygon. */
export interface PlaneLeaf {
  readonly polygon: Point[];
  readonly equilibria: Profile[];
}

/** The refinement of the box: its leaves, or null when the numbers multiply somewhere. */
export interface Arrangement {
  readonly leaves: PlaneLeaf[];
  /** False when a polygon became too thin to split further (rounding): its set was read at its centroid. */
  readonly exact: boolean;
}

interface State {
  readonly x: Profile;
  readonly p: Affine[];
  /** Undecided conditions, as i * T + (tier index). */
  readonly undecided: readonly number[];
}

/** Splits deeper than this are rounding noise (the cells are then below 2^-60 of the box). */
const MAX_DEPTH = 120;

/** Cuts a convex polygon along the zero line of an affine function given by its vertex values (null: no strict crossing). */
export function splitPolygon(polygon: readonly Point[], s: readonly number[], eps: number, snap?: (p: Point) => Point): [Point[], Point[]] | null {
  const sign = s.map((v) => (v > eps ? 1 : v < -eps ? -1 : 0));
  if (!sign.includes(1) || !sign.includes(-1)) return null;
  const pos: Point[] = [];
  const neg: Point[] = [];
  const m = polygon.length;
  for (let k = 0; k < m; k++) {
    const k1 = (k + 1) % m;
    if (sign[k] >= 0) pos.push(polygon[k]);
    if (sign[k] <= 0) neg.push(polygon[k]);
    if (sign[k] * sign[k1] < 0) {
      const t = s[k] / (s[k] - s[k1]);
      const [a, b] = [polygon[k], polygon[k1]];
      const raw: Point = [a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])];
      const p = snap ? snap(raw) : raw;
      pos.push(p);
      neg.push(p);
    }
  }
  return [pos, neg];
}

/** The structural cells of the box: the box cut by every structural line. */
export function structuralCells(plane: ParameterPlane, box: readonly [number, number, number, number]): Point[][] {
  const [a, b, c, d] = box;
  const corners: Point[] = [
    [a, c],
    [b, c],
    [b, d],
    [a, d],
  ];
  let cells: Point[][] = [corners];
  for (const { f, gap } of plane.structuralLines([corners[0], corners[1], corners[3]])) {
    // A line along an axis (a capability or a mandate varied alone) lands exactly on its value:
    // the float, within a few units of rounding of the computed one, where the gap is 0.
    const exactly = (axis: 0 | 1, r: number): number => {
      // Outside the box the line cuts nothing (and the number may have no value there).
      if (!(axis === 0 ? a < r && r < b : c < r && r < d)) return r;
      for (let k = 0; k <= 4; k++)
        for (const u of k === 0 ? [r] : [r - k * ulp(r), r + k * ulp(r)]) {
          const at: Point = axis === 0 ? [u, c] : [a, u];
          if (plane.gapsAt(at)[gap].value === 0) return u;
        }
      return r;
    };
    const along = f.d2 === 0 ? exactly(0, a - f.at / f.d1) : f.d1 === 0 ? exactly(1, c - f.at / f.d2) : null;
    const snap = (p: Point): Point => (along === null ? p : f.d2 === 0 ? [along, p[1]] : [p[0], along]);
    const value = (p: Point) => (along !== null ? (f.d2 === 0 ? p[0] - along : p[1] - along) : f.at + f.d1 * (p[0] - a) + f.d2 * (p[1] - c));
    const scale = 1e-13 * (Math.abs(f.at) + Math.abs(f.d1) * (Math.abs(a) + Math.abs(b - a)) + Math.abs(f.d2) * (Math.abs(c) + Math.abs(d - c)));
    cells = cells.flatMap((cell) => splitPolygon(cell, cell.map(value), scale, snap) ?? [cell]);
  }
  return cells;
}

/**
 * Every structural cell refined (header): the leaves with their sets on the open polygons, or
 * null when the numbers multiply in some cell.
 */
export function arrangement(plane: ParameterPlane, box: readonly [number, number, number, number], deadline = Infinity, onProgress?: (done: number, total: number) => void): Arrangement | null {
  const cells = structuralCells(plane, box);
  const models: PlaneCell[] = [];
  for (const polygon of cells) {
    const model = plane.cell(polygon);
    if (!model) return null;
    models.push(model);
  }
  const leaves: PlaneLeaf[] = [];
  let exact = true;
  // Progress: the share of the box's area whose polygons are settled, in thousandths.
  const total = (box[1] - box[0]) * (box[3] - box[2]);
  let done = 0;
  const settled = (polygon: Point[]) => {
    done += area(polygon);
    onProgress?.(Math.min(1000, Math.round((1000 * done) / total)), 1000);
  };
  cells.forEach((polygon, k) => {
    exact = new Refinement(models[k], deadline, leaves, settled).run(polygon) && exact;
  });
  return { leaves, exact };
}

/** The refinement of one structural cell (state shared by its steps). */
class Refinement {
  private readonly n: number;
  private readonly T: number;
  private readonly eps: number;
  private readonly net: Affine[];
  private readonly spill: Affine[];
  /** The lines of the three maxima in the tolerance's scale S: |c_i| (as c_i and -c_i), a_i, inflow sum_i B[i][j]. */
  private readonly scale: Affine[][];
  private ticks = 0;
  private exact = true;

  constructor(
    private readonly cell: PlaneCell,
    private readonly deadline: number,
    private readonly leaves: PlaneLeaf[],
    private readonly settled: (polygon: Point[]) => void,
  ) {
    this.n = cell.n;
    this.T = cell.game.tiers.length;
    this.eps = 1e-3 * cell.game.tolerance;
    this.net = cell.net();
    this.spill = cell.spillover();
    const { n } = this;
    const capability = cell.affine([cell.games[0].capability, cell.games[1].capability, cell.games[2].capability]);
    const inflows = cell.games.map((g) => Float64Array.from({ length: n }, (_, j) => g.spillover.reduce((sum, b, e) => (e % n === j ? sum + b : sum), 0))) as [Float64Array, Float64Array, Float64Array];
    this.scale = [
      [...capability, ...capability.map((f) => ({ at: -f.at, d1: -f.d1, d2: -f.d2 }))],
      cell.affine([cell.games[0].communityGain, cell.games[1].communityGain, cell.games[2].communityGain]),
      cell.affine(inflows),
    ];
  }

  run(polygon: Point[]): boolean {
    const { game, allowed } = this.cell;
    const states: State[] = [];
    for (const x of allProfiles(game)) {
      if (x.some((xi, i) => !allowed[i].includes(xi))) continue;
      const undecided: number[] = [];
      for (let i = 0; i < this.n; i++) for (const y of allowed[i]) if (y !== x[i]) undecided.push(i * this.T + game.tiers.indexOf(y));
      states.push({ x, p: this.cell.capabilities(x), undecided });
    }
    this.refine(polygon, states, 0);
    return this.exact;
  }

  private refine(polygon: Point[], states: State[], depth: number): void {
    if ((++this.ticks & 63) === 0 && Date.now() > this.deadline) throw new TimeLimitError("time limit");
    const { n } = this;
    const m = polygon.length;
    const at = (f: Affine, k: number) => this.cell.value(f, polygon[k]);
    const dx = Float64Array.from(polygon, (q) => q[0] - this.cell.r[0]);
    const dy = Float64Array.from(polygon, (q) => q[1] - this.cell.r[1]);
    const last = depth >= MAX_DEPTH;
    // The tolerance 1e-9 S: S is a sum of three maxima of affine functions; split until each
    // is affine on the polygon, so that the tolerance is affine there too (exact, not frozen).
    const tolv = new Float64Array(m).fill(1e-9);
    for (const family of this.scale) {
      if (family.length === 0) continue;
      const lines = family.map((f) => Float64Array.from(polygon, (_, k) => at(f, k)));
      const top = envelope(lines, m);
      const line = last ? 0 : this.common(lines, top, m);
      const parts = Array.isArray(line) && splitPolygon(polygon, line, this.eps);
      if (parts) {
        for (const part of parts) this.refine(part, states, depth + 1);
        return;
      }
      for (let k = 0; k < m; k++) tolv[k] += 1e-9 * top[k];
    }
    const netv = new Float64Array(n * m);
    for (let i = 0; i < n; i++) for (let k = 0; k < m; k++) netv[i * m + k] = at(this.net[i], k);
    const spillv = new Map<number, Float64Array>();
    const spillAt = (e: number) => {
      let v = spillv.get(e);
      if (!v) spillv.set(e, (v = Float64Array.from(polygon, (_, k) => at(this.spill[e], k))));
      return v;
    };
    let split: number[] | null = null;
    const next: State[] = [];
    for (const state of states) {
      if (state.undecided.length === 0) {
        next.push(state);
        continue;
      }
      const pv = new Float64Array(n * m);
      for (let j = 0; j < n; j++) {
        const f = state.p[j];
        for (let k = 0; k < m; k++) pv[j * m + k] = f.at + f.d1 * dx[k] + f.d2 * dy[k];
      }
      const remaining: number[] = [];
      let out = false;
      for (const c of state.undecided) {
        const decision = this.examine(state.x, Math.floor(c / this.T), this.cell.game.tiers[c % this.T], pv, netv, tolv, spillAt, m, last);
        if (decision === "out") {
          out = true;
          break;
        }
        if (decision === "holds") continue;
        remaining.push(c);
        split ??= decision;
      }
      if (!out) next.push(remaining.length === state.undecided.length ? state : { ...state, undecided: remaining });
    }
    const parts = split && splitPolygon(polygon, split, this.eps);
    if (!parts) {
      this.leaves.push({ polygon, equilibria: next.map((s) => [...s.x]) });
      this.settled(polygon);
      return;
    }
    for (const part of parts) this.refine(part, next, depth + 1);
  }

  /**
   * One condition on the polygon: "out" (fails on the open polygon), "holds" (on the closed
   * one), or the vertex values of the line to split along. At the depth limit (`centre` set),
   * decided at the centre instead.
   */
  private examine(x: Profile, i: number, y: number, pv: Float64Array, netv: Float64Array, tolv: Float64Array, spillAt: (e: number) => Float64Array, m: number, last: boolean): "out" | "holds" | number[] {
    const { n, eps } = this;
    const d = y - x[i];
    const rivals = this.cell.game.rivals[i];
    // The lines at the vertices (plain loops: this is the hot path).
    const dev: Float64Array[] = [];
    const now: Float64Array[] = [];
    const maxDev = new Float64Array(m).fill(-Infinity);
    const maxNow = new Float64Array(m).fill(-Infinity);
    let devFloor = -Infinity;
    let nowFloor = -Infinity;
    for (const j of rivals) {
      const b = spillAt(i * n + j);
      const line = new Float64Array(m);
      const base = j * m;
      let devLeast = Infinity;
      let nowLeast = Infinity;
      for (let k = 0; k < m; k++) {
        const p = pv[base + k];
        const v = p + b[k] * d;
        line[k] = v;
        if (v > maxDev[k]) maxDev[k] = v;
        if (p > maxNow[k]) maxNow[k] = p;
        if (v < devLeast) devLeast = v;
        if (p < nowLeast) nowLeast = p;
      }
      if (devLeast > devFloor) devFloor = devLeast;
      if (nowLeast > nowFloor) nowFloor = nowLeast;
      dev.push(line);
      now.push(pv.subarray(base, base + m));
    }
    // The own term less the tolerance (both affine on the polygon): the condition is g - tol <= 0.
    const own = new Float64Array(m);
    for (let k = 0; k < m; k++) own[k] = netv[i * m + k] * d - tolv[k];
    if (last) {
      // Rounding left a sliver: decide at the mean of its vertices (the result is then not exact).
      this.exact = false;
      const g = (own.reduce((s, v) => s + v, 0) - maxDev.reduce((s, v) => s + v, 0) + maxNow.reduce((s, v) => s + v, 0)) / m;
      return g <= 0 ? "holds" : "out";
    }
    // Bounds over the polygon.
    let lower = Infinity;
    let ownTop = -Infinity;
    let nowTop = -Infinity;
    for (let k = 0; k < m; k++) {
      lower = Math.min(lower, own[k] - maxDev[k]);
      ownTop = Math.max(ownTop, own[k]);
      nowTop = Math.max(nowTop, maxNow[k]);
    }
    if (lower + nowFloor > eps) return "out";
    if (ownTop - devFloor + nowTop <= eps) return "holds";
    // Affine on the polygon when one line is highest at every vertex of each max.
    const a = this.common(dev, maxDev, m);
    if (Array.isArray(a)) return a;
    const b = this.common(now, maxNow, m);
    if (Array.isArray(b)) return b;
    const s = Array.from({ length: m }, (_, k) => own[k] - dev[a][k] + now[b][k]);
    if (s.every((v) => v <= eps)) return "holds";
    if (s.every((v) => v >= -eps)) return "out";
    return s;
  }

  /**
   * The line highest (within the margin) at every vertex, or the vertex values of a difference
   * of two lines that crosses the polygon strictly (split there). With neither, the line
   * closest to the envelope (within a few margins of it everywhere).
   */
  private common(lines: Float64Array[], top: Float64Array, m: number): number | number[] {
    const { eps } = this;
    let best = 0;
    let bestSlack = -Infinity;
    for (let r = 0; r < lines.length; r++) {
      const l = lines[r];
      let slack = Infinity;
      for (let k = 0; k < m && slack > bestSlack; k++) slack = Math.min(slack, l[k] - top[k]);
      if (slack > bestSlack) [best, bestSlack] = [r, slack];
      if (bestSlack >= 0) return best;
    }
    if (bestSlack >= -eps) return best;
    const argmax = Array.from({ length: m }, (_, k) => lines.findIndex((l) => l[k] === top[k]));
    for (let k1 = 0; k1 < m; k1++)
      for (let k2 = 0; k2 < m; k2++) {
        const [u, w] = [lines[argmax[k1]], lines[argmax[k2]]];
        const diff = Array.from(u, (v, k) => v - w[k]);
        if (diff[k1] > eps && diff[k2] < -eps) return diff;
      }
    return best;
  }
}

/** The upper envelope's value at each vertex. */
function envelope(lines: Float64Array[], m: number): Float64Array {
  const top = new Float64Array(m).fill(-Infinity);
  for (const l of lines) for (let k = 0; k < m; k++) if (l[k] > top[k]) top[k] = l[k];
  return top;
}

export interface PlaneDesign {
  readonly found: boolean;
  readonly value: Point | null;
  readonly attained: boolean;
  readonly distance: number | null;
  readonly equilibria: number[][];
  /** Candidate points examined (vertices and axis crossings of the polygons where the target holds). */
  readonly candidates: number;
  /** Polygons of the refinement. */
  readonly cells: number;
  readonly exact: boolean;
}

/**
 * The cheapest point (header), or null when the numbers multiply (the caller falls back).
 * `box` is [A, B, C, D]; `current` the point costs are measured from.
 */
export async function designOnPlane(
  plane: ParameterPlane,
  box: readonly [number, number, number, number],
  current: Point,
  cost: readonly [number, number],
  conditions: readonly Condition[],
  require: Requirement,
  deadline = Infinity,
  onProgress?: (done: number, total: number) => void,
): Promise<PlaneDesign | null> {
  const [A, B, C, D] = box;
  const inBox = (q: Point) => q[0] >= A && q[0] <= B && q[1] >= C && q[1] <= D;
  const price = (q: Point) => cost[0] * Math.abs(q[0] - current[0]) + cost[1] * Math.abs(q[1] - current[1]);
  const setAt = async (q: Point): Promise<number[][] | null> => {
    const game = inBox(q) ? gameInDomain(() => plane.gameAt(q)) : null;
    return game && (await completeSolve(game, deadline)).map((e) => e.profile);
  };
  const result = (value: Point, attained: boolean, equilibria: number[][], candidates: number, cells: number, exact: boolean): PlaneDesign => ({ found: true, value, attained, distance: price(value), equilibria, candidates, cells, exact });
  // The current point first: nothing is cheaper (and nothing else need be built).
  const now = await setAt(current);
  if (now && targetHolds(now, conditions, require)) return result(current, true, now, 1, 0, true);
  const built = arrangement(plane, box, deadline, onProgress);
  if (!built) return null;
  const { leaves, exact } = built;
  // Candidate points of every polygon where the target holds.
  const candidates: { q: Point; leaf: PlaneLeaf; cost: number }[] = [];
  for (const leaf of leaves) {
    if (!targetHolds(leaf.equilibria, conditions, require)) continue;
    const poly = leaf.polygon;
    const add = (q: Point) => candidates.push({ q, leaf, cost: price(q) });
    poly.forEach((a, k) => {
      add(a);
      const b = poly[(k + 1) % poly.length];
      for (const axis of [0, 1] as const) {
        const c = current[axis];
        if ((a[axis] - c) * (b[axis] - c) < 0) {
          const t = (c - a[axis]) / (b[axis] - a[axis]);
          const other = a[1 - axis] + t * (b[1 - axis] - a[1 - axis]);
          add(axis === 0 ? [c, other] : [other, c]);
        }
      }
    });
    if (inside(poly, current)) add(current);
  }
  if (candidates.length === 0) return { found: false, value: null, attained: false, distance: null, equilibria: [], candidates: 0, cells: leaves.length, exact };
  candidates.sort((a, b) => a.cost - b.cost);
  const best = candidates[0].cost;
  // Among ties, an attained point is preferred. Sets of equilibria are closed (ties count), so
  // the set at q holds every profile certified at points within rounding of it: q is attained
  // when the target holds of that union and some point of the cloud has exactly that set (as
  // thresholds.ts settles a breakpoint where the profiles ending there are certified). Each
  // check costs a few dozen solves, so at most 16 tied candidates are tried.
  for (const candidate of candidates.slice(0, 16)) {
    if (candidate.cost > best + 1e-12 * Math.max(1, best)) break;
    const cloud: { q: Point; set: number[][] }[] = [];
    // Only points on the same side of every jump as q (the game jumps across those lines).
    const side = plane.signature(candidate.q);
    for (const u of [candidate.q, ...nearby(candidate.q)]) {
      if (u !== candidate.q && (!inBox(u) || plane.signature(u) !== side)) continue;
      const set = await setAt(u);
      if (set) cloud.push({ q: u, set });
    }
    const union = new Map(cloud.flatMap(({ set }) => set.map((x) => [x.join(","), x] as const)));
    const all = [...union.values()];
    if (!targetHolds(all, conditions, require)) continue;
    const at = cloud.find(({ set }) => set.length === union.size);
    if (at) return result(at.q, true, at.set, candidates.length, leaves.length, exact);
  }
  // A limit: the set inside the polygon it is the limit of.
  const { q, leaf } = candidates[0];
  const inner = (await setAt(centroid(leaf.polygon))) ?? leaf.equilibria.map((x) => [...x]);
  return result(q, false, inner, candidates.length, leaves.length, exact);
}

/** The area of a polygon (shoelace formula). */
function area(polygon: readonly Point[]): number {
  let twice = 0;
  for (let k = 0; k < polygon.length; k++) {
    const [a, b] = [polygon[k], polygon[(k + 1) % polygon.length]];
    twice += a[0] * b[1] - b[0] * a[1];
  }
  return Math.abs(twice) / 2;
}

/** The spacing of floats at r. */
function ulp(r: number): number {
  return Math.max(Number.MIN_VALUE, Math.abs(r) * Number.EPSILON);
}

/** Points within a few thousand units of rounding of q, along the axes and the diagonals, nearest first. */
function nearby(q: Point): Point[] {
  const out: Point[] = [];
  const unit = [Math.max(1, Math.abs(q[0])) * Number.EPSILON, Math.max(1, Math.abs(q[1])) * Number.EPSILON];
  for (let k = 0; k <= 12; k += 2)
    for (const [a, b] of [[1, 0], [-1, 0], [0, 1], [0, -1], [1, 1], [1, -1], [-1, 1], [-1, -1]]) out.push([q[0] + a * unit[0] * 2 ** k, q[1] + b * unit[1] * 2 ** k]);
  return out;
}

/** True when q lies in the closed convex polygon (either orientation). */
function inside(poly: readonly Point[], q: Point): boolean {
  let sign = 0;
  for (let k = 0; k < poly.length; k++) {
    const [a, b] = [poly[k], poly[(k + 1) % poly.length]];
    const cross = (b[0] - a[0]) * (q[1] - a[1]) - (b[1] - a[1]) * (q[0] - a[0]);
    if (Math.abs(cross) <= 1e-15 * (1 + Math.abs(a[0]) + Math.abs(a[1]) + Math.abs(b[0]) + Math.abs(b[1])) ** 2) continue;
    if (sign === 0) sign = Math.sign(cross);
    else if (Math.sign(cross) !== sign) return false;
  }
  return true;
}
