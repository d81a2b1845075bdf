/** `openrace design FILE --vary PATH=FROM:TO [--vary ...] --target T`: INTERFACE.md "`design`". */
import { jsonText } from "../analysis/documents.js";
import { design, design2, parseTarget, type Requirement } from "../analysis/design.js";
import { formatExact, formatNumber } from "../analysis/reading.js";
import { pathLabel, profileLabel } from "../analysis/threshold-reading.js";
import { EXHAUSTIVE_LIMIT, parseRange, TimeLimitError } from "../analysis/thresholds.js";
import { buildGame } from "../model/game.js";
import { formatProblem } from "../model/validate.js";
import { EXIT, InputError } from "./errors.js";
import { progressBar } from "./progress.js";
import { loadSubject } from "./thresholds.js";

export interface DesignCommandOptions {
  vary: string[];
  target: string;
  require: Requirement;
  cost?: string;
  policy?: string;
  method?: "exhaustive" | "refine";
  timeLimit?: number;
  json?: boolean;
}

export async function designCommand(file: string, options: DesignCommandOptions): Promise<number> {
  const { name, subject } = loadSubject(file, options.policy);
  const game = buildGame(subject.scenario);
  if (options.vary.length < 1 || options.vary.length > 2) throw new InputError("openrace: design needs one or two --vary PATH=FROM:TO");
  const ranges = options.vary.map((text) => {
    const range = parseRange(text, subject);
    if (!range.ok) throw new InputError(`openrace: ${range.problems.map(formatProblem).join("; ")}`);
    return range.value;
  });
  if (ranges.length === 2 && ranges[0].path === ranges[1].path) throw new InputError("openrace: --vary: each number may be varied only once");
  const target = parseTarget(options.target, game);
  if (!target.ok) throw new InputError(`openrace: ${target.problems.map(formatProblem).join("; ")}`);
  const cost = parseCost(options.cost, ranges.length);
  const deadline = options.timeLimit === undefined ? undefined : Date.now() + options.timeLimit * 1000;
  // Progress on stderr (a terminal only): values certified along one number, thousandths of the plane settled for two.
  const progress = progressBar(ranges.length === 1 ? "values" : "thousandths of the area");
  const started = Date.now();
  const onProgress = (done: number, total: number) => progress.onProgress?.({ done, total, found: 0, seconds: (Date.now() - started) / 1000 });
  const ids = game.ids;
  const sets = (eqs: number[][]) => (eqs.length === 0 ? "no pure equilibrium" : eqs.map((x) => profileLabel(ids, x)).join("; "));
  const goal = `${options.target} in ${options.require === "every" ? "every" : "some"} equilibrium`;
  try {
    if (ranges.length === 1) {
      const [r] = ranges;
      const result = await design(subject, r.path, r.from, r.to, options.target, target.value, options.require, { method: options.method, deadline, onProgress });
      progress.stop();
      if (options.json) process.stdout.write(jsonText({ scenario: name, players: ids, ...result }));
      else {
        const label = pathLabel(r.path, subject);
        const now = result.current === null ? "" : ` (now ${formatNumber(result.current)})`;
        const lines = [`${name}: ${goal}, varying ${label}${now} from ${formatNumber(r.from)} to ${formatNumber(r.to)}.`];
        if (!result.found) lines.push(`No value in the range reaches it (exact).`);
        else {
          const where = result.holds
            .map((h) => (h.from === h.to ? `exactly ${formatNumber(h.from)}` : `${h.fromIncluded ? "[" : "("}${formatNumber(h.from)}, ${formatNumber(h.to)}${h.toIncluded ? "]" : ")"}`))
            .join(", ");
          lines.push(
            result.value === result.current
              ? `It holds already (${label} = ${formatNumber(result.value!)}).`
              : `Nearest: ${label} = ${formatNumber(result.value!)}${result.attained ? "" : " (a limit: any value just beyond it)"}.`,
            `It holds exactly for ${label} in ${where}.`,
            result.method === "search" && !result.attained
              ? `Equilibria meeting the target just beyond: ${sets(result.equilibria)}.`
              : `Equilibria ${result.attained ? "there" : "just beyond"}: ${sets(result.equilibria)}.`,
          );
        }
        if (result.method === "search") lines.push("(Decided by listing, piece by piece, every profile that is an equilibrium somewhere along the range and meets the target: docs/model.md.)");
        else if (!result.proven) lines.push("(Not proven complete: the thresholds proof was stopped, so a short stretch where the answer differs could be missed.)");
        process.stdout.write(`${lines.join("\n")}\n`);
      }
    } else {
      const result = await design2(subject, [ranges[0], ranges[1]], cost as [number, number], options.target, target.value, options.require, { method: options.method, deadline, onProgress });
      progress.stop();
      if (options.json) process.stdout.write(jsonText({ scenario: name, players: ids, ...result }));
      else {
        const labels = ranges.map((r) => pathLabel(r.path, subject));
        const lines = [`${name}: ${goal}, varying ${labels.join(" and ")} (cost ${cost.join(", ")} per unit).`];
        // Proven: the arrangement finished, or the line search found the current point itself.
        const exact = result.proven;
        if (!result.found) lines.push(exact ? "No point of the ranges reaches it (exact)." : "No point the search tried reaches it.");
        else
          lines.push(
            `${exact ? "Cheapest" : "Cheapest found"}: ${labels.map((l, k) => `${l} = ${distinct(result.value![k], result.current[k])} (now ${formatNumber(result.current[k])})`).join(", ")}; cost ${formatNumber(result.distance!)}${result.attained ? "" : " (a limit: points just beyond it reach the target)"}.`,
            `Equilibria ${result.attained ? "there" : "just beyond"}: ${sets(result.equilibria)}.`,
          );
        if (exact && result.distance === 0 && result.attained) lines.push("(It holds already at the current point: nothing is cheaper.)");
        else if (exact && result.method === "arrangement") lines.push(`(Exact: cheapest over every cell of the plane; ${result.cells} polygons, ${result.candidates} candidate points, see docs/model.md.)`);
        else if (result.method === "arrangement") lines.push("(Not proven: rounding left polygons too thin to split, decided at their centres; see docs/model.md.)");
        else
          lines.push(
            `(${result.candidates} lines searched exactly; optimal on the axes through the current point and among the vertices reached, not proven optimal elsewhere: the two numbers multiply or the race has more than ${EXHAUSTIVE_LIMIT} profiles, see docs/model.md.)`,
          );
        process.stdout.write(`${lines.join("\n")}\n`);
      }
    }
  } catch (error) {
    progress.stop();
    if (!(error instanceof TimeLimitError)) throw error;
    process.stderr.write("openrace: the time limit stopped the work before the answer was certified; nothing is reported.\n");
    return EXIT.timeLimit;
  }
  return EXIT.ok;
}

function parseCost(text: string | undefined, count: number): number[] {
  if (text === undefined) return Array.from({ length: count }, () => 1);
  const values = text.split(",").map((s) => Number(s.trim()));
  if (count !== 2) throw new InputError("openrace: --cost applies to two --vary");
  if (values.length !== 2 || values.some((v) => !Number.isFinite(v) || v < 0))
    throw new InputError(`openrace: --cost: expected two weights >= 0 such as 1,2, got "${text}"`);
  return values;
}

/** A value beside the one it moved from: with more digits when rounding would show them equal (a move by the tolerance). */
function distinct(value: number, from: number): string {
  return value !== from && formatNumber(value) === formatNumber(from) ? formatExact(value) : formatNumber(value);
}
