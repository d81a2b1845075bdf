/**
 * The game over two scenario numbers (v1, v2) (MODEL.md sections 1-2 and 5; issue 13, two-number
 * design): the 2-D analogue of parametric.ts's `ParameterLine` and `Piece`.
 *
 * Capabilities, levers' `above` and mandates' minimums are affine in (v1, v2) (a path sets the
 * number itself), so the structural gaps of parametric.ts (`structuralGaps`) are affine and
 * their zero sets are *structural lines*. On a *structural cell* (a convex polygon that no such
 * line crosses) every game entry is affine in (v1, v2), unless the two numbers multiply (an
 * absorptive rate with a capability: r max(0, c_i - c_j); a licence's factor with a spillover
 * number). A `PlaneCell` is the affine model of a cell, known exactly from the games at three
 * affinely independent points inside it; `ParameterPlane.cell` checks it at three more points
 * and returns null when the numbers multiply (the model would be wrong there).
 */
import { allowedLevels, tierLevels, type Game, type Profile } from "../model/game.js";
import { capabilities } from "../model/payoff.js";
import { parameterValue, type Subject } from "./parameters.js";
import { DomainError, domainOf, structuralGaps, withValues, type Domain, type Gap } from "./parametric.js";
import { gameUnder } from "./policy.js";

export type Point = readonly [number, number];

/** An affine function of (v1, v2): `at` at the reference point r, plus d1 (v1 - r1) + d2 (v2 - r2). */
export interface Affine {
  readonly at: number;
  readonly d1: number;
  readonly d2: number;
}

/** Two scenario numbers, varied together: the game at any point, the structural lines. */
export class ParameterPlane {
  /** The numbers' values in the subject (null: none, as `ParameterLine.current`). */
  readonly current: [number | null, number | null];
  private readonly domains: [Domain, Domain];
  private readonly cache = new Map<string, Game>();

  constructor(
    readonly subject: Subject,
    readonly paths: readonly [string, string],
  ) {
    this.current = [parameterValue(subject.scenario, paths[0], subject.policy), parameterValue(subject.scenario, paths[1], subject.policy)];
    const tiers = tierLevels(subject.scenario);
    this.domains = [domainOf(paths[0], tiers), domainOf(paths[1], tiers)];
  }

  private at(v: Point): Subject {
    return withValues(this.subject, [
      [this.paths[0], v[0], this.domains[0]],
      [this.paths[1], v[1], this.domains[1]],
    ]);
  }

  /** The game (under the policy) at (v1, v2); throws DomainError outside the numbers' domains. */
  gameAt(v: Point): Game {
    const key = `${v[0]},${v[1]}`;
    const cached = this.cache.get(key);
    if (cached) return cached;
    const applied = this.at(v);
    const under = gameUnder(applied.scenario, applied.policy, "discrete");
    if (!under.ok) throw new DomainError(v[0], under.problems);
    if (this.cache.size > 4096) this.cache.clear();
    this.cache.set(key, under.value);
    return under.value;
  }

  /** The structural gaps (parametric.ts) at (v1, v2). */
  gapsAt(v: Point): Gap[] {
    return structuralGaps(this.at(v));
  }

  /**
   * The structural lines (zero sets of the structural gaps, affine in (v1, v2)) from three
   * points of the plane, each with its gap's index; gaps constant over the plane are left out.
   */
  structuralLines(u: readonly [Point, Point, Point]): { f: Affine; gap: number }[] {
    const gaps = u.map((p) => this.gapsAt(p));
    const solve = affineThrough(u);
    return gaps[0].map((_, k) => ({ f: solve(gaps[0][k].value, gaps[1][k].value, gaps[2][k].value), gap: k })).filter(({ f }) => f.d1 !== 0 || f.d2 !== 0);
  }

  /**
   * Which side of every jump (a lever's `above`, a mandate's minimum) the game at v is on: two
   * points with the same signature lie in the closure of one structural cell's game.
   */
  signature(v: Point): string {
    return this.gapsAt(v)
      .map((g) => (g.jump === 0 ? "" : g.jump * g.value >= 0 ? "1" : "0"))
      .join("");
  }

  /**
   * The affine model of the game on a structural cell (a convex polygon crossed by no
   * structural line), or null when the game is not affine there: checked at two more points.
   */
  cell(polygon: readonly Point[]): PlaneCell | null {
    const c = centroid(polygon);
    const toward = (k: number): Point => [(c[0] + polygon[k][0]) / 2, (c[1] + polygon[k][1]) / 2];
    const cross = (a: Point, b: Point) => (a[0] - c[0]) * (b[1] - c[1]) - (a[1] - c[1]) * (b[0] - c[0]);
    // The two vertices spanning the largest triangle with the centre (a well-conditioned basis:
    // a polygon can have very short edges).
    let [k1, k2] = [0, 1];
    for (let a = 0; a < polygon.length; a++) for (let b = a + 1; b < polygon.length; b++) if (Math.abs(cross(polygon[a], polygon[b])) > Math.abs(cross(polygon[k1], polygon[k2]))) [k1, k2] = [a, b];
    const u: [Point, Point, Point] = [c, toward(k1), toward(k2)];
    const cell = new PlaneCell(u, [this.gameAt(u[0]), this.gameAt(u[1]), this.gameAt(u[2])]);
    // A product of the two numbers is quadratic along any segment not parallel to an axis: at
    // most two of a triangle's sides are, so the midpoints of its three sides reveal it.
    const mid = (a: Point, b: Point): Point => [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2];
    for (const p of [mid(u[0], u[1]), mid(u[0], u[2]), mid(u[1], u[2])]) if (!cell.matches(p, this.gameAt(p))) return null;
    return cell;
  }
}

/** The centroid of a polygon's vertices (inside it, for a convex polygon). */
export function centroid(polygon: readonly Point[]): Point {
  let [x, y] = [0, 0];
  for (const p of polygon) [x, y] = [x + p[0], y + p[1]];
  return [x / polygon.length, y / polygon.length];
}

/** The affine function taking values e0, e1, e2 at the three points (reference: the first). */
function affineThrough(u: readonly [Point, Point, Point]): (e0: number, e1: number, e2: number) => Affine {
  const [a1, a2] = [u[1][0] - u[0][0], u[1][1] - u[0][1]];
  const [b1, b2] = [u[2][0] - u[0][0], u[2][1] - u[0][1]];
  const det = a1 * b2 - a2 * b1;
  return (e0, e1, e2) => {
    const [f, g] = [e1 - e0, e2 - e0];
    return { at: e0, d1: (f * b2 - g * a2) / det, d2: (g * a1 - f * b1) / det };
  };
}

/** The game on a structural cell: every entry affine in (v1, v2), from three games. */
export class PlaneCell {
  /** The reference point (the games[0] point). */
  readonly r: Point;
  readonly n: number;
  /** The game at the reference point: tiers, rivals, minimums (constant on the cell), tolerance. */
  readonly game: Game;
  /** The levels each lab may choose (constant on the cell: no mandate crosses a tier in it). */
  readonly allowed: number[][];
  private readonly solve: (e0: number, e1: number, e2: number) => Affine;

  constructor(
    readonly u: readonly [Point, Point, Point],
    readonly games: readonly [Game, Game, Game],
  ) {
    this.r = u[0];
    this.game = games[0];
    this.n = games[0].n;
    this.allowed = Array.from({ length: this.n }, (_, i) => allowedLevels(games[0], i));
    this.solve = affineThrough(u);
  }

  /** Each entry of the arrays as an affine function (from its values in the three games). */
  affine(values: readonly [ArrayLike<number>, ArrayLike<number>, ArrayLike<number>]): Affine[] {
    return Array.from({ length: values[0].length }, (_, k) => this.solve(values[0][k], values[1][k], values[2][k]));
  }

  /** Capabilities after the round of profile x, p_j(x; v), as affine functions. */
  capabilities(x: Profile): Affine[] {
    const [g0, g1, g2] = this.games;
    return this.affine([capabilities(g0, x), capabilities(g1, x), capabilities(g2, x)]);
  }

  /** a_i - k_i, the net gain of opening fully, per lab. */
  net(): Affine[] {
    const nets = this.games.map((g) => Float64Array.from(g.communityGain, (a, i) => a - g.openCost[i])) as [Float64Array, Float64Array, Float64Array];
    return this.affine(nets);
  }

  /** B[i][j] at i * n + j. */
  spillover(): Affine[] {
    return this.affine([this.games[0].spillover, this.games[1].spillover, this.games[2].spillover]);
  }

  /** f at v. */
  value(f: Affine, v: Point): number {
    return f.at + f.d1 * (v[0] - this.r[0]) + f.d2 * (v[1] - this.r[1]);
  }

  /** True when the game at p is the model's (entries within rounding, same minimums). */
  matches(p: Point, game: Game): boolean {
    const [g0, g1, g2] = this.games;
    const close = (arrays: [Float64Array, Float64Array, Float64Array], actual: Float64Array) => {
      const model = this.affine(arrays);
      const scale = 1e-10 * (game.tolerance / 1e-9);
      return model.every((f, k) => Math.abs(this.value(f, p) - actual[k]) <= scale);
    };
    return (
      close([g0.capability, g1.capability, g2.capability], game.capability) &&
      close([g0.communityGain, g1.communityGain, g2.communityGain], game.communityGain) &&
      close([g0.openCost, g1.openCost, g2.openCost], game.openCost) &&
      close([g0.spillover, g1.spillover, g2.spillover], game.spillover) &&
      this.allowed.every((levels, i) => allowedLevels(game, i).length === levels.length)
    );
  }
}
