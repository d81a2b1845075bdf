/**
 * Plain-language readings of thresholds, margins and designs (issue 13), shared by the command
 * line and the web explorer: each sentence is derived from the exact result it reads, and says
 * "every" or "some" only as the complete sets of equilibria allow.
 */
import { formatNumber, levelLabel } from "./reading.js";
import type { Subject } from "./parameters.js";
import type { ThresholdsResult } from "./thresholds.js";
import type { Margin } from "./margins.js";

/** How a sentence names a number: "underdog's gain", "the absorptive rate", "the levy's amount". */
export function pathLabel(path: string, subject?: Subject): string {
  const field = { capability: "capability", communityGain: "gain", openCost: "open cost" } as Record<string, string>;
  const player = /^players\.([^.]+)\.(\w+)$/.exec(path);
  if (player) return player[1] === "*" ? `every lab's ${field[player[2]]}` : `${player[1]}'s ${field[player[2]]}`;
  if (path === "spillover") return "the spillover";
  if (path === "spillover.absorptive") return "the absorptive rate";
  const pair = /^spilloverPairs\.([^.]+)\.([^.]+)$/.exec(path);
  if (pair) return `the spillover from ${pair[1]} to ${pair[2]}`;
  const lever = /^levers\[(\d+)\]\.(\w+)$/.exec(path);
  if (lever) {
    const type = subject?.policy?.levers[Number(lever[1])]?.type ?? `lever ${lever[1]}`;
    return `the ${type}'s ${lever[2] === "above" ? "threshold" : lever[2]}`;
  }
  return path;
}

/** A profile for people: "challenger, underdog open", "frontier 50% open, runner-up open", "nobody open". */
export function profileLabel(ids: readonly string[], x: readonly number[]): string {
  const open = ids.flatMap((id, i) => (x[i] > 0 ? [i] : []));
  if (open.length === 0) return "nobody open";
  if (open.every((i) => x[i] === 1)) return `${open.map((i) => ids[i]).join(", ")} open`;
  return open.map((i) => `${ids[i]} ${levelLabel(x[i])}`).join(", ");
}

export type Status = "every" | "some" | "none" | "no equilibrium";

interface Run {
  status: Status;
  lo: number;
  hi: number;
  loIncluded: boolean;
  hiIncluded: boolean;
}

/** The segments of a result in order: region, breakpoint, region, ... with their sets. */
function segments(result: ThresholdsResult) {
  const out: { lo: number; hi: number; point: boolean; equilibria: number[][] }[] = [];
  result.regions.forEach((region, k) => {
    out.push({ lo: region.from, hi: region.to, point: false, equilibria: region.equilibria });
    const bp = result.atBreakpoints[k];
    if (bp) out.push({ lo: bp.value, hi: bp.value, point: true, equilibria: bp.equilibria });
  });
  return out;
}

/** Whether lab i opens in every, some or none of a (complete) set of equilibria. */
export function statusOf(equilibria: readonly (readonly number[])[], i: number): Status {
  if (equilibria.length === 0) return "no equilibrium";
  const opens = equilibria.filter((x) => x[i] > 0).length;
  return opens === equilibria.length ? "every" : opens > 0 ? "some" : "none";
}

/** Consecutive segments with the same status, joined. */
function runs(result: ThresholdsResult, status: (equilibria: number[][]) => Status): Run[] {
  const out: Run[] = [];
  for (const s of segments(result)) {
    const st = status(s.equilibria);
    const last = out[out.length - 1];
    if (last && last.status === st) {
      last.hi = s.hi;
      last.hiIncluded = s.point;
    } else out.push({ status: st, lo: s.lo, hi: s.hi, loIncluded: s.point || s.lo === result.from, hiIncluded: s.point || s.hi === result.to });
  }
  return out;
}

/** "while NAME is below 3", "from 3 on", "between 1 and 3" for a run of the axis. */
function when(run: Run, result: ThresholdsResult, name: string): string {
  const [lo, hi] = [formatNumber(run.lo), formatNumber(run.hi)];
  const first = run.lo === result.from;
  const last = run.hi === result.to;
  if (first && last) return `throughout ${formatNumber(result.from)} to ${formatNumber(result.to)}`;
  if (run.lo === run.hi) return `when ${name} is exactly ${lo}`;
  if (lo === hi) return `when ${name} is about ${lo} (a tie, within the tolerance)`;
  if (first) return `while ${name} is ${run.hiIncluded ? "at most" : "below"} ${hi}`;
  if (last) return run.loIncluded ? `from ${lo} on` : `above ${lo}`;
  return `while ${name} is ${run.loIncluded ? "at least" : "above"} ${lo} and ${run.hiIncluded ? "at most" : "below"} ${hi}`;
}

const VERB: Record<Status, string> = { every: "in every equilibrium", some: "in some equilibrium", none: "in none", "no equilibrium": "" };

/** A region's range for people: "1 to 3", or "about 8 (a tie band 2.9e-8 wide)". */
export function regionLabel(from: number, to: number): string {
  const [lo, hi] = [formatNumber(from), formatNumber(to)];
  return lo === hi ? `about ${lo} (a tie band ${(to - from).toPrecision(2)} wide)` : `${lo} to ${hi}`;
}

/**
 * The finding, one sentence per lab: "challenger opens in every equilibrium while underdog's
 * gain is below 3, in some from 3 on", and one for stretches with no pure equilibrium.
 */
export function thresholdFinding(result: ThresholdsResult, ids: readonly string[], name: string): string[] {
  const sentences: string[] = [];
  const none = runs(result, (e) => (e.length === 0 ? "no equilibrium" : "every")).filter((r) => r.status === "no equilibrium");
  if (none.length > 0) sentences.push(`No pure equilibrium exists ${none.map((r) => when(r, result, name)).join(", nor ")}.`);
  ids.forEach((id, i) => {
    const parts = runs(result, (e) => statusOf(e, i)).filter((r) => r.status !== "no equilibrium");
    if (parts.length === 0) return;
    if (parts.length === 1) {
      const only = parts[0];
      const where = only.lo === result.from && only.hi === result.to ? when(only, result, name) : `${when(only, result, name)} (whenever an equilibrium exists)`;
      sentences.push(only.status === "none" ? `${id} stays closed in every equilibrium ${where}.` : `${id} opens ${VERB[only.status]} ${where}.`);
      return;
    }
    const withNone = parts.filter((r) => r.status === "none");
    const open = parts.filter((r) => r.status !== "none");
    if (withNone.length > 0 && open.length === 1)
      sentences.push(`${id} opens ${VERB[open[0].status]} only ${when(open[0], result, name)}.`);
    else
      sentences.push(
        `${id} opens ${parts.map((r, k) => `${k === 0 ? VERB[r.status] : VERB[r.status].replace(" equilibrium", "")} ${when(r, result, k === 0 ? name : "it")}`).join(", ")}.`,
      );
  });
  return sentences;
}

/**
 * One margin in words: "leader's open cost is at least 0.25 (now 0.5)", "whatever its value",
 * and a warning when the current value sits on a threshold (a tie: the conclusion hangs by a
 * thread).
 */
export function marginSentence(m: Margin, name: string): string {
  const lower = m.from === null || m.fromKind === "domain" ? null : `${m.fromIncluded ? "at least" : "above"} ${formatNumber(m.from)}`;
  const upper = m.to === null || m.toKind === "domain" ? null : `${m.toIncluded ? "at most" : "below"} ${formatNumber(m.to)}`;
  const range = lower && upper ? `is ${lower} and ${upper}` : lower || upper ? `is ${lower ?? upper}` : "takes any value";
  const edge = m.nearest === null ? "" : m.nearest < 1e-6 ? ": on a threshold, a tie that the slightest change breaks" : `: ${Math.round(m.nearest * 1000) / 10}% away from its nearest threshold`;
  return `${name} ${range} (now ${formatNumber(m.current)}${edge})`;
}

/**
 * One lab's choice and what would change it: "leader stays closed while its open cost is at
 * least 0.25 (now 0.5), whatever its gain".
 */
export function choiceSentence(id: string, level: number, list: readonly Margin[]): string {
  const own = (path: string) =>
    path === `players.${id}.communityGain` ? "its gain" : path === `players.${id}.openCost` ? "its open cost" : pathLabel(path);
  const bounded = list.filter((m) => (m.from !== null && m.fromKind === "threshold") || (m.to !== null && m.toKind === "threshold"));
  const free = list.filter((m) => !bounded.includes(m));
  const clauses = bounded.map((m) => marginSentence(m, own(m.path)).replace(/: on a threshold, a tie that the slightest change breaks\)$/, ", on the threshold: a tie)").replace(/: [\d.]+% away from its nearest threshold\)$/, ")"));
  const whatever = free.length > 0 ? `whatever ${free.map((m) => own(m.path)).join(" or ")}` : "";
  if (clauses.length === 0) return `${id} stays ${levelLabel(level)} ${whatever || "in any case"}.`;
  return `${id} stays ${levelLabel(level)} while ${clauses.join(" and ")}${whatever ? `, ${whatever}` : ""}.`;
}
