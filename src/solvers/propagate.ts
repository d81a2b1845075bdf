/**
 * Iterated strict dominance as constraint propagation (MODEL.md section 3, "Discrete
 * enumeration": the presolve; and the propagation of the exact branch-and-propagate search).
 *
 * Each player keeps the set of tier levels it may still play (a bit mask). From the box of
 * levels still allowed, every capability p_j has bounds LO_j <= p_j <= HI_j. As a function of
 * its own level y, player i's payoff is (a_i - k_i) y - F(y) + const with
 * F(y) = max_{j in R(i)} (q_j + B[i][j] y), q_j being p_j without i's term, lo_j <= q_j <= hi_j.
 * For s < t the rise F(t) - F(s) is bounded by
 *
 *     D_lb = max(0, max_j (lo_j + B_ij t) - max_j (hi_j + B_ij s))
 *     D_ub = max_j min(B_ij (t - s), hi_j + B_ij t - max_l (lo_l + B_il s))
 *
 * A level that another level beats by more than the tolerance everywhere in the box is never
 * played in an equilibrium and is removed. With no information (the root) these bounds are
 * [a_i - k_i - max_j B_ij, a_i - k_i] on the gain from opening, and they tighten as boxes
 * shrink. When a player loses its last level (a label fixed by branching that is dominated),
 * the box holds no equilibrium. When every box is a point, the bounds are exact, so a
 * propagated leaf is an equilibrium.
 *
 * Pairwise bounds (races of up to PAIRWISE_MAX_LABS labs): the absolute bounds above are loose
 * where every lab spills over to every other, since LO_j and HI_j move with the same openers.
 * Differences are far tighter: D_jl = max over the box of p_j - p_l is linear in the profile,
 * so it is exact coordinate by coordinate (the openers common to j and l cancel). With
 * Q_jl = max over the box of q_j - q_l (i's own term taken out of D_jl),
 *
 *     F(t) - F(s) <= max_j min_l (Q_jl + B_ij t - B_il s)                      (l = j: B_ij (t - s))
 *     F(t) - F(s) >= min over l* max_j (B_ij t - B_il* s - Q_l*j)               (j = l*: B_il* (t - s))
 *
 * the minimum over the rivals l* that can attain max_l (q_l + B_il s) somewhere in the box
 * (Q_l*m + (B_il* - B_im) s >= -tol for every rival m). Each bound is valid, so the tighter of
 * the absolute and pairwise bounds is used. In a dense 24-lab race this takes branch and
 * propagate from over a million nodes to a few hundred. D costs n^2 numbers per state and
 * O(n^2) per box change, hence the size limit.
 *
 * Propagation is incremental: when a player's box changes, LO/HI move only for the labs it
 * spills over to (D for every pair), and only the players racing against those labs are
 * re-examined. At dominance's fixed point, with pairwise bounds, the last-witness rule
 * (`last-witness.ts`) narrows undecided labs on behalf of decided ones left with a single
 * witness, and what it narrows is examined again.
 *
 * Less work for the same fixed point (docs/model.md, "Doing less of the same work"): each
 * player's contenders (the rivals that may still be its strongest; `survivors`), failures
 * examined first (`failedAt`), the witness of each test tried first, a decided player's tests
 * read straight from D and from the two highest LO (`tops`).
 *
 * Interval data (`upper`: the piece search of issue 13, piece-search.ts: a game affine in a number along a
 * piece): the game given holds every entry's lowest value over the piece and `upper` its
 * highest. LO then uses the lowest entries and HI the highest, each test the worst case of each
 * entry (the gain from a level needs net low, spillovers high for a rise's upper bound and low
 * for its lower bound) and the larger tolerance, so a level is removed only when it is beaten
 * at every value of the piece: each bound holds entry by entry, and mixing values of different
 * points only loosens it. Interval data keeps no pairwise bounds.
 */
import type { Game } from "../model/game.js";
import { capabilities } from "../model/payoff.js";
import { LastWitness } from "./last-witness.js";

/** The allowed levels of every player and the capability bounds they imply. */
export interface DomainState {
  /** Bit l of mask[i] set: player i may still play tiers[l]. */
  readonly mask: Int32Array;
  readonly LO: Float64Array;
  readonly HI: Float64Array;
  /** D[j * n + l] = max over the box of p_j - p_l (races of up to PAIRWISE_MAX_LABS labs). */
  readonly D?: Float64Array;
  /**
   * contenders[i * n + k], k < contenderCount[i]: the positions in game.rivals[i] of the rivals
   * that may still be player i's strongest (races of up to PAIRWISE_MAX_LABS labs; see `survivors`).
   */
  readonly contenders?: Uint16Array;
  readonly contenderCount?: Uint16Array;
  /** The two highest LO, and whose: [LO, lab, LO, lab] (with contenders; LO only rises in these states). */
  readonly tops?: Float64Array;
}

/** Races up to this many labs keep pairwise bounds (n^2 numbers per state). */
export const PAIRWISE_MAX_LABS = 64;
/**
 * Each lab's contenders are pruned at one decision depth in this many (the depth plus the lab's
 * index, so that every depth prunes some labs): a list that kept its rivals at one depth mostly
 * keeps them at the next, and the prune reads the whole list.
 */
const PRUNE_EVERY = 4;

/**
 * Extra margin of the pairwise tests, as a fraction of the tolerance (1e-9 S): far above their
 * rounding (sums of at most 64 terms of size S, about 1e-14 S) and far below anything a
 * scenario can mean.
 */
const SLACK = 1e-3;

/** Failures between two reorderings of the watcher lists (`failedAt`). */
const REORDER_EVERY = 256;

export class Propagator {
  readonly n: number;
  /** The levels each player may choose at all: the tiers at or above its minimum. */
  readonly allowed: Int32Array;
  /** Labs each player spills over to (B[g][j] > 0), and the amounts. */
  readonly outTargets: Int32Array[];
  readonly outValues: Float64Array[];
  /** Players to re-examine when player g's box changes. */
  readonly watchers: Int32Array[];
  private readonly queue: Int32Array;
  private readonly queued: Uint8Array;
  /** Spillover amounts at their highest (interval data; otherwise `outValues`). */
  readonly outValuesHigh: Float64Array[];
  /** Spillovers to each player from its rivals, in the order of `game.rivals[i]` (at their highest: `rivalSpillHigh`). */
  private readonly rivalSpill: Float64Array[];
  private readonly rivalSpillHigh: Float64Array[];
  /** The state's HI and the player's highest openness, for the tests' upper bounds of q_j. */
  private HI: Float64Array = new Float64Array(0);
  private highX = 0;
  /** The rivals `survivors` examines, k < cc: their labs and spillovers to the player. */
  private lab: Int32Array;
  private b: Float64Array;
  private bHigh: Float64Array;
  private cc = 0;
  /** Scratch for the contenders' labs and spillovers, when some rivals were dropped. */
  private readonly labs: Int32Array;
  private readonly spills: Float64Array;
  private readonly spillsHigh: Float64Array;
  /** Scratch for dropping contenders: the allowed levels, highest first, and the floor there less the tolerance. */
  private readonly cutLevel: Float64Array;
  private readonly cut: Float64Array;
  /** Per level of the same cut: the rival on top of the floor, and its spillover from the player. */
  private readonly cutLab: Int32Array;
  private readonly cutB: Float64Array;
  /** Whether player i's rivals are all the others, in order (rival position r is lab r, or r + 1 from i on). */
  private readonly everyoneInOrder: Uint8Array;
  /** Entries at their highest, the tolerance at its largest (interval data; otherwise the game). */
  private readonly upper: Game;
  private readonly tolerance: number;
  /**
   * Scratch, per tier level y, for the player being examined: max_j (lo_j + B_ij y), its
   * argmax (rival position), and max_j (hi_j + B_ij y) (B at its highest with interval data).
   */
  private readonly floorAt: Float64Array;
  private readonly topAt: Int32Array;
  private readonly ceilingAt: Float64Array;
  /**
   * The rival that last showed each test (kind, player, levels s and t) not to remove a level:
   * the tests try it first, as it usually still does (the watched literals of SAT solvers).
   */
  private readonly witness: Int32Array;
  /** Failures at each player (decayed), and their count: see `failedAt`. */
  private readonly failures: Float64Array;
  private failureCount = 0;
  /** Labs decided when the current propagation started: its depth, for PRUNE_EVERY. */
  private decidedAtRun = 0;
  /** Whether states of this propagator carry pairwise bounds (D). */
  readonly pairwise: boolean;
  /** C[g * n + j]: the coefficient of g's openness in p_j (a_j on the diagonal), for D. */
  private readonly coefficients: Float64Array;
  /**
   * Row g: the labs l in increasing order of C[g * n + l], those coefficients in that order,
   * and for each lab j how many labs have a smaller (`below`) or larger (`above`) one (for
   * `movePairwise`).
   */
  private readonly byCoefficient: Int32Array;
  private readonly sortedCoefficients: Float64Array;
  private readonly below: Int32Array;
  private readonly above: Int32Array;
  /** The last-witness rule (last-witness.ts), with pairwise bounds. */
  readonly lastWitness?: LastWitness;

  /**
   * `pairwise`: keep pairwise bounds (default: for races of up to PAIRWISE_MAX_LABS labs);
   * `upper`: interval data (see the header), which keeps none; `lastWitness: false` turns the
   * last-witness rule off (it needs pairwise bounds), to measure what it adds.
   */
  constructor(
    readonly game: Game,
    options: { readonly pairwise?: boolean; readonly upper?: Game; readonly lastWitness?: boolean } = {},
  ) {
    const { n, tiers, rivals } = game;
    const upper = options.upper;
    this.upper = upper ?? game;
    this.tolerance = Math.max(game.tolerance, this.upper.tolerance);
    const B = this.upper.spillover;
    this.n = n;
    this.allowed = allowedMasks(game);
    this.outTargets = [];
    this.outValues = [];
    this.outValuesHigh = [];
    for (let g = 0; g < n; g++) {
      const targets: number[] = [];
      for (let j = 0; j < n; j++) if (j !== g && B[g * n + j] > 0) targets.push(j);
      this.outTargets.push(Int32Array.from(targets));
      this.outValues.push(Float64Array.from(targets, (j) => game.spillover[g * n + j]));
      this.outValuesHigh.push(upper ? Float64Array.from(targets, (j) => B[g * n + j]) : this.outValues[g]);
    }
    // rivalOf[j]: players that race against j.
    const rivalOf: number[][] = Array.from({ length: n }, () => []);
    rivals.forEach((ri, i) => ri.forEach((j) => rivalOf[j].push(i)));
    this.watchers = [];
    const seen = new Int32Array(n).fill(-1);
    for (let g = 0; g < n; g++) {
      const list: number[] = [];
      for (const j of [g, ...this.outTargets[g]]) {
        for (const i of rivalOf[j]) {
          if (i === g || seen[i] === g) continue;
          seen[i] = g;
          list.push(i);
        }
      }
      this.watchers.push(Int32Array.from(list));
    }
    this.witness = new Int32Array(3 * n * tiers.length * tiers.length);
    this.failures = new Float64Array(n);
    this.queue = new Int32Array(n);
    this.queued = new Uint8Array(n);
    const maxRivals = Math.max(...rivals.map((r) => r.length));
    this.rivalSpill = rivals.map((ri, i) => Float64Array.from(ri, (j) => game.spillover[i * n + j]));
    this.rivalSpillHigh = upper ? rivals.map((ri, i) => Float64Array.from(ri, (j) => B[i * n + j])) : this.rivalSpill;
    this.spills = this.b = new Float64Array(maxRivals);
    this.spillsHigh = this.bHigh = new Float64Array(maxRivals);
    this.labs = this.lab = new Int32Array(maxRivals);
    this.cutLevel = new Float64Array(tiers.length);
    this.cutLab = new Int32Array(tiers.length);
    this.cutB = new Float64Array(tiers.length);
    this.cut = new Float64Array(tiers.length);
    this.everyoneInOrder = Uint8Array.from(rivals, (ri, i) => (ri.length === n - 1 && ri.every((j, r) => j === (r < i ? r : r + 1)) ? 1 : 0));
    this.floorAt = new Float64Array(tiers.length);
    this.topAt = new Int32Array(tiers.length);
    this.ceilingAt = new Float64Array(tiers.length);
    this.pairwise = !upper && (options.pairwise ?? n <= PAIRWISE_MAX_LABS) && maxRivals > 1;
    this.coefficients = new Float64Array(this.pairwise ? n * n : 0);
    const size = this.pairwise ? n * n : 0;
    this.byCoefficient = new Int32Array(size);
    this.sortedCoefficients = new Float64Array(size);
    this.below = new Int32Array(size);
    this.above = new Int32Array(size);
    if (this.pairwise)
      for (let g = 0; g < n; g++) {
        const row = this.coefficients.subarray(g * n, (g + 1) * n);
        for (let j = 0; j < n; j++) row[j] = g === j ? game.communityGain[j] : B[g * n + j];
        const order = Array.from({ length: n }, (_, l) => l).sort((x, y) => row[x] - row[y]);
        this.byCoefficient.set(order, g * n);
        this.sortedCoefficients.set(order.map((l) => row[l]), g * n);
        // In sorted order, the labs below j are those before its run of equal coefficients,
        // the labs above it those after.
        for (let k = 0; k < n; k++) {
          const first = k > 0 && row[order[k - 1]] === row[order[k]] ? this.below[g * n + order[k - 1]] : k;
          this.below[g * n + order[k]] = first;
        }
        for (let k = n - 1; k >= 0; k--) {
          const last = k < n - 1 && row[order[k + 1]] === row[order[k]] ? n - 1 - this.above[g * n + order[k + 1]] : k;
          this.above[g * n + order[k]] = n - 1 - last;
        }
      }
    if (this.pairwise && options.lastWitness !== false) this.lastWitness = new LastWitness(game, this.coefficients, this.allowed, this.tolerance * (1 + SLACK));
  }

  /** The root state (every allowed level), propagated; null if no equilibrium can exist. */
  root(): DomainState | null {
    const box = boxOf(this.game, allowedMasks(this.game), this.upper);
    const { n } = this;
    const state: DomainState = { ...box, ...(this.pairwise ? { D: this.pairwiseBounds(box.mask) } : {}), ...(n <= PAIRWISE_MAX_LABS ? this.rootLists() : {}) };
    if (state.tops) setTops(state.tops, state.LO);
    return this.run(state, Array.from({ length: this.n }, (_, i) => i)) ? state : null;
  }

  /** The root's contenders (every rival) and room for the two highest LO. */
  private rootLists(): Pick<DomainState, "contenders" | "contenderCount" | "tops"> {
    const { n, game } = this;
    const contenders = new Uint16Array(n * n);
    game.rivals.forEach((ri, i) => ri.forEach((_, r) => (contenders[i * n + r] = r)));
    return { contenders, contenderCount: Uint16Array.from(game.rivals, (ri) => ri.length), tops: new Float64Array(4) };
  }

  /**
   * A copy of the state with player i restricted to `mask`, propagated; null if infeasible.
   * The copy is written into `into` when given (a state of the same propagator that is no
   * longer needed: a depth-first search reuses one per depth instead of allocating).
   */
  restrict(state: DomainState, i: number, mask: number, into?: DomainState): DomainState | null {
    const next = copyState(state, into);
    if (!this.setMask(next, i, mask)) return null;
    return this.run(next, this.watchers[i]) ? next : null;
  }

  /**
   * Recomputes the capability bounds of a state from its masks (over the sparse spillovers),
   * for solvers that move bounds back and forth by differences and let rounding accumulate.
   */
  resync(state: DomainState): void {
    const { game, upper } = this;
    for (let j = 0; j < this.n; j++) {
      const [low, high] = this.bounds(state, j);
      state.LO[j] = game.capability[j] + game.communityGain[j] * low;
      state.HI[j] = upper.capability[j] + upper.communityGain[j] * high;
    }
    for (let g = 0; g < this.n; g++) {
      const [low, high] = this.bounds(state, g);
      if (high !== 0) this.spill(state, g, low, high);
    }
    if (state.D) state.D.set(this.pairwiseBounds(state.mask));
    if (state.tops) setTops(state.tops, state.LO);
  }

  /** Lowest and highest openness allowed to player i. */
  bounds(state: DomainState, i: number): [number, number] {
    const m = state.mask[i];
    const tiers = this.game.tiers;
    return [tiers[lowestLevel(m)], tiers[highestLevel(m)]];
  }

  /** Sets player i's mask and moves the capability bounds it affects. False if empty. */
  setMask(state: DomainState, i: number, mask: number): boolean {
    if (mask === 0) return false;
    const [oldLow, oldHigh] = this.bounds(state, i);
    state.mask[i] = mask;
    const [low, high] = this.bounds(state, i);
    const dLow = low - oldLow;
    const dHigh = high - oldHigh;
    if (dLow === 0 && dHigh === 0) return true;
    state.LO[i] += this.game.communityGain[i] * dLow;
    state.HI[i] += this.upper.communityGain[i] * dHigh;
    this.spill(state, i, dLow, dHigh);
    if (state.D) this.movePairwise(state.D, i, oldLow, oldHigh, low, high);
    if (state.tops && dLow > 0) {
      raiseTop(state.tops, i, state.LO[i]);
      const targets = this.outTargets[i];
      for (let r = 0; r < targets.length; r++) raiseTop(state.tops, targets[r], state.LO[targets[r]]);
    } else if (state.tops && dLow < 0) setTops(state.tops, state.LO); // a box widened (not in a search)
    return true;
  }

  /** Moves the bounds of the labs g spills over to by g's openness moving dLow (low end), dHigh (high end). */
  private spill(state: DomainState, g: number, dLow: number, dHigh: number): void {
    const targets = this.outTargets[g];
    const values = this.outValues[g];
    const valuesHigh = this.outValuesHigh[g];
    for (let r = 0; r < targets.length; r++) {
      state.LO[targets[r]] += values[r] * dLow;
      state.HI[targets[r]] += valuesHigh[r] * dHigh;
    }
  }

  /** Re-examines queued players until nothing changes. False when a player has no level left. */
  private run(state: DomainState, initial: ArrayLike<number>): boolean {
    const { queue, queued, n } = this;
    let head = 0;
    let size = 0;
    const push = (i: number) => {
      if (queued[i]) return;
      queued[i] = 1;
      queue[(head + size) % n] = i;
      size++;
    };
    for (let k = 0; k < initial.length; k++) push(initial[k]);
    if (state.contenders) {
      // Only the prune of the contenders reads it (PRUNE_EVERY).
      let decided = 0;
      for (let j = 0; j < n; j++) if (!(state.mask[j] & (state.mask[j] - 1))) decided++;
      this.decidedAtRun = decided;
    }
    let ok = true;
    const narrow = (i: number, mask: number): boolean => {
      if (!this.setMask(state, i, mask)) return false;
      const w = this.watchers[i];
      for (let k = 0; k < w.length; k++) push(w[k]);
      return true;
    };
    const witnesses = state.D && state.contenders ? this.lastWitness : undefined;
    do {
      while (size > 0) {
        const i = queue[head];
        head = (head + 1) % n;
        size--;
        queued[i] = 0;
        if (!ok) continue;
        const kept = this.survivors(state, i);
        if (kept === state.mask[i]) continue;
        if (!narrow(i, kept)) {
          this.failedAt(i);
          ok = false;
        }
      }
      // At dominance's fixed point, the last-witness rule; what it narrows is examined again.
      if (ok && witnesses && !witnesses.apply(state, narrow)) ok = false;
    } while (ok && size > 0);
    // A failed rule leaves labs queued: clear them for the next propagation.
    for (; size > 0; size--, head = (head + 1) % n) queued[queue[head]] = 0;
    return ok;
  }

  /**
   * Counts a failure at player i, and every REORDER_EVERY failures puts each watcher list in
   * order of failures, most first, with older failures counting for less: a box that fails
   * usually fails at one of a few players, and examining them first stops the propagation after
   * a few tests instead of after most of the queue. The order does not change what propagation
   * removes (its fixed point), only how soon a failure is found.
   */
  private failedAt(i: number): void {
    const { failures } = this;
    failures[i]++;
    if (++this.failureCount % REORDER_EVERY) return;
    for (const w of this.watchers) w.sort((x, y) => failures[y] - failures[x]);
    for (let g = 0; g < this.n; g++) failures[g] *= 0.5;
  }

  /**
   * The levels among `candidates` (default: all of player i's) that no other level beats by
   * more than the tolerance in the box. Reads only LO and HI of i's rivals and i's own mask.
   */
  survivors(state: DomainState, i: number, candidates = state.mask[i]): number {
    const { game, upper, tolerance } = this;
    const { tiers } = game;
    const ri = game.rivals[i];
    const mask = state.mask[i];
    const lowX = tiers[lowestLevel(mask)];
    const highX = tiers[highestLevel(mask)];
    const { LO, HI, tops } = state;
    // The rivals that may still be on top (positions in ri): the state's contenders, or all.
    // While they are more than half the rivals, the tests read the player's own rows (the
    // others fail every test quickly); fewer, their labs and spillovers are gathered into
    // scratch arrays, in the list's order, and the tests read only them.
    const contenders = state.contenders;
    const base = i * this.n;
    let cc = contenders ? state.contenderCount![i] : ri.length;
    const gathered = contenders !== undefined && 2 * cc <= ri.length;
    let lab = ri;
    let b = this.rivalSpill[i];
    let bHigh = this.rivalSpillHigh[i];
    if (gathered) {
      const row = b;
      const rowHigh = bHigh;
      lab = this.labs;
      b = this.spills;
      // Without interval data the two rows are one.
      bHigh = rowHigh === row ? b : this.spillsHigh;
      for (let k = 0; k < cc; k++) {
        const r = contenders[base + k];
        lab[k] = ri[r];
        b[k] = row[r];
        bHigh[k] = rowHigh[r];
      }
    } else cc = ri.length;
    // q_j's bounds: LO_j - B_ij lowX and HI_j - B_ij highX (i's own term out), read from LO and
    // HI as needed: a decided player's tests read few of the upper ones.
    this.HI = HI;
    this.highX = highX;
    // The gain from opening more is bounded below with the lowest net, above with the highest.
    const netLow = game.communityGain[i] - upper.openCost[i];
    const netHigh = upper.communityGain[i] - game.openCost[i];
    const D = state.D;
    const allowed = this.allowed[i];
    const { floorAt, topAt, ceilingAt } = this;
    // The tests below read floorAt at the candidates and both at the levels below the highest.
    const lower = allowed & ((1 << highestLevel(candidates)) - 1);
    const floors = candidates | lower;
    for (let y = 0; y < tiers.length; y++) {
      if (!(floors & (1 << y))) continue;
      const rise = tiers[y] - lowX;
      let floor = -Infinity;
      let top = 0;
      if (rise === 0 && tops && !gathered && this.everyoneInOrder[i]) {
        // At i's lowest level the floor is the highest LO among the others: one of the two highest.
        const j = tops[1] === i ? tops[3] : tops[1];
        floor = tops[1] === i ? tops[2] : tops[0];
        top = j < i ? j : j - 1;
      } else
        for (let k = 0; k < cc; k++) {
          const low = LO[lab[k]] + b[k] * rise;
          if (low > floor) {
            floor = low;
            top = k;
          }
        }
      floorAt[y] = floor;
      topAt[y] = top;
    }
    if (contenders && (floors & allowed) === allowed && (this.decidedAtRun + i) % PRUNE_EVERY === 0) {
      // A rival below the floor at every level i may play is never the strongest in this box
      // or any box inside it (q's upper bounds only fall, the floors only rise), and F, the
      // strongest rival's capability, is the maximum over the others: drop it for good (when
      // the floors at every level are at hand). With pairwise bounds, so is a rival that the
      // rival on top of the floor (l) is above everywhere in the box at every level:
      // Q_rl + (B_ir - B_il) y < 0, which intervals miss where both rise with the same openers.
      const { cutLevel, cut, cutLab, cutB } = this;
      let levels = 0;
      for (let y = tiers.length - 1; y >= 0; y--)
        if (allowed & (1 << y)) {
          cutLevel[levels] = tiers[y];
          cutLab[levels] = lab[topAt[y]];
          cutB[levels] = b[topAt[y]];
          cut[levels++] = floorAt[y] - tolerance;
        }
      // k runs over the gathered rivals, or over the list's positions (then r = list[base + k]).
      const listed = state.contenderCount![i];
      let kept = 0;
      for (let k = 0; k < listed; k++) {
        const r = gathered ? k : contenders[base + k];
        let below = 0;
        const j = lab[r];
        const high = HI[j] - bHigh[r] * highX;
        const row = j * this.n;
        while (below < levels) {
          const y = cutLevel[below];
          if (high + bHigh[r] * y < cut[below]) {
            below++;
            continue;
          }
          if (D === undefined || cutLab[below] === j) break;
          const e = b[r] - cutB[below];
          if (D[row + cutLab[below]] - (e > 0 ? e * highX : e * lowX) + e * y < -tolerance) below++;
          else break;
        }
        if (below === levels) continue;
        if (kept < k) {
          contenders[base + kept] = contenders[base + k];
          if (gathered) {
            lab[kept] = lab[k];
            b[kept] = b[k];
            bHigh[kept] = bHigh[k];
            for (let y = 0; y < tiers.length; y++) if (topAt[y] === k) topAt[y] = kept;
          }
        }
        kept++;
      }
      state.contenderCount![i] = kept;
      if (gathered) cc = kept;
    }
    this.cc = cc;
    this.lab = lab;
    this.b = b;
    this.bHigh = bHigh;
    for (let y = 0; y < tiers.length; y++) {
      if (!(lower & (1 << y))) continue;
      const rise = tiers[y] - highX;
      let ceiling = -Infinity;
      for (let k = 0; k < cc; k++) {
        const high = HI[lab[k]] + bHigh[k] * rise;
        if (high > ceiling) ceiling = high;
      }
      ceilingAt[y] = ceiling;
    }
    let kept = candidates;
    for (let s = 0; s < tiers.length; s++) {
      if (!(kept & (1 << s))) continue;
      for (let t = 0; t < tiers.length; t++) {
        if (t === s || !(allowed & (1 << t))) continue; // only a level i may choose beats s
        // s is beaten by t when the gain of moving from s to t exceeds the tolerance
        // everywhere: bound F's rise, absolutely first, then pairwise when that is not enough.
        // The pairwise tests sum many more terms (D moves by differences), so they remove a
        // level only when it is beaten by SLACK more: at a gain exactly at the tolerance (the
        // breakpoints of `thresholds` are such points) their rounding must not decide.
        let beaten: boolean;
        if (tiers[t] > tiers[s]) {
          const limit = netLow * (tiers[t] - tiers[s]) - tolerance;
          beaten = this.riseBelow(i, s, t, limit) || (D !== undefined && this.pairwiseRiseBelow(D, i, lowX, highX, s, t, limit - SLACK * tolerance));
        } else {
          // The rise from t up to s is at least max(0, floorAt[s] - ceilingAt[t]).
          const limit = netHigh * (tiers[s] - tiers[t]) + tolerance;
          beaten = Math.max(0, floorAt[s] - ceilingAt[t]) > limit || (D !== undefined && this.pairwiseRiseAbove(D, i, lowX, highX, t, s, limit + SLACK * tolerance));
        }
        if (beaten) {
          kept &= ~(1 << s);
          break;
        }
      }
    }
    return kept;
  }

  /**
   * Whether the absolute upper bound on F(tiers[t]) - F(tiers[s]), s < t, is below `limit`:
   * max_j min(B_ij (t - s), hi_j + B_ij t - floorAt[s]) (the header's D_ub).
   */
  private riseBelow(i: number, s: number, t: number, limit: number): boolean {
    if (limit <= 0) return false; // the rise is never negative
    const { bHigh, lab, HI, highX, floorAt, cc } = this;
    const low = this.game.tiers[s];
    const high = this.game.tiers[t];
    const floor = floorAt[s];
    const key = this.witnessKey(0, i, s, t);
    const start = this.witness[key] < cc ? this.witness[key] : 0;
    for (let k = 0; k < cc; k++) {
      const r = start + k < cc ? start + k : start + k - cc;
      if (Math.min(bHigh[r] * (high - low), HI[lab[r]] + bHigh[r] * (high - highX) - floor) >= limit) {
        this.witness[key] = r;
        return false;
      }
    }
    return true;
  }

  /** Index in `witness` of a test (0: riseBelow, 1: pairwiseRiseBelow, 2: pairwiseRiseAbove). */
  private witnessKey(kind: number, i: number, s: number, t: number): number {
    const levels = this.game.tiers.length;
    return ((kind * this.n + i) * levels + s) * levels + t;
  }

  /** D for the box of the masks: max over it of p_j - p_l, coordinate by coordinate. */
  private pairwiseBounds(mask: Int32Array): Float64Array {
    const { n, game } = this;
    const D = new Float64Array(n * n);
    for (let j = 0; j < n; j++) for (let l = 0; l < n; l++) if (j !== l) D[j * n + l] = game.capability[j] - game.capability[l];
    for (let g = 0; g < n; g++) this.movePairwise(D, g, 0, 0, game.tiers[lowestLevel(mask[g])], game.tiers[highestLevel(mask[g])]);
    return D;
  }

  /** Moves D when player g's openness range goes from [oldLow, oldHigh] to [low, high]. */
  private movePairwise(D: Float64Array, g: number, oldLow: number, oldHigh: number, low: number, high: number): void {
    const { n, coefficients: C, byCoefficient: order, sortedCoefficients: sorted, below, above } = this;
    const row = g * n;
    const dHigh = high - oldHigh;
    const dLow = low - oldLow;
    // Usually one end moves (a box shrinks from one side): then only the entries whose e has
    // that end's sign change: the labs l below j in order of C[g][l] (e > 0) for the high
    // end, those above (e < 0) for the low end. The diagonal (e = 0) is never read.
    for (let j = 0; j < n; j++) {
      const cj = C[row + j];
      const at = j * n;
      if (dLow === 0) {
        const end = row + below[row + j];
        for (let k = row; k < end; k++) D[at + order[k]] += (cj - sorted[k]) * dHigh;
      } else if (dHigh === 0) {
        const start = row + n - above[row + j];
        for (let k = start; k < row + n; k++) D[at + order[k]] += (cj - sorted[k]) * dLow;
      } else
        for (let l = 0; l < n; l++) {
          const e = cj - C[row + l];
          D[at + l] += e > 0 ? e * dHigh : e * dLow;
        }
    }
  }

  /*
   * The pairwise tests read Q_rm (rival positions r, m of player i) straight from D, i's own
   * term taken out: Q_rm = D[j][l] - max over i's range of (B_ij - B_il) x_i. Both stop as
   * soon as the answer is known, so most calls read a few entries of D, not all.
   */

  /** Whether the pairwise upper bound on F(tiers[t]) - F(tiers[s]), s < t, is below `limit`. */
  private pairwiseRiseBelow(D: Float64Array, i: number, lowX: number, highX: number, sLevel: number, tLevel: number, limit: number): boolean {
    if (limit <= 0) return false; // the rise is never negative
    const { n, b, lab, HI, cc } = this;
    const s = this.game.tiers[sLevel];
    const t = this.game.tiers[tLevel];
    // The rival on top at s at the box's low corner: it makes most terms small at once.
    const top = this.topAt[sLevel];
    const floor = this.floorAt[sLevel];
    const key = this.witnessKey(1, i, sLevel, tLevel);
    const start = this.witness[key] < cc ? this.witness[key] : 0;
    for (let k = 0; k < cc; k++) {
      const r = start + k < cc ? start + k : start + k - cc;
      if (HI[lab[r]] + b[r] * (t - highX) - floor < limit) continue; // its term is below limit already (m = top)
      const row = lab[r] * n;
      let least = b[r] * (t - s);
      if (lowX === highX && s === lowX) {
        // A decided lab at its own level: Q_rm + B_ir t - B_im s = D_rm + B_ir (t - s), so the
        // test asks whether r's row of D stays at or above limit - B_ir (t - s).
        const need = limit - least;
        for (let h = -1; h < cc && least >= limit; h++) {
          const m = h < 0 ? top : h;
          if (m === r || (h >= 0 && m === top)) continue;
          if (D[row + lab[m]] < need) least = -Infinity;
        }
      } else
        for (let h = -1; h < cc && least >= limit; h++) {
          const m = h < 0 ? top : h;
          if (m === r || (h >= 0 && m === top)) continue;
          const e = b[r] - b[m];
          const Q = D[row + lab[m]] - (e > 0 ? e * highX : e * lowX);
          least = Math.min(least, Q + b[r] * t - b[m] * s);
        }
      if (least >= limit) {
        this.witness[key] = r;
        return false;
      }
    }
    return true;
  }

  /**
   * Whether the pairwise lower bound on F(tiers[t]) - F(tiers[s]), s < t, exceeds `limit`: for every rival
   * r that can attain max_l (q_l + B_il s), some rival m makes B_im t - B_ir s - Q_rm exceed it.
   */
  private pairwiseRiseAbove(D: Float64Array, i: number, lowX: number, highX: number, sLevel: number, tLevel: number, limit: number): boolean {
    const { n, b, lab, HI, cc } = this;
    const tolerance = this.game.tolerance;
    const s = this.game.tiers[sLevel];
    const t = this.game.tiers[tLevel];
    const floor = this.floorAt[sLevel];
    let any = false;
    const key = this.witnessKey(2, i, sLevel, tLevel);
    const start = this.witness[key] < cc ? this.witness[key] : 0;
    for (let k = 0; k < cc; k++) {
      const r = start + k < cc ? start + k : start + k - cc;
      if (HI[lab[r]] + b[r] * (s - highX) < floor - tolerance) continue; // never on top at s
      const row = lab[r] * n;
      let best = b[r] * (t - s);
      let can = true;
      if (lowX === highX && t === lowX) {
        // A decided lab at its own level t: Q_rm + e s = D_rm - e (t - s) and
        // B_im t - B_ir s - Q_rm = B_ir (t - s) - D_rm.
        const step = t - s;
        const own = best;
        for (let m = 0; m < cc && can; m++) {
          if (m === r) continue;
          const d = D[row + lab[m]];
          if (d - (b[r] - b[m]) * step < -tolerance) can = false; // m is always above r at s
          else if ((best = Math.max(best, own - d)) > limit) break; // r is no counterexample
        }
      } else
        for (let m = 0; m < cc && can; m++) {
          if (m === r) continue;
          const e = b[r] - b[m];
          const Q = D[row + lab[m]] - (e > 0 ? e * highX : e * lowX);
          if (Q + e * s < -tolerance) can = false; // m is always above r at s
          else if ((best = Math.max(best, b[m] * t - b[r] * s - Q)) > limit) break; // r is no counterexample
        }
      if (!can) continue;
      // r may be on top (or was left early: then some rival is, as one always is in a box).
      any = true;
      if (best <= limit) {
        this.witness[key] = r;
        return false;
      }
    }
    return any;
  }
}

/** tops: the two highest of the values, and whose. */
function setTops(tops: Float64Array, values: Float64Array): void {
  tops.set([-Infinity, -1, -Infinity, -1]);
  values.forEach((v, j) => raiseTop(tops, j, v));
}

/** Records that lab j's value rose to v (values only rise) in the two highest, `tops`. */
function raiseTop(tops: Float64Array, j: number, v: number): void {
  if (tops[1] === j) tops[0] = v;
  else if (v > tops[0]) {
    tops[2] = tops[0];
    tops[3] = tops[1];
    tops[0] = v;
    tops[1] = j;
  } else if (tops[3] === j || v > tops[2]) {
    tops[2] = v;
    tops[3] = j;
  }
}

/**
 * A copy of a state: its arrays new, or written into `into` (a state of the same propagator,
 * so with the same arrays) when given.
 */
export function copyState(state: DomainState, into?: DomainState): DomainState {
  if (!into)
    return {
      mask: state.mask.slice(),
      LO: state.LO.slice(),
      HI: state.HI.slice(),
      ...(state.D ? { D: state.D.slice() } : {}),
      ...(state.contenders ? { contenders: state.contenders.slice(), contenderCount: state.contenderCount!.slice(), tops: state.tops!.slice() } : {}),
    };
  into.mask.set(state.mask);
  into.LO.set(state.LO);
  into.HI.set(state.HI);
  if (state.D) into.D!.set(state.D);
  if (state.contenders) {
    into.contenders!.set(state.contenders);
    into.contenderCount!.set(state.contenderCount!);
    into.tops!.set(state.tops!);
  }
  return into;
}

/** Each player's mask of the tiers at or above its minimum (all tiers unless mandated). */
function allowedMasks(game: Game): Int32Array {
  const { tiers, minimum } = game;
  return Int32Array.from(minimum, (m, i) => {
    const mask = tiers.reduce((mask, t, l) => (t >= m ? mask | (1 << l) : mask), 0);
    // Policies are checked against the tiers before a game is built (`mandateProblems`).
    if (mask === 0) throw new Error(`${game.ids[i]}: no tier at or above its minimum openness ${m}`);
    return mask;
  });
}

/**
 * The box of all profiles: every allowed level. Capabilities are non-decreasing in every
 * openness (a, B >= 0), so their bounds over a box are their values at its two corners.
 */
export function fullBox(game: Game): DomainState {
  return boxOf(game, allowedMasks(game));
}

/** The box of the profiles whose levels lie within the masks, with its capability bounds (HI from `upper`'s entries, when given). */
export function boxOf(game: Game, mask: Int32Array, upper = game): DomainState {
  const corner = (g: Game, level: (m: number) => number) => capabilities(g, Float64Array.from(mask, (m) => game.tiers[level(m)]));
  return { mask, LO: corner(game, lowestLevel), HI: corner(upper, highestLevel) };
}

/** Index of the lowest level set in a (non-empty) mask. */
export function lowestLevel(mask: number): number {
  return 31 - Math.clz32(mask & -mask);
}

/** Index of the highest level set in a (non-empty) mask. */
export function highestLevel(mask: number): number {
  return 31 - Math.clz32(mask);
}

/** Indices of the levels set in a mask, lowest first. */
export function levelsOf(mask: number): number[] {
  const out: number[] = [];
  for (let l = 0; mask >> l; l++) if (mask & (1 << l)) out.push(l);
  return out;
}
