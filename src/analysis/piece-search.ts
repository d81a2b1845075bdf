/**
 * Every profile that is a pure equilibrium somewhere on a piece of a line (issue 13), exactly:
 * branch and propagate (solvers/branch.ts) over the piece's *interval data* (each game entry
 * at its lowest and its highest value on the piece; propagate.ts, "Interval data"), so that a
 * level is removed only where it loses at every value of the piece; then each leaf's exact
 * equilibrium set on the piece (parametric.ts). Complete: propagation removes no level that an
 * equilibrium at some value of the piece plays, so every such profile is a leaf. A leaf whose
 * set is empty (interval bounds mix entries of different values) is spurious and dropped.
 *
 * No MIP tolerance enters: the answer is as exact as the equilibrium sets. Limits: exponential
 * in the worst case, like branch and propagate; interval bounds are looser than a point's, the
 * more so the more entries move along the piece.
 */
import type { Profile } from "../model/game.js";
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

export function pieceEquilibria(piece: Piece, deadline: number): PieceEquilibria {
  const { lower, upper } = piece.intervalData();
  const propagator = new Propagator(lower, { upper });
  const profiles: { profile: Profile; set: Interval[] }[] = [];
  let spurious = 0;
  let complete = true;
  const sink: LeafSink = {
    equilibria: [],
    tick: () => (complete = Date.now() <= deadline),
    offer: (profile) => {
      const set = piece.equilibriumSet(profile);
      if (set.length > 0) profiles.push({ profile: [...profile], set });
      else spurious++;
      return true;
    },
  };
  const { nodes } = branchAndPropagate(lower, sink, { propagator });
  return { profiles, spurious, nodes, complete };
}
