/**
 * Exact breakpoints along one scenario number (INTERFACE.md, "`thresholds`"; issue 13): every
 * value in a range where the set of pure equilibria changes, the set in each region between
 * them and at each of them.
 *
 * Method (docs/model.md, "Thresholds"): the range is cut at the structural events of
 * `parametric.ts`; on each piece, every candidate profile's equilibrium set is computed exactly
 * (a finite union of closed intervals) and its ends are the candidate breakpoints. Between two
 * consecutive candidates no candidate changes status, so the set of equilibria is constant
 * there; it is then *certified* by a complete exact solve (`solveDiscrete`) strictly inside each
 * gap and at each candidate, and candidates where nothing changes are dropped.
 *
 * Which profiles are candidates:
 *  - `exhaustive` (up to EXHAUSTIVE_LIMIT profiles in the tier grid): all of them. Guarantee:
 *    every breakpoint is found (up to rounding, far below the tolerance).
 *  - `refine` (larger races): the equilibria that the exact solver finds at the structural
 *    events, the gap midpoints and the candidates, repeated until a round of solves finds no new
 *    profile; then the *completeness proof*: on each piece, branch and propagate over the
 *    piece's interval data lists every profile that is an equilibrium for some value of the
 *    piece, with its exact set (piece-search.ts). Each one not yet a candidate becomes one;
 *    so the candidates are complete (the structural events themselves are covered by the
 *    complete solves there), and the guarantee equals `exhaustive`'s (`proven: true`), with
 *    no solver tolerance involved. When a time limit stops the proof, the sets are still certified by their
 *    solves but the breakpoints are not proven complete (`proven: false`): a profile that is an
 *    equilibrium only on a stretch containing none of the solved points could be missed.
 */
import { certify, type Equilibrium } from "../model/certificate.js";
import { tierLevels, type Game, type Profile } from "../model/game.js";
import { solveDiscrete } from "../solvers/solve.js";
import { pieceEquilibria } from "./piece-search.js";
import { allProfiles, inDomain, domainOf, DomainError, gameInDomain, nudge, ParameterLine, type Interval, type Piece } from "./parametric.js";
import { parsePath, type Subject } from "./parameters.js";
import type { Parsed } from "../model/validate.js";

/** Profiles in the tier grid up to which every one of them is a candidate. */
export const EXHAUSTIVE_LIMIT = 1 << 14;

/** True when the game's tier grid is small enough for every profile to be examined (EXHAUSTIVE_LIMIT). */
export function fitsExhaustive(game: Pick<Game, "n" | "tiers">): boolean {
  return game.tiers.length ** game.n <= EXHAUSTIVE_LIMIT;
}

export interface ThresholdRegion {
  readonly from: number;
  readonly to: number;
  readonly exists: boolean;
  readonly equilibria: number[][];
  /** The value strictly inside where the set was certified by a complete solve. */
  readonly certifiedAt: number;
}

export interface ThresholdsResult {
  readonly path: string;
  readonly from: number;
  readonly to: number;
  readonly current: number | null;
  readonly breakpoints: number[];
  readonly regions: ThresholdRegion[];
  readonly atBreakpoints: { readonly value: number; readonly equilibria: number[][] }[];
  /** The sets at FROM and at TO themselves (certified by a solve there). */
  readonly atEnds: { readonly value: number; readonly equilibria: number[][] }[];
  readonly method: "exhaustive" | "refine";
  /** False when a time limit stopped the work (the result then covers nothing reliable). */
  readonly complete: boolean;
  /**
   * True when the candidate profiles are proven to be every profile that is an equilibrium
   * somewhere in the range (exhaustive: all of them; refine: the completeness proof finished), so the
   * breakpoints are all of them. False: refine's proof was stopped (time limit, solver failure).
   */
  readonly proven: boolean;
  readonly stats: ThresholdsStats;
}

export interface ThresholdsStats {
  readonly seconds: number;
  readonly candidates: number;
  readonly solves: number;
  /** The completeness proof (refine). */
  readonly proof?: ProofStats;
}

export interface ProofStats {
  /** Search nodes, candidates the proof added, leaves whose exact set was empty. */
  nodes: number;
  added: number;
  spurious: number;
  seconds: number;
  /** Why the proof did not finish ("time-limit"). */
  stopped?: string;
}

export interface ThresholdsOptions {
  /** Force a method (default: exhaustive when the tier grid is small enough). */
  readonly method?: "exhaustive" | "refine";
  /** Wall-clock deadline as a Date.now() value. */
  readonly deadline?: number;
  readonly onProgress?: (done: number, total: number) => void;
  /** `refine` only: run the completeness proof (default true; false leaves `proven` false). */
  readonly prove?: boolean;
}

/** Thrown when a limit stops the work (the caller reports it as incomplete). */
export class TimeLimitError extends Error {}

/** Every pure equilibrium at v by a complete solve, within the deadline (else TimeLimitError). */
export async function completeSolveAt(line: ParameterLine, v: number, deadline: number): Promise<Equilibrium[]> {
  return completeSolve(line.gameAt(v), deadline);
}

/** Every pure equilibrium of the game by a complete solve, within the deadline (else TimeLimitError). */
export async function completeSolve(game: Game, deadline: number): Promise<Equilibrium[]> {
  if (Date.now() > deadline) throw new TimeLimitError("time limit");
  const timeLimit = Number.isFinite(deadline) ? Math.max(0.001, (deadline - Date.now()) / 1000) : undefined;
  const result = await solveDiscrete(game, { welfare: false, timeLimit });
  if (!result.complete) throw new TimeLimitError("time limit");
  return result.equilibria;
}

const key = (x: Profile) => x.join(",");

/** `refine`: solves that seed the candidates inside each piece, evenly spaced. */
const SEEDS = 8;

/** Two candidate values this close (relative) are one. */
const MERGE = 1e-12;

/** The sets of equilibria along (from, to) of the line, with their certificates. */
export async function thresholds(subject: Subject, path: string, from: number, to: number, options: ThresholdsOptions = {}): Promise<ThresholdsResult> {
  const started = Date.now();
  const line = new ParameterLine(subject, path);
  const field = new Breakpoints(line, from, to, options);
  const result = await field.run();
  return { ...result, stats: { ...result.stats, seconds: (Date.now() - started) / 1000 } };
}

/** One run of the method (state shared by its steps). */
class Breakpoints {
  private readonly structural: number[];
  private readonly pieces: Piece[];
  /** Candidate profiles and the ends of their equilibrium sets. */
  private readonly candidates = new Map<string, Profile>();
  /** Candidate values, each with the profiles whose equilibrium set ends there. */
  private readonly points = new Map<number, Profile[]>();
  private readonly solved = new Map<number, Equilibrium[]>();
  private solves = 0;
  /** The candidate values of the last round of solves (the final ones once no round adds any). */
  private settled: number[] = [];
  private proof: ProofStats | undefined;

  constructor(
    private readonly line: ParameterLine,
    private readonly from: number,
    private readonly to: number,
    private readonly options: ThresholdsOptions,
  ) {
    this.structural = line.events(from, to, from, to);
    const cuts = [from, ...this.structural, to];
    this.pieces = cuts.slice(1).map((hi, k) => line.piece(cuts[k], hi));
    for (const e of this.structural) this.points.set(e, []);
  }

  async run(): Promise<ThresholdsResult> {
    const game = this.line.gameAt(this.from);
    const method = this.options.method ?? (fitsExhaustive(game) ? "exhaustive" : "refine");
    if (method === "exhaustive") {
      for (const x of allProfiles(game)) this.addCandidate(x);
      await this.certify();
    } else {
      // Seeds: the equilibria at the range's ends, the structural events and SEEDS points inside every piece.
      for (const piece of this.pieces)
        for (let k = 1; k <= SEEDS; k++) for (const eq of await this.solveAt(piece.lo + ((piece.hi - piece.lo) * k) / (SEEDS + 1))) this.addCandidate(eq.profile);
      for (const e of [this.from, ...this.structural, this.to]) for (const eq of await this.solveAt(e)) this.addCandidate(eq.profile);
      // Refine until a round of certifying solves finds no new profile.
      while ((await this.certify()) > 0);
    }
    const proven = method === "exhaustive" || (this.options.prove !== false && (await this.prove()));
    await this.solveAt(this.from);
    await this.solveAt(this.to);
    const stats = { seconds: 0, candidates: this.candidates.size, solves: this.solves, ...(this.proof ? { proof: this.proof } : {}) };
    return { ...this.assemble(), method, complete: true, proven, stats };
  }

  /**
   * The completeness proof of `refine` (header): per piece, every profile that is an
   * equilibrium somewhere on it (piece-search.ts); each one not yet a candidate becomes one, and
   * the values are certified again by solves. False when the deadline stops it.
   */
  private async prove(): Promise<boolean> {
    const started = Date.now();
    const proof: ProofStats = { nodes: 0, added: 0, spurious: 0, seconds: 0 };
    this.proof = proof;
    const deadline = this.options.deadline ?? Infinity;
    let proven = true;
    for (const piece of this.pieces) {
      const found = pieceEquilibria(piece, deadline);
      proof.nodes += found.nodes;
      proof.spurious += found.spurious;
      if (!found.complete) {
        proof.stopped = "time-limit";
        proven = false;
        break;
      }
      let added = 0;
      for (const { profile } of found.profiles) if (this.addCandidate(profile)) added++;
      proof.added += added;
      // New candidates: certify their values (solves may add profiles found at events). A
      // deadline here ends the run as incomplete, as in refine's own rounds.
      if (added > 0) while ((await this.certify()) > 0);
    }
    proof.seconds = (Date.now() - started) / 1000;
    return proven;
  }

  /** Adds a profile: its equilibrium set's ends (inside the range) become candidate values. */
  private addCandidate(x: Profile): boolean {
    const k = key(x);
    if (this.candidates.has(k)) return false;
    this.candidates.set(k, x);
    for (const piece of this.pieces) {
      const { lo, hi } = piece;
      const set = piece.equilibriumSet(x);
      for (const [a, b] of set) for (const v of [a, b]) if (v > lo && v < hi) this.points.set(v, [...(this.points.get(v) ?? []), x]);
    }
    return true;
  }

  /**
   * Candidate values, ascending, near-duplicates merged into one; each is moved (by a few
   * units of rounding at most) to a float where the profiles whose closed sets end there are
   * certified equilibria, so that the set reported at a breakpoint is the closed one.
   */
  private values(): number[] {
    const sorted = [...this.points.keys()].sort((a, b) => a - b);
    const clusters: number[][] = [];
    for (const v of sorted) {
      const last = clusters[clusters.length - 1];
      if (last && v - last[last.length - 1] <= MERGE * Math.max(1, Math.abs(v))) last.push(v);
      else clusters.push([v]);
    }
    const out: number[] = [];
    for (const cluster of clusters) {
      const expected = cluster.flatMap((v) => this.points.get(v)!);
      // From the raw ends (never from a value settled in an earlier round), so that the same
      // candidates give the same values whatever order they were found in.
      const v = this.settle(cluster[0], expected);
      if (v > this.from && v < this.to) out.push(v);
    }
    return out;
  }

  /**
   * The float nearest v at which every expected profile is certified (v itself if none is).
   * A value solved in an earlier round is checked again: candidates found since may end there.
   */
  private settle(v: number, expected: Profile[]): number {
    if (expected.length === 0) return v;
    return nudge(v, (u) => {
      // A step of rounding can leave the number's domain (a gain just below 0): not there.
      const game = gameInDomain(() => this.line.gameAt(u));
      return game !== null && expected.every((x) => certify(game, x) !== null);
    });
  }

  /** Solves at every candidate and gap midpoint; returns how many new profiles were found. */
  private async certify(): Promise<number> {
    const values = this.values();
    this.settled = values;
    const bounds = [this.from, ...values, this.to];
    const at = [...values, ...bounds.slice(1).map((b, k) => (bounds[k] + b) / 2)];
    let added = 0;
    let done = 0;
    for (const v of at) {
      for (const eq of await this.solveAt(v)) if (this.addCandidate(eq.profile)) added++;
      this.options.onProgress?.(++done, at.length);
    }
    return added;
  }

  private async solveAt(v: number): Promise<Equilibrium[]> {
    const known = this.solved.get(v);
    if (known) return known;
    const equilibria = await completeSolveAt(this.line, v, this.options.deadline ?? Infinity);
    this.solves++;
    this.solved.set(v, equilibria);
    return equilibria;
  }

  /** Breakpoints: candidates where the set differs from a neighbouring gap's; regions merged. */
  private assemble() {
    const values = this.settled;
    const bounds = [this.from, ...values, this.to];
    const setAt = (v: number) => this.solved.get(v)!.map((e) => e.profile);
    const gaps = bounds.slice(1).map((b, k) => ({ from: bounds[k], to: b, mid: (bounds[k] + b) / 2 }));
    const same = (a: number[][], b: number[][]) => a.length === b.length && a.every((x, k) => key(x) === key(b[k]));
    const breakpoints: number[] = [];
    const atBreakpoints: ThresholdsResult["atBreakpoints"] = [];
    const regions: ThresholdRegion[] = [];
    let open = gaps[0];
    for (let k = 0; k < values.length; k++) {
      const here = setAt(values[k]);
      const left = setAt(gaps[k].mid);
      const right = setAt(gaps[k + 1].mid);
      if (same(here, left) && same(here, right)) continue;
      breakpoints.push(values[k]);
      atBreakpoints.push({ value: values[k], equilibria: here });
      regions.push(this.region(open.from, values[k], open.mid));
      open = gaps[k + 1];
    }
    regions.push(this.region(open.from, this.to, open.mid));
    const atEnds = [this.from, this.to].map((value) => ({ value, equilibria: setAt(value) }));
    return { path: this.line.path, from: this.from, to: this.to, current: this.line.current, breakpoints, regions, atBreakpoints, atEnds };
  }

  private region(from: number, to: number, certifiedAt: number): ThresholdRegion {
    const equilibria = this.solved.get(certifiedAt)!.map((e) => e.profile);
    return { from, to, exists: equilibria.length > 0, equilibria, certifiedAt };
  }
}

/** A varied number and its range, as `--vary PATH=FROM:TO` gives them. */
export interface Range {
  readonly path: string;
  readonly from: number;
  readonly to: number;
}

/**
 * Reads `PATH=FROM:TO` and checks it against the subject: a path of the grammar, FROM < TO, and
 * both ends in the number's domain (the domain is an interval, so the whole range is then).
 */
export function parseRange(text: string, subject: Subject, option = "--vary"): Parsed<Range> {
  const fail = (message: string): Parsed<Range> => ({ ok: false, problems: [{ path: option, message }] });
  const match = /^([^=]+)=([^:]+):([^:]+)$/.exec(text.trim());
  if (!match) return fail(`expected PATH=FROM:TO (for example players.underdog.communityGain=0.5:4), got "${text}"`);
  const [, path, fromText, toText] = match;
  const [from, to] = [Number(fromText), Number(toText)];
  if (!Number.isFinite(from) || !Number.isFinite(to) || fromText.trim() === "" || toText.trim() === "")
    return fail(`expected numbers for FROM and TO in "${text}"`);
  if (!(from < to)) return fail(`expected FROM < TO, got ${from}:${to}`);
  const parsed = parsePath(path, subject);
  if (!parsed.ok) return fail(parsed.problems.map((p) => `"${p.path}": ${p.message}`).join("; "));
  const line = new ParameterLine(subject, path);
  for (const v of [from, to]) {
    try {
      line.gameAt(v);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      const domain = domainOf(path, tierLevels(subject.scenario));
      const shown = `${domain.loIncluded ? "[" : "("}${domain.lo}, ${domain.hi}${domain.hiIncluded ? "]" : ")"}`;
      return fail(`${path} = ${v} is outside its domain ${inDomain(domain, v) ? `(${error.message})` : shown}`);
    }
  }
  return { ok: true, value: { path, from, to } };
}

export type { Interval };
