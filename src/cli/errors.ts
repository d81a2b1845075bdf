/** Exit statuses of INTERFACE.md ("Command line") and the error that carries status 2. */
import { formatProblem, type Problem } from "../model/validate.js";
import type { StopReason } from "../solvers/search.js";

export const EXIT = { ok: 0, failure: 1, badInput: 2, timeLimit: 3, incomplete: 4 } as const;

/**
 * The status of finished work from the searches it ran: 3 when a time limit cut one short, 4
 * when one is incomplete for another reason (a method that cannot prove it found everything,
 * a claim that could not be certified, a solver failure), else 0. The time limit wins: more
 * time might change the answer.
 */
export function exitStatus(...results: { readonly complete: boolean; readonly stopReason?: StopReason }[]): number {
  // (A result that does not say why, such as a sweep part written before stopReason, counts
  // as stopped by its time limit.)
  if (results.some((r) => !r.complete && (r.stopReason === undefined || r.stopReason === "time-limit"))) return EXIT.timeLimit;
  return results.some((r) => !r.complete) ? EXIT.incomplete : EXIT.ok;
}

/** Bad input or usage: printed on stderr, exit status 2, nothing on stdout. */
export class InputError extends Error {
  constructor(
    message: string,
    readonly problems: readonly Problem[] = [],
  ) {
    super(message);
  }

  /** The message, then one indented line per problem. */
  render(): string {
    return [this.message, ...this.problems.map((p) => `  ${formatProblem(p)}`)].join("\n");
  }
}
