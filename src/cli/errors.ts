/** Exit statuses of INTERFACE.md ("Command line") and the error that carries status 2. */
import { formatProblem, type Problem } from "../model/validate.js";

export const EXIT = { ok: 0, failure: 1, badInput: 2, timeLimit: 3 } as const;

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
