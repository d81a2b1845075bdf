/**
 * Conflict-learning exact search for pure equilibria of the discrete and tiered game
 * (docs/model.md, "Conflict-learning search"): the techniques of CDCL SAT solvers
 * (Marques-Silva & Sakallah 1999; Moskewicz et al. 2001) over the finite domains of lazy
 * clause generation (Ohrimenko, Stuckey & Codish 2009), with iterated strict dominance
 * (`propagate.ts`, MODEL.md section 3) as the propagator.
 *
 * Facts are "player g plays a level in the set S" (a bit mask). A *nogood* is a set of facts
 * that no equilibrium (not yet found) satisfies all of; as a clause it says some fact fails.
 * Each player's domain is a mask that only shrinks along a branch, recorded on a trail.
 *
 * - Propagation: nogoods by two watched facts; dominance removes levels that another level
 *   beats everywhere in the box. Each removal is explained by the bounds [low, high] of the
 *   labs whose capabilities entered the test, minimised greedily (a bound is dropped when the
 *   test still removes the same levels with that lab relaxed to its root range).
 * - Conflict: a player left with no level (it wants to deviate whatever the others do).
 *   Analysis resolves the conflict's facts against their explanations back to the first
 *   unique implication point of the current decision level; the learnt nogood makes the
 *   search jump back to the second-highest level in it and assert the UIP's complement.
 * - Branching: the free player with the highest activity (bumped for every player in a
 *   learnt nogood, decayed geometrically: VSIDS), at its last level (phase saving, lowest
 *   first). Restarts follow the Luby sequence; at restarts, when the learnt nogoods are too
 *   many, the half spanning the most decision levels is deleted (Audemard & Simon 2009).
 * - Equilibria: when every domain is a point the profile goes to `Search.offer` (the exact
 *   certificate) and is blocked by the nogood of the decisions that led to it (propagation
 *   only removes levels no equilibrium uses, so those decisions admit no other equilibrium).
 *   `--nontrivial` adds the nogood "everyone at level 0"; with an objective, a box whose
 *   bound cannot beat the incumbent is blocked likewise (branch and bound). Exhausting the
 *   search (a conflict at level 0) proves that nothing else exists.
 *
 * Limits: exponential in the worst case (the problem is NP-hard). Learning pays where
 * explanations are small: races with rival sets, such as the SAT reductions. In dense races
 * (everyone's capability moves with everyone's openness) explanations name most fixed labs,
 * nogoods are long and branch and propagate is faster (`auto` picks by `learningPays`).
 */
import type { Game } from "../model/game.js";
import type { Objective, Sense } from "../model/objectives.js";
import { boxOf, highestLevel, lowestLevel, Propagator, type DomainState } from "./propagate.js";
import type { Search } from "./search.js";

export interface ConflictOptions {
  /** Branch and bound on this objective (the search keeps only better equilibria). */
  readonly objective?: { readonly objective: Objective; readonly sense: Sense };
}

export interface ConflictStats {
  readonly decisions: number;
  readonly conflicts: number;
  readonly restarts: number;
  /** Players with more than one level after the root propagation. */
  readonly freeAtRoot: number;
}

/** Conflicts in the first restart interval (times the Luby sequence). */
const RESTART_BASE = 64;
const ACTIVITY_DECAY = 0.95;
/** Learnt nogoods kept before the database is halved, and its growth after each halving. */
const LEARNT_BASE = 2000;
const LEARNT_GROWTH = 1.1;
const DECISION = -2;
const DOMINANCE = -1;

export function conflictSearch(game: Game, search: Search, options: ConflictOptions = {}): ConflictStats {
  return new ConflictSearch(game, search, options).solve();
}

/**
 * Free labs whose bounds enter a free lab's dominance test, on average, up to which `auto`
 * prefers this search to branch and propagate: learning pays when explanations are short.
 */
export const LOCAL_INFLUENCE = 12;

/** Labs whose bounds enter player i's dominance test: its rivals and the labs that lift them. */
function influencersOf(game: Game, outTargets: readonly Int32Array[]): Int32Array[] {
  const sets = game.rivals.map((ri) => new Set<number>(ri));
  // rivalOf[j]: the labs racing against j; each lab g lifting j influences all of them.
  const rivalOf: number[][] = Array.from({ length: game.n }, () => []);
  game.rivals.forEach((ri, i) => ri.forEach((j) => rivalOf[j].push(i)));
  outTargets.forEach((targets, g) => targets.forEach((j) => rivalOf[j].forEach((i) => sets[i].add(g))));
  return sets.map((set, i) => {
    set.delete(i);
    return Int32Array.from(set);
  });
}

/**
 * True when learning is expected to pay: the free labs (more than one level after the
 * presolve, `free[i]`) are each influenced by few other free labs, as in races with rival sets
 * and sparse spillovers (the SAT reductions). In dense races every lab influences every other,
 * explanations name most fixed labs, and branch and propagate is faster (docs/benchmarks.md).
 */
export function learningPays(game: Game, free: readonly boolean[]): boolean {
  const influencers = influencersOf(game, new Propagator(game).outTargets);
  let labs = 0;
  let links = 0;
  influencers.forEach((list, i) => {
    if (!free[i]) return;
    labs++;
    for (const g of list) if (free[g]) links++;
  });
  return labs > 0 && links / labs <= LOCAL_INFLUENCE;
}

const EMPTY = new Int32Array(0);

/** Levels lo..hi as a mask. */
const rangeMask = (lo: number, hi: number) => (hi >= 30 ? -1 : (1 << (hi + 1)) - 1) & ~((1 << lo) - 1);

/** The Luby sequence 1 1 2 1 1 2 4 ... (Luby, Sinclair & Zuckerman 1993), 0-based. */
function luby(index: number): number {
  let size = 1;
  let sequence = 0;
  while (size < index + 1) {
    sequence++;
    size = 2 * size + 1;
  }
  let x = index;
  while (size - 1 !== x) {
    size = (size - 1) >> 1;
    sequence--;
    x %= size;
  }
  return 2 ** sequence;
}

class ConflictSearch {
  private readonly n: number;
  private readonly prop: Propagator;
  private readonly state: DomainState;
  private readonly mask: Int32Array;
  /** Masks at decision level 0 (the root, with everything learnt since). */
  private readonly level0: Int32Array;
  /** Labs whose bounds enter player i's dominance test: its rivals and those who lift them. */
  private readonly influencers: Int32Array[];

  // The trail: one entry per domain change.
  private readonly tPlayer: number[] = [];
  private readonly tOld: number[] = [];
  private readonly tNew: number[] = [];
  private readonly tLevel: number[] = [];
  /** Clause index, DOMINANCE (explanation in the pool) or DECISION. */
  private readonly tReason: number[] = [];
  private readonly tPool: number[] = [];
  private readonly tPoolEnd: number[] = [];
  /** Previous trail entry of the same player; head: the latest, -1 for none. */
  private readonly tPrev: number[] = [];
  private readonly head: Int32Array;
  /** Trail length when each decision level began. */
  private readonly limits: number[] = [];
  private qhead = 0;
  // Explanations of dominance removals, as facts (player, mask).
  private readonly poolPlayer: number[] = [];
  private readonly poolMask: number[] = [];

  // Nogoods, facts on distinct players; slots 0 and 1 are watched.
  private readonly clausePlayers: Int32Array[] = [];
  private readonly clauseMasks: Int32Array[] = [];
  private readonly watches: number[][];
  /** Learnt nogoods still kept, and each one's literal block distance (Audemard & Simon 2009). */
  private learnt: number[] = [];
  private readonly lbd: number[] = [];
  private readonly dead: boolean[] = [];
  private maxLearnt = LEARNT_BASE;

  // Players to re-examine by dominance.
  private readonly dirty: Int32Array;
  private readonly isDirty: Uint8Array;
  private dirtyHead = 0;
  private dirtySize = 0;

  // Conflict facts (all true now, jointly impossible for the equilibria still sought).
  private readonly conflictPlayer: number[] = [];
  private readonly conflictMask: number[] = [];

  private readonly heap: ActivityHeap;
  private readonly phase: Int32Array;
  private activityIncrement = 1;

  // Scratch for analysis and explanations.
  private readonly seen: Int32Array;
  private readonly seenMask: Int32Array;
  private readonly current: Uint8Array;
  private stamp = 0;
  private readonly rivalStamp: Int32Array;
  private readonly scratchLO: Float64Array;
  private readonly scratchHI: Float64Array;

  private decisions = 0;
  private conflicts = 0;
  private restarts = 0;
  private incumbent = -Infinity;
  private readonly sign: number;

  constructor(
    private readonly game: Game,
    private readonly search: Search,
    private readonly options: ConflictOptions,
  ) {
    const n = game.n;
    this.n = n;
    this.prop = new Propagator(game);
    this.state = boxOf(game, Int32Array.from(this.prop.allowed));
    this.mask = this.state.mask;
    this.level0 = Int32Array.from(this.mask);
    this.head = new Int32Array(n).fill(-1);
    this.watches = Array.from({ length: n }, () => []);
    this.dirty = new Int32Array(n);
    this.isDirty = new Uint8Array(n);
    this.heap = new ActivityHeap(n);
    this.phase = Int32Array.from(this.mask, lowestLevel);
    this.seen = new Int32Array(n);
    this.seenMask = new Int32Array(n);
    this.current = new Uint8Array(n);
    this.rivalStamp = new Int32Array(n);
    this.scratchLO = new Float64Array(n);
    this.scratchHI = new Float64Array(n);
    this.sign = options.objective?.sense === "min" ? -1 : 1;
    this.influencers = influencersOf(game, this.prop.outTargets);
  }

  solve(): ConflictStats {
    const done = (): ConflictStats => ({
      decisions: this.decisions,
      conflicts: this.conflicts,
      restarts: this.restarts,
      freeAtRoot: this.freeAtRoot,
    });
    for (let i = 0; i < this.n; i++) this.markDirty(i);
    if (this.search.options.nonTrivial && !this.addNonTrivial()) return done();
    let restartAt = RESTART_BASE * luby(0);
    let steps = 0;
    for (;;) {
      if ((++steps & 0xf) === 0 && !this.search.tick(this.conflicts, 0, "conflicts")) return done();
      let conflict = !this.propagate();
      if (this.limits.length === 0 && this.freeAtRoot < 0) this.freeAtRoot = this.countFree();
      if (!conflict && this.options.objective && this.pruned()) conflict = this.blockDecisions();
      if (!conflict) {
        const pick = this.pickBranch();
        if (pick >= 0) {
          this.decisions++;
          const level = this.mask[pick] & (1 << this.phase[pick]) ? this.phase[pick] : highestLevel(this.mask[pick]);
          this.limits.push(this.tPlayer.length);
          this.assign(pick, 1 << level, DECISION);
          continue;
        }
        // Every domain is a point: a candidate.
        if (!this.offer()) return done();
        conflict = this.blockDecisions();
      }
      if (this.limits.length === 0) return done();
      this.conflicts++;
      if (!this.learn()) return done();
      if (this.conflicts >= restartAt) {
        this.restarts++;
        restartAt = this.conflicts + RESTART_BASE * luby(this.restarts);
        this.backjump(0);
        if (this.learnt.length > this.maxLearnt) this.reduceLearnt();
        // Undoing moves bounds by differences; recompute them exactly now and then.
        this.prop.resync(this.state);
      }
    }
  }

  private freeAtRoot = -1;

  private countFree(): number {
    let free = 0;
    for (let i = 0; i < this.n; i++) if (this.mask[i] & (this.mask[i] - 1)) free++;
    return free;
  }

  // ---------------------------------------------------------------------------------------
  // Assignment and undo

  private assign(g: number, next: number, reason: number, poolStart = this.poolPlayer.length, poolEnd = poolStart): void {
    const e = this.tPlayer.length;
    this.tPlayer.push(g);
    this.tOld.push(this.mask[g]);
    this.tNew.push(next);
    this.tLevel.push(this.limits.length);
    this.tReason.push(reason);
    this.tPool.push(poolStart);
    this.tPoolEnd.push(poolEnd);
    this.tPrev.push(this.head[g]);
    this.head[g] = e;
    this.prop.setMask(this.state, g, next);
    if (this.limits.length === 0) this.level0[g] = next;
  }

  private backjump(level: number): void {
    if (this.limits.length <= level) return;
    const stop = this.limits[level];
    for (let e = this.tPlayer.length - 1; e >= stop; e--) {
      const g = this.tPlayer[e];
      const m = this.mask[g];
      if (!(m & (m - 1))) this.phase[g] = highestLevel(m);
      this.prop.setMask(this.state, g, this.tOld[e]);
      this.head[g] = this.tPrev[e];
      this.heap.insert(g);
    }
    const poolTo = this.tPool[stop];
    if (poolTo !== undefined) {
      this.poolPlayer.length = poolTo;
      this.poolMask.length = poolTo;
    }
    for (const list of [this.tPlayer, this.tOld, this.tNew, this.tLevel, this.tReason, this.tPool, this.tPoolEnd, this.tPrev]) list.length = stop;
    this.limits.length = level;
    this.qhead = Math.min(this.qhead, stop);
    this.clearDirty();
  }

  // ---------------------------------------------------------------------------------------
  // Propagation

  private markDirty(i: number): void {
    if (this.isDirty[i]) return;
    this.isDirty[i] = 1;
    this.dirty[(this.dirtyHead + this.dirtySize) % this.n] = i;
    this.dirtySize++;
  }

  private clearDirty(): void {
    while (this.dirtySize > 0) {
      this.isDirty[this.dirty[this.dirtyHead]] = 0;
      this.dirtyHead = (this.dirtyHead + 1) % this.n;
      this.dirtySize--;
    }
  }

  /** Propagates to a fixed point. False on a conflict (its facts in conflictPlayer/Mask). */
  private propagate(): boolean {
    for (;;) {
      while (this.qhead < this.tPlayer.length) {
        const g = this.tPlayer[this.qhead++];
        if (!this.propagateClauses(g)) {
          this.clearDirty();
          return false;
        }
        const w = this.prop.watchers[g];
        for (let k = 0; k < w.length; k++) this.markDirty(w[k]);
      }
      if (this.dirtySize === 0) return true;
      const i = this.dirty[this.dirtyHead];
      this.dirtyHead = (this.dirtyHead + 1) % this.n;
      this.dirtySize--;
      this.isDirty[i] = 0;
      const m = this.mask[i];
      const kept = this.prop.survivors(this.state, i);
      if (kept === m) continue;
      const poolStart = this.poolPlayer.length;
      if (this.limits.length > 0) this.explain(i, m & ~kept);
      if (kept === 0) {
        this.setConflict(this.poolPlayer.slice(poolStart), this.poolMask.slice(poolStart));
        this.conflictPlayer.push(i);
        this.conflictMask.push(m);
        this.poolPlayer.length = poolStart;
        this.poolMask.length = poolStart;
        this.clearDirty();
        return false;
      }
      this.assign(i, kept, DOMINANCE, poolStart, this.poolPlayer.length);
    }
  }

  /** Visits the nogoods watching a fact on g after g's domain shrank. False on a conflict. */
  private propagateClauses(g: number): boolean {
    const ws = this.watches[g];
    const mask = this.mask;
    let keep = 0;
    for (let k = 0; k < ws.length; k++) {
      const c = ws[k];
      if (this.dead[c]) continue;
      const P = this.clausePlayers[c];
      const M = this.clauseMasks[c];
      if (P[0] === g) {
        P[0] = P[1];
        P[1] = g;
        const t = M[0];
        M[0] = M[1];
        M[1] = t;
      }
      // g's fact is in slot 1. Not yet true (or false): nothing to do.
      if (mask[g] & ~M[1] || (mask[P[0]] & M[0]) === 0) {
        ws[keep++] = c;
        continue;
      }
      let moved = false;
      for (let r = 2; r < P.length; r++) {
        if (mask[P[r]] & ~M[r]) {
          P[1] = P[r];
          P[r] = g;
          const t = M[1];
          M[1] = M[r];
          M[r] = t;
          this.watches[P[1]].push(c);
          moved = true;
          break;
        }
      }
      if (moved) continue;
      ws[keep++] = c;
      const w = P[0];
      if ((mask[w] & ~M[0]) === 0) {
        for (k++; k < ws.length; k++) ws[keep++] = ws[k];
        ws.length = keep;
        this.setConflict(Array.from(P), Array.from(M));
        return false;
      }
      this.assign(w, mask[w] & ~M[0], c);
    }
    ws.length = keep;
    return true;
  }

  /**
   * Pushes to the pool the facts that make dominance remove `removed` from player i: the
   * bounds of i's influencers, each relaxed to its level-0 range when the test survives it
   * (the most recently changed first, so that older facts are kept).
   */
  private explain(i: number, removed: number): void {
    const { game, state, prop } = this;
    const { tiers, communityGain: a } = game;
    const stamp = ++this.stamp;
    const LO = this.scratchLO;
    const HI = this.scratchHI;
    for (const j of game.rivals[i]) {
      this.rivalStamp[j] = stamp;
      LO[j] = state.LO[j];
      HI[j] = state.HI[j];
    }
    const shift = (g: number, d: number, bounds: Float64Array) => {
      if (this.rivalStamp[g] === stamp) bounds[g] += a[g] * d;
      const targets = prop.outTargets[g];
      const values = prop.outValues[g];
      for (let r = 0; r < targets.length; r++) if (this.rivalStamp[targets[r]] === stamp) bounds[targets[r]] += values[r] * d;
    };
    const candidates: number[] = [];
    for (const g of this.influencers[i]) if (this.mask[g] !== this.level0[g]) candidates.push(g);
    candidates.sort((g, h) => this.head[h] - this.head[g]);
    const box: DomainState = { mask: state.mask, LO, HI };
    for (const g of candidates) {
      const low = lowestLevel(this.mask[g]);
      const high = highestLevel(this.mask[g]);
      const low0 = lowestLevel(this.level0[g]);
      const high0 = highestLevel(this.level0[g]);
      /** Relaxes one bound of g from `level` to `root`; false (and undone) if the removal needs it. */
      const relax = (level: number, root: number, bounds: Float64Array): boolean => {
        if (level === root) return true;
        const d = tiers[root] - tiers[level];
        shift(g, d, bounds);
        if (prop.survivors(box, i, removed) === 0) return true;
        shift(g, -d, bounds);
        return false;
      };
      const keepLow = relax(low, low0, LO) ? low0 : low;
      const keepHigh = relax(high, high0, HI) ? high0 : high;
      if (keepLow !== low0 || keepHigh !== high0) {
        this.poolPlayer.push(g);
        this.poolMask.push(rangeMask(keepLow, keepHigh));
      }
    }
  }

  private setConflict(players: ArrayLike<number>, masks: ArrayLike<number>): void {
    this.conflictPlayer.length = 0;
    this.conflictMask.length = 0;
    for (let k = 0; k < players.length; k++) {
      this.conflictPlayer.push(players[k]);
      this.conflictMask.push(masks[k]);
    }
  }

  // ---------------------------------------------------------------------------------------
  // Nogoods

  /** Adds the nogood "every lab at level 0" (before any propagation). False if it fails at once. */
  private addNonTrivial(): boolean {
    const players: number[] = [];
    for (let g = 0; g < this.n; g++) {
      const m = this.mask[g];
      if (!(m & 1)) return true; // g never plays level 0: every profile is non-trivial
      if (m !== 1) players.push(g);
    }
    if (players.length === 0) return false;
    if (players.length === 1) {
      this.assign(players[0], this.mask[players[0]] & ~1, this.addClause(players, [1], false));
      return true;
    }
    this.addClause(players, players.map(() => 1), true);
    return true;
  }

  private addClause(players: number[], masks: number[], watch: boolean, lbd = 0): number {
    const c = this.clausePlayers.length;
    this.clausePlayers.push(Int32Array.from(players));
    this.clauseMasks.push(Int32Array.from(masks));
    this.lbd.push(lbd);
    this.dead.push(false);
    if (lbd > 2) this.learnt.push(c);
    if (watch) {
      this.watches[players[0]].push(c);
      this.watches[players[1]].push(c);
    }
    return c;
  }

  /** The time of fact (h, S): the trail entry that made it true, -1 if true from the start. */
  private factTime(h: number, S: number): number {
    let e = this.head[h];
    while (e >= 0 && (this.tOld[e] & ~S) === 0) e = this.tPrev[e];
    return e;
  }

  private factLevel(h: number, S: number): number {
    const e = this.factTime(h, S);
    return e < 0 ? -1 : this.tLevel[e];
  }

  /** The nogood of the current decisions (blocks an equilibrium found, or a pruned box). */
  private blockDecisions(): boolean {
    const players: number[] = [];
    const masks: number[] = [];
    for (const start of this.limits) {
      players.push(this.tPlayer[start]);
      masks.push(this.tNew[start]);
    }
    this.setConflict(players, masks);
    return true;
  }

  /**
   * First-UIP analysis of the conflict, then the backjump and the asserting nogood.
   * False when the conflict holds at level 0: the search is exhausted.
   */
  private learn(): boolean {
    for (;;) {
      const level = this.limits.length;
      if (level === 0) return false;
      const stamp = ++this.stamp;
      const list: number[] = [];
      let count = 0;
      const { seen, seenMask, current } = this;
      const add = (h: number, S: number) => {
        if (seen[h] !== stamp) {
          seen[h] = stamp;
          seenMask[h] = S;
          current[h] = 0;
          list.push(h);
        } else seenMask[h] &= S;
        const now = this.factLevel(h, seenMask[h]) === level ? 1 : 0;
        count += now - current[h];
        current[h] = now;
      };
      for (let k = 0; k < this.conflictPlayer.length; k++) add(this.conflictPlayer[k], this.conflictMask[k]);
      if (count === 0) {
        // The conflict already held at a lower level (the propagator is not monotone in
        // floating point to the last bit): analyse it there.
        let highest = 0;
        for (const h of list) highest = Math.max(highest, this.factLevel(h, seenMask[h]));
        this.backjump(Math.max(0, highest));
        continue;
      }
      let uip = -1;
      for (let e = this.tPlayer.length - 1; e >= 0; e--) {
        const g = this.tPlayer[e];
        if (seen[g] !== stamp || !current[g] || (this.tOld[e] & ~seenMask[g]) === 0) continue;
        if (count === 1) {
          uip = g;
          break;
        }
        this.bump(g);
        seenMask[g] |= this.tOld[e] & ~this.tNew[e];
        const now = this.factLevel(g, seenMask[g]) === level ? 1 : 0;
        count += now - current[g];
        current[g] = now;
        const reason = this.tReason[e];
        if (reason >= 0) {
          const P = this.clausePlayers[reason];
          const M = this.clauseMasks[reason];
          for (let r = 0; r < P.length; r++) if (P[r] !== g) add(P[r], M[r]);
        } else {
          for (let r = this.tPool[e]; r < this.tPoolEnd[e]; r++) add(this.poolPlayer[r], this.poolMask[r]);
        }
      }
      // The learnt nogood: the UIP first, then the fact of the highest other level.
      const players = [uip];
      const masks = [seenMask[uip]];
      let back = 0;
      const levels = new Set([level]);
      for (const h of list) {
        if (h === uip) continue;
        const l = this.factLevel(h, seenMask[h]);
        if (l <= 0) continue;
        levels.add(l);
        this.bump(h);
        players.push(h);
        masks.push(seenMask[h]);
        if (l > back) {
          back = l;
          [players[1], players[players.length - 1]] = [players[players.length - 1], players[1]];
          [masks[1], masks[masks.length - 1]] = [masks[masks.length - 1], masks[1]];
        }
      }
      this.bump(uip);
      this.activityIncrement /= ACTIVITY_DECAY;
      this.backjump(back);
      const c = this.addClause(players, masks, players.length > 1, levels.size);
      this.assign(uip, this.mask[uip] & ~masks[0], c);
      return true;
    }
  }

  /**
   * Deletes the half of the learnt nogoods with the highest literal block distance (nogoods
   * spanning 2 levels or fewer are always kept). Called at level 0, where no entry that
   * analysis may visit has a nogood as its reason.
   */
  private reduceLearnt(): void {
    const order = [...this.learnt].sort((c, d) => this.lbd[c] - this.lbd[d] || d - c);
    const keep = order.length >> 1;
    for (const c of order.slice(keep)) {
      this.dead[c] = true;
      this.clausePlayers[c] = EMPTY;
      this.clauseMasks[c] = EMPTY;
    }
    this.learnt = order.slice(0, keep);
    this.maxLearnt *= LEARNT_GROWTH;
  }

  private bump(g: number): void {
    if (this.heap.bump(g, this.activityIncrement) > 1e100) {
      this.heap.rescale(1e-100);
      this.activityIncrement *= 1e-100;
    }
  }

  // ---------------------------------------------------------------------------------------
  // Branching, candidates, bounds

  private pickBranch(): number {
    while (!this.heap.empty()) {
      const g = this.heap.top();
      const m = this.mask[g];
      if (m & (m - 1)) return g;
      this.heap.pop();
    }
    return -1;
  }

  /** Offers the point the domains have shrunk to; false when the search should stop. */
  private offer(): boolean {
    const { tiers } = this.game;
    const profile = Array.from(this.mask, (m) => tiers[highestLevel(m)]);
    const before = this.search.equilibria.length;
    if (!this.search.offer(profile)) return false;
    const goal = this.options.objective;
    if (goal && this.search.equilibria.length > before) {
      const eq = this.search.equilibria[this.search.equilibria.length - 1];
      this.incumbent = Math.max(this.incumbent, this.sign * goal.objective.value(eq.profile, eq.capabilities));
    }
    return true;
  }

  /** True when no equilibrium in the box can beat the incumbent (branch and bound). */
  private pruned(): boolean {
    const goal = this.options.objective!;
    if (this.incumbent === -Infinity) return false;
    const { tiers } = this.game;
    const lowX = Array.from(this.mask, (m) => tiers[lowestLevel(m)]);
    const highX = Array.from(this.mask, (m) => tiers[highestLevel(m)]);
    const [low, high] = goal.objective.bounds({ LO: this.state.LO, HI: this.state.HI, lowX, highX });
    return (this.sign > 0 ? high : -low) <= this.incumbent + this.game.tolerance;
  }
}

/** A max-heap of players by activity (VSIDS), as in MiniSat. */
class ActivityHeap {
  private readonly heap: Int32Array;
  private readonly position: Int32Array;
  private readonly activity: Float64Array;
  private size: number;

  constructor(n: number) {
    this.heap = Int32Array.from({ length: n }, (_, i) => i);
    this.position = Int32Array.from({ length: n }, (_, i) => i);
    this.activity = new Float64Array(n);
    this.size = n;
  }

  empty(): boolean {
    return this.size === 0;
  }

  top(): number {
    return this.heap[0];
  }

  pop(): number {
    const top = this.heap[0];
    this.position[top] = -1;
    this.size--;
    if (this.size > 0) {
      this.heap[0] = this.heap[this.size];
      this.position[this.heap[0]] = 0;
      this.down(0);
    }
    return top;
  }

  insert(g: number): void {
    if (this.position[g] >= 0) return;
    this.heap[this.size] = g;
    this.position[g] = this.size;
    this.size++;
    this.up(this.size - 1);
  }

  /** Adds to g's activity; returns the new activity. */
  bump(g: number, amount: number): number {
    this.activity[g] += amount;
    if (this.position[g] >= 0) this.up(this.position[g]);
    return this.activity[g];
  }

  rescale(factor: number): void {
    for (let g = 0; g < this.activity.length; g++) this.activity[g] *= factor;
  }

  private up(k: number): void {
    const { heap, position, activity } = this;
    const g = heap[k];
    while (k > 0) {
      const parent = (k - 1) >> 1;
      if (activity[heap[parent]] >= activity[g]) break;
      heap[k] = heap[parent];
      position[heap[k]] = k;
      k = parent;
    }
    heap[k] = g;
    position[g] = k;
  }

  private down(k: number): void {
    const { heap, position, activity } = this;
    const g = heap[k];
    for (;;) {
      let child = 2 * k + 1;
      if (child >= this.size) break;
      if (child + 1 < this.size && activity[heap[child + 1]] > activity[heap[child]]) child++;
      if (activity[heap[child]] <= activity[g]) break;
      heap[k] = heap[child];
      position[heap[k]] = k;
      k = child;
    }
    heap[k] = g;
    position[g] = k;
  }
}
