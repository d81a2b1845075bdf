/** `openrace explain FILE --profile P`: each lab's incentive at a profile, term by term. */
import { describeIncentive, formatNumber, formatSigned, levelLabel } from "../analysis/reading.js";
import { explainProfile } from "../model/explain.js";
import { parseMixedProfile, parseProfile } from "../model/profile.js";
import { formatProblem } from "../model/validate.js";
import { loadScenario } from "../io/scenario-file.js";
import { EXIT, InputError } from "./errors.js";
import { explainMixedCommand } from "./explain-mixed.js";
import { wrap } from "./solve.js";
import { formatTable } from "./table.js";

export interface ExplainCommandOptions {
  profile: string;
  game: "discrete" | "continuous";
  json?: boolean;
}

export function explainCommand(file: string, options: ExplainCommandOptions): number {
  const { name, game } = loadScenario(file);
  const continuous = options.game === "continuous";
  const parsed = parseProfile(game, options.profile, continuous ? "interval" : "tiers");
  if (!parsed.ok && !continuous) {
    const mixed = parseMixedProfile(game, options.profile);
    if (mixed.ok) return explainMixedCommand(name, game, mixed.value, options.json);
    // The mixed parser's message when the text uses its syntax; else the pure one, with a hint.
    if (options.profile.includes("/")) throw new InputError(`openrace: ${mixed.problems.map(formatProblem).join("; ")}`);
    throw new InputError(
      `openrace: ${parsed.problems.map(formatProblem).join("; ")} (a mixed profile gives probabilities: id=0.4 to open with probability 0.4 in a binary game, id=0.2/0.3/0.5 per tier)`,
    );
  }
  if (!parsed.ok) throw new InputError(`openrace: ${parsed.problems.map(formatProblem).join("; ")}`);
  const explanation = explainProfile(game, parsed.value, continuous ? "interval" : game.tiers);
  if (options.json) {
    process.stdout.write(`${JSON.stringify({ scenario: name, players: game.ids, ...explanation }, null, 2)}\n`);
    return EXIT.ok;
  }
  const verdict = explanation.isEquilibrium
    ? "an equilibrium"
    : `not an equilibrium (exploitability ${formatNumber(explanation.exploitability)})`;
  const rows = explanation.incentives.map((p) => [
    p.player,
    levelLabel(p.openness),
    formatNumber(p.capability),
    formatNumber(p.payoff),
    levelLabel(p.alternative),
    formatNumber(p.alternativePayoff),
    formatSigned(p.ownGain),
    formatNumber(p.openCost),
    formatNumber(p.rivalGain),
    p.activeRivals ? `${p.strongestRival}; at best: ${p.activeRivals.join(" = ")}` : p.rivalChanges ? `${p.strongestRival} -> ${p.strongestRivalAfter}` : p.strongestRival,
    p.wantsToDeviate ? `switches to ${levelLabel(p.bestLevel)}` : "stays",
  ]);
  const table = formatTable(
    ["lab", "now", "capability", "payoff", continuous ? "best response" : "alternative", "payoff there", "own gain", "cost", "rival's rise", "strongest rival", "verdict"],
    rows,
    ["left", "left", "right", "right", "left", "right", "right", "right", "right", "left", "left"],
  );
  const lines = [
    `${name} at ${game.ids.map((id, i) => `${id}=${formatNumber(parsed.value[i])}`).join(", ")}: ${verdict}`,
    "",
    table,
    "",
    "payoff there - payoff = own gain - cost - rival's rise (how much the strongest rival's capability moves).",
    "",
    ...explanation.incentives.map((p) => wrap(describeIncentive(p), 96)),
    "",
  ];
  process.stdout.write(lines.join("\n"));
  return EXIT.ok;
}
