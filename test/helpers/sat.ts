/**
 * A deliberately naive SAT reference for the reduction tests: every one of the 2^V
 * assignments, each clause evaluated directly. Nothing shared with the code under test.
 */
import type { Cnf } from "../../src/generators/sat.js";

/** An assignment: `assignment[v - 1]` is the value of variable v. */
export type Assignment = readonly boolean[];

export function satisfies(cnf: Cnf, assignment: Assignment): boolean {
  return cnf.clauses.every((clause) => clause.some((l) => assignment[Math.abs(l) - 1] === l > 0));
}

/** Every satisfying assignment, in binary counting order (variable 1 the lowest bit). */
export function satisfyingAssignments(cnf: Cnf): boolean[][] {
  const found: boolean[][] = [];
  for (let bits = 0; bits < 2 ** cnf.variables; bits++) {
    const assignment = Array.from({ length: cnf.variables }, (_, v) => ((bits >> v) & 1) === 1);
    if (satisfies(cnf, assignment)) found.push(assignment);
  }
  return found;
}

export function bruteForceSat(cnf: Cnf): boolean {
  return satisfyingAssignments(cnf).length > 0;
}
