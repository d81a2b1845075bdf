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
 * settles the most). Ties: the highest capability bound first (labs that may lead decide
 * everyone's strongest rival), except in the binary game under the last-witness rule
 * (`last-witness.ts`, races of up to 64 labs), where the lowest goes first: a weak lab is
 * nobody's strongest rival, and fixing it moves the pairwise bounds among the strong ones, on
 * which the rule acts. Measured (docs/model.md): the dense 34-lab race 5.7 s -> 3.1 s with the
 * lowest first; with tiers it lost (the tiered 40-lab race 40 s -> 81 s).
 *
 * Probing: before branching, each undecided player with a small neighbourhood (few players
 * depend on it, so a trial is cheap) tries each of its levels; a level whose propagation
 * fails is removed, and a player with no level left closes the node. This is failed-literal
 * probing: it notices a local cycle with no stable state (like the matching-pennies gadget
 * of a falsified clause in docs/sat-reduction.md) as soon as its inputs are settled, instead
 * of at the leaves. Dense races have no small neighbourhoods and skip it.
 *
 * Parallel search: `splitSearch` expands the top of the same tree breadth first (one node
 * expansion, `SearchTree.expand`, serves both walks) and returns the open states; searching
 * each from where it is (`from`) visits the rest of the tree, on as many threads as the caller
 * has (docs/model.md, "Parallel search").
 *
 * Scaling: exponential in the worst case (the problem is NP-hard), but on random races of
 * hundreds of labs the root presolve decides most players and propagation the rest; see
 * docs/benchmarks.md.
 */
import type { Game } from "../model/game.js";
import type { Objective, Sense } from "../model/objectives.js";
import { copyState, highestLevel, levelsOf, Propagator, type DomainState } from "./propagate.js";
import type { Search } from "./search.js";

export interface BranchOptions {
  /** Branch and bound on this objective (the search keeps only better equilibria). */
  readonly objective?: { readonly objective: Objective; readonly sense: Sense };
  /** The propagator (default: the game's own); interval data for the profiles of a piece. */
  readonly propagator?: Propagator;
  /** Search from this propagated state (a box of `splitSearch`; default: the root). */
  readonly from?: DomainState;
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
  const tree = new SearchTree(game, search, options);
  // One state per depth, reused: a child is propagated into its depth's state when the walk
  // reaches it, and its subtree is done before its next sibling overwrites it.
  const scratch: DomainState[] = [];
  const visit = (state: DomainState, depth: number): void => {
    scratch[depth] ??= copyState(state);
    const children = tree.expand(state, scratch[depth]);
    for (const child of children) {
      const next = child();
      if (next) visit(next, depth + 1);
      if (tree.stopped) return;
    }
  };
  const root = options.from ?? tree.propagator.root();
  if (root) visit(root, 0);
  return { nodes: tree.nodes, freeAtRoot: root ? Array.from(root.mask).filter((m) => m & (m - 1)).length : 0 };
}

/**
 * The top of the search tree, for a parallel search: nodes are expanded breadth first, exactly
 * as `branchAndPropagate` expands them, until at least `count` states are open (or none is
 * left). Leaves met on the way go to the search. Searching from every state returned (`from`)
 * then visits exactly the rest of the tree: the same nodes, the same equilibria. States are
 * plain typed arrays, so they pass to worker threads as they are.
 */
export function splitSearch(game: Game, search: LeafSink, count: number): { boxes: DomainState[]; nodes: number } {
  const tree = new SearchTree(game, search, {});
  const root = tree.propagator.root();
  let open: DomainState[] = root ? [root] : [];
  while (open.length > 0 && open.length < count && !tree.stopped) {
    const next: DomainState[] = [];
    for (const state of open) for (const child of tree.expand(state)) {
      const c = child();
      if (c) next.push(c);
    }
    open = next;
  }
  return { boxes: tree.stopped ? [] : open, nodes: tree.nodes };
}

/** One node of branch and propagate at a time: probe, bound, offer a leaf or branch. */
class SearchTree {
  readonly propagator: Propagator;
  nodes = 0;
  stopped = false;
  private readonly watchCount: Int32Array;
  /** Players probed at every node (few dependants: a trial is cheap). */
  private readonly cheap: Int32Array;
  private probes = 0;
  /** Best objective value of an equilibrium found so far (branch and bound). */
  private incumbent = -Infinity;
  private readonly sign: number;
  private readonly profile: number[];
  /** Ties go to the lowest capability bound in the binary game under the last-witness rule, else to the highest (see the header). */
  private readonly lowestFirst: boolean;

  constructor(
    private readonly game: Game,
    private readonly search: LeafSink,
    private readonly options: BranchOptions,
  ) {
    this.propagator = options.propagator ?? new Propagator(game);
    this.watchCount = Int32Array.from(this.propagator.watchers, (w) => w.length);
    this.cheap = Int32Array.from(Array.from(this.watchCount).flatMap((w, i) => (w <= PROBE_NEIGHBOURHOOD ? [i] : [])));
    this.sign = options.objective?.sense === "min" ? -1 : 1;
    this.profile = new Array<number>(game.n).fill(0);
    this.lowestFirst = game.tiers.length === 2 && this.propagator.lastWitness !== undefined;
  }

  /**
   * Visits a node: its children, each propagated when called (null: infeasible), into `into`
   * when given (else a new state); none for a leaf (offered to the search), a pruned node, or
   * when the search must stop.
   */
  expand(reached: DomainState, into?: DomainState): (() => DomainState | null)[] {
    if (this.stopped) return [];
    const { game, search, propagator } = this;
    const { n, tiers } = game;
    this.nodes++;
    const state = this.cheap.length ? this.probe(reached) : reached;
    if (!state) return [];
    if ((this.nodes & 0xff) === 0 && !search.tick(this.nodes, 0, "nodes")) {
      this.stopped = true;
      return [];
    }
    const goal = this.options.objective;
    if (goal) {
      const lowX = Array.from({ length: n }, (_, i) => propagator.bounds(state, i)[0]);
      const highX = Array.from({ length: n }, (_, i) => propagator.bounds(state, i)[1]);
      const [low, high] = goal.objective.bounds({ LO: state.LO, HI: state.HI, lowX, highX });
      const optimistic = this.sign > 0 ? high : -low;
      if (optimistic <= this.incumbent + game.tolerance) return [];
    }
    const pick = this.branchingPlayer(state);
    if (pick < 0) {
      const profile = this.profile;
      for (let i = 0; i < n; i++) profile[i] = tiers[highestLevel(state.mask[i])];
      const before = search.equilibria.length;
      if (!search.offer(profile)) this.stopped = true;
      if (goal && search.equilibria.length > before) {
        const eq = search.equilibria[search.equilibria.length - 1];
        this.incumbent = Math.max(this.incumbent, this.sign * goal.objective.value(eq.profile, eq.capabilities));
      }
      return [];
    }
    return levelsOf(state.mask[pick]).map((level) => () => propagator.restrict(state, pick, 1 << level, into));
  }

  /** The player to branch on (see the header); -1 when every player is decided (a leaf). */
  private branchingPlayer(state: DomainState): number {
    const w = this.watchCount;
    const HI = state.HI;
    const lowest = this.lowestFirst;
    let pick = -1;
    for (let i = 0; i < w.length; i++) {
      const m = state.mask[i];
      if (!(m & (m - 1))) continue;
      if (pick < 0 || w[i] > w[pick] || (w[i] === w[pick] && (lowest ? HI[i] < HI[pick] : HI[i] > HI[pick]))) pick = i;
    }
    return pick;
  }

  /** Failed-literal probing to a fixed point; null if some player has no level that survives. */
  private probe(state: DomainState): DomainState | null {
    const { propagator, search } = this;
    for (let changed = true; changed; ) {
      changed = false;
      for (let k = 0; k < this.cheap.length; k++) {
        // A probe of a race with thousands of labs takes seconds: watch the clock within it.
        if ((++this.probes & 0xff) === 0 && !search.tick(this.nodes, 0, "nodes")) {
          this.stopped = true;
          return null;
        }
        const i = this.cheap[k];
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
  }
}
