/**
 * `openrace thresholds FILE --vary PATH=FROM:TO` (exact breakpoints) and
 * `openrace thresholds FILE --profile P` (margins of a profile), INTERFACE.md "`thresholds`".
 */
import { join } from "node:path";
import { thresholdsSpec } from "../analysis/charts.js";
import { margins } from "../analysis/margins.js";
import { writeChart } from "../io/render.js";
import { ensureDir, writeFileAtomic } from "../io/write.js";
import { jsonText } from "../analysis/documents.js";
import { applyPolicy } from "../analysis/policy.js";
import { buildGame } from "../model/game.js";
import { parseProfile } from "../model/profile.js";
import type { Subject } from "../analysis/parameters.js";
import { formatNumber } from "../analysis/reading.js";
import { marginSentence, pathLabel, profileLabel, regionLabel, thresholdFinding } from "../analysis/threshold-reading.js";
import { parseRange, thresholds, TimeLimitError, type ThresholdsResult } from "../analysis/thresholds.js";
import { formatProblem } from "../model/validate.js";
import { loadScenario } from "../io/scenario-file.js";
import { EXIT, InputError } from "./errors.js";
import { loadPolicy } from "./policy.js";
import { progressBar } from "./progress.js";
import { wrap } from "./solve.js";

export interface ThresholdsCommandOptions {
  vary?: string;
  profile?: string;
  policy?: string;
  method?: "exhaustive" | "refine";
  timeLimit?: number;
  json?: boolean;
  out?: string;
}

/** The scenario and, with --policy, the policy: what a parameter path is applied to. */
export function loadSubject(file: string, policyFile?: string): { name: string; subject: Subject } {
  const { name, scenario, game } = loadScenario(file);
  if (!policyFile) return { name, subject: { scenario } };
  return { name, subject: { scenario, policy: loadPolicy(policyFile, file, game, "discrete") } };
}

export async function thresholdsCommand(file: string, options: ThresholdsCommandOptions): Promise<number> {
  const { name, subject } = loadSubject(file, options.policy);
  if ((options.vary === undefined) === (options.profile === undefined))
    throw new InputError("openrace: thresholds needs exactly one of --vary PATH=FROM:TO (breakpoints) or --profile P (margins)");
  if (options.profile !== undefined) return marginsCommand(name, subject, options.profile, options.json === true);
  const range = parseRange(options.vary!, subject);
  if (!range.ok) throw new InputError(`openrace: ${range.problems.map(formatProblem).join("; ")}`);
  const { path, from, to } = range.value;
  const progress = progressBar("values");
  const started = Date.now();
  let result: ThresholdsResult;
  try {
    result = await thresholds(subject, path, from, to, {
      method: options.method,
      deadline: options.timeLimit === undefined ? undefined : started + options.timeLimit * 1000,
      onProgress: (done, total) => progress.onProgress?.({ done, total, found: 0, seconds: (Date.now() - started) / 1000 }),
    });
  } catch (error) {
    if (!(error instanceof TimeLimitError)) throw error;
    process.stderr.write(`openrace: the time limit stopped the work before the breakpoints were certified; nothing is reported.\n`);
    return EXIT.timeLimit;
  } finally {
    progress.stop();
  }
  const ids = subject.scenario.players.map((p) => p.id);
  if (options.out) await writeThresholds(options.out, name, subject, result);
  if (options.json) process.stdout.write(jsonText({ scenario: name, players: ids, ...result }));
  else process.stdout.write(readThresholds(name, subject, result));
  // The time limit stopped the completeness proof: what was certified is printed, exit 3.
  return result.stats.proof?.stopped === "time-limit" ? EXIT.timeLimit : EXIT.ok;
}

/** `--profile P`: the margins of every number for that profile, closest first. */
function marginsCommand(name: string, subject: Subject, text: string, json: boolean): number {
  const game = buildGame(subject.scenario);
  const parsed = parseProfile(subject.policy ? applyPolicy(game, subject.policy) : game, text);
  if (!parsed.ok) throw new InputError(`openrace: ${parsed.problems.map(formatProblem).join("; ")}`);
  const result = margins(subject, parsed.value);
  const ids = game.ids;
  if (json) {
    process.stdout.write(jsonText({ scenario: name, players: ids, ...result }));
    return EXIT.ok;
  }
  const head = `${name} at ${profileLabel(ids, parsed.value)}${subject.policy ? " (under the policy)" : ""}`;
  if (!result.equilibrium) {
    process.stdout.write(`${head}: not an equilibrium, so it has no margins (see explain --profile, or design to find what would make it one).
`);
    return EXIT.ok;
  }
  const lines = [
    `${head}: an equilibrium. It stays one, each number moved alone with the rest held, exactly while:`,
    ...result.margins.map((m) => wrap(`- ${marginSentence(m, pathLabel(m.path, subject))}`, 96)),
    "",
    "Closest thresholds first (relative to the current value). Ties count as equilibria (MODEL.md section 2).",
    "",
  ];
  process.stdout.write(lines.join("\n"));
  return EXIT.ok;
}

/** --out DIR: thresholds.json and the chart of the regions as SVG, PNG and Vega-Lite JSON. */
async function writeThresholds(dir: string, name: string, subject: Subject, result: ThresholdsResult): Promise<void> {
  ensureDir(dir);
  const ids = subject.scenario.players.map((p) => p.id);
  const label = pathLabel(result.path, subject);
  writeFileAtomic(join(dir, "thresholds.json"), jsonText({ scenario: name, players: ids, ...result }));
  const spec = thresholdsSpec(result, ids, `${name}: who opens as ${label} varies (exact)`, `${label} (${result.path})`);
  await writeChart(spec, ["svg", "png"].map((ext) => join(dir, `thresholds.${ext}`)));
}

/** The text output: the finding, then the sets region by region. */
function readThresholds(name: string, subject: Subject, result: ThresholdsResult): string {
  const ids = subject.scenario.players.map((p) => p.id);
  const label = pathLabel(result.path, subject);
  const current = result.current === null ? "" : ` (now ${formatNumber(result.current)})`;
  const count = result.breakpoints.length;
  const lines = [
    `${name}: pure equilibria as ${label}${current} goes from ${formatNumber(result.from)} to ${formatNumber(result.to)}: ` +
      `${count === 0 ? (result.proven ? "no breakpoint, the set never changes" : "no breakpoint found") : `${count} breakpoint${count === 1 ? "" : "s"}, at ${result.breakpoints.map(formatNumber).join(", ")}`} (exact; ${result.method}${result.proven ? "" : ", not proven complete"}).`,
    ...(result.method === "refine"
      ? [
          wrap(
            result.proven
              ? `The candidate profiles come from the solver (--method refine); the equilibrium MIP along the range then proved that no other profile is an equilibrium anywhere in it, so these are all the breakpoints (docs/model.md).`
              : `Every set below is certified by a complete solve, but the breakpoints are not proven complete: ${result.stats.proof?.stopped === undefined ? "the proof was not run" : `the proof stopped (${result.stats.proof.stopped})`}, and a short stretch where one more profile is an equilibrium could be missed (docs/model.md).`,
            96,
          ),
        ]
      : []),
    "",
    ...thresholdFinding(result, ids, label).map((s) => wrap(s, 96)),
    "",
  ];
  const sets = (eqs: number[][]) => (eqs.length === 0 ? "no pure equilibrium" : eqs.map((x) => profileLabel(ids, x)).join("; "));
  result.regions.forEach((region, k) => {
    lines.push(wrap(`  ${regionLabel(region.from, region.to)}: ${sets(region.equilibria)}`, 96));
    const bp = result.atBreakpoints[k];
    if (bp) lines.push(wrap(`  at ${formatNumber(bp.value)}: ${sets(bp.equilibria)}`, 96));
  });
  lines.push("", "Breakpoints include the equilibrium tolerance (MODEL.md section 2): each lies within about 1e-9 S of the threshold of the exact payoffs.", "");
  return lines.join("\n");
}
