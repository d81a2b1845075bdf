/**
 * Gambit's strategic-game file, payoff version (`NFG 1 R`), so that Gambit's tools
 * (gambit-enumpure, gambit-enummixed, gambit-gnm, ...) can analyse a small openrace game.
 *
 * The format is the one of Gambit's documentation ("The strategic game (.nfg) file format,
 * payoff version") as its reader (src/games/file.cc) accepts it: the prologue
 *
 *     NFG 1 R "title" { "player 1" ... } { { "strategy" ... } ... } "comment"
 *
 * then a flat list of numbers: every player's payoff (in player order) for each pure profile,
 * profiles counted like the digits of a number whose LEAST significant digit is the first
 * player's strategy. Whitespace is not significant; we write one profile per line, as Gambit's
 * own writer does.
 *
 * The table holds n payoffs for each of L^n profiles, so the export is for small games only.
 */
import { allowedLevels, isBinary, type Game } from "../model/game.js";
import { capabilities, deviationPayoff } from "../model/payoff.js";
import { forEachProfile } from "../model/table.js";

/** Most pure profiles (tiers.length ** n) we write: the file grows as n * L^n numbers. */
export const NFG_MAX_PROFILES = 1_000_000;

/** Each player's strategies: the tiers, from its minimum up (all of them unless mandated). */
const strategiesOf = (game: Game) => game.ids.map((_, i) => allowedLevels(game, i));

/**
 * Number of pure profiles, tiers.length ** n without mandates (a double: inexact beyond 2^53,
 * never needed).
 */
export function nfgProfileCount(game: Game): number {
  return strategiesOf(game).reduce((count, levels) => count * levels.length, 1);
}

/**
 * A number as Gambit reads it back exactly: the shortest decimal that round-trips to the
 * double, spelled without an exponent. Gambit's lexer accepts `1e-7`, but its conversion of
 * the text to an exact rational (lexical_cast<Rational>, src/core/rational.cc) has no case for
 * a `+` after the `e`, so JavaScript's `1e+21` would be rejected; written out in full, every
 * number is a plain decimal, which Gambit turns into the same rational as the double.
 * String(-0) is already "0" (the same rational).
 */
export function nfgNumber(v: number): string {
  if (!Number.isFinite(v)) throw new RangeError(`${v} cannot be written to a .nfg file`);
  const s = String(v);
  const e = s.indexOf("e");
  if (e < 0) return s;
  // JavaScript's exponent form is d[.ddd]e±x with d a single nonzero digit.
  const sign = s.startsWith("-") ? "-" : "";
  const [whole, fraction = ""] = s.slice(sign.length, e).split(".");
  const digits = whole + fraction;
  const point = whole.length + Number(s.slice(e + 1));
  if (point <= 0) return `${sign}0.${"0".repeat(-point)}${digits}`;
  if (point >= digits.length) return sign + digits + "0".repeat(point - digits.length);
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}

/**
 * A label in double quotes, as Gambit's lexer reads it back. The lexer turns `\"` into `"`
 * and keeps any other backslash literally, but has no escape for a backslash itself: `\\`
 * (what std::quoted, and so Gambit's own writer, produces) is read back as three backslashes,
 * and a backslash right before the closing quote swallows it, so the rest of the file is
 * misread. Hence: a quote is escaped, a backslash followed by an ordinary character is
 * written as is, and a backslash the lexer would misread (followed by another backslash or a
 * quote, or ending the text) becomes "/". Player ids cannot contain either character; only
 * the title and display names (in the comment) can.
 */
function quote(text: string): string {
  let out = '"';
  for (let k = 0; k < text.length; k++) {
    const c = text[k];
    if (c === '"') out += '\\"';
    else if (c === "\\") {
      const next = text[k + 1];
      out += next === undefined || next === "\\" || next === '"' ? "/" : "\\";
    } else out += c;
  }
  return `${out}"`;
}

/** Strategy names: closed/open for the default tiers, otherwise the openness values. */
function strategyLabels(tiers: readonly number[], levels: readonly number[]): string[] {
  return levels.map((y) => (isBinary(tiers) ? (y === 0 ? "closed" : "open") : nfgNumber(y)));
}

/** The optional comment of the prologue: what the numbers mean, and who the ids are. */
function comment(game: Game, title: string): string {
  const levels = isBinary(game.tiers)
    ? "closed (x_i = 0) or open (x_i = 1)"
    : `openness levels x_i = ${game.tiers.map(nfgNumber).join(", ")}`;
  const renamed = game.ids.flatMap((id, i) => (game.names[i] !== id ? [`${id} = ${game.names[i]}`] : []));
  return [
    `openrace: the open/closed AI-race game${title ? ` of the scenario ${title}` : ""}.`,
    `Each lab's strategies: ${levels}${game.minimum.some((m) => m > 0) ? ", from its mandated minimum up" : ""}.`,
    "Payoff u_i = p_i - max_{j in rivals(i)} p_j - k_i x_i: lab i's lead over its strongest rival",
    "minus its open cost, with capabilities p_j = c_j + a_j x_j + sum_{i != j} B[i][j] x_i.",
    ...(renamed.length ? [`Players (id = name): ${renamed.join("; ")}.`] : []),
  ].join(" ");
}

/**
 * The game as a Gambit .nfg file (payoff version). Throws a RangeError when the game has more
 * than NFG_MAX_PROFILES pure profiles, or when a payoff is not finite (Gambit has no infinity).
 */
export function writeNfg(game: Game, title: string): string {
  const { n, tiers, ids } = game;
  const strategies = strategiesOf(game);
  const count = nfgProfileCount(game);
  if (count > NFG_MAX_PROFILES) {
    // BigInt states the exact count even where the double would not.
    const exact = strategies.reduce((product, levels) => product * BigInt(levels.length), 1n);
    const power = strategies.every((levels) => levels.length === tiers.length) ? `${tiers.length}^${n} = ` : "";
    throw new RangeError(
      `the game has ${power}${exact} pure profiles; the .nfg export is for small games (at most ${NFG_MAX_PROFILES} profiles)`,
    );
  }

  const labels = strategies.map((levels) => `{ ${strategyLabels(tiers, levels).map(quote).join(" ")} }`);
  const lines = [
    `NFG 1 R ${quote(title)} { ${ids.map(quote).join(" ")} } { ${labels.join(" ")} }`,
    quote(comment(game, title)),
    "",
  ];

  // Walk the profiles in the file's order (`forEachProfile`: player 0 least significant).
  // Each payoff is computed from scratch exactly as `payoffs` does (capabilities once per
  // profile, then u_i as the "deviation" to x_i itself), so the file holds the reference values
  // bit for bit, with no incremental rounding drift; calling the two steps directly skips
  // `payoffs`' per-profile array (a fifth of the time for 19 binary players).
  const row = new Array<string>(n);
  forEachProfile(strategies, (x) => {
    const p = capabilities(game, x);
    for (let i = 0; i < n; i++) {
      const u = deviationPayoff(game, p, x, i, x[i]);
      if (!Number.isFinite(u)) {
        throw new RangeError(`the payoff of ${ids[i]} at profile (${x.join(", ")}) is ${u}; a .nfg file needs finite numbers`);
      }
      row[i] = nfgNumber(u);
    }
    lines.push(row.join(" "));
  });
  lines.push("");
  return lines.join("\n");
}
