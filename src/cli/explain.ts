/** `openrace explain FILE --profile P`: each lab's incentive at a profile, term by term. */
import { jsonText } from "../analysis/documents.js";
import { describeIncentive, formatExact, formatNumber, formatSigned, levelLabel } from "../analysis/reading.js";
import { choiceMargins } from "../analysis/margins.js";
import { choiceSentence } from "../analysis/threshold-reading.js";
import { explainProfile } from "../model/explain.js";
import { parseMixedProfile, parseProfile, profileRounding } from "../model/profile.js";
import type { Game, Profile } from "../model/game.js";
import { polish } from "../solvers/polish.js";
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
  const { name, game, scenario } = loadScenario(file);
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
  // A profile typed back from openrace's rounded output is judged within that rounding.
  const near = continuous && !explanation.isEquilibrium ? equilibriumWithinRounding(game, parsed.value, profileRounding(game, options.profile)) : null;
  // Thresholds of each lab's choice (discrete game only: margins are exact there).
  const choices = continuous ? [] : game.ids.map((_, i) => choiceMargins({ scenario }, parsed.value, i));
  if (options.json) {
    const rounding = near ? { withinRounding: { profile: near.profile, exploitability: near.exploitability } } : {};
    const thresholds = continuous ? {} : { thresholds: game.ids.map((id, i) => ({ player: id, margins: choices[i] })) };
    process.stdout.write(jsonText({ scenario: name, players: game.ids, ...explanation, ...rounding, ...thresholds }));
    return EXIT.ok;
  }
  const verdict = explanation.isEquilibrium
    ? "an equilibrium"
    : near
      ? `within rounding of an equilibrium: ${near.profile.map(formatExact).join(",")} (certified, exploitability ${formatSmall(near.exploitability)}) ` +
        `rounds to the values typed; as typed, the exploitability is ${formatSmall(explanation.exploitability)}`
      : `not an equilibrium (exploitability ${formatSmall(explanation.exploitability)})`;
  const rows = explanation.incentives.map((p) => [
    p.player,
    levelLabel(p.openness, game),
    formatNumber(p.capability),
    formatNumber(p.payoff),
    levelLabel(p.alternative, game),
    formatNumber(p.alternativePayoff),
    formatSigned(p.ownGain),
    formatNumber(p.openCost),
    formatNumber(p.rivalGain),
    p.activeRivals ? `${p.strongestRival}; at best: ${p.activeRivals.join(" = ")}` : p.rivalChanges ? `${p.strongestRival} -> ${p.strongestRivalAfter}` : p.strongestRival,
    p.wantsToDeviate ? `switches to ${levelLabel(p.bestLevel, game)}` : "stays",
  ]);
  const table = formatTable(
    ["lab", "now", "capability", "payoff", continuous ? "best response" : "alternative", "payoff there", "own gain", "cost", "rival's rise", "strongest rival", "verdict"],
    rows,
    ["left", "left", "right", "right", "left", "right", "right", "right", "right", "left", "left"],
  );
  const lines = [
    `${name} at ${game.ids.map((id, i) => `${id}=${formatExact(parsed.value[i])}`).join(", ")}: ${verdict}`,
    "",
    table,
    "",
    "payoff there - payoff = own gain - cost - rival's rise (how much the strongest rival's capability moves).",
    "",
    ...explanation.incentives.map((p) => wrap(describeIncentive(p, game), 96)),
    "",
    ...(continuous
      ? []
      : [
          "What would change each choice (that lab's own numbers and the spillover, one at a time, the others' choices held):",
          ...explanation.incentives.flatMap((p, i) => (p.wantsToDeviate ? [] : [wrap(`- ${choiceSentence(p.player, p.openness, choices[i])}`, 96)])),
          "",
        ]),
  ];
  process.stdout.write(lines.join("\n"));
  return EXIT.ok;
}

/**
 * A certified equilibrium of the continuous game within each typed value's rounding (found by
 * polishing the typed profile), or null: then the typed profile is not the rounding of one
 * that polishing finds.
 */
function equilibriumWithinRounding(game: Game, typed: Profile, rounding: readonly number[]): { profile: number[]; exploitability: number } | null {
  const polished = polish(game, typed);
  const close = polished.profile.every((v, i) => Math.abs(v - typed[i]) <= rounding[i] * (1 + 1e-9));
  return polished.exploitability <= game.tolerance && close ? { profile: polished.profile, exploitability: polished.exploitability } : null;
}

/** Small numbers with their significant digits (3e-5, not the 0 of 4 decimals). */
function formatSmall(v: number): string {
  return v !== 0 && Math.abs(v) < 1e-4 ? v.toExponential(1) : formatNumber(v);
}
