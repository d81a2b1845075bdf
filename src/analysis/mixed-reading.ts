/**
 * Plain-language readings of mixed, quantal-response and correlated equilibria, shared by the
 * command line, `report` and the web explorer: "no pure equilibrium; in the mixed equilibrium
 * alpha opens with probability 0.40, ...".
 */
import type { Game } from "../model/game.js";
import type { MixedEquilibrium } from "../model/regret.js";
import type { CorrelatedResult } from "../solvers/correlated.js";
import type { MixedResult } from "../solvers/mixed.js";
import { formatNumber, levelLabel } from "./reading.js";

/** A probability for people: two decimals, or up to four when two would round it to 0 or 1. */
export function formatProbability(p: number): string {
  return p >= 0.005 && p <= 0.995 ? p.toFixed(2) : formatNumber(p);
}

/** A regret as small as rounding stays visible: `0`, `2.2e-16`, `0.1194`. */
export function formatRegret(v: number): string {
  return v === 0 || v >= 1e-4 ? formatNumber(v) : v.toExponential(1);
}

/** What one lab does in a mixed profile: `opens with probability 0.40`, `stays closed`, ... */
export function readMixture(tiers: readonly number[], mixture: readonly number[]): string {
  const played = tiers.flatMap((t, l) => (mixture[l] > 0 ? [[t, mixture[l]] as const] : []));
  if (played.length === 1) return played[0][0] === 0 ? "stays closed" : `plays ${levelLabel(played[0][0])} for sure`.replace("plays open for sure", "opens for sure");
  if (tiers.length === 2 && tiers[1] === 1) return `opens with probability ${formatProbability(mixture[1])}`;
  return `plays ${played.map(([t, q]) => `${levelLabel(t)} with probability ${formatProbability(q)}`).join(", ")}`;
}

function listIds(ids: string[]): string {
  return ids.length <= 1 ? ids.join("") : `${ids.slice(0, -1).join(", ")} and ${ids[ids.length - 1]}`;
}

/** One sentence per mixed profile: the labs that mix first, then the ones that do not. */
export function readMixedProfile(game: Game, eq: MixedEquilibrium): string {
  const mixing: string[] = [];
  const closed: string[] = [];
  const open: string[] = [];
  game.ids.forEach((id, i) => {
    const text = readMixture(game.tiers, eq.strategies[i]);
    if (text === "stays closed") closed.push(id);
    else if (text === "opens for sure") open.push(id);
    else mixing.push(`${id} ${text}`);
  });
  const parts = [...mixing];
  if (open.length) parts.push(`${listIds(open)} ${open.length === 1 ? "opens" : "open"} for sure`);
  if (closed.length) parts.push(`${listIds(closed)} ${closed.length === 1 ? "stays" : "stay"} closed`);
  return parts.join(", ");
}

/**
 * The paragraph of a mixed or QRE solve. `pureExists`: whether the race has a pure
 * equilibrium (null when unknown).
 */
export function readMixedResult(game: Game, result: MixedResult, pureExists: boolean | null): string {
  const pure = pureExists === false ? "No pure equilibrium; " : pureExists ? "The race also has pure equilibria (solve without --concept lists them); " : "";
  const sentences: string[] = [];
  if (result.concept === "qre") {
    const eq = result.equilibria[0];
    if (!eq) return `The logit branch could not be followed to lambda ${formatNumber(result.lambda ?? NaN)}.`;
    sentences.push(
      `With logit noise at precision lambda ${formatNumber(result.lambda ?? NaN)} (payoff differences of 1/lambda change the odds by a factor e), ${readMixedProfile(game, eq)}.`,
      `This quantal-response equilibrium is the first point at that lambda on the principal logit branch; it is not a Nash equilibrium (regret ${formatNumber(eq.regret)}) unless lambda is large.`,
    );
    return sentences.join(" ");
  }
  const eqs = result.equilibria;
  if (eqs.length === 0) {
    sentences.push(`${pure}no certified mixed equilibrium was found${result.complete ? "" : " before the work stopped"} (one always exists).`);
    return sentences.join(" ").replace(/^no/, "No");
  }
  const many = eqs.length === 1 ? "in the mixed equilibrium" : `in mixed equilibrium 1 of ${eqs.length}`;
  sentences.push(`${pure}${many} ${readMixedProfile(game, eqs[0])}.`.replace(/^in/, "In"));
  if (result.method === "support-enumeration")
    sentences.push(
      result.moreMayExist
        ? `Support enumeration found ${eqs.length} isolated ${eqs.length === 1 ? "equilibrium" : "equilibria"}; the game is degenerate (ties), so a continuum of further equilibria may exist.`
        : `Support enumeration lists every mixed equilibrium of this two-lab race: there ${eqs.length === 1 ? "is 1" : `are ${eqs.length}`}.`,
    );
  else if (result.moreMayExist) sentences.push("Other mixed equilibria may exist: the logit path leads to one (the limit of quantal response as noise vanishes).");
  else sentences.push("It is the only equilibrium, mixed or pure: iterated strict dominance leaves each lab a single level.");
  return sentences.join(" ");
}

/** What a lab does under a distribution, from its marginals: `opens with probability 0.50`. */
function readMarginals(game: Game, marginals: number[][]): string {
  return readMixedProfile(game, { strategies: marginals, payoffs: [], regret: 0 });
}

/** The paragraph of a correlated or coarse correlated solve. */
export function readCorrelatedResult(game: Game, result: CorrelatedResult, pureExists: boolean | null): string {
  const kind = result.concept === "correlated" ? "correlated" : "coarse correlated";
  const { objective, sense } = result.optimize;
  const which = `${sense === "max" ? "highest" : "lowest"}-${objective}`;
  const eq = result.equilibria[0];
  if (!eq) return `The time limit stopped HiGHS before the ${which} ${kind} equilibrium was found (one always exists).`;
  const pure = pureExists === false ? "The race has no pure equilibrium, but a mediator can coordinate it: " : "";
  const draws = eq.distribution.length === 1 ? "recommends a single profile" : `draws one of ${eq.distribution.length} profiles and recommends each lab its part`;
  const obey =
    result.concept === "correlated"
      ? "no lab gains by disobeying its recommendation"
      : "no lab gains by committing to a level of its own before the draw";
  return (
    `${pure}in the ${which} ${kind} equilibrium (expected ${objective} ${formatNumber(eq.objective)}), a mediator ${draws}, and ${obey}. ` +
    `Overall, ${readMarginals(game, eq.marginals)}.`
  ).replace(/^in/, "In");
}
