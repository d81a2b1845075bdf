/**
 * `openrace explain FILE --profile P` when P is a mixed profile (`leader=0.4`: opens with
 * probability 0.4; `leader=0.2/0.3/0.5`: per tier): each lab's expected payoff, the expected
 * payoff of each of its levels against the others' mixture, its best level, and the exact
 * regret (model/regret.ts).
 */
import { formatProbability, formatRegret, readMixture } from "../analysis/mixed-reading.js";
import { formatNumber, formatSigned, levelLabel } from "../analysis/reading.js";
import type { Game } from "../model/game.js";
import { assessMixed, describeMixed } from "../model/regret.js";
import { mixedTable } from "../solvers/mixed.js";
import { EXIT, InputError } from "./errors.js";
import { wrap } from "./solve.js";
import { formatTable } from "./table.js";

export function explainMixedCommand(name: string, game: Game, sigma: number[][], json?: boolean): number {
  let table;
  try {
    table = mixedTable(game);
  } catch (error) {
    if (error instanceof RangeError) throw new InputError(`openrace: --profile: a mixed profile needs a small race: ${error.message}`);
    throw error;
  }
  const assessed = assessMixed(table, sigma);
  const { strategies } = describeMixed(table, sigma);
  const isEquilibrium = assessed.regret <= game.tolerance;
  /** Per tier: the level's expected payoff, null for tiers below a mandate. */
  const perTier = (i: number) => game.tiers.map((t) => {
    const k = table.levels[i].indexOf(t);
    return k < 0 ? null : assessed.levelPayoffs[i][k];
  });
  const best = game.ids.map((_, i) => {
    const row = assessed.levelPayoffs[i];
    const k = row.indexOf(Math.max(...row));
    return table.levels[i][k];
  });
  if (json) {
    const labs = game.ids.map((id, i) => ({ id, strategy: strategies[i], payoff: assessed.payoffs[i], levelPayoffs: perTier(i), bestLevel: best[i], gain: assessed.gains[i] }));
    process.stdout.write(`${JSON.stringify({ scenario: name, players: game.ids, tiers: game.tiers, mixed: true, strategies, payoffs: assessed.payoffs, regret: assessed.regret, isEquilibrium, labs }, null, 2)}\n`);
    return EXIT.ok;
  }
  const rows = game.ids.map((id, i) => [
    id,
    ...strategies[i].map(formatProbability),
    formatNumber(assessed.payoffs[i]),
    ...perTier(i).map((u) => (u === null ? "-" : formatNumber(u))),
    assessed.gains[i] > game.tolerance ? `switches to ${levelLabel(best[i])} (${formatSigned(assessed.gains[i])})` : "stays",
  ]);
  const verdict = isEquilibrium ? `a mixed equilibrium (regret ${formatRegret(assessed.regret)})` : `not an equilibrium (regret ${formatRegret(assessed.regret)})`;
  const lines = [
    `${name} at the mixed profile: ${verdict}`,
    "",
    formatTable(
      ["lab", ...game.tiers.map((t) => `P(${levelLabel(t)})`), "expected payoff", ...game.tiers.map((t) => `if ${levelLabel(t)}`), "verdict"],
      rows,
      ["left", ...game.tiers.map(() => "right" as const), "right", ...game.tiers.map(() => "right" as const), "left"],
    ),
    "",
    "\"if L\": the lab's expected payoff from playing L for sure while the others keep their mixtures.",
    "",
    ...game.ids.map((id, i) =>
      wrap(
        `${id} ${readMixture(game.tiers, strategies[i])} and expects ${formatNumber(assessed.payoffs[i])}; ` +
          (assessed.gains[i] > game.tolerance
            ? `${levelLabel(best[i])} for sure would earn ${formatSigned(assessed.gains[i])} more.`
            : "no level does better against the others' mixtures."),
        96,
      ),
    ),
    "",
  ];
  process.stdout.write(lines.join("\n"));
  return EXIT.ok;
}
