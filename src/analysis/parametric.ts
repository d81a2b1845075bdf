/**
 * The game along one scenario number v (MODEL.md sections 1-2 and 5), for exact thresholds,
 * margins and designs (issue 13).
 *
 * Every game entry is affine in v except at *structural events*: capabilities are affine in v
 * (only a capability path moves them), and the game changes shape only where two capabilities
 * cross (the absorptive spillover r max(0, c_i - c_j) has a kink there), where a capability
 * crosses a lever's `above` (the lever starts or stops applying: a jump) and where a mandate's
 * minimum crosses a tier (a level becomes forbidden: a jump). Between consecutive events (a
 * *piece*) the game is affine in v, so it is known exactly from its values at two points.
 *
 * On a piece, for a fixed profile x, capabilities p_j(x; v) are affine and player i's gain from
 * moving to level y,
 *
 *     g(v) = (a_i - k_i) d - max_{j in R(i)} (p_j + B_ij d) + max_{j in R(i)} p_j,  d = y - x_i,
 *
 * is a difference of two upper envelopes of lines: piecewise linear with kinks where the
 * strongest rival changes. "x is an equilibrium" is { v : g(v) <= tol(v) for every i and y },
 * a finite union of closed intervals whose ends solve one linear equation each: computed
 * here exactly up to floating-point rounding (the tolerance 1e-9 S(v), itself piecewise linear,
 * is frozen at the root and the root recomputed once, which leaves an error far below it).
 */
import { gameUnder } from "./policy.js";
import { applyValues, parameterValue, setParameter, type Subject } from "./parameters.js";
import type { Policy } from "./policy.js";
import { tierLevels, makeGame, type Game, type Profile } from "../model/game.js";
import type { Scenario } from "../model/scenario.js";
import { capabilities } from "../model/payoff.js";
import type { Problem } from "../model/validate.js";

/** A closed interval [lo, hi] (lo may be -Infinity, hi Infinity). */
export type Interval = readonly [number, number];

/** A value outside the number's domain (a negative gain, a mandate above the top tier). */
export class DomainError extends Error {
  constructor(
    readonly value: number,
    readonly problems: readonly Problem[],
  ) {
    super(`value ${value}: ${problems.map((p) => `${p.path}: ${p.message}`).join("; ")}`);
  }
}

/** The game `at` builds, or null when the value lies outside a number's domain (DomainError). */
export function gameInDomain(at: () => Game): Game | null {
  try {
    return at();
  } catch (error) {
    if (error instanceof DomainError) return null;
    throw error;
  }
}

/** The domain of a number: [lo, hi] with the ends' inclusion (a mandate's minimum is > 0). */
export interface Domain {
  readonly lo: number;
  readonly hi: number;
  readonly loIncluded: boolean;
  readonly hiIncluded: boolean;
}

/** The numbers a scenario (or policy) may hold at a path (INTERFACE.md, "Scenario file"). */
export function domainOf(path: string, tiers: readonly number[]): Domain {
  const all = { lo: -Infinity, hi: Infinity, loIncluded: false, hiIncluded: false };
  const nonNegative = { ...all, lo: 0, loIncluded: true };
  if (/\.(capability|amount|above)$/.test(path)) return all;
  if (/\.minimum$/.test(path)) return { lo: 0, hi: Math.min(1, tiers[tiers.length - 1]), loIncluded: false, hiIncluded: true };
  return nonNegative;
}

/** True when v lies in the domain. */
export function inDomain(domain: Domain, v: number): boolean {
  return (v > domain.lo || (domain.loIncluded && v === domain.lo)) && (v < domain.hi || (domain.hiIncluded && v === domain.hi));
}

/** One scenario number, varied: the game at any value, its structural events, its pieces. */
export class ParameterLine {
  /** The number's value in the subject (null: none, e.g. a matrix spillover for `spillover`). */
  readonly current: number | null;
  private readonly cache = new Map<number, Game>();
  private readonly domain: Domain;

  constructor(
    readonly subject: Subject,
    readonly path: string,
  ) {
    this.current = parameterValue(subject.scenario, path, subject.policy);
    this.domain = domainOf(path, tierLevels(subject.scenario));
  }

  /** The game (under the policy) with the number set to v; throws DomainError outside the domain. */
  gameAt(v: number): Game {
    const cached = this.cache.get(v);
    if (cached) return cached;
    const applied = this.apply(v);
    const under = gameUnder(applied.scenario, applied.policy, "discrete");
    if (!under.ok) throw new DomainError(v, under.problems);
    const game = under.value;
    if (this.cache.size > 4096) this.cache.clear();
    this.cache.set(v, game);
    return game;
  }

  /** The subject with the number set to v (`withValues`). */
  private apply(v: number): Subject {
    return withValues(this.subject, [[this.path, v, this.domain]]);
  }

  /**
   * The structural events strictly inside (lo, hi), ascending: where two capabilities cross (an
   * absorptive spillover's kink), a capability crosses a lever's `above`, or a mandate's
   * minimum crosses a tier. `a` and `b` are two distinct values of the domain.
   */
  events(lo: number, hi: number, a: number, b: number): number[] {
    const withValue = (v: number) => applyValues(this.subject, { [this.path]: v });
    const sa = withValue(a);
    const sb = withValue(b);
    if (!sa.ok || !sb.ok) throw new Error("events: a and b must lie in the domain");
    const [ga, gb] = [structuralGaps(sa.value), structuralGaps(sb.value)];
    const found: number[] = [];
    // Each gap is affine in v: its zero, when it has one inside.
    ga.forEach(({ value: fa }, k) => {
      const fb = gb[k].value;
      if (fa === fb) return;
      const v = a + (fa * (b - a)) / (fa - fb);
      if (v > lo && v < hi) found.push(v);
    });
    return [...new Set(found)].sort((x, y) => x - y);
  }

  /** The affine model of the game on the open piece (lo, hi), which holds no structural event. */
  piece(lo: number, hi: number): Piece {
    const [m1, m2] = interiorPoints(lo, hi);
    return new Piece(lo, hi, m1, this.gameAt(m1), m2, this.gameAt(m2));
  }
}

/**
 * The subject with each (path, value) set. Inside each number's domain the validated subject
 * stays valid with any value there, so the values are set on a copy without validating again
 * (the solves along a line or over a plane call this hundreds of times); outside it,
 * `applyValues` names the problem (DomainError).
 */
export function withValues(subject: Subject, values: readonly (readonly [string, number, Domain])[]): Subject {
  if (values.every(([, v, domain]) => inDomain(domain, v))) {
    const scenario = JSON.parse(JSON.stringify(subject.scenario)) as Scenario;
    const policy = subject.policy && (JSON.parse(JSON.stringify(subject.policy)) as Policy);
    for (const [path, v] of values) setParameter(scenario, path, v, policy);
    return { scenario, ...(policy ? { policy } : {}) };
  }
  const applied = applyValues(subject, Object.fromEntries(values.map(([path, v]) => [path, v])));
  if (!applied.ok) throw new DomainError(values[0][1], applied.problems);
  return applied.value;
}

/**
 * A number whose sign changes are a structural event (header), and which side of its zero the
 * zero itself belongs to: `jump` 0 where the game is continuous across it (an absorptive kink),
 * 1 where the game at the zero is the one of the side >= 0 (a lever applies to labs at or
 * above `above`), -1 where it is the one of the side <= 0 (a mandate allows the tiers at or
 * above its minimum).
 */
export interface Gap {
  readonly value: number;
  readonly jump: -1 | 0 | 1;
}

/**
 * The structural gaps of a subject: c_i - c_j for every pair of labs under an absorptive
 * spillover, c_j - above for every lever with `above`, minimum - t for every mandate and tier.
 * Each is affine in any one varied number (and jointly affine in two), always listed in the
 * same order for the same subject's shape.
 */
export function structuralGaps(subject: Subject): Gap[] {
  const caps = subject.scenario.players.map((p) => p.capability);
  const gaps: Gap[] = [];
  const spill = subject.scenario.spillover;
  if (typeof spill === "object" && !Array.isArray(spill)) for (let i = 0; i < caps.length; i++) for (let j = i + 1; j < caps.length; j++) gaps.push({ value: caps[i] - caps[j], jump: 0 });
  for (const lever of subject.policy?.levers ?? []) {
    if (lever.above !== undefined) for (const c of caps) gaps.push({ value: c - lever.above, jump: 1 });
    if (lever.type === "mandate") for (const t of tierLevels(subject.scenario)) gaps.push({ value: lever.minimum - t, jump: -1 });
  }
  return gaps;
}

/** Two distinct points strictly inside (lo, hi), for any ends (infinite ones too). */
function interiorPoints(lo: number, hi: number): [number, number] {
  if (Number.isFinite(lo) && Number.isFinite(hi)) return [lo + (hi - lo) / 3, lo + (2 * (hi - lo)) / 3];
  if (Number.isFinite(lo)) return [lo + 1, lo + 2];
  if (Number.isFinite(hi)) return [hi - 2, hi - 1];
  return [0, 1];
}

/** A line: value `at` at the piece's anchor v0, and a slope. */
interface Line {
  at: number;
  slope: number;
}

/** The game on a piece: every entry affine in v, known from two games at v0 and v1. */
export class Piece {
  private readonly scale: number;

  constructor(
    readonly lo: number,
    readonly hi: number,
    readonly v0: number,
    readonly game0: Game,
    private readonly v1: number,
    readonly game1: Game,
  ) {
    this.scale = 1 / (v1 - v0);
  }

  /** The part [lo, hi] of this piece (the same affine game). */
  part(lo: number, hi: number): Piece {
    return new Piece(lo, hi, this.v0, this.game0, this.v1, this.game1);
  }

  /**
   * The piece's interval data (propagate.ts): every entry at its lowest and at its highest over
   * the piece (an affine entry is extreme at the ends), the tolerance at its largest.
   */
  intervalData(): { readonly lower: Game; readonly upper: Game } {
    const [a, b] = [this.gameOn(this.lo), this.gameOn(this.hi)];
    const entrywise = (pick: (x: number, y: number) => number): Game => {
      const of = (x: Float64Array, y: Float64Array) => Float64Array.from(x, (xi, k) => pick(xi, y[k]));
      const game = makeGame({ ...a, capability: of(a.capability, b.capability), communityGain: of(a.communityGain, b.communityGain), openCost: of(a.openCost, b.openCost), spillover: of(a.spillover, b.spillover) });
      return { ...game, tolerance: Math.max(a.tolerance, b.tolerance) };
    };
    return { lower: entrywise(Math.min), upper: entrywise(Math.max) };
  }

  /** The game at v (interpolated: exact on the piece up to rounding), for its tolerance. */
  gameOn(v: number): Game {
    const t = (v - this.v0) * this.scale;
    const lerp = (x: Float64Array, y: Float64Array) => Float64Array.from(x, (xi, k) => xi + (y[k] - xi) * t);
    const g0 = this.game0;
    const g1 = this.game1;
    return makeGame({
      ...g0,
      capability: lerp(g0.capability, g1.capability),
      communityGain: lerp(g0.communityGain, g1.communityGain),
      openCost: lerp(g0.openCost, g1.openCost),
      spillover: lerp(g0.spillover, g1.spillover),
    });
  }

  /**
   * The values of the piece's (closed) range at which x is a weak equilibrium, as disjoint
   * closed intervals in ascending order (MODEL.md section 2, tolerance included).
   */
  equilibriumSet(x: Profile): Interval[] {
    return this.bestResponseSet(x, Array.from({ length: this.game0.n }, (_, i) => i));
  }

  /**
   * The values at which every one of `players` plays a best response in x (within the
   * tolerance), the others' choices held: for all players, the equilibrium set.
   */
  bestResponseSet(x: Profile, players: readonly number[]): Interval[] {
    const { game0: g0, game1: g1, scale } = this;
    const n = g0.n;
    for (let i = 0; i < n; i++) if (x[i] < g0.minimum[i]) return [];
    const p0 = capabilities(g0, x);
    const p1 = capabilities(g1, x);
    let set: Interval[] = [[this.lo, this.hi]];
    for (const i of players) {
      if (set.length === 0) break;
      const row = i * n;
      const ri = g0.rivals[i];
      const now: Line[] = Array.from(ri, (j) => ({ at: p0[j], slope: (p1[j] - p0[j]) * scale }));
      const net0 = g0.communityGain[i] - g0.openCost[i];
      const net1 = g1.communityGain[i] - g1.openCost[i];
      for (const y of g0.tiers) {
        if (y === x[i] || y < g0.minimum[i]) continue;
        const d = y - x[i];
        const dev: Line[] = Array.from(ri, (j) => {
          const at = p0[j] + g0.spillover[row + j] * d;
          return { at, slope: (p1[j] + g1.spillover[row + j] * d - at) * scale };
        });
        const own: Line = { at: net0 * d, slope: (net1 - net0) * d * scale };
        set = intersect(set, this.atMostTolerance(own, dev, now));
        if (set.length === 0) break;
      }
    }
    return set;
  }

  private maxTolerance: number | null = null;

  /** The largest tolerance on the (finite) piece: at an end, as the scale S is convex in v. */
  private endTolerance(): number {
    this.maxTolerance ??= Math.max(this.gameOn(this.lo).tolerance, this.gameOn(this.hi).tolerance);
    return this.maxTolerance;
  }

  /** The tolerance at v, interpolated (exact where the scale S is affine: a first estimate). */
  private toleranceAt(v: number): number {
    const t0 = this.game0.tolerance;
    return Math.max(0, t0 + (this.game1.tolerance - t0) * (v - this.v0) * this.scale);
  }

  /** { v in [lo, hi] : own(v) - max dev(v) + max now(v) <= tol(v) }. */
  private atMostTolerance(own: Line, dev: Line[], now: Line[]): Interval[] {
    const { lo, hi, v0 } = this;
    if (Number.isFinite(lo) && Number.isFinite(hi)) {
      // Bounds over the whole piece first (most conditions of most profiles are decided here):
      // an upper envelope is convex, so it is at most its larger end value and at least any
      // line's smaller end value; the scale S is convex too and at least 1.
      const ends = (lines: Line[]) => {
        let top = -Infinity;
        let floor = -Infinity;
        for (const l of lines) {
          const [a, b] = [value(l, lo, v0), value(l, hi, v0)];
          top = Math.max(top, a, b);
          floor = Math.max(floor, Math.min(a, b));
        }
        return { top, floor };
      };
      const d = ends(dev);
      const m = ends(now);
      const [ownLo, ownHi] = [value(own, lo, v0), value(own, hi, v0)];
      if (Math.min(ownLo, ownHi) - d.top + m.floor > this.endTolerance()) return [];
      if (Math.max(ownLo, ownHi) - d.floor + m.top <= 1e-9) return [[lo, hi]];
    }
    const cuts = [lo, ...new Set([...kinks(dev, lo, hi, v0), ...kinks(now, lo, hi, v0)])].sort((a, b) => a - b);
    cuts.push(hi);
    const out: Interval[] = [];
    const add = (a: number, b: number) => {
      if (a > b) return;
      const last = out[out.length - 1];
      if (last && last[1] >= a) out[out.length - 1] = [last[0], Math.max(last[1], b)];
      else out.push([a, b]);
    };
    for (let k = 0; k + 1 < cuts.length; k++) {
      const [u, w] = [cuts[k], cuts[k + 1]];
      if (!(u < w)) continue;
      const t = interiorPoints(u, w)[0];
      const d = activeLine(dev, t, v0);
      const m = activeLine(now, t, v0);
      // g on [u, w]: gt + slope (v - t).
      const slope = own.slope - d.slope + m.slope;
      const gt = value(own, t, v0) - value(d, t, v0) + value(m, t, v0);
      const tol = this.toleranceAt(t);
      if (slope === 0) {
        if (gt <= tol) add(u, w);
        continue;
      }
      // The root of g = tol, with tol frozen at t and then, when it falls on the piece, at the root.
      let r = t + (tol - gt) / slope;
      if (r > u && r < w) r = t + (this.gameOn(r).tolerance - gt) / slope;
      if (slope > 0) add(u, Math.min(w, r));
      else add(Math.max(u, r), w);
    }
    return out;
  }
}

function value(line: Line, v: number, v0: number): number {
  return line.at + line.slope * (v - v0);
}

/** The line of the upper envelope at t (ties: any, as they coincide there). */
function activeLine(lines: Line[], t: number, v0: number): Line {
  let best = lines[0];
  let bestValue = value(best, t, v0);
  for (let k = 1; k < lines.length; k++) {
    const v = value(lines[k], t, v0);
    if (v > bestValue || (v === bestValue && lines[k].slope > best.slope)) [best, bestValue] = [lines[k], v];
  }
  return best;
}

/** Where the upper envelope of the lines changes line, inside (lo, hi): walk left to right. */
function kinks(lines: Line[], lo: number, hi: number, v0: number): number[] {
  if (lines.length < 2) return [];
  const out: number[] = [];
  // Start at lo (or, for lo = -Infinity, with the flattest line that is highest far left).
  let current: Line;
  let at = lo;
  if (Number.isFinite(lo)) current = activeLine(lines, lo, v0);
  else {
    current = lines[0];
    for (const l of lines) if (l.slope < current.slope || (l.slope === current.slope && l.at > current.at)) current = l;
  }
  for (;;) {
    let next: Line | null = null;
    let when = Infinity;
    for (const l of lines) {
      if (l.slope <= current.slope) continue;
      const v = v0 + (current.at - l.at) / (l.slope - current.slope);
      if (v < at) continue;
      if (v < when || (v === when && next && l.slope > next.slope)) [next, when] = [l, v];
    }
    if (!next || when >= hi) return out;
    if (when > lo) out.push(when);
    current = next;
    at = when;
  }
}

/**
 * The float nearest v (within a few thousand units of rounding) where `holds` is true, trying
 * the given directions: an end computed from the affine model can fall on the wrong side of a
 * tie by rounding, and an end that is reported must be certified. v itself when none holds.
 */
export function nudge(v: number, holds: (u: number) => boolean, directions: readonly number[] = [-1, 1]): number {
  if (holds(v)) return v;
  for (let k = 0; k <= 12; k++) {
    const step = Math.max(1, Math.abs(v)) * Number.EPSILON * 2 ** k;
    for (const d of directions) if (holds(v + d * step)) return v + d * step;
  }
  return v;
}

/** Intersection of two sorted lists of disjoint closed intervals. */
export function intersect(a: readonly Interval[], b: readonly Interval[]): Interval[] {
  const out: Interval[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const lo = Math.max(a[i][0], b[j][0]);
    const hi = Math.min(a[i][1], b[j][1]);
    if (lo <= hi) out.push([lo, hi]);
    if (a[i][1] < b[j][1]) i++;
    else j++;
  }
  return out;
}

/** Every profile of the tier grid, in odometer order (first player slowest). */
export function* allProfiles(game: Game): Generator<number[]> {
  const { n, tiers } = game;
  const index = new Array<number>(n).fill(0);
  for (;;) {
    yield index.map((l) => tiers[l]);
    let k = n - 1;
    while (k >= 0 && index[k] === tiers.length - 1) index[k--] = 0;
    if (k < 0) return;
    index[k]++;
  }
}
