import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  formatDimacs,
  parseDimacs,
  randomCnf,
  satIds,
  satScenario,
  type Cnf,
} from "../src/generators/sat.js";
import { buildGame, isEquilibrium, solveDiscrete, validateScenario, type Game } from "../src/index.js";
import { SEED } from "./helpers/arbitrary.js";
import { bruteForceSat, satisfies, satisfyingAssignments, type Assignment } from "./helpers/sat.js";

/**
 * Small formulas: 1..5 variables, clauses of 1..3 literals with random signs (repeated and
 * complementary literals included, an empty clause now and then). After the presolve about
 * 2V + 2C labs are left undecided, so V + C is capped at `maxSize`: even a plain enumeration
 * then settles every instance, satisfiable or not, in well under a second.
 */
function cnfArbitrary(maxSize: number): fc.Arbitrary<Cnf> {
  return fc.integer({ min: 1, max: 5 }).chain((variables) => {
    const literal = fc
      .tuple(fc.integer({ min: 1, max: variables }), fc.boolean())
      .map(([v, positive]) => (positive ? v : -v));
    const clause = fc.oneof(
      { weight: 19, arbitrary: fc.array(literal, { minLength: 1, maxLength: 3 }) },
      { weight: 1, arbitrary: fc.constant<number[]>([]) },
    );
    return fc
      .array(clause, { minLength: 0, maxLength: Math.max(0, Math.min(12, maxSize - variables)) })
      .map((clauses): Cnf => ({ variables, clauses }));
  });
}

function gameOf(cnf: Cnf): Game {
  const parsed = validateScenario(satScenario(cnf));
  if (!parsed.ok) throw new Error(`satScenario made an invalid scenario: ${JSON.stringify(parsed.problems)}`);
  return buildGame(parsed.value);
}

/** The assignment an equilibrium encodes: variable v is true when lab x<v> opens. */
function assignmentOf(game: Game, cnf: Cnf, profile: readonly number[]): boolean[] {
  return Array.from({ length: cnf.variables }, (_, v) => profile[game.ids.indexOf(satIds.variable(v + 1))] === 1);
}

/** The one profile the proof builds from an assignment (docs/sat-reduction.md, theorem). */
function profileOf(game: Game, cnf: Cnf, assignment: Assignment): number[] {
  const x = new Array<number>(game.n).fill(0);
  const open = (id: string, value: boolean) => (x[game.ids.indexOf(id)] = value ? 1 : 0);
  assignment.forEach((value, v) => {
    open(satIds.variable(v + 1), value);
    open(satIds.negation(v + 1), !value);
  });
  cnf.clauses.forEach((_, k) => open(satIds.clauseA(k + 1), true));
  open(satIds.beacon, true);
  return x;
}

const lexicographic = (a: readonly number[], b: readonly number[]) => {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return 0;
};

/** Every sign pattern over variables 1..3: each assignment falsifies exactly one clause. */
const ALL_SIGNS_3: Cnf = {
  variables: 3,
  clauses: Array.from({ length: 8 }, (_, s) => [1, 2, 3].map((v, b) => ((s >> b) & 1 ? -v : v))),
};

const HAND_MADE: { name: string; cnf: Cnf; sat: boolean }[] = [
  { name: "the empty formula (no variables, no clauses)", cnf: { variables: 0, clauses: [] }, sat: true },
  { name: "variables and no clauses", cnf: { variables: 2, clauses: [] }, sat: true },
  { name: "an empty clause alone", cnf: { variables: 0, clauses: [[]] }, sat: false },
  { name: "an empty clause among satisfiable ones", cnf: { variables: 2, clauses: [[1, 2], [], [-1]] }, sat: false },
  { name: "x and not x", cnf: { variables: 1, clauses: [[1], [-1]] }, sat: false },
  { name: "a tautological clause (x or not x)", cnf: { variables: 1, clauses: [[1, -1]] }, sat: true },
  { name: "a repeated literal", cnf: { variables: 2, clauses: [[2, 2, -1], [1], [-2, -2]] }, sat: false },
  { name: "a forced chain", cnf: { variables: 3, clauses: [[1], [-1, 2], [-2, 3]] }, sat: true },
  { name: "all 8 sign patterns over 3 variables", cnf: ALL_SIGNS_3, sat: false },
  { name: "7 of the 8 sign patterns", cnf: { variables: 3, clauses: ALL_SIGNS_3.clauses.slice(1) }, sat: true },
];

describe("the SAT reduction", () => {
  it("has 3V + 3C + 2 labs with readable ids, and the formula in its description", () => {
    const cnf: Cnf = { variables: 2, clauses: [[1, -2], [2]] };
    const scenario = satScenario(cnf, "demo");
    expect(scenario.name).toBe("demo");
    expect(scenario.players.map((p) => p.id)).toEqual([
      "x1", "not_x1", "ref_x1", "x2", "not_x2", "ref_x2",
      "c1_a", "c1_b", "c1_q", "c2_a", "c2_b", "c2_q",
      "ruler", "beacon",
    ]);
    expect(scenario.description).toContain(formatDimacs(cnf));
    const embedded = parseDimacs(scenario.description!.slice(scenario.description!.indexOf("p cnf")));
    expect(embedded).toEqual({ ok: true, value: cnf });
    expect(validateScenario(scenario).ok).toBe(true);
    fc.assert(
      fc.property(cnfArbitrary(20), (f) => {
        expect(satScenario(f).players).toHaveLength(3 * f.variables + 3 * f.clauses.length + 2);
      }),
      { seed: SEED, numRuns: 100 },
    );
  });

  it("uses halves and integers only, so every payoff comparison is exact", () => {
    const game = gameOf({ variables: 3, clauses: [[1, -2, 3], [-1], [2, 2]] });
    const onGrid = (v: number) => Number.isInteger(2 * v);
    for (const arr of [game.capability, game.communityGain, game.openCost, game.spillover])
      expect([...arr].every(onGrid)).toBe(true);
  });

  it("refuses literals that are 0 or beyond the variables", () => {
    expect(() => satScenario({ variables: 2, clauses: [[1, 3]] })).toThrow(RangeError);
    expect(() => satScenario({ variables: 2, clauses: [[0]] })).toThrow(/clause 1: literal 0/);
  });

  it.each(HAND_MADE)("hand-made: $name", async ({ cnf, sat }) => {
    expect(bruteForceSat(cnf)).toBe(sat);
    const game = gameOf(cnf);
    const result = await solveDiscrete(game, { nonTrivial: true, first: true });
    expect(result.exists).toBe(sat);
    for (const eq of result.equilibria) expect(satisfies(cnf, assignmentOf(game, cnf, eq.profile))).toBe(true);
  });

  it("has a non-trivial equilibrium iff the formula is satisfiable (seeded random formulas)", async () => {
    const seen = { sat: 0, unsat: 0 };
    await fc.assert(
      fc.asyncProperty(cnfArbitrary(11), async (cnf) => {
        const sat = bruteForceSat(cnf);
        seen[sat ? "sat" : "unsat"]++;
        const game = gameOf(cnf);
        const result = await solveDiscrete(game, { nonTrivial: true, first: true });
        expect(result.complete).toBe(true);
        expect(result.exists).toBe(sat);
        for (const eq of result.equilibria) expect(satisfies(cnf, assignmentOf(game, cnf, eq.profile))).toBe(true);
      }),
      { seed: SEED, numRuns: 200 },
    );
    // The sample must exercise both directions of the equivalence.
    expect(seen.sat).toBeGreaterThan(40);
    expect(seen.unsat).toBeGreaterThan(40);
  });

  it("has exactly one equilibrium per satisfying assignment, the profile of the proof", async () => {
    await fc.assert(
      fc.asyncProperty(cnfArbitrary(8), async (cnf) => {
        const game = gameOf(cnf);
        const result = await solveDiscrete(game);
        expect(result.complete).toBe(true);
        const expected = satisfyingAssignments(cnf).map((a) => profileOf(game, cnf, a));
        expect(result.equilibria.map((e) => e.profile)).toEqual(expected.sort(lexicographic));
        // Every equilibrium is non-trivial: the beacon always opens.
        expect(result.equilibria.every((e) => e.nonTrivial)).toBe(true);
      }),
      { seed: SEED, numRuns: 100 },
    );
  });

  it("on larger formulas, the proof's profile is an equilibrium iff its assignment satisfies", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 8 }), fc.integer({ min: 0, max: 40 }), fc.integer(), (v, c, seed) => {
        const cnf = randomCnf({ variables: v, clauses: c, seed, width: Math.min(3, v) });
        const game = gameOf(cnf);
        for (let bits = 0; bits < 2 ** v; bits++) {
          const assignment = Array.from({ length: v }, (_, i) => ((bits >> i) & 1) === 1);
          expect(isEquilibrium(game, profileOf(game, cnf, assignment))).toBe(satisfies(cnf, assignment));
        }
      }),
      { seed: SEED, numRuns: 60 },
    );
  });
});

describe("DIMACS CNF", () => {
  it("round-trips: parseDimacs(formatDimacs(f)) is f, comments ignored", () => {
    fc.assert(
      fc.property(cnfArbitrary(30), fc.array(fc.string()), (cnf, comments) => {
        expect(parseDimacs(formatDimacs(cnf, comments))).toEqual({ ok: true, value: cnf });
      }),
      { seed: SEED, numRuns: 200 },
    );
  });

  it("writes comments, the header and one clause per line", () => {
    expect(formatDimacs({ variables: 3, clauses: [[1, -3], [], [2]] }, ["made by openrace", "two\nlines", ""])).toBe(
      "c made by openrace\nc two\nc lines\nc\np cnf 3 3\n1 -3 0\n0\n2 0\n",
    );
  });

  it("reads a SATLIB-style file: comments, padded header, clauses across lines, the % trailer", () => {
    const text = [
      "c This Formular is generated by mcnf",
      "c",
      "c    horn? no ",
      "c    clause length = 3 ",
      "c",
      "p cnf 5  4 ",
      " 1 -5 4 0",
      "-1 5 3 4 0 -3",
      "\t-4 0",
      "2",
      "c a comment between the literals of a clause",
      " -1 0",
      "%",
      "0",
      "",
    ].join("\r\n");
    expect(parseDimacs(text)).toEqual({
      ok: true,
      value: { variables: 5, clauses: [[1, -5, 4], [-1, 5, 3, 4], [-3, -4], [2, -1]] },
    });
  });

  it("reads several clauses per line, an empty clause, and a file without a trailing newline", () => {
    expect(parseDimacs("p cnf 2 3\n1 0 -2 0 0")).toEqual({ ok: true, value: { variables: 2, clauses: [[1], [-2], []] } });
  });

  const problems = (text: string) => {
    const parsed = parseDimacs(text);
    if (parsed.ok) throw new Error("expected problems");
    return parsed.problems;
  };

  it.each([
    {
      what: "a literal beyond the header's variables",
      text: "c\nc\np cnf 5 2\n1 2 0\n\nc\n-3 9 0\n",
      expected: [{ path: "line 7", message: "literal 9 exceeds the 5 variables of the header" }],
    },
    {
      what: "a negative literal beyond the header's variables",
      text: "p cnf 2 1\n-3 0\n",
      expected: [{ path: "line 2", message: "literal -3 exceeds the 2 variables of the header" }],
    },
    {
      what: "no header at all",
      text: "c just clauses\n1 -2 0\n",
      expected: [{ path: "line 2", message: 'missing header: expected "p cnf <variables> <clauses>" before the clauses' }],
    },
    {
      what: "an empty file",
      text: "",
      expected: [{ path: "line 1", message: 'missing header: expected "p cnf <variables> <clauses>" before the clauses' }],
    },
    {
      what: "a header after the clauses",
      text: "1 0\np cnf 1 1\n",
      expected: [{ path: "line 2", message: "the header must come before the clauses (the first clause is on line 1)" }],
    },
    {
      what: "a malformed header (a word for a count)",
      text: "p cnf five 2\n1 0\n2 0\n",
      expected: [{ path: "line 1", message: 'malformed header: expected "p cnf <variables> <clauses>", got "p cnf five 2"' }],
    },
    {
      what: "a malformed header (another format)",
      text: "p dnf 2 1\n1 0\n",
      expected: [{ path: "line 1", message: 'malformed header: expected "p cnf <variables> <clauses>", got "p dnf 2 1"' }],
    },
    {
      what: "a malformed header (a count missing)",
      text: "c\np cnf 2\n1 0\n",
      expected: [{ path: "line 2", message: 'malformed header: expected "p cnf <variables> <clauses>", got "p cnf 2"' }],
    },
    {
      what: "a second header",
      text: "p cnf 2 1\np cnf 2 1\n1 0\n",
      expected: [{ path: "line 2", message: "a second header (the first is on line 1)" }],
    },
    {
      what: "tokens that are not integers",
      text: "p cnf 3 2\n1 x2 0\n2 1.5 -3 0\n",
      expected: [
        { path: "line 2", message: 'expected an integer literal, got "x2"' },
        { path: "line 3", message: 'expected an integer literal, got "1.5"' },
      ],
    },
    {
      what: "fewer clauses than the header declares",
      text: "p cnf 3 4\n1 0\n2 0\n3 0\n",
      expected: [{ path: "line 1", message: "the header declares 4 clauses, the file has 3" }],
    },
    {
      what: "more clauses than the header declares",
      text: "c\np cnf 3 1\n1 0 2 0\n",
      expected: [{ path: "line 2", message: "the header declares 1 clause, the file has 2" }],
    },
    {
      what: "a last clause without its 0",
      text: "p cnf 3 2\n1 2 0\n-1\n 3\n",
      expected: [
        { path: "line 1", message: "the header declares 2 clauses, the file has 1" },
        { path: "line 3", message: "the last clause is not terminated by 0" },
      ],
    },
    {
      what: "a last clause without its 0 before the % trailer",
      text: "p cnf 3 1\n1 2\n%\n0\n",
      expected: [
        { path: "line 1", message: "the header declares 1 clause, the file has 0" },
        { path: "line 2", message: "the last clause is not terminated by 0" },
      ],
    },
  ])("reports $what, with its line", ({ text, expected }) => {
    expect(problems(text)).toEqual(expected);
  });
});

describe("randomCnf", () => {
  it("gives the same formula for the same seed", () => {
    fc.assert(
      fc.property(fc.integer({ min: 3, max: 30 }), fc.integer({ min: 0, max: 50 }), fc.integer(), (v, c, seed) => {
        expect(randomCnf({ variables: v, clauses: c, seed })).toEqual(randomCnf({ variables: v, clauses: c, seed }));
      }),
      { seed: SEED, numRuns: 100 },
    );
    expect(randomCnf({ variables: 20, clauses: 20, seed: 1 })).not.toEqual(
      randomCnf({ variables: 20, clauses: 20, seed: 2 }),
    );
  });

  it("gives each clause `width` distinct variables within range, both signs appearing", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 }).chain((v) =>
          fc.tuple(fc.constant(v), fc.integer({ min: 1, max: v }), fc.integer({ min: 0, max: 40 }), fc.integer()),
        ),
        ([variables, width, clauses, seed]) => {
          const cnf = randomCnf({ variables, clauses, seed, width });
          expect(cnf.variables).toBe(variables);
          expect(cnf.clauses).toHaveLength(clauses);
          for (const clause of cnf.clauses) {
            expect(clause).toHaveLength(width);
            const vars = clause.map(Math.abs);
            expect(new Set(vars).size).toBe(width);
            expect(vars.every((x) => x >= 1 && x <= variables)).toBe(true);
          }
        },
      ),
      { seed: SEED, numRuns: 200 },
    );
    const literals = randomCnf({ variables: 10, clauses: 100, seed: 7 }).clauses.flat();
    expect(literals.some((l) => l > 0) && literals.some((l) => l < 0)).toBe(true);
    expect(new Set(literals.map(Math.abs)).size).toBe(10);
  });

  it("defaults to width 3 and refuses impossible widths", () => {
    expect(randomCnf({ variables: 5, clauses: 4, seed: 0 }).clauses.every((c) => c.length === 3)).toBe(true);
    expect(randomCnf({ variables: 0, clauses: 0, seed: 0 })).toEqual({ variables: 0, clauses: [] });
    expect(() => randomCnf({ variables: 2, clauses: 1, seed: 0 })).toThrow(RangeError);
    expect(() => randomCnf({ variables: 3, clauses: 1, seed: 0, width: 0 })).toThrow(RangeError);
    expect(() => randomCnf({ variables: -1, clauses: 0, seed: 0 })).toThrow(RangeError);
  });
});
