/**
 * The one loop every solver reports to: candidates go in, certified equilibria come out.
 * The time limit, progress reporting, `--first` and `--nontrivial` live here, not in each
 * solver, so every method honours them the same way.
 */
import { certify, type Actions, type Equilibrium } from "../model/certificate.js";
import { isNonTrivial, type Game, type Profile } from "../model/game.js";

export interface Progress {
  /** Work done and total, in the solver's own unit (profiles for enumeration). */
  readonly done: number;
  readonly total: number;
  readonly found: number;
  readonly seconds: number;
  /** What `done` counts (profiles, nodes, ...), when the solver says. */
  readonly unit?: string;
}

export interface SearchOptions {
  /** Only equilibria where some player opens. */
  readonly nonTrivial?: boolean;
  /** Stop at the first equilibrium found. */
  readonly first?: boolean;
  /** Wall-clock limit in seconds. */
  readonly timeLimit?: number;
  /** Called from time to time during long work. */
  readonly onProgress?: (progress: Progress) => void;
}

/**
 * Why a search ended: everything examined, the first equilibrium found, the time limit, a
 * method that cannot prove completeness (best-response dynamics), or a solver failure.
 */
export type StopReason = "exhausted" | "first" | "time-limit" | "incomplete" | "solver-error";

const clock = () => Date.now() / 1000;

export class Search {
  readonly equilibria: Equilibrium[] = [];
  /** Candidates that the exact re-check refused (numerical safety; expected to stay 0). */
  rejected = 0;
  stopReason: StopReason = "exhausted";
  /** What went wrong, in a few words, when the search ended on a solver failure. */
  note?: string;
  readonly started = clock();
  private readonly deadline: number;
  private readonly seen = new Set<string>();

  constructor(
    readonly game: Game,
    readonly options: SearchOptions = {},
  ) {
    this.deadline = options.timeLimit === undefined ? Infinity : this.started + options.timeLimit;
  }

  /** The deadline as a Date.now() value (Infinity for none), for solvers with their own clocks. */
  get deadlineMs(): number {
    return this.deadline * 1000;
  }

  get seconds(): number {
    return clock() - this.started;
  }

  /**
   * Solvers call this every so often, with the work done in their unit and its total (0: not
   * known in advance); false means stop now (the time limit is reached).
   */
  tick(done: number, total: number, unit?: string): boolean {
    const now = clock();
    this.options.onProgress?.({ done, total, found: this.equilibria.length, seconds: now - this.started, ...(unit ? { unit } : {}) });
    if (now > this.deadline) {
      this.stopReason = "time-limit";
      return false;
    }
    return true;
  }

  /**
   * Offers a candidate profile. It is certified from scratch and recorded if it is an
   * equilibrium of the kind asked for. Returns false when the search should stop.
   */
  offer(profile: Profile, levels?: Actions): boolean {
    if (this.options.nonTrivial && !isNonTrivial(profile)) return true;
    const key = profile.join(",");
    if (this.seen.has(key)) return true;
    const equilibrium = certify(this.game, profile, levels);
    if (!equilibrium) {
      this.rejected++;
      return true;
    }
    return this.record(equilibrium, key);
  }

  /**
   * Records an equilibrium the certifier made in another search of the same game (a worker's
   * box of a split search), as `offer` would have. Returns false when the search should stop.
   */
  adopt(equilibrium: Equilibrium): boolean {
    if (this.options.nonTrivial && !equilibrium.nonTrivial) return true;
    const key = equilibrium.profile.join(",");
    return this.seen.has(key) || this.record(equilibrium, key);
  }

  private record(equilibrium: Equilibrium, key: string): boolean {
    this.seen.add(key);
    this.equilibria.push(equilibrium);
    if (this.options.first) {
      // A reason the work is incomplete, recorded by the solver, is not overwritten.
      if (this.stopReason === "exhausted") this.stopReason = "first";
      return false;
    }
    return true;
  }

  /** True when the equilibria found are all that were asked for. */
  get complete(): boolean {
    return this.stopReason === "exhausted" || this.stopReason === "first";
  }

  /** Whether an equilibrium of the kind asked for exists; null when a limit left it open. */
  get exists(): boolean | null {
    if (this.equilibria.length > 0) return true;
    return this.complete ? false : null;
  }
}
