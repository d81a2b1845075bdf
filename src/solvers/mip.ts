/**
 * Equilibria by the MIP of MODEL.md section 3 with HiGHS: existence (`first`), all equilibria
 * (no-good cuts after each one), or the best/worst one for an objective. Every solution goes
 * through `Search.offer`, the exact re-check; a solution that fails it is cut off like any
 * other and the search continues, so numerical error can delay an answer but never make one
 * wrong.
 */
import type { Game } from "../model/game.js";
import type { ObjectiveName, Sense } from "../model/objectives.js";
import { HighsMip } from "./highs.js";
import { buildEquilibriumMip, type MipModel, type MipRow } from "./mip-model.js";
import type { Search } from "./search.js";

export interface MipOptions {
  readonly objective?: { readonly objective: ObjectiveName; readonly sense: Sense };
  /** Use the plain formulation of MODEL.md (no presolve box, every rival): for comparisons. */
  readonly plain?: boolean;
}

export interface MipStats {
  readonly solves: number;
  readonly cuts: number;
  readonly columns: number;
  readonly rows: number;
}

/** Thrown when HiGHS fails (not a time limit, not infeasibility). */
export class SolverError extends Error {}

export async function mipEquilibria(game: Game, search: Search, options: MipOptions = {}): Promise<MipStats> {
  const model = buildEquilibriumMip(game, {
    nonTrivial: search.options.nonTrivial,
    tighten: !options.plain,
    objective: options.objective,
  });
  const stats = { solves: 0, cuts: 0, columns: model.variables.length, rows: model.rows.length };
  if (!model.feasibleBox) return stats;
  const mip = await HighsMip.load(model);
  try {
    for (;;) {
      if (!search.tick(stats.solves, 0)) return stats;
      const run = mip.run(search.deadlineMs);
      stats.solves++;
      if (run.status === "infeasible") return stats;
      if (run.status === "time-limit") {
        search.stopReason = "time-limit";
        return stats;
      }
      if (run.status === "error") throw new SolverError(`HiGHS failed: ${run.message}`);
      const profile = readProfile(game, model, run.values!);
      const before = search.equilibria.length;
      const more = search.offer(profile);
      const certified = search.equilibria.length > before;
      // An optimum that passed the exact check answers an objective query.
      if (!more || (options.objective && certified)) return stats;
      mip.addRow(noGood(model, profile, game.tiers, stats.cuts++));
    }
  } finally {
    mip.dispose();
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
