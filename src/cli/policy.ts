/** `openrace policy FILE --policy POLICY.json`: equilibria and metrics before and after. */
import { metricRanges } from "../analysis/metrics.js";
import { applyPolicy, describeLevers, policyProblems, validatePolicy, type Policy } from "../analysis/policy.js";
import { formatNumber, incompleteReason, levelLabel, listsAll } from "../analysis/reading.js";
import { jsonText } from "../analysis/documents.js";
import type { Game } from "../model/game.js";
import { solveContinuous } from "../solvers/solve-continuous.js";
import { solveDiscrete, type GameKind, type SolveResult } from "../solvers/solve.js";
import { loadScenario, readJson } from "../io/scenario-file.js";
import { exitStatus, InputError } from "./errors.js";

/** Reads and checks a policy file (`--policy`) against the scenario it will apply to. */
export function loadPolicy(path: string, scenarioFile: string, game: Game, kind: GameKind): Policy {
  const parsed = validatePolicy(readJson(path));
  if (!parsed.ok) throw new InputError(`openrace: ${path} is not a valid policy:`, parsed.problems);
  const problems = kind === "discrete" ? policyProblems(game, parsed.value) : [];
  if (problems.length > 0) throw new InputError(`openrace: ${path} does not fit the tiers of ${scenarioFile}:`, problems);
  return parsed.value;
}

export async function policyCommand(file: string, options: { policy: string; game: GameKind; timeLimit?: number; json?: boolean }): Promise<number> {
  const { name, game } = loadScenario(file);
  const policy = loadPolicy(options.policy, file, game, options.game);
  const solve = (g: Game) => (options.game === "continuous" ? solveContinuous : solveDiscrete)(g, { timeLimit: options.timeLimit });
  const before = await solve(game);
  const after = await solve(applyPolicy(game, policy));
  const side = (r: SolveResult) => ({ exists: r.exists, complete: r.complete, stopReason: r.stopReason, equilibria: r.equilibria, metrics: metricRanges(r.equilibria), welfare: r.welfare });
  const status = exitStatus(before, after);
  if (options.json) {
    process.stdout.write(jsonText({ scenario: name, policy, players: game.ids, before: side(before), after: side(after) }));
    return status;
  }
  const describe = (r: SolveResult) =>
    r.equilibria.length === 0
      ? [r.exists === false ? "  no equilibrium" : "  no equilibrium found"]
      : [
          ...r.equilibria.slice(0, 10).map((eq) => `  ${game.ids.map((id, i) => `${id} ${levelLabel(eq.profile[i], game)}`).join(", ")}`),
          ...(r.equilibria.length > 10 ? [`  ... and ${r.equilibria.length - 10} more (all are listed with --json)`] : []),
        ];
  const range = (r: SolveResult, m: "welfare" | "frontier" | "bestOpenCapability" | "openLabs") => {
    const v = metricRanges(r.equilibria)[m];
    return v === null ? "-" : v.min === v.max ? formatNumber(v.min) : `${formatNumber(v.min)} to ${formatNumber(v.max)}`;
  };
  // A count only where the list is every equilibrium (the continuous game looks for one).
  const count = (r: SolveResult) => {
    const k = `${r.equilibria.length} ${r.equilibria.length === 1 ? "equilibrium" : "equilibria"}`;
    const reason = incompleteReason(r);
    return reason !== null ? `${k} found, INCOMPLETE: ${reason}` : listsAll(r) ? k : `${k} found; others may exist`;
  };
  const over = listsAll(before) && listsAll(after) ? "over the equilibria" : "over the equilibria found";
  const lines = [
    `${name} under ${policy.name ?? options.policy}: ${describeLevers(policy)}`,
    "",
    `Before (${count(before)}):`,
    ...describe(before),
    `After (${count(after)}):`,
    ...describe(after),
    "",
    `Before -> after, ${over} (min to max):`,
    ...(["welfare", "frontier", "bestOpenCapability", "openLabs"] as const).map((m) => `  ${m}: ${range(before, m)} -> ${range(after, m)}`),
    "",
  ];
  process.stdout.write(lines.join("\n"));
  return status;
}
