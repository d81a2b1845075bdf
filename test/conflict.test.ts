import fc from "fast-check";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { formatDimacs, randomCnf, satIds, satScenario, type Cnf } from "../src/generators/sat.js";
import { capabilities } from "../src/model/payoff.js";
import { OBJECTIVE_NAMES, OBJECTIVES, SENSES } from "../src/model/objectives.js";
import { conflictSearch } from "../src/solvers/conflict.js";
import { Search } from "../src/solvers/search.js";
import { solveDiscrete, type Game } from "../src/index.js";
import { gameArbitrary, gameOf, mandatedGameArbitrary, noEquilibriumArbitrary, SEED } from "./helpers/arbitrary.js";
import { run, tempDir } from "./helpers/cli.js";
import { cadical } from "./helpers/external.js";
import { naiveEquilibria } from "./helpers/naive.js";
import { satisfyingAssignments } from "./helpers/sat.js";

const sorted = (profiles: number[][]) => profiles.map((x) => x.join(",")).sort();
const found = (search: Search) => sorted(search.equilibria.map((e) => e.profile));
const nonTrivial = (x: number[]) => x.some((v) => v > 0);

/** Every equilibrium the conflict search lists, and what else it says, against brute force. */
function checkAgainstNaive(game: Game): void {
  const all = naiveEquilibria(game);
  const search = new Search(game);
  conflictSearch(game, search);
  expect(found(search)).toEqual(sorted(all));
  expect(search.complete).toBe(true);
  expect(search.rejected).toBe(0);
  const only = new Search(game, { nonTrivial: true });
  conflictSearch(game, only);
  expect(found(only)).toEqual(sorted(all.filter(nonTrivial)));
  const first = new Search(game, { first: true });
  conflictSearch(game, first);
  expect(first.equilibria.length).toBe(all.length > 0 ? 1 : 0);
  expect(first.exists).toBe(all.length > 0);
}

describe("the conflict-learning search against brute force", () => {
  // Thousands of seeded small races in all: binary and tiered, rival sets, costs, exact ties
  // (coarse values), arbitrary doubles, mandates, and races with no equilibrium at all.
  it("lists every equilibrium, the non-trivial ones, and a first one (coarse values: exact ties)", () => {
    fc.assert(fc.property(gameArbitrary({ maxPlayers: 6, coarse: true }), checkAgainstNaive), { seed: SEED, numRuns: 1200 });
  });

  it("the same with arbitrary doubles", () => {
    fc.assert(fc.property(gameArbitrary({ maxPlayers: 6 }), checkAgainstNaive), { seed: SEED + 1, numRuns: 800 });
  });

  it("the same under mandates (a minimum openness per lab)", () => {
    fc.assert(fc.property(mandatedGameArbitrary({ maxPlayers: 5 }), checkAgainstNaive), { seed: SEED + 2, numRuns: 300 });
  });

  it("proves absence on races with no pure equilibrium", () => {
    fc.assert(fc.property(noEquilibriumArbitrary().map(gameOf), checkAgainstNaive), { seed: SEED + 3, numRuns: 200 });
  });

  it("finds the best and worst equilibrium of every objective (branch and bound)", () => {
    fc.assert(
      fc.property(gameArbitrary({ maxPlayers: 5 }), fc.constantFrom(...OBJECTIVE_NAMES), fc.constantFrom(...SENSES), (game, name, sense) => {
        const objective = OBJECTIVES[name];
        const values = naiveEquilibria(game).map((x) => objective.value(x, capabilities(game, x)));
        const search = new Search(game);
        conflictSearch(game, search, { objective: { objective, sense } });
        expect(search.complete).toBe(true);
        const reached = search.equilibria.map((e) => objective.value(e.profile, e.capabilities));
        if (values.length === 0) expect(reached).toEqual([]);
        else {
          const best = sense === "max" ? Math.max(...values) : Math.min(...values);
          expect(sense === "max" ? Math.max(...reached) : Math.min(...reached)).toBeCloseTo(best, 9);
        }
      }),
      { seed: SEED + 4, numRuns: 300 },
    );
  });
});

describe("the conflict-learning search on SAT races (docs/sat-reduction.md)", () => {
  const gameOfCnf = (cnf: Cnf) => gameOf(satScenario(cnf));
  const assignment = (game: Game, cnf: Cnf, profile: number[]) =>
    Array.from({ length: cnf.variables }, (_, v) => profile[game.ids.indexOf(satIds.variable(v + 1))] === 1);

  it("lists exactly the satisfying assignments of small formulas (brute force)", () => {
    for (let seed = 0; seed < 60; seed++) {
      const variables = 3 + (seed % 6);
      const cnf = randomCnf({ variables, clauses: Math.round(3.5 * variables) + (seed % 5) - 2, seed });
      const game = gameOfCnf(cnf);
      const search = new Search(game, { nonTrivial: true });
      conflictSearch(game, search);
      expect(search.complete).toBe(true);
      const assignments = search.equilibria.map((e) => assignment(game, cnf, e.profile).map(Number).join(""));
      expect(assignments.sort()).toEqual(satisfyingAssignments(cnf).map((a) => a.map(Number).join("")).sort());
    }
  });

  it("decides satisfiability like cadical at 20 to 40 variables (clause ratio 4.26, both answers)", () => {
    let satisfiable = 0;
    const total = 24;
    for (let seed = 0; seed < total; seed++) {
      const variables = 20 + 5 * (seed % 5);
      const cnf = randomCnf({ variables, clauses: Math.round(4.26 * variables), seed: 1000 + seed });
      const expected = cadical(formatDimacs(cnf));
      const game = gameOfCnf(cnf);
      const search = new Search(game, { nonTrivial: true, first: true });
      conflictSearch(game, search);
      expect({ seed, exists: search.exists }).toEqual({ seed, exists: expected });
      if (expected) {
        const cnfTruth = assignment(game, cnf, search.equilibria[0].profile);
        expect(cnf.clauses.every((c) => c.some((l) => cnfTruth[Math.abs(l) - 1] === l > 0))).toBe(true);
        satisfiable++;
      }
    }
    expect(satisfiable).toBeGreaterThan(0);
    expect(satisfiable).toBeLessThan(total);
  });
});

describe("every exact method agrees", () => {
  it("enumerate, propagate, conflict, mip and auto list the same equilibria and answer --nontrivial --first alike", async () => {
    await fc.assert(
      fc.asyncProperty(gameArbitrary({ maxPlayers: 5 }), async (game) => {
        const expected = sorted(naiveEquilibria(game));
        const exists = naiveEquilibria(game).some(nonTrivial);
        for (const method of ["enumerate", "propagate", "conflict", "mip", "auto"] as const) {
          const all = await solveDiscrete(game, { method, welfare: false });
          expect({ method, found: sorted(all.equilibria.map((e) => e.profile)) }).toEqual({ method, found: expected });
          const first = await solveDiscrete(game, { method, nonTrivial: true, first: true, welfare: false });
          expect({ method, exists: first.exists }).toEqual({ method, exists });
        }
      }),
      { seed: SEED + 5, numRuns: 40 },
    );
  }, 180_000);
});

describe("solve --method conflict and auto on the command line", () => {
  it("names the method, and auto picks the conflict search for a SAT race and proves it has no equilibrium", () => {
    const example = JSON.parse(run(["solve", "examples/three-lab-race.json", "--json", "--method", "conflict"]).stdout);
    expect(example).toMatchObject({ method: "conflict", complete: true, exists: true });
    expect(example.equilibria.map((e: { profile: number[] }) => e.profile)).toEqual([[0, 0, 1], [0, 1, 1]]);
    // The anchor: 476 labs, unsatisfiable; auto chose branch-and-propagate before and
    // gave no answer within a minute.
    const sat = join(tempDir("conflict"), "sat.json");
    writeFileSync(sat, run(["generate", "sat", "--vars", "30", "--clauses", "128", "--seed", "1"]).stdout);
    const decided = JSON.parse(run(["solve", sat, "--json", "--nontrivial", "--first", "--time-limit", "120"]).stdout);
    expect(decided).toMatchObject({ method: "conflict", complete: true, exists: false, equilibria: [] });
    expect(decided.stats.conflicts).toBeGreaterThan(0);
  }, 180_000);

  it("honours --time-limit (exit 3, incomplete)", () => {
    const sat = join(tempDir("conflict"), "sat.json");
    writeFileSync(sat, run(["generate", "sat", "--vars", "150", "--clauses", "639", "--seed", "1"]).stdout);
    // --first: the welfare summary (not this search) would add its own searches.
    const r = run(["solve", sat, "--json", "--method", "conflict", "--nontrivial", "--first", "--time-limit", "0.5"]);
    expect(r.status).toBe(3);
    expect(JSON.parse(r.stdout)).toMatchObject({ method: "conflict", complete: false });
  }, 60_000);
});
