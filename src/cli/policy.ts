/** `openrace policy FILE --policy POLICY.json`: equilibria and metrics before and after. */
import { metricRanges } from "../analysis/metrics.js";
import { applyPolicy, validatePolicy } from "../analysis/policy.js";
import { formatNumber, levelLabel } from "../analysis/reading.js";
import type { Game } from "../model/game.js";
import { solveContinuous } from "../solvers/solve-continuous.js";
import { solveDiscrete, type GameKind, type SolveResult } from "../solvers/solve.js";
import { loadScenario, readJson } from "../io/scenario-file.js";
import { EXIT, InputError } from "./errors.js";

export async function policyCommand(file: string, options: { policy: string; game: GameKind; timeLimit?: number; json?: boolean }): Promise<number> {
  const { name, game } = loadScenario(file);
  const parsed = validatePolicy(readJson(options.policy));
  if (!parsed.ok) throw new InputError(`openrace: ${options.policy} is not a valid policy:`, parsed.problems);
  const policy = parsed.value;
  const solve = (g: Game) => (options.game === "continuous" ? solveContinuous : solveDiscrete)(g, { timeLimit: options.timeLimit });
  const before = await solve(game);
  const after = await solve(applyPolicy(game, policy));
  const side = (r: SolveResult) => ({ exists: r.exists, complete: r.complete, equilibria: r.equilibria, metrics: metricRanges(r.equilibria), welfare: r.welfare });
  const complete = before.complete && after.complete;
  if (options.json) {
    process.stdout.write(`${JSON.stringify({ scenario: name, policy, players: game.ids, before: side(before), after: side(after) }, null, 2)}\n`);
    return complete ? EXIT.ok : EXIT.timeLimit;
  }
  const describe = (r: SolveResult) =>
    r.equilibria.length === 0
      ? ["  no equilibrium"]
      : r.equilibria.slice(0, 10).map((eq) => `  ${game.ids.map((id, i) => `${id} ${levelLabel(eq.profile[i])}`).join(", ")}`);
  const range = (r: SolveResult, m: "welfare" | "frontier" | "bestOpenCapability" | "openLabs") => {
    const v = metricRanges(r.equilibria)[m];
    return v === null ? "-" : v.min === v.max ? formatNumber(v.min) : `${formatNumber(v.min)} to ${formatNumber(v.max)}`;
  };
  const lines = [
    `${name} under ${policy.name ?? options.policy}: ${policy.levers.map((l) => l.type + (l.above !== undefined ? ` (labs at or above ${l.above})` : "")).join(", ")}`,
    "",
    `Before (${before.equilibria.length} equilibria):`,
    ...describe(before),
    `After (${after.equilibria.length} equilibria):`,
    ...describe(after),
    "",
    ...(["welfare", "frontier", "bestOpenCapability", "openLabs"] as const).map((m) => `  ${m}: ${range(before, m)} -> ${range(after, m)}`),
    "",
  ];
  process.stdout.write(lines.join("\n"));
  return complete ? EXIT.ok : EXIT.timeLimit;
}

