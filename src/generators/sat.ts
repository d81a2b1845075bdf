/**
 * The constructive NP-hardness demonstration (docs/sat-reduction.md): a CNF formula becomes a
 * race that has a pure equilibrium where some lab opens if and only if the formula is
 * satisfiable. Deciding that for races is therefore at least as hard as SAT, and the instances
 * are concrete files anyone can solve with `openrace solve FILE --nontrivial --first`.
 *
 * Also here: DIMACS CNF reading and writing (the format of the SAT competitions and SATLIB),
 * so the formulas can come from, and be checked by, ordinary SAT solvers, and a seeded random
 * k-CNF generator. No Node API: this runs in browsers too.
 */
import { uniformInt } from "pure-rand/distribution/uniformInt";
import { xoroshiro128plus } from "pure-rand/generator/xoroshiro128plus";
import type { ScenarioInput } from "../model/scenario.js";
import type { Parsed, Problem } from "../model/validate.js";

/** A formula in conjunctive normal form; literals as in DIMACS: +v or -v, v from 1. */
export interface Cnf {
  variables: number;
  clauses: number[][];
}

// ---------------------------------------------------------------------------------------
// DIMACS CNF

const HEADER_SHAPE = "p cnf <variables> <clauses>";
const INTEGER = /^[+-]?\d+$/;

/**
 * Reads DIMACS CNF: `c` comment lines, the header `p cnf V C`, then clauses as integers each
 * terminated by 0 (a clause may span lines; a line may hold several). A line starting with `%`
 * ends the clause list (SATLIB files end with `%` and a stray `0`). Every problem is reported,
 * located as `line N` (1-based).
 */
export function parseDimacs(text: string): Parsed<Cnf> {
  const problems: Problem[] = [];
  const at = (line: number, message: string) => problems.push({ path: `line ${line}`, message });

  let header: { variables: number; clauses: number; line: number } | null = null;
  // A malformed header still counts as a header (its absence is not reported as well); it
  // just cannot bound the literals or the clause count.
  let headerLine = 0;
  let firstClauseLine = 0;
  const clauses: number[][] = [];
  let current: number[] = [];
  // Line where the open clause began (0: none open); set even by a literal that is then
  // rejected, so that a missing final 0 is still noticed.
  let currentStart = 0;

  const lines = text.split(/\r\n|\r|\n/);
  for (let index = 0; index < lines.length; index++) {
    const lineNumber = index + 1;
    const line = lines[index].trim();
    if (line === "" || line.startsWith("c")) continue;
    if (line.startsWith("%")) break;
    if (line.startsWith("p")) {
      if (headerLine > 0) {
        at(lineNumber, `a second header (the first is on line ${headerLine})`);
        continue;
      }
      headerLine = lineNumber;
      if (firstClauseLine > 0)
        at(lineNumber, `the header must come before the clauses (the first clause is on line ${firstClauseLine})`);
      const tokens = line.split(/\s+/);
      const counts = tokens.slice(2).map(Number);
      if (
        tokens.length !== 4 ||
        tokens[0] !== "p" ||
        tokens[1] !== "cnf" ||
        !tokens.slice(2).every((t) => /^\d+$/.test(t)) ||
        !counts.every(Number.isSafeInteger)
      ) {
        at(lineNumber, `malformed header: expected "${HEADER_SHAPE}", got ${JSON.stringify(line)}`);
      } else {
        header = { variables: counts[0], clauses: counts[1], line: lineNumber };
      }
      continue;
    }
    if (firstClauseLine === 0) firstClauseLine = lineNumber;
    for (const token of line.split(/\s+/)) {
      const literal = INTEGER.test(token) ? Number(token) : NaN;
      if (!Number.isSafeInteger(literal)) {
        at(lineNumber, `expected an integer literal, got ${JSON.stringify(token)}`);
        continue;
      }
      if (literal === 0) {
        clauses.push(current);
        current = [];
        currentStart = 0;
        continue;
      }
      if (currentStart === 0) currentStart = lineNumber;
      if (header && Math.abs(literal) > header.variables) {
        at(lineNumber, `literal ${literal} exceeds the ${header.variables} variables of the header`);
        continue;
      }
      current.push(literal);
    }
  }

  if (currentStart > 0) at(currentStart, "the last clause is not terminated by 0");
  if (headerLine === 0)
    at(Math.max(1, firstClauseLine), `missing header: expected "${HEADER_SHAPE}" before the clauses`);
  if (header && clauses.length !== header.clauses)
    at(
      header.line,
      `the header declares ${header.clauses} clause${header.clauses === 1 ? "" : "s"}, ` +
        `the file has ${clauses.length}`,
    );
  problems.sort((p, q) => lineOf(p) - lineOf(q));
  if (problems.length > 0 || !header) return { ok: false, problems };
  return { ok: true, value: { variables: header.variables, clauses } };
}

const lineOf = (problem: Problem) => Number(problem.path.slice("line ".length));

/** Writes DIMACS CNF: the comments (one `c` line per line of text), the header, one clause a line. */
export function formatDimacs(cnf: Cnf, comments: readonly string[] = []): string {
  const out: string[] = [];
  for (const comment of comments)
    for (const line of comment.split(/\r\n|\r|\n/)) out.push(line === "" ? "c" : `c ${line}`);
  out.push(`p cnf ${cnf.variables} ${cnf.clauses.length}`);
  for (const clause of cnf.clauses) out.push([...clause, 0].join(" "));
  return out.join("\n") + "\n";
}

// ---------------------------------------------------------------------------------------
// Random k-CNF

export interface RandomCnfOptions {
  readonly variables: number;
  readonly clauses: number;
  /** Any integer; as for `randomScenario`, only its low 32 bits matter. */
  readonly seed: number;
  /** Literals per clause, over distinct variables (default 3). */
  readonly width?: number;
}

/**
 * A uniform random k-CNF formula: each clause picks `width` distinct variables and a random
 * sign for each. Seeded like `randomScenario` (xoroshiro128plus), so the same options give
 * the same formula on every machine. Within a clause the literals are sorted by variable,
 * which only makes the DIMACS text easier to read.
 */
export function randomCnf(options: RandomCnfOptions): Cnf {
  const { variables, clauses: count, seed, width = 3 } = options;
  const check = (name: string, value: number) => {
    if (!Number.isSafeInteger(value) || value < 0)
      throw new RangeError(`${name} must be a non-negative integer, got ${value}`);
  };
  check("variables", variables);
  check("clauses", count);
  check("width", width);
  if (!Number.isSafeInteger(seed)) throw new RangeError(`seed must be an integer, got ${seed}`);
  if (count > 0 && (width < 1 || width > variables))
    throw new RangeError(`width must be between 1 and the number of variables (${variables}), got ${width}`);

  const rng = xoroshiro128plus(seed);
  const pool = Array.from({ length: variables }, (_, v) => v + 1);
  const clauses: number[][] = [];
  for (let k = 0; k < count; k++) {
    // Partial Fisher-Yates: the first `width` entries of the pool become a uniform sample
    // of distinct variables. The pool's order carries over between clauses, which is fine:
    // each draw is uniform whatever order it starts from.
    for (let l = 0; l < width; l++) {
      const r = uniformInt(rng, l, variables - 1);
      [pool[l], pool[r]] = [pool[r], pool[l]];
    }
    const chosen = pool.slice(0, width).sort((u, v) => u - v);
    clauses.push(chosen.map((v) => (uniformInt(rng, 0, 1) === 1 ? v : -v)));
  }
  return { variables, clauses };
}

// ---------------------------------------------------------------------------------------
// The reduction

/** Ids of the labs that encode variable v and clause k (1-based), as in the docs. */
export const satIds = {
  variable: (v: number) => `x${v}`,
  negation: (v: number) => `not_x${v}`,
  reference: (v: number) => `ref_x${v}`,
  clauseA: (k: number) => `c${k}_a`,
  clauseB: (k: number) => `c${k}_b`,
  clauseQ: (k: number) => `c${k}_q`,
  ruler: "ruler",
  beacon: "beacon",
} as const;

/**
 * The race of docs/sat-reduction.md for a CNF formula: 3V + 3C + 2 labs. It has a pure
 * equilibrium where some lab opens if and only if the formula is satisfiable, and its
 * equilibria are exactly the satisfying assignments (x_v open = variable v true).
 *
 * Every parameter is an integer or a half, and every capability a small sum of them, so the
 * floating-point arithmetic of the solvers is exact and no comparison rests on the tolerance.
 * Throws a RangeError for a formula with a literal 0 or beyond its variables.
 */
export function satScenario(cnf: Cnf, name?: string): ScenarioInput {
  const V = cnf.variables;
  if (!Number.isSafeInteger(V) || V < 0) throw new RangeError(`variables must be a non-negative integer, got ${V}`);
  cnf.clauses.forEach((clause, k) => {
    for (const literal of clause)
      if (!Number.isSafeInteger(literal) || literal === 0 || Math.abs(literal) > V)
        throw new RangeError(`clause ${k + 1}: literal ${literal} is not one of ±1..±${V}`);
  });

  const id = satIds;
  type Lab = NonNullable<ScenarioInput["players"]>[number];
  type Pair = NonNullable<ScenarioInput["spilloverPairs"]>[number];
  const players: Lab[] = [];
  const pairs: Pair[] = [];
  const lab = (pid: string, capability: number, communityGain: number, openCost: number, rivals: string[]) =>
    players.push({ id: pid, capability, communityGain, openCost, rivals });
  const spill = (from: string, to: string, value: number) => pairs.push({ from, to, value });

  for (let v = 1; v <= V; v++) {
    // The variable: opening moves neither its own capability nor its only rival's, so it is
    // exactly indifferent and free to take either truth value in an equilibrium.
    lab(id.variable(v), 0, 0, 0, [id.ruler]);
    // The negation gains 0.5 by opening, and its opening lifts the reference by 1: harmless
    // while the reference stays at or below the ruler (x_v closed, reference 9 -> 10), a net
    // loss once x_v's own spillover has already put the reference level with the ruler
    // (10 -> 11). So not_x_v opens exactly when x_v is closed.
    lab(id.negation(v), 0, 0.5, 0, [id.ruler, id.reference(v)]);
    // A reference lab (a = 0, k = 1) only loses by opening: it is always closed and serves
    // as a capability gauge for the lab that races against it.
    lab(id.reference(v), 9, 0, 1, [id.ruler]);
    spill(id.variable(v), id.reference(v), 1);
    spill(id.negation(v), id.reference(v), 1);
  }

  cnf.clauses.forEach((clause, index) => {
    const k = index + 1;
    const [a, b, q] = [id.clauseA(k), id.clauseB(k), id.clauseQ(k)];
    // a and b play matching pennies (a opens iff b is closed, b opens iff a is open) unless
    // some true literal lifts the gauge q to 12 or more, above a; then b's opening always
    // lifts its strongest rival by 2, b stays closed and a settles on open.
    lab(a, 10, 1, 0, [b, id.ruler]);
    lab(b, 8, 4, 3.5, [a, q]);
    lab(q, 9, 0, 1, [id.ruler]);
    spill(a, b, 2);
    spill(b, q, 2);
    // A literal's lab lifts the gauge by 3 when it opens; a repeated literal counts once,
    // which changes nothing (one true literal already suffices).
    const literalLabs = new Set(clause.map((l) => (l > 0 ? id.variable(l) : id.negation(-l))));
    for (const from of literalLabs) spill(from, q, 3);
  });

  // The ruler (the fixed frontier at 10) only loses by opening; the beacon always gains 1 by
  // opening, so every equilibrium is non-trivial, even that of the empty formula, which has
  // no other lab that opens.
  lab(id.ruler, 10, 0, 1, [id.beacon]);
  lab(id.beacon, 0, 1, 0, [id.ruler]);

  const C = cnf.clauses.length;
  return {
    name: name ?? `SAT reduction: ${V} variable${V === 1 ? "" : "s"}, ${C} clause${C === 1 ? "" : "s"}`,
    description:
      "A CNF formula encoded as a race (openrace generate sat; docs/sat-reduction.md). " +
      "The race has a pure equilibrium where some lab opens if and only if the formula is " +
      "satisfiable; in each equilibrium, lab x<v> open means variable v is true, and the " +
      "equilibria correspond one to one to the satisfying assignments. The formula, in " +
      "DIMACS CNF:\n" +
      formatDimacs(cnf),
    players,
    spillover: 0,
    spilloverPairs: pairs,
    tiers: [0, 1],
  };
}
