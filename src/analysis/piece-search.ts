/**
 * Every profile that is a pure equilibrium somewhere on a piece of a line (issue 13), exactly:
 * branch and propagate (solvers/branch.ts) over the piece's *interval data* (each game entry
 * at its lowest and its highest value on the piece; propagate.ts, "Interval data"), so that a
 * level is removed only where it loses at every value of the piece; then each leaf's exact
 * equilibrium set on the piece (parametric.ts). Complete: propagation removes no level that an
 * equilibrium at some value of the piece plays, so every such profile is a leaf. A leaf whose
 * set is empty (interval bounds mix entries of different values) is spurious and dropped.
 *
 * Interval bounds are looser than a point's, the more so the more entries move along the
 * piece and the longer it is (a levy on every lab over a range of 6 left a 30-lab search
 * unfinished after a minute). So each part's search gets a budget: BUDGET_FACTOR times the
 * nodes the same search needs at the part's midpoint alone (what no interval can beat), plus
 * BUDGET_SLACK; a search that passes it is dropped and the part halved, down to MIN_WIDTH
 * (relative), below which the search runs to the end. On short parts the bounds are nearly a
 * point's, so the halving stops. Profiles found on the parts are united, each with its exact
 * set on the whole piece.
 *
 * No MIP tolerance enters: the answer is as exact as the equilibrium sets. Limits: exponential
 * in the worst case, like branch and propagate.
 */
import type { Game, Profile } from "../model/game.js";
import { branchAndPropagate, type LeafSink } from "../solvers/branch.js";
import { Propagator } from "../solvers/propagate.js";
import type { Interval, Piece } from "./parametric.js";

export interface PieceEquilibria {
  /** Each profile with a non-empty equilibrium set on the piece, and the set. */
  readonly profiles: { readonly profile: Profile; readonly set: Interval[] }[];
  /** Leaves whose exact set was empty. */
  readonly spurious: number;
  readonly nodes: number;
  /** False when the deadline stopped the search (the list may then miss profiles). */
  readonly complete: boolean;
}

/** A part's search may take this many times the nodes of its midpoint's, plus BUDGET_SLACK. */
const BUDGET_FACTOR = 4;
const BUDGET_SLACK = 1024;
/** Parts narrower than this (relative to the piece) are searched to the end. */
const MIN_WIDTH = 1e-6;

export function pieceEquilibria(piece: Piece, deadline: number): PieceEquilibria {
  const found = new Map<string, { profile: Profile; set: Interval[] }>();
  const leaves = new Set<string>();
  let spurious = 0;
  let nodes = 0;
  let complete = true;
  const minWidth = MIN_WIDTH * Math.max(1, Math.abs(piece.lo), Math.abs(piece.hi), piece.hi - piece.lo);
  /** Searches lower..upper; the profiles kept, or null when it passed the budget. */
  const run = (lower: Game, upper: Game, budget: number): Profile[] | null => {
    const kept: Profile[] = [];
    let over = false;
    const sink: LeafSink = {
      equilibria: [],
      tick: (done) => {
        complete = Date.now() <= deadline;
        over = done > budget;
        return complete && !over;
      },
      offer: (profile) => {
        kept.push([...profile]);
        return true;
      },
    };
    nodes += branchAndPropagate(lower, sink, { propagator: new Propagator(lower, { upper }) }).nodes;
    return over && complete ? null : kept;
  };
  /** Searches one part; false when it passed its budget (then nothing it found is kept). */
  const search = (part: Piece, narrow: boolean): boolean => {
    let budget = Infinity;
    if (!narrow) {
      const at = part.gameOn(part.lo + (part.hi - part.lo) / 2);
      const before = nodes;
      run(at, at, Infinity);
      budget = BUDGET_FACTOR * (nodes - before) + BUDGET_SLACK;
    }
    const { lower, upper } = part.intervalData();
    const kept = run(lower, upper, budget);
    if (!kept) return false;
    for (const profile of kept) {
      const key = profile.join(",");
      if (leaves.has(key)) continue;
      leaves.add(key);
      const set = piece.equilibriumSet(profile);
      if (set.length > 0) found.set(key, { profile, set });
      else spurious++;
    }
    return true;
  };
  const visit = (lo: number, hi: number): void => {
    if (!complete) return;
    if (search(piece.part(lo, hi), hi - lo <= minWidth)) return;
    const mid = lo + (hi - lo) / 2;
    visit(lo, mid);
    visit(mid, hi);
  };
  visit(piece.lo, piece.hi);
  return { profiles: [...found.values()], spurious, nodes, complete };
}
