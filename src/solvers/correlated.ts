/**
 * Correlated (Aumann 1974) and coarse correlated (Hannan; Moulin and Vial 1978) equilibria of a
 * small race, the best or worst by an objective, as a linear program over distributions P on
 * the pure profiles (Papadimitriou and Roughgarden, "Computing correlated equilibria in
 * multi-player games", JACM 2008, section 2), solved with HiGHS:
 *     sum_s P(s) = 1,  P >= 0,
 *     correlated:   sum_{s: s_i = k} P(s) (u_i(k', s_-i) - u_i(s)) <= 0   for every i, k, k' != k
 *     coarse:       sum_s P(s) (u_i(k', s_-i) - u_i(s)) <= 0              for every i, k'
 *     objective:    max or min sum_s P(s) f(s), f = welfare, openness, frontier or lead.
 * Levels removed by iterated strict dominance (`dominance.ts`) are never played in a correlated
 * equilibrium, so its LP is over the surviving profiles; a coarse correlated equilibrium can put
 * weight on dominated levels, so its LP keeps them all. The answer is certified by
 * `correlatedRegret` (model/regret.ts) from the payoff formula, not from the LP.
 * Limits: one column per profile, at most TABLE_LIMITS.correlated of them (about 14 binary labs).
 */
import { OBJECTIVES, type ObjectiveName, type Sense } from "../model/objectives.js";
import type { Game } from "../model/game.js";
import { capabilities } from "../model/payoff.js";
import { correlatedRegret, type ProfileWeight } from "../model/regret.js";
import { payoffTable, profileAt, TABLE_LIMITS, type PayoffTable } from "../model/table.js";
import { dominancePresolve } from "./dominance.js";
import { HighsMip } from "./highs.js";
import { payoffSpread } from "./logit.js";
import { Builder, type MipModel, type Terms } from "./mip-model.js";

export interface CorrelatedEquilibrium {
  readonly distribution: ProfileWeight[];
  /** The objective's expected value under the distribution. */
  readonly objective: number;
  /** The exact largest gain of a deviation (see `correlatedRegret`). */
  readonly regret: number;
  /** Each lab's probability of each tier (the distribution's marginals). */
  readonly marginals: number[][];
}

export interface CorrelatedResult {
  readonly concept: "correlated" | "coarse-correlated";
  readonly players: string[];
  readonly tiers: number[];
  readonly method: "lp";
  /** What the LP optimised. */
  readonly optimize: { readonly objective: ObjectiveName; readonly sense: Sense };
  /** False when the time limit stopped HiGHS. */
  readonly complete: boolean;
  readonly exists: boolean | null;
  readonly equilibria: CorrelatedEquilibrium[];
  readonly stats: { seconds: number; profiles: number; pruned: number; rows: number; status: string };
}

export interface CorrelatedOptions {
  readonly coarse?: boolean;
  readonly objective?: ObjectiveName;
  readonly sense?: Sense;
  readonly timeLimit?: number;
  /** Remove strictly dominated levels first (correlated only; default true). */
  readonly prune?: boolean;
}

/** Thrown when HiGHS fails or its answer does not pass the certificate. */
export class CorrelatedError extends Error {}

export async function solveCorrelated(game: Game, options: CorrelatedOptions = {}): Promise<CorrelatedResult> {
  const started = Date.now();
  const coarse = options.coarse ?? false;
  const objectiveName = options.objective ?? "welfare";
  const sense = options.sense ?? "max";
  const levels = coarse || options.prune === false ? undefined : dominancePresolve(game).levels.map((ls) => ls.map((l) => game.tiers[l]));
  const table = payoffTable(game, TABLE_LIMITS.correlated, levels);
  const model = incentiveLp(table, coarse, objectiveName, sense);
  const deadline = options.timeLimit === undefined ? Infinity : Date.now() + options.timeLimit * 1000;
  const lp = await HighsMip.load(model);
  let run;
  try {
    run = lp.run(deadline);
  } finally {
    lp.dispose();
  }
  const header = {
    concept: coarse ? ("coarse-correlated" as const) : ("correlated" as const),
    players: [...game.ids],
    tiers: [...game.tiers],
    method: "lp" as const,
    optimize: { objective: objectiveName, sense },
  };
  const stats = (status: string) => ({
    seconds: (Date.now() - started) / 1000,
    profiles: table.count,
    pruned: game.ids.reduce((c, _, i) => c * game.tiers.filter((t) => t >= game.minimum[i]).length, 1) - table.count,
    rows: model.rows.length,
    status,
  });
  if (run.status === "time-limit") return { ...header, complete: false, exists: null, equilibria: [], stats: stats(run.status) };
  if (run.status !== "optimal" || !run.values) throw new CorrelatedError(`HiGHS did not solve the ${header.concept} LP: ${run.message ?? run.status}`);
  const eq = certified(game, table, run.values, objectiveName, coarse);
  return { ...header, complete: true, exists: true, equilibria: [eq], stats: stats(run.status) };
}

/** The LP of the module comment, rows scaled by the payoff spread. */
function incentiveLp(table: PayoffTable, coarse: boolean, objectiveName: ObjectiveName, sense: Sense): MipModel {
  const { n, count, payoff, levels, stride, game } = table;
  const R = payoffSpread(table);
  const b = new Builder();
  const columns = Array.from({ length: count }, (_, s) => b.addVar(`P_${s}`, 0, 1));
  b.addRow("total", new Map(columns.map((c) => [c, 1])), 1, 1);
  for (let i = 0; i < n; i++) {
    const L = levels[i].length;
    // rows[k][k']: coarse uses k = 0 for every profile.
    const rows: Terms[][] = Array.from({ length: coarse ? 1 : L }, () => Array.from({ length: L }, () => new Map()));
    for (let s = 0; s < count; s++) {
      const k = Math.floor(s / stride[i]) % L;
      const row = rows[coarse ? 0 : k];
      const now = payoff[s * n + i];
      for (let m = 0; m < L; m++) if (m !== k) row[m].set(columns[s], (payoff[(s + (m - k) * stride[i]) * n + i] - now) / R);
    }
    rows.forEach((row, k) => row.forEach((terms, m) => (coarse || m !== k) && terms.size && b.addRow(`incentive_${i}_${coarse ? "any" : k}_${m}`, terms, -Infinity, 0)));
  }
  const objective = OBJECTIVES[objectiveName];
  const values = columns.map((_, s) => {
    const x = profileAt(table, s);
    return objective.value(x, capabilities(game, x));
  });
  return {
    name: "openrace-correlated",
    comments: [`openrace ${coarse ? "coarse correlated" : "correlated"} equilibrium LP: column P_s = probability of profile s`],
    variables: b.variables,
    rows: b.rows,
    objective: { sense, indices: columns, values, offset: 0 },
    openness: [],
    feasibleBox: true,
  };
}

/** The LP's answer, cleaned of solver noise (weights below 1e-12, renormalised) and certified. */
function certified(game: Game, table: PayoffTable, values: Float64Array, objectiveName: ObjectiveName, coarse: boolean): CorrelatedEquilibrium {
  const kept: { s: number; w: number }[] = [];
  let total = 0;
  values.forEach((w, s) => {
    if (w > 1e-12) {
      kept.push({ s, w });
      total += w;
    }
  });
  kept.sort((a, b) => b.w - a.w || a.s - b.s);
  const distribution = kept.map(({ s, w }) => ({ profile: profileAt(table, s), probability: w / total }));
  const objective = OBJECTIVES[objectiveName];
  let value = 0;
  for (const { profile, probability } of distribution) value += probability * objective.value(profile, capabilities(game, profile));
  const marginals = game.ids.map((_, i) => game.tiers.map((t) => distribution.reduce((acc, d) => acc + (d.profile[i] === t ? d.probability : 0), 0)));
  const regret = correlatedRegret(game, distribution, coarse);
  if (regret > game.tolerance) throw new CorrelatedError(`the LP's distribution fails its certificate: regret ${regret} > tolerance ${game.tolerance}`);
  return { distribution, objective: value, regret, marginals };
}
