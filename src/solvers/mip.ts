/**
 * Equilibria by the MIP of MODEL.md section 3 with HiGHS: existence (`first`), all equilibria
 * (no-good cuts after each one), or the best/worst one for an objective.
 *
 * HiGHS's answers are claims, checked before they are believed:
 *  - a solution goes through `Search.offer`, the exact certificate; one that fails it (HiGHS's
 *    feasibility tolerance lets near-equilibria through, mip-scale.ts) is cut off like any
 *    other and the search continues, so numerical error can delay an answer, never make one
 *    wrong;
 *  - "infeasible" (no further equilibrium) is backed up before it is believed: by exact
 *    enumeration when the presolve leaves a walk of at most EXACT_BACKUP profiles (which
 *    adds whatever the MIP missed), else by a second solve with HiGHS's presolve off, whose
 *    solution, if it finds one, the search goes on from;
 *  - "optimal" for an objective is believed only when, with a row asking for a value better
 *    than the certified optimum, the presolve-off solve finds nothing;
 *  - a HiGHS failure is retried once on a fresh instance; a second one ends the search as
 *    incomplete (`stopReason: "solver-error"`), never as a crash.
 */
import type { Game } from "../model/game.js";
import type { ObjectiveName, Sense } from "../model/objectives.js";
import { HighsMip, type MipRun } from "./highs.js";
import { buildEquilibriumMip, type MipModel, type MipRow } from "./mip-model.js";
import { dominancePresolve } from "./dominance.js";
import { enumerateEquilibria } from "./enumerate.js";
import type { Search } from "./search.js";

export interface MipOptions {
  readonly objective?: { readonly objective: ObjectiveName; readonly sense: Sense };
  /** Use the plain formulation of MODEL.md (no presolve box, every rival): for comparisons. */
  readonly plain?: boolean;
  /**
   * Back "infeasible" up by exact enumeration when the walk is small (default true). False
   * leaves only HiGHS's own second opinion: the tests use it to hold the MIP to brute force
   * on its own.
   */
  readonly exactBackup?: boolean;
}

/** Profiles after the presolve up to which an "infeasible" is checked by enumeration (milliseconds). */
const EXACT_BACKUP = 1 << 16;

export interface MipStats {
  readonly solves: number;
  readonly cuts: number;
  readonly columns: number;
  readonly rows: number;
}

/** How much better than the certified optimum the confirming solve asks for (scaled units, relative). */
const IMPROVEMENT = 1e-7;

export async function mipEquilibria(game: Game, search: Search, options: MipOptions = {}): Promise<MipStats> {
  const model = buildEquilibriumMip(game, {
    nonTrivial: search.options.nonTrivial,
    tighten: !options.plain,
    objective: options.objective,
  });
  const stats = { solves: 0, cuts: 0, columns: model.variables.length, rows: model.rows.length };
  if (!model.feasibleBox) return stats;
  const solver = new CheckedMip(model);
  try {
    for (;;) {
      if (!search.tick(stats.solves, 0, "MIP solves")) return stats;
      const run = await solver.run(search.deadlineMs);
      stats.solves++;
      if (run.status === "time-limit") {
        search.stopReason = "time-limit";
        return stats;
      }
      if (run.status === "error") {
        search.stopReason = "solver-error";
        search.note = `HiGHS failed twice (${run.message ?? "no message"})`;
        return stats;
      }
      if (run.status === "infeasible") {
        if (options.exactBackup !== false) {
          const presolve = dominancePresolve(game);
          if (presolve.levels.reduce((size, l) => size * l.length, 1) <= EXACT_BACKUP) {
            enumerateEquilibria(game, search, presolve);
            return stats;
          }
        }
        if (!solver.presolveOn) return stats; // confirmed by the second opinion
        solver.presolveOn = false;
        continue;
      }
      const profile = readProfile(game, model, run.values!);
      const before = search.equilibria.length;
      const more = search.offer(profile);
      if (!more) return stats;
      if (options.objective && search.equilibria.length > before && model.objective) {
        // Certified: is anything better? Ask for it, with the presolve off.
        const { sense, indices, values, offset } = model.objective;
        const value = run.objective!;
        const step = IMPROVEMENT * Math.max(1, Math.abs(value));
        solver.addRow({
          name: `better_${stats.cuts++}`,
          indices,
          values,
          lower: sense === "max" ? value + step - offset : -Infinity,
          upper: sense === "max" ? Infinity : value - step - offset,
        });
        solver.presolveOn = false;
        continue;
      }
      solver.addRow(noGood(model, profile, game.tiers, stats.cuts++));
    }
  } finally {
    solver.dispose();
  }
}

/**
 * A HiGHS instance of a model and the rows added to it, reloaded on a fresh module when HiGHS
 * fails (its WASM state is then not safe), and retried once, presolve off, before the failure
 * is reported. An "infeasible" of a model that must be feasible is such a failure too.
 */
export class CheckedMip {
  private instance: HighsMip | null = null;
  private readonly added: MipRow[] = [];
  presolveOn = true;

  constructor(
    private readonly model: MipModel,
    /** True for a model that always has a solution (the KKT MIP): "infeasible" is then a failure. */
    private readonly feasible = false,
  ) {}

  private async load(): Promise<HighsMip> {
    if (this.instance) return this.instance;
    const mip = await HighsMip.load(this.model);
    for (const row of this.added) mip.addRow(row);
    this.instance = mip;
    return mip;
  }

  async run(deadline: number, stopAt?: number): Promise<MipRun> {
    let last: MipRun = { status: "error" };
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        const mip = await this.load();
        mip.presolve(this.presolveOn);
        last = mip.run(deadline, stopAt);
        if (this.feasible && last.status === "infeasible") last = { status: "error", message: "HiGHS claimed a feasible model infeasible" };
      } catch (error) {
        last = { status: "error", message: error instanceof Error ? error.message : String(error) };
      }
      if (last.status !== "error") return last;
      this.dispose(); // a fresh instance for the retry, with the presolve off
      this.presolveOn = false;
    }
    return last;
  }

  addRow(row: MipRow): void {
    this.added.push(row);
    this.instance?.addRow(row);
  }

  dispose(): void {
    this.instance?.dispose();
    this.instance = null;
  }
}

/** The openness profile of a MIP solution (indicators rounded). */
export function readProfile(game: Game, model: MipModel, values: ArrayLike<number>): number[] {
  return model.openness.map((cols) => {
    if (cols.length === 1) return values[cols[0]] > 0.5 ? 1 : 0;
    let best = 0;
    cols.forEach((col, l) => values[col] > values[cols[best]] && (best = l));
    return game.tiers[best];
  });
}

/** Cuts off exactly one profile: its indicators cannot all be on again. */
export function noGood(model: MipModel, profile: readonly number[], tiers: readonly number[], index: number): MipRow {
  const indices: number[] = [];
  const values: number[] = [];
  let ones = 0;
  model.openness.forEach((cols, i) => {
    if (cols.length === 1) {
      indices.push(cols[0]);
      values.push(profile[i] === 1 ? 1 : -1);
      if (profile[i] === 1) ones++;
    } else {
      indices.push(cols[tiers.indexOf(profile[i])]);
      values.push(1);
      ones++;
    }
  });
  return { name: `nogood_${index}`, indices, values, lower: -Infinity, upper: ones - 1 };
}
