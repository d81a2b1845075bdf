import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatDimacs, randomCnf, satScenario, type Cnf } from "../src/generators/sat.js";
import { writeSmt2 } from "../src/index.js";
import { gameArbitrary, gameOf, mandatedGameArbitrary, noEquilibriumArbitrary, SEED } from "./helpers/arbitrary.js";
import { cadical, z3 } from "./helpers/external.js";
import { naiveEquilibria } from "./helpers/naive.js";
import { bruteForceSat } from "./helpers/sat.js";

/** Seeded small games, with what brute force says about them. */
function sample<T>(arbitrary: fc.Arbitrary<T>, numRuns: number, seed = SEED): T[] {
  return fc.sample(arbitrary, { numRuns, seed });
}

const verdict = (exists: boolean) => (exists ? "sat" : "unsat");

describe("export --to smt2 (z3 decides it)", () => {
  it("is satisfiable exactly when an equilibrium, and a non-trivial one, exists (random small games)", () => {
    // Coarse values (exact ties) and arbitrary doubles; tiers, rival sets, costs.
    const games = [
      ...sample(gameArbitrary({ maxPlayers: 5, coarse: true }), 120),
      ...sample(gameArbitrary({ maxPlayers: 5 }), 80, SEED + 1),
      ...sample(mandatedGameArbitrary({ maxPlayers: 4, coarse: true }), 40, SEED + 2),
      ...sample(noEquilibriumArbitrary().map(gameOf), 20, SEED + 3),
    ];
    let none = 0;
    let trivialOnly = 0;
    for (const game of games) {
      const all = naiveEquilibria(game);
      const nonTrivial = all.some((x) => x.some((v) => v > 0));
      if (all.length === 0) none++;
      else if (!nonTrivial) trivialOnly++;
      expect(z3(writeSmt2(game))).toBe(verdict(all.length > 0));
      expect(z3(writeSmt2(game, { nonTrivial: true }))).toBe(verdict(nonTrivial));
    }
    // The sample covers both answers of both questions.
    expect(none).toBeGreaterThan(0);
    expect(trivialOnly).toBeGreaterThan(0);
    expect(none + trivialOnly).toBeLessThan(games.length);
  });

  it("decides SAT races as the formula's satisfiability (brute force and cadical agree)", () => {
    const cnfs: Cnf[] = [];
    for (let seed = 0; seed < 30; seed++) {
      const variables = 3 + (seed % 5);
      // Around the threshold ratio 4.26: both answers occur.
      cnfs.push(randomCnf({ variables, clauses: Math.round(4.26 * variables) + (seed % 3) - 1, seed }));
    }
    cnfs.push({ variables: 2, clauses: [[1, -2], [2]] }, { variables: 1, clauses: [[]] }, { variables: 0, clauses: [] });
    let satisfiable = 0;
    for (const cnf of cnfs) {
      const expected = bruteForceSat(cnf);
      expect(cadical(formatDimacs(cnf))).toBe(expected);
      const game = gameOf(satScenario(cnf));
      expect(z3(writeSmt2(game, { nonTrivial: true }))).toBe(verdict(expected));
      if (expected) satisfiable++;
    }
    expect(satisfiable).toBeGreaterThan(0);
    expect(satisfiable).toBeLessThan(cnfs.length);
  });

  it("writes one choice per player (o_k) or per player and tier (o_k_l), and exact decimals", () => {
    const binary = gameOf({
      name: "two",
      players: [
        { id: "a", capability: 1e-7, communityGain: 0.1 },
        { id: "b", capability: -2, communityGain: 1e21 / 1e21 },
      ],
      spillover: 0.3,
    });
    const text = writeSmt2(binary);
    expect(text).toContain("(set-logic QF_LRA)");
    expect(text).toContain("(declare-fun o_0 () Bool)");
    expect(text).toContain("(define-fun p_0 () Real (+ 0.0000001 (* 0.1 x_0) (* 0.3 x_1)))");
    expect(text).toContain("(define-fun p_1 () Real (+ (- 2.0) x_1 (* 0.3 x_0)))");
    expect(text).not.toMatch(/\de[+-]?\d/);
    const tiered = gameOf({ ...{ name: "tiers", players: [{ id: "a", capability: 1 }, { id: "b", capability: 2 }] }, tiers: [0, 0.5, 1] });
    const tieredText = writeSmt2(tiered);
    expect(tieredText).toContain("(declare-fun o_1_2 () Bool)");
    expect(tieredText).toContain("(define-fun x_1 () Real (+ (ite o_1_1 0.5 0.0) (ite o_1_2 1.0 0.0)))");
  });
});
