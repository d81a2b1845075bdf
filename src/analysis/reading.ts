/**
 * Plain-language readings of results, shared by the command line and the web explorer:
 * labels for openness levels, one sentence per incentive, one paragraph per solve, and the
 * lines both print around an equilibrium.
 */
import type { Equilibrium } from "../model/certificate.js";
import { explainProfile, type Incentive } from "../model/explain.js";
import type { Game } from "../model/game.js";
import { UNIQUE_LABS } from "../solvers/solve-continuous.js";
import type { SolveResult, WelfareSummary } from "../solvers/solve.js";

/** Numbers for people: at most 4 decimals, no trailing zeros, no "-0". */
export function formatNumber(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const s = Number(v.toFixed(4)).toString();
  return s === "-0" ? "0" : s;
}

/** A number to 12 significant digits: enough to type back (`explain --profile`) and land on it. */
export function formatExact(v: number): string {
  return String(Number(v.toPrecision(12)));
}

/** A change, signed: `+1.5`, `-2`, `0`. */
export function formatSigned(v: number): string {
  return v > 0 ? `+${formatNumber(v)}` : formatNumber(v);
}

/**
 * The name the scenario gives a level (`open weights`), else `closed`, `open`, or the share
 * open for a partial level (`50% open`).
 */
export function levelLabel(level: number, game?: Pick<Game, "tierNames">): string {
  const name = game?.tierNames?.[String(level)];
  if (name !== undefined) return name;
  if (level === 0) return "closed";
  if (level === 1) return "open";
  return `${formatNumber(level * 100)}% open`;
}

function moveVerb(from: number, to: number, game?: Pick<Game, "tierNames">): string {
  const named = game?.tierNames?.[String(to)] !== undefined;
  if (to === 1 && from === 0 && !named) return "opening";
  if (to === 0 && !named) return from === 1 ? "closing" : "closing fully";
  return to > from ? `opening to ${levelLabel(to, game)}` : `cutting back to ${levelLabel(to, game)}`;
}

/** One sentence: what the player's best alternative would do to it, term by term. */
export function describeIncentive(inc: Incentive, game?: Pick<Game, "tierNames">): string {
  const verb = moveVerb(inc.openness, inc.alternative, game);
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
    : `${inc.player} stays ${levelLabel(inc.openness, game)}`;
  return `${stance}: ${verb} would ${own}${cost} and ${rival} (${net}).`;
}

function listIds(ids: string[]): string {
  if (ids.length <= 1) return ids.join("");
  return `${ids.slice(0, -1).join(", ")} and ${ids[ids.length - 1]}`;
}

/**
 * A one-paragraph reading of a solve: what was found, who opens and why, saying only what the
 * search established. A count and "in every equilibrium" only when the list is every
 * equilibrium asked for (an exhausted search, no objective); otherwise it speaks of the
 * equilibria found, and says what stays unknown. `nonTrivial`: the search looked only at
 * equilibria where some lab opens.
 */
export function readResult(game: Game, result: SolveResult, options: { nonTrivial?: boolean } = {}): string {
  const eqs = result.equilibria;
  const continuous = result.game === "continuous";
  const kind = `${options.nonTrivial ? "non-trivial " : ""}${continuous ? "" : "pure "}`;
  const one = `${kind}equilibrium`;
  const a = kind === "" ? "an" : "a";
  const count = (k: number) => (k === 1 ? `one ${one}` : `${k} ${kind}equilibria`);
  const all = listsAll(result);
  const sentences: string[] = [];
  const reason = incompleteReason(result);
  if (result.stopReason === "time-limit")
    sentences.push(
      eqs.length === 0
        ? `The search stopped at its time limit before it found ${a} ${one}; whether one exists is not known.`
        : `The search stopped at its time limit, so this covers only the ${count(eqs.length)} found so far; others may exist.`,
    );
  else if (reason !== null)
    sentences.push(
      eqs.length === 0
        ? `No ${one} was found: ${reason}, which proves nothing about whether one exists.`
        : `This covers the ${count(eqs.length)} found: ${reason}, so others may exist.`,
    );
  else if (eqs.length === 0)
    sentences.push(
      options.nonTrivial
        ? `No ${one} exists: from every profile where some lab opens, some lab gains by switching.`
        : `No ${one} exists: from every profile some lab gains by switching, so the race has no stable ${kind}outcome.`,
    );
  else if (result.objective)
    sentences.push(
      `Shown: ${a} ${one} with the ${result.objective.sense === "max" ? "highest" : "lowest"} ${result.objective.name} of all; ` +
        `how many ${kind}equilibria there are was not counted.`,
    );
  else if (continuous) sentences.push(readUniqueness(result, one));
  else if (!all) sentences.push(`The search stopped at the first ${one} found, as asked; others may exist.`);
  else {
    const nonTrivial = eqs.filter((e) => e.nonTrivial).length;
    sentences.push(
      `The game has ${count(eqs.length)}` +
        (options.nonTrivial
          ? ` (equilibria where some lab opens; all-closed was not looked for).`
          : eqs.length === 1
            ? nonTrivial === 1 ? ", in which some lab opens." : ": everyone closed."
            : nonTrivial === eqs.length ? `, ${eqs.length === 2 ? "both" : "all"} with some lab opening.` : `, ${nonTrivial} of them with some lab opening.`),
    );
  }
  if (eqs.length > 0) sentences.push(...readLabs(game, eqs, all, kind));
  sentences.push(readAllClosed(game, result));
  return sentences.join(" ");
}

/**
 * The continuous game's count, as far as the uniqueness check (solve-continuous.ts) took it:
 * proven unique, refuted by a second equilibrium, or not established (and why).
 */
export function readUniqueness(result: SolveResult, one = "equilibrium"): string {
  const check = result.stats.uniqueness;
  if (result.unique === true)
    return `This is the only equilibrium (proven: the KKT MIP bounds the distance of every equilibrium from it by ${formatBound(check?.bound ?? 0)} in total openness).`;
  if (result.unique === false)
    return `This is one of at least two ${one.replace("equilibrium", "equilibria")}: the KKT MIP found a second one (both are shown); others may exist.`;
  const why =
    check === undefined
      ? "was not checked"
      : check.status === "skipped"
        ? `was not checked (the check runs up to ${UNIQUE_LABS} labs)`
        : check.status === "time-limit"
          ? "was not established (the check ran out of time)"
          : check.status === "error"
            ? "was not established (the solver failed)"
            : "was not established";
  const always = one === "equilibrium" ? " (one always exists in the continuous game)" : "";
  return `${/^[aeiou]/.test(one) ? "An" : "A"} ${one} was found${always}; whether it is the only one ${why}.`;
}

/** A distance bound: exponent form below the 4 decimals that formatNumber shows. */
function formatBound(v: number): string {
  return v === 0 || Math.abs(v) >= 1e-4 ? formatNumber(v) : v.toExponential(1);
}

/**
 * True when the result lists every equilibrium asked for (so counts and "every" are proven):
 * an exhausted search without an objective, or a continuous equilibrium proven unique.
 */
export function listsAll(result: SolveResult): boolean {
  return result.unique === true || (result.complete && result.stopReason === "exhausted" && !result.objective);
}

/** Who opens and who stays closed across the equilibria listed, and why at the first one. */
function readLabs(game: Game, eqs: readonly Equilibrium[], all: boolean, kind: string): string[] {
  const sentences: string[] = [];
  const always = game.ids.filter((_, i) => eqs.every((e) => e.profile[i] > 0));
  const never = game.ids.filter((_, i) => eqs.every((e) => e.profile[i] === 0));
  const sometimes = game.ids.filter((id) => !always.includes(id) && !never.includes(id));
  // "in every equilibrium" only when the list is all of them; otherwise only those found.
  const found = all ? "" : " found";
  const every = eqs.length === 1 ? (all ? "" : ` in the ${kind}equilibrium found`) : ` in every ${kind}equilibrium${found}`;
  // A lab that opens at the same partial level everywhere is said to open partly.
  const partly = (id: string) => {
    const levels = new Set(eqs.map((e) => e.profile[game.ids.indexOf(id)]));
    const [level] = levels;
    return levels.size === 1 && level < 1 ? ` (${levelLabel(level, game)})` : "";
  };
  if (always.length)
    sentences.push(`${listIds(always.map((id) => id + partly(id)))} ${always.length === 1 ? "opens" : "open"}${every}.`);
  if (never.length) sentences.push(`${listIds(never)} ${never.length === 1 ? "stays" : "stay"} closed${every}.`);
  if (sometimes.length)
    sentences.push(`${listIds(sometimes)} ${sometimes.length === 1 ? "opens" : "open"} in some ${kind}equilibria${found} but not others.`);
  // Why, at the first equilibrium: the labs whose choice is the same in all those listed, each
  // against its other tiers (closed or open in the continuous game: exact statements about
  // those moves, which an equilibrium of either game does not gain by).
  const first = explainProfile(game, eqs[0].profile);
  const why = first.incentives.filter((p) => always.includes(p.player) || never.includes(p.player)).slice(0, 3);
  why.forEach((inc, k) =>
    sentences.push(describeIncentive(inc, game).replace(/^(\S+) stays [^:]*: /, k === 0 && eqs.length > 1 ? "At the first equilibrium listed, for $1, " : "For $1, ")),
  );
  return sentences;
}

function readAllClosed(game: Game, result: SolveResult): string {
  if (game.minimum.some((m) => m > 0)) return "All-closed is ruled out: a mandate keeps some labs open.";
  const closed = explainProfile(game, new Array<number>(game.n).fill(0), result.game === "continuous" ? "interval" : game.tiers);
  if (closed.isEquilibrium) return "All-closed is an equilibrium too: no lab gains by opening alone.";
  const leaver = closed.incentives.reduce((a, b) => (b.difference > a.difference ? b : a));
  return `All-closed is not an equilibrium: ${leaver.player} would gain ${formatNumber(leaver.difference)} by ${moveVerb(0, leaver.alternative, game)}.`;
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

/** Why a solve's list may miss equilibria it was asked for; null when it does not. */
export function incompleteReason(result: SolveResult): string | null {
  if (result.complete) return null;
  if (result.stopReason === "time-limit") return "time limit reached";
  if (result.note) return result.note;
  if (result.method === "best-response" || result.method === "extragradient") {
    const dynamics = result.method === "best-response" ? "best-response dynamics" : "extragradient";
    return result.equilibria.length === 0
      ? `${dynamics} did not converge to a certified equilibrium`
      : `${dynamics} cannot prove they found every equilibrium`;
  }
  return "the solver's answer could not be certified exactly";
}

/**
 * The objective's best value: `Lowest welfare over the equilibria: 29.`, or, when the search
 * was cut short, over those found.
 */
export function readObjective({ name, sense, value }: NonNullable<SolveResult["objective"]>, complete = true): string {
  const over = complete ? "over the equilibria" : "over the equilibria found before the search stopped";
  return `${sense === "max" ? "Highest" : "Lowest"} ${name} ${over}: ${value === null ? `none (no equilibrium${complete ? "" : " found"})` : formatNumber(value)}.`;
}

/**
 * The welfare summary in one sentence. Its extremes are over all pure equilibria (whatever the
 * solve asked for); when its budget ran out they are unknown, and it says so.
 */
export function readWelfare(w: WelfareSummary): string {
  const f = (v: number | null) => (v === null ? "n/a" : formatNumber(v));
  const range = w.complete
    ? w.bestEquilibrium === null ? "no equilibrium" : `equilibria from ${f(w.worstEquilibrium)} to ${f(w.bestEquilibrium)}`
    : `best equilibrium ${w.bestEquilibrium === null ? "not found" : f(w.bestEquilibrium)} and worst ${w.worstEquilibrium === null ? "not found" : f(w.worstEquilibrium)} in the time allowed`;
  return (
    `Welfare (sum of capabilities): social optimum ${f(w.socialOptimum)}, ${range}; ` +
    `price of anarchy ${f(w.priceOfAnarchy)}, of stability ${f(w.priceOfStability)}.`
  );
}
