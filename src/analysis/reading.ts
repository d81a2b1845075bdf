/**
 * Plain-language readings of results, shared by the command line and the web explorer:
 * labels for openness levels, one sentence per incentive, one paragraph per solve, and the
 * lines both print around an equilibrium.
 */
import type { Equilibrium } from "../model/certificate.js";
import { explainProfile, type Incentive } from "../model/explain.js";
import type { Game } from "../model/game.js";
import type { SolveResult } from "../solvers/solve.js";

/** Numbers for people: at most 4 decimals, no trailing zeros, no "-0". */
export function formatNumber(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const s = Number(v.toFixed(4)).toString();
  return s === "-0" ? "0" : s;
}

/** A change, signed: `+1.5`, `-2`, `0`. */
export function formatSigned(v: number): string {
  return v > 0 ? `+${formatNumber(v)}` : formatNumber(v);
}

/** `closed`, `open`, or the share open for a partial level (`50% open`). */
export function levelLabel(level: number): string {
  if (level === 0) return "closed";
  if (level === 1) return "open";
  return `${formatNumber(level * 100)}% open`;
}

function moveVerb(from: number, to: number): string {
  if (to === 1 && from === 0) return "opening";
  if (to === 0) return from === 1 ? "closing" : "closing fully";
  return to > from ? `opening to ${levelLabel(to)}` : `cutting back to ${levelLabel(to)}`;
}

/** One sentence: what the player's best alternative would do to it, term by term. */
export function describeIncentive(inc: Incentive): string {
  const verb = moveVerb(inc.openness, inc.alternative);
  const own =
    inc.ownGain >= 0
      ? `add ${formatNumber(inc.ownGain)} to its capability`
      : `take ${formatNumber(-inc.ownGain)} off its capability`;
  const cost =
    inc.openCost === 0 ? "" : inc.openCost > 0 ? `, cost ${formatNumber(inc.openCost)}` : `, save ${formatNumber(-inc.openCost)} of cost`;
  const rival = inc.rivalChanges
    ? `move the strongest rival from ${inc.strongestRival} (${formatNumber(inc.strongestRivalCapability)}) to ` +
      `${inc.strongestRivalAfter} (${formatNumber(inc.strongestRivalCapabilityAfter)})`
    : inc.rivalGain === 0
      ? `leave its strongest rival, ${inc.strongestRival}, where it is`
      : `${inc.rivalGain > 0 ? "lift" : "lower"} its strongest rival, ${inc.strongestRival}, by ${formatNumber(Math.abs(inc.rivalGain))}`;
  const net = `net ${formatSigned(inc.difference)}`;
  const stance = inc.wantsToDeviate
    ? `${inc.player} would switch`
    : `${inc.player} stays ${levelLabel(inc.openness)}`;
  return `${stance}: ${verb} would ${own}${cost} and ${rival} (${net}).`;
}

function listIds(ids: string[]): string {
  if (ids.length <= 1) return ids.join("");
  return `${ids.slice(0, -1).join(", ")} and ${ids[ids.length - 1]}`;
}

/** A one-paragraph reading of a solve: who opens, who does not, and why. */
export function readResult(game: Game, result: SolveResult, options: { nonTrivial?: boolean } = {}): string {
  const eqs = result.equilibria;
  const kind = result.game === "continuous" ? "" : "pure ";
  const sentences: string[] = [];
  if (!result.complete)
    sentences.push(`The search stopped at its time limit, so this covers only the ${eqs.length} equilibria found so far.`);
  if (eqs.length === 0) {
    sentences.push(
      result.exists === false
        ? options.nonTrivial
          ? `No non-trivial ${kind}equilibrium exists: from every profile where some lab opens, some lab gains by switching.`
          : `No ${kind}equilibrium exists: from every profile some lab gains by switching, so the race has no stable ${kind}outcome.`
        : `No ${kind}equilibrium was found.`,
    );
  } else {
    const many = eqs.length === 1 ? `one ${kind}equilibrium` : `${eqs.length} ${kind}equilibria`;
    const nonTrivial = eqs.filter((e) => e.nonTrivial).length;
    sentences.push(
      `The game has ${many}` +
        (eqs.length === 1
          ? nonTrivial === 1 ? ", in which some lab opens." : ": everyone closed."
          : nonTrivial === eqs.length ? `, ${eqs.length === 2 ? "both" : "all"} with some lab opening.` : `, ${nonTrivial} of them with some lab opening.`),
    );
    const always = game.ids.filter((_, i) => eqs.every((e) => e.profile[i] > 0));
    const never = game.ids.filter((_, i) => eqs.every((e) => e.profile[i] === 0));
    const sometimes = game.ids.filter((id) => !always.includes(id) && !never.includes(id));
    const every = eqs.length === 1 ? "" : " in every equilibrium";
    // A lab that opens at the same partial level everywhere is said to open partly.
    const partly = (id: string) => {
      const levels = new Set(eqs.map((e) => e.profile[game.ids.indexOf(id)]));
      const [level] = levels;
      return levels.size === 1 && level < 1 ? ` (${levelLabel(level)})` : "";
    };
    if (always.length)
      sentences.push(`${listIds(always.map((id) => id + partly(id)))} ${always.length === 1 ? "opens" : "open"}${every}.`);
    if (never.length) sentences.push(`${listIds(never)} ${never.length === 1 ? "stays" : "stay"} closed${every}.`);
    if (sometimes.length) sentences.push(`${listIds(sometimes)} ${sometimes.length === 1 ? "opens" : "open"} in some equilibria but not others.`);
    // Why, at the first equilibrium: the labs whose choice is the same everywhere.
    const first = explainProfile(game, eqs[0].profile);
    for (const inc of first.incentives.filter((p) => always.includes(p.player) || never.includes(p.player)).slice(0, 3))
      sentences.push(describeIncentive(inc).replace(/^(\S+) stays \S+( open)?: /, "For $1, "));
  }
  sentences.push(readAllClosed(game, result));
  return sentences.join(" ");
}

function readAllClosed(game: Game, result: SolveResult): string {
  if (game.minimum.some((m) => m > 0)) return "All-closed is ruled out: a mandate keeps some labs open.";
  const closed = explainProfile(game, new Array<number>(game.n).fill(0));
  if (closed.isEquilibrium) return "All-closed is also stable: no lab gains by opening alone.";
  const leaver = closed.incentives.reduce((a, b) => (b.difference > a.difference ? b : a));
  const also = result.equilibria.length === 0 ? "" : " ";
  return `${also}All-closed is not an equilibrium: ${leaver.player} would gain ${formatNumber(leaver.difference)} by ${moveVerb(0, leaver.alternative)}.`.trim();
}

/** Every player with the largest capability at an equilibrium (the frontier labs). */
export function leaders(capabilities: readonly number[], tolerance: number): number[] {
  const top = Math.max(...capabilities);
  return capabilities.flatMap((c, i) => (c >= top - tolerance ? [i] : []));
}

/** Each lab's note at an equilibrium: `leads`, `leads (tied)`, or nothing. */
export function leadNotes(game: Game, eq: Equilibrium): string[] {
  const top = leaders(eq.capabilities, game.tolerance);
  return game.ids.map((_, i) => (top.includes(i) ? (top.length > 1 ? "leads (tied)" : "leads") : ""));
}

/** An equilibrium's heading: `Equilibrium 2: challenger, underdog open`. */
export function equilibriumTitle(game: Game, eq: Equilibrium, number: number): string {
  const open = game.ids.filter((_, i) => eq.profile[i] > 0);
  const who = open.length === 0 ? "everyone closed" : `${open.join(", ")} open${open.length === 1 ? "s" : ""}`;
  return `Equilibrium ${number}: ${who}`;
}

/** Why a solve did not list every equilibrium; null when it did. */
export function incompleteReason(result: SolveResult): string | null {
  if (result.complete) return null;
  if (result.stopReason === "time-limit") return "time limit reached";
  if (result.note) return result.note;
  return result.method === "best-response" && result.stats.starts !== undefined
    ? "best-response dynamics cannot list every equilibrium"
    : "the method stopped before it could prove the list complete";
}

/** The objective's best value over the equilibria: `Lowest welfare over the equilibria: 29.` */
export function readObjective({ name, sense, value }: NonNullable<SolveResult["objective"]>): string {
  return `${sense === "max" ? "Highest" : "Lowest"} ${name} over the equilibria: ${value === null ? "none (no equilibrium)" : formatNumber(value)}.`;
}
