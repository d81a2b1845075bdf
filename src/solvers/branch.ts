/**
 * Exact branch-and-propagate search for pure equilibria (the "propagation-based exact search"
 * of the scale-up issue). Depth-first: propagate iterated strict dominance (`propagate.ts`),
 * branch on one undecided player's level, recurse. Propagation only removes levels that no
 * equilibrium in the box uses, so the search is complete: every equilibrium is a leaf, and
 * an exhausted search proves there is none. Leaves are certified by `Search.offer`.
 *
 * With an objective, it is branch and bound: a box whose optimistic bound cannot beat the
 * incumbent is pruned (`objectives.ts` bounds each objective over a box).
 *
 * Branching order: the undecided player whose box change re-examines the most players (it
 * settles the most), ties broken by the highest capability bound (labs that may lead decide
 * everyone's strongest rival).
 *
 * Probing: before branching, each undecided player with a small neighbourhood (few players
 * depend on it, so a trial is cheap) tries each of its levels; a level whose propagation
 * fails is removed, and a player with no level left closes the node. This is failed-literal
 * probing: it notices a local cycle with no stable state (like the matching-pennies gadget
 * of a falsified clause in docs/sat-reduction.md) as soon as its inputs are settled, instead
 * of at the leaves. Dense races have no small neighbourhoods and skip it. Scaling: exponential in the worst case (the problem is
 * NP-hard), but on random races of hundreds of labs the root presolve decides most players
 * and propagation the rest; see docs/benchmarks.md.
 */
import type { Game } from "../model/game.js";
import type { Objective, Sense } from "../model/objectives.js";
import { highestLevel, levelsOf, Propagator, type DomainState } from "./propagate.js";
import type { Search } from "./search.js";

export interface BranchOptions {
  /** Branch and bound on this objective (the search keeps only better equilibria). */
  readonly objective?: { readonly objective: Objective; readonly sense: Sense };
  /** The propagator (default: the game's own); interval data for the profiles of a piece. */
  readonly propagator?: Propagator;
}

/** What the search reports to: each leaf (a profile every propagation kept), and the clock. */
export type LeafSink = Pick<Search, "offer" | "tick" | "equilibria">;

export interface BranchStats {
  readonly nodes: number;
  readonly freeAtRoot: number;
}

/** Players with at most this many dependants are probed at every node. */
const PROBE_NEIGHBOURHOOD = 12;

export function branchAndPropagate(game: Game, search: LeafSink, options: BranchOptions = {}): BranchStats {
  const propagator = options.propagator ?? new Propagator(game);
  const { n, tiers } = game;
  const watchCount = Int32Array.from(propagator.watchers, (w) => w.length);
  let nodes = 0;
  let stopped = false;
  /** Best objective value of an equilibrium found so far (branch and bound). */
  let incumbent = -Infinity;
  const goal = options.objective;
  const sign = goal?.sense === "min" ? -1 : 1;

  const cheap = Int32Array.from(Array.from(watchCount).flatMap((w, i) => (w <= PROBE_NEIGHBOURHOOD ? [i] : [])));
  /** Failed-literal probing to a fixed point; null if some player has no level that survives. */
  let probes = 0;
  const probe = (state: DomainState): DomainState | null => {
    for (let changed = true; changed; ) {
      changed = false;
      for (let k = 0; k < cheap.length; k++) {
        // A probe of a race with thousands of labs takes seconds: watch the clock within it.
        if ((++probes & 0xff) === 0 && !search.tick(nodes, 0)) {
          stopped = true;
          return null;
        }
        const i = cheap[k];
        const mask = state.mask[i];
        if (!(mask & (mask - 1))) continue;
        let keep = 0;
        for (const level of levelsOf(mask)) if (propagator.restrict(state, i, 1 << level)) keep |= 1 << level;
        if (keep === mask) continue;
        const next = keep ? propagator.restrict(state, i, keep) : null;
        if (!next) return null;
        state = next;
        changed = true;
      }
    }
    return state;
  };

  const root = propagator.root();
  const freeAtRoot = root ? Array.from(root.mask).filter((m) => m & (m - 1)).length : 0;
  const profile = new Array<number>(n).fill(0);

  const visit = (reached: DomainState): void => {
    if (stopped) return;
    nodes++;
    const probed = cheap.length ? probe(reached) : reached;
    if (!probed) return;
    const state = probed;
    if ((nodes & 0xff) === 0 && !search.tick(nodes, 0)) {
      stopped = true;
      return;
    }
    if (goal) {
      const lowX = Array.from({ length: n }, (_, i) => propagator.bounds(state, i)[0]);
      const highX = Array.from({ length: n }, (_, i) => propagator.bounds(state, i)[1]);
      const [low, high] = goal.objective.bounds({ LO: state.LO, HI: state.HI, lowX, highX });
      const optimistic = sign > 0 ? high : -low;
      if (optimistic <= incumbent + game.tolerance) return;
    }
    let pick = -1;
    for (let i = 0; i < n; i++) {
      const m = state.mask[i];
      if (!(m & (m - 1))) continue;
      if (
        pick < 0 ||
        watchCount[i] > watchCount[pick] ||
        (watchCount[i] === watchCount[pick] && state.HI[i] > state.HI[pick])
      )
        pick = i;
    }
    if (pick < 0) {
      for (let i = 0; i < n; i++) profile[i] = tiers[highestLevel(state.mask[i])];
      const before = search.equilibria.length;
      if (!search.offer(profile)) stopped = true;
      if (goal && search.equilibria.length > before) {
        const eq = search.equilibria[search.equilibria.length - 1];
        incumbent = Math.max(incumbent, sign * goal.objective.value(eq.profile, eq.capabilities));
      }
      return;
    }
    for (const level of levelsOf(state.mask[pick])) {
      const child = propagator.restrict(state, pick, 1 << level);
      if (child) visit(child);
      if (stopped) return;
    }
  };
  if (root) visit(root);
  return { nodes, freeAtRoot };
}
