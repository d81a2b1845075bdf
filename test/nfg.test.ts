/**
 * The Gambit .nfg export (payoff version), read back by a small parser that follows Gambit's
 * own reader (src/games/file.cc and lexical_cast<Rational> in src/core/rational.cc): the
 * strategy lists are the tiers, the payoffs are those of `payoffs` in Gambit's profile order
 * (first player's strategy varying fastest), every number round-trips exactly, and the pure
 * equilibria read off the table alone are those of the naive reference.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { NFG_MAX_PROFILES, nfgNumber, nfgProfileCount, writeNfg } from "../src/formats/nfg.js";
import { payoffs, type Game } from "../src/index.js";
import { gameArbitrary, gameOf, mandatedGameArbitrary, SEED } from "./helpers/arbitrary.js";
import { naiveEquilibria } from "./helpers/naive.js";

type Token = { kind: "{" | "}" | "text" | "word"; text: string };

/** Gambit's lexer, for the tokens a payoff-version .nfg file uses. */
function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  const space = (c: string) => /\s/.test(c);
  let k = 0;
  for (;;) {
    while (k < source.length && space(source[k])) k++;
    if (k >= source.length) return tokens;
    const c = source[k];
    if (c === "{" || c === "}") {
      tokens.push({ kind: c, text: c });
      k++;
    } else if (c === '"') {
      // Gambit's rule, quirks included: `\"` is a quote; any other backslash is kept, together
      // with the character after it; a backslash after a backslash again escapes what follows.
      let text = "";
      let lastSlash = false;
      k++;
      for (;;) {
        if (k >= source.length) throw new Error("end of file inside a string");
        const a = source[k++];
        if (a === '"' && !lastSlash) break;
        if (lastSlash && a === '"') text += '"';
        else if (lastSlash) text += `\\${a}`;
        else if (a !== "\\") text += a;
        lastSlash = a === "\\";
      }
      tokens.push({ kind: "text", text });
    } else {
      let word = "";
      while (k < source.length && !space(source[k])) word += source[k++];
      tokens.push({ kind: "word", text: word });
    }
  }
}

interface Nfg {
  title: string;
  players: string[];
  strategies: string[][];
  comment: string | undefined;
  /** The flat payoff list. */
  numbers: number[];
}

/** Numbers as lexical_cast<Rational> reads them exactly: no exponent (it rejects `e+`). */
const DECIMAL = /^-?\d+(\.\d+)?$/;

function parseNfg(source: string): Nfg {
  const tokens = tokenize(source);
  let k = 0;
  const next = (kind: Token["kind"], text?: string): string => {
    const token = tokens[k++];
    if (!token || token.kind !== kind || (text !== undefined && token.text !== text)) {
      throw new Error(`token ${k - 1}: expected ${text ?? kind}, found ${JSON.stringify(token)}`);
    }
    return token.text;
  };
  const texts = (): string[] => {
    next("{");
    const out: string[] = [];
    while (tokens[k]?.kind === "text") out.push(next("text"));
    next("}");
    return out;
  };
  next("word", "NFG");
  next("word", "1");
  next("word", "R");
  const title = next("text");
  const players = texts();
  next("{");
  const strategies = players.map(() => texts());
  next("}");
  const comment = tokens[k]?.kind === "text" ? next("text") : undefined;
  const numbers = tokens.slice(k).map((token) => {
    if (token.kind !== "word" || !DECIMAL.test(token.text)) throw new Error(`not a payoff: ${token.text}`);
    return Number(token.text);
  });
  return { title, players, strategies, comment, numbers };
}

/** Openness of a strategy label: closed/open, or the level itself. */
const openness = (label: string) => (label === "closed" ? 0 : label === "open" ? 1 : Number(label));

/** Profile k of the file (strategy indices): mixed radix, player 0 least significant. */
function decode(k: number, n: number, levels: number): number[] {
  const s: number[] = [];
  for (let i = 0; i < n; i++, k = Math.floor(k / levels)) s.push(k % levels);
  return s;
}

/** -0 is written as 0 (the same rational), so compare with +0. */
const plusZero = (values: ArrayLike<number>) => Array.from(values, (v) => v + 0);

/**
 * Pure equilibria read off the table alone: at profile k no player gains more than the
 * tolerance by switching to another of its strategies, the others' strategies fixed.
 */
function tableEquilibria(nfg: Nfg, tolerance: number): number[][] {
  const n = nfg.players.length;
  const levels = nfg.strategies.map((s) => s.length);
  const count = levels.reduce((a, b) => a * b, 1);
  const found: number[][] = [];
  for (let k = 0; k < count; k++) {
    let stable = true;
    for (let i = 0, stride = 1, rest = k; i < n && stable; stride *= levels[i], rest = Math.floor(rest / levels[i]), i++) {
      const own = rest % levels[i];
      for (let s = 0; s < levels[i]; s++) {
        const other = k + (s - own) * stride;
        if (nfg.numbers[other * n + i] - nfg.numbers[k * n + i] > tolerance) stable = false;
      }
    }
    if (stable) {
      let rest = k;
      found.push(
        nfg.strategies.map((labels, i) => {
          const s = rest % levels[i];
          rest = Math.floor(rest / levels[i]);
          return openness(labels[s]);
        }),
      );
    }
  }
  return found;
}

const lexicographic = (a: number[], b: number[]) => {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return 0;
};

const workedExample = (): Game =>
  gameOf({
    name: "Three-lab race",
    players: [
      { id: "leader", name: "Leader Lab", capability: 10, communityGain: 1, openCost: 0.5 },
      { id: "challenger", capability: 9, communityGain: 1 },
      { id: "underdog", capability: 7, communityGain: 3 },
    ],
    spillover: { absorptive: 0.5 },
  });

const binaryGame = (n: number, tiers?: number[]): Game =>
  gameOf({
    players: Array.from({ length: n }, (_, i) => ({ id: `lab${i}`, capability: i, communityGain: 1 })),
    spillover: 0.1,
    ...(tiers ? { tiers } : {}),
  });

describe("writeNfg", () => {
  it("lists the tiers as strategies and payoffs(game, profile_k) at position k", () => {
    fc.assert(
      fc.property(gameArbitrary({ maxPlayers: 4 }), (game) => {
        const nfg = parseNfg(writeNfg(game, "random"));
        const { n, tiers } = game;
        const levels = tiers.length;
        expect(nfg.title).toBe("random");
        expect(nfg.players).toEqual(game.ids);
        for (const labels of nfg.strategies) {
          expect(labels.map(openness)).toEqual(tiers);
          if (levels === 2 && tiers[1] === 1) expect(labels).toEqual(["closed", "open"]);
        }
        expect(nfg.numbers.length).toBe(n * levels ** n);
        const expected: number[] = [];
        for (let k = 0; k < levels ** n; k++) {
          expected.push(...plusZero(payoffs(game, decode(k, n, levels).map((s) => tiers[s]))));
        }
        expect(nfg.numbers).toEqual(expected);
      }),
      { seed: SEED, numRuns: 200 },
    );
  });

  it("has exactly the naive pure equilibria, read off the table alone", () => {
    fc.assert(
      fc.property(gameArbitrary({ maxPlayers: 4 }), (game) => {
        const fromTable = tableEquilibria(parseNfg(writeNfg(game, "random")), game.tolerance);
        expect(fromTable.sort(lexicographic)).toEqual(naiveEquilibria(game).sort(lexicographic));
      }),
      { seed: SEED, numRuns: 200 },
    );
  });

  it("under a mandate: each lab's strategies from its minimum up, and exactly the naive equilibria", () => {
    fc.assert(
      fc.property(mandatedGameArbitrary({ maxPlayers: 4 }), (game) => {
        const nfg = parseNfg(writeNfg(game, "mandated"));
        nfg.strategies.forEach((labels, i) => expect(labels.map(openness)).toEqual(game.tiers.filter((y) => y >= game.minimum[i])));
        expect(tableEquilibria(nfg, game.tolerance).sort(lexicographic)).toEqual(naiveEquilibria(game).sort(lexicographic));
      }),
      { seed: SEED, numRuns: 200 },
    );
  });

  it("writes the worked example as checked by hand", () => {
    const game = workedExample();
    const text = writeNfg(game, "Three-lab race");
    const lines = text.split("\n");
    expect(lines[0]).toBe(
      'NFG 1 R "Three-lab race" { "leader" "challenger" "underdog" } ' +
        '{ { "closed" "open" } { "closed" "open" } { "closed" "open" } }',
    );
    const nfg = parseNfg(text);
    expect(nfg.comment).toContain("u_i = p_i - max_{j in rivals(i)} p_j - k_i x_i");
    expect(nfg.comment).toContain("leader = Leader Lab");
    expect(nfg.comment).not.toContain("challenger =");
    // B[leader][challenger] = 0.5, B[leader][underdog] = 1.5, B[challenger][underdog] = 1.
    const vector = (k: number) => nfg.numbers.slice(3 * k, 3 * k + 3);
    // (0,0,0): p = (10, 9, 7); u = (10-9, 9-10, 7-10).
    expect(vector(0)).toEqual([1, -1, -3]);
    // (1,0,0): p = (11, 9.5, 8.5); u = (11-9.5-0.5, 9.5-11, 8.5-11).
    expect(vector(1)).toEqual([1, -1.5, -2.5]);
    // (0,1,0): p = (10, 10, 8); u = (10-10, 10-10, 8-10).
    expect(vector(2)).toEqual([0, 0, -2]);
    // (1,1,0): p = (11, 10.5, 9.5); u = (11-10.5-0.5, 10.5-11, 9.5-11).
    expect(vector(3)).toEqual([0, -0.5, -1.5]);
    // (0,0,1): p = (10, 9, 10); u = (10-10, 9-10, 10-10).
    expect(vector(4)).toEqual([0, -1, 0]);
    expect(lines.slice(1, 3)).toEqual([expect.stringMatching(/^"openrace: .*"$/), ""]);
    expect(lines.at(-1)).toBe("");
    expect(tableEquilibria(nfg, game.tolerance)).toEqual([
      [0, 0, 1],
      [0, 1, 1],
    ]);
  });

  it("names the strategies of other tiers by their openness", () => {
    const nfg = parseNfg(writeNfg(binaryGame(2, [0, 0.5, 1]), "tiers"));
    expect(nfg.strategies).toEqual([
      ["0", "0.5", "1"],
      ["0", "0.5", "1"],
    ]);
    expect(nfg.comment).toContain("x_i = 0, 0.5, 1");
  });

  it("quotes titles so that Gambit's lexer reads them back", () => {
    const read = (title: string) => parseNfg(writeNfg(binaryGame(2), title)).title;
    expect(read('The "open" race')).toBe('The "open" race');
    expect(read("C:\\games\\race")).toBe("C:\\games\\race");
    expect(read("")).toBe("");
    // No spelling survives Gambit's lexer here: such a backslash becomes "/".
    expect(read("ends in \\")).toBe("ends in /");
    expect(read('a\\"b')).toBe('a/"b');
    expect(read("a\\\\b")).toBe("a/\\b");
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom("a", " ", '"', "\\", "{", "}", "\n", "é") }), (title) => {
        const nfg = parseNfg(writeNfg(binaryGame(2), title));
        // Only backslashes may change, and only into "/"; the file still parses in full.
        expect(nfg.title.length).toBe(title.length);
        for (let k = 0; k < title.length; k++) {
          if (nfg.title[k] !== title[k]) expect([title[k], nfg.title[k]]).toEqual(["\\", "/"]);
        }
        expect(nfg.numbers.length).toBe(2 * 4);
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  it("refuses games with more than NFG_MAX_PROFILES profiles, stating the size", () => {
    const big = binaryGame(21);
    expect(nfgProfileCount(big)).toBe(2 ** 21);
    expect(() => writeNfg(big, "big")).toThrow(RangeError);
    expect(() => writeNfg(big, "big")).toThrow(
      "the game has 2^21 = 2097152 pure profiles; the .nfg export is for small games (at most 1000000 profiles)",
    );
    expect(() => writeNfg(binaryGame(13, [0, 0.5, 1]), "big")).toThrow(/3\^13 = 1594323 pure profiles/);
    // The exact count even beyond 2^53.
    expect(() => writeNfg(binaryGame(60), "huge")).toThrow(/2\^60 = 1152921504606846976 pure/);
    expect(nfgProfileCount(binaryGame(19))).toBeLessThanOrEqual(NFG_MAX_PROFILES);
  });

  it("refuses payoffs that are not finite", () => {
    // The validator refuses such numbers (docs/model.md, "Numeric range"); a game built through
    // the library can still hold them, and the writer must not print Infinity.
    const game = {
      ...gameOf({ players: [{ id: "a", capability: 1 }, { id: "b", capability: 0 }] }),
      capability: Float64Array.from([1.7e308, 0]),
      communityGain: Float64Array.from([1e308, 0]),
    };
    expect(() => writeNfg(game, "overflow")).toThrow(/payoff of a at profile \(1, 0\) is Infinity/);
  });
});

describe("nfgNumber", () => {
  it("writes the shortest round-trip decimal, without an exponent", () => {
    expect(nfgNumber(1e21)).toBe("1000000000000000000000");
    expect(nfgNumber(-1.5e-7)).toBe("-0.00000015");
    expect(nfgNumber(1.2345e22)).toBe("12345000000000000000000");
    expect(nfgNumber(1e-6)).toBe("0.000001");
    expect(nfgNumber(-0)).toBe("0");
    expect(nfgNumber(2.5)).toBe("2.5");
    expect(() => nfgNumber(Infinity)).toThrow(RangeError);
    expect(() => nfgNumber(NaN)).toThrow(RangeError);
    const extremes = [Number.MIN_VALUE, -Number.MIN_VALUE, Number.MAX_VALUE, Number.EPSILON, 2 ** 53 + 2];
    for (const v of extremes) expect(Number(nfgNumber(v))).toBe(v);
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (v) => {
        const s = nfgNumber(v);
        expect(s).toMatch(DECIMAL);
        expect(Number(s)).toBe(v + 0);
        // As short as JavaScript's own shortest form: the same significant digits.
        const digits = (t: string) => t.replace(/^-/, "").replace(/e.*$/, "").replace(".", "").replace(/^0+|0+$/g, "");
        expect(digits(s)).toBe(digits(String(v)));
      }),
      { seed: SEED, numRuns: 2000 },
    );
  });
});
