/**
 * Debian's z3 and cadical as independent referees (CI installs both in `.ci/run`): z3 decides
 * the SMT-LIB export, cadical a DIMACS formula.
 */
import { spawnSync } from "node:child_process";

function run(command: string, args: string[], input: string): { stdout: string; status: number | null } {
  const result = spawnSync(command, args, { input, encoding: "utf8", maxBuffer: 1 << 28 });
  if (result.error) throw new Error(`${command} could not run (apt-get install ${command}): ${result.error.message}`);
  return { stdout: result.stdout, status: result.status };
}

/** z3's verdict on an SMT-LIB 2 script. */
export function z3(script: string): "sat" | "unsat" {
  const { stdout } = run("z3", ["-smt2", "-in"], script);
  const verdict = stdout.trim().split("\n")[0];
  if (verdict !== "sat" && verdict !== "unsat") throw new Error(`z3 answered ${JSON.stringify(stdout.slice(0, 500))}`);
  return verdict;
}

/** cadical's verdict on a DIMACS CNF formula (exit 10: satisfiable, 20: unsatisfiable). */
export function cadical(dimacs: string): boolean {
  const { status, stdout } = run("cadical", ["-q"], dimacs);
  if (status === 10) return true;
  if (status === 20) return false;
  throw new Error(`cadical exited with ${status}: ${stdout.slice(0, 500)}`);
}
