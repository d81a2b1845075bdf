/**
 * Margins (INTERFACE.md, "`thresholds`", `--profile`; issue 13): for a profile, the largest
 * interval of each scenario number around its current value over which the profile stays an
 * equilibrium (or, for `explain`, over which one lab's choice stays a best response), every
 * other number held.
 *
 * Exact, by the piecewise-affine game of `parametric.ts`: the number's whole domain is cut at
 * its structural events; on each piece the profile's set is a union of closed intervals, and at
 * each event (where the game jumps) the profile is certified directly. The connected part of
 * that set containing the current value is the margin.
 */
import { bestResponse, certify } from "../model/certificate.js";
import { tierLevels, type Profile } from "../model/game.js";
import { capabilities } from "../model/payoff.js";
import { domainOf, inDomain, nudge, ParameterLine } from "./parametric.js";
import { parameterPaths, type Subject } from "./parameters.js";

/** How an end of a margin is set: a threshold of the game, or the number's domain. */
export type EdgeKind = "threshold" | "domain";

export interface Margin {
  readonly path: string;
  readonly current: number;
  /** null: unbounded. */
  readonly from: number | null;
  readonly to: number | null;
  readonly fromIncluded: boolean;
  readonly toIncluded: boolean;
  readonly fromKind: EdgeKind;
  readonly toKind: EdgeKind;
  /**
   * Distance to the nearest threshold edge, relative to the current value (to 1 when that is
   * smaller than 1 in magnitude); null when both edges are the domain's or unbounded.
   */
  readonly nearest: number | null;
}

export interface MarginsResult {
  readonly profile: number[];
  readonly equilibrium: boolean;
  /** Sorted by `nearest`, closest first (the conclusions that hang by a thread). */
  readonly margins: Margin[];
}

interface Atom {
  lo: number;
  hi: number;
  loIn: boolean;
  hiIn: boolean;
}

/**
 * The margin of one number: the connected stretch around its current value where each of
 * `players` (default: all, the equilibrium condition) plays a best response in x.
 * Null when x fails the condition at the current value.
 */
export function margin(subject: Subject, path: string, x: Profile, players?: readonly number[]): Margin | null {
  const line = new ParameterLine(subject, path);
  const c = line.current;
  if (c === null) return null;
  const game = line.gameAt(c);
  const who = players ?? Array.from({ length: game.n }, (_, i) => i);
  const holdsAt = (v: number) => {
    const g = line.gameAt(v);
    if (who.length === g.n) return certify(g, x) !== null;
    if (x.some((xi, i) => xi < g.minimum[i])) return false;
    const p = capabilities(g, x);
    return who.every((i) => bestResponse(g, p, x, i).gain <= g.tolerance);
  };
  if (!holdsAt(c)) return null;
  const domain = domainOf(path, tierLevels(subject.scenario));
  const other = [c + 1, c - 1, (c + (Number.isFinite(domain.hi) && domain.hi !== c ? domain.hi : domain.lo)) / 2].find((v) => v !== c && inDomain(domain, v))!;
  const events = line.events(domain.lo, domain.hi, c, other);
  const cuts = [domain.lo, ...events, domain.hi];
  const atoms: Atom[] = [];
  for (let k = 0; k + 1 < cuts.length; k++) {
    const [lo, hi] = [cuts[k], cuts[k + 1]];
    for (const [a, b] of line.piece(lo, hi).bestResponseSet(x, who)) {
      // At a piece's own end the game may jump: an event is decided by its own atom below, a
      // domain bound by a check there.
      const end = (v: number, bound: number, domainBound: boolean, included: boolean) =>
        v !== bound || (domainBound && included && Number.isFinite(v) && holdsAt(v));
      atoms.push({ lo: a, hi: b, loIn: end(a, lo, k === 0, domain.loIncluded), hiIn: end(b, hi, k + 2 === cuts.length, domain.hiIncluded) });
    }
  }
  for (const e of events) if (holdsAt(e)) atoms.push({ lo: e, hi: e, loIn: true, hiIn: true });
  // By left end, included ends first, so that an event's point joins the piece before it.
  atoms.sort((p, q) => p.lo - q.lo || Number(q.loIn) - Number(p.loIn) || q.hi - p.hi);
  // Merge connected atoms, keeping the component that holds c.
  const parts: Atom[] = [];
  for (const atom of atoms) {
    const last = parts[parts.length - 1];
    if (last && (last.hi > atom.lo || (last.hi === atom.lo && (last.hiIn || atom.loIn)))) {
      if (atom.hi > last.hi || (atom.hi === last.hi && atom.hiIn)) [last.hi, last.hiIn] = [atom.hi, atom.hiIn];
      if (atom.lo === last.lo) last.loIn ||= atom.loIn;
    } else parts.push({ ...atom });
  }
  const part = parts.find((p) => (p.lo < c || (p.lo === c && p.loIn)) && (c < p.hi || (c === p.hi && p.hiIn))) ?? { lo: c, hi: c, loIn: true, hiIn: true };
  // Included ends are certified (moved inward by rounding units if the model's root is not).
  if (part.loIn && Number.isFinite(part.lo) && part.lo < c) part.lo = nudge(part.lo, holdsAt, [1]);
  if (part.hiIn && Number.isFinite(part.hi) && part.hi > c) part.hi = nudge(part.hi, holdsAt, [-1]);
  const kind = (v: number, bound: number): EdgeKind => (v === bound ? "domain" : "threshold");
  const fromKind = kind(part.lo, domain.lo);
  const toKind = kind(part.hi, domain.hi);
  const scale = Math.max(1, Math.abs(c));
  const distances = [fromKind === "threshold" ? c - part.lo : Infinity, toKind === "threshold" ? part.hi - c : Infinity];
  const nearest = Math.min(...distances) / scale;
  return {
    path,
    current: c,
    from: Number.isFinite(part.lo) ? part.lo : null,
    to: Number.isFinite(part.hi) ? part.hi : null,
    fromIncluded: part.loIn,
    toIncluded: part.hiIn,
    fromKind,
    toKind,
    nearest: Number.isFinite(nearest) ? nearest : null,
  };
}

/** The margin of every number of the scenario (and policy) for the profile, closest first. */
export function margins(subject: Subject, x: Profile): MarginsResult {
  const paths = parameterPaths(subject);
  const found = paths.map((path) => margin(subject, path, x));
  const equilibrium = found.some((m) => m !== null) || paths.length === 0;
  const list = found.filter((m): m is Margin => m !== null);
  list.sort((a, b) => (a.nearest ?? Infinity) - (b.nearest ?? Infinity));
  return { profile: [...x], equilibrium: equilibrium && list.length === paths.length, margins: equilibrium && list.length === paths.length ? list : [] };
}

/**
 * What would change one lab's choice (`explain`): the margins of its own gain and cost and of
 * the spillover form in use, over which its openness in x stays a best response to the others'
 * (held). Empty when it is not a best response now.
 */
export function choiceMargins(subject: Subject, x: Profile, i: number): Margin[] {
  const id = subject.scenario.players[i].id;
  const paths = parameterPaths(subject).filter(
    (p) => p === `players.${id}.communityGain` || p === `players.${id}.openCost` || p === "spillover" || p === "spillover.absorptive",
  );
  return paths.flatMap((path) => margin(subject, path, x, [i]) ?? []);
}
