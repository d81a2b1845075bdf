/** Reading scenario files (the Node side of the core's `parseScenarioText`). */
import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { InputError } from "../cli/errors.js";
import { buildGame, type Game } from "../model/game.js";
import type { Scenario } from "../model/scenario.js";
import { parseJsonText, parseScenarioText } from "../model/validate.js";

export interface LoadedScenario {
  readonly file: string;
  /** The scenario's name, or the file name without `.json`. */
  readonly name: string;
  readonly scenario: Scenario;
  readonly game: Game;
}

/** Reads a file (`-` for standard input) as text, with a clear message when it cannot. */
export function readText(file: string): string {
  try {
    return readFileSync(file === "-" ? 0 : file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === "ENOENT" ? "no such file" : code === "EISDIR" ? "is a directory, expected a file" : code === "EACCES" ? "permission denied" : String((error as Error).message);
    throw new InputError(`openrace: ${file}: ${why}`);
  }
}

/** Reads a JSON file; a syntax error names its line and column. */
export function readJson(file: string): unknown {
  const parsed = parseJsonText(readText(file));
  if (!parsed.ok) throw new InputError(`openrace: ${file}: ${parsed.problems[0].message}`);
  return parsed.value;
}

/** Reads and validates a scenario file; every problem of the file is in the error. */
export function loadScenario(file: string): LoadedScenario {
  const parsed = parseScenarioText(readText(file));
  if (!parsed.ok) {
    const count = parsed.problems.length;
    throw new InputError(
      `openrace: ${file} is not a valid scenario (${count} problem${count === 1 ? "" : "s"}):`,
      parsed.problems,
    );
  }
  const scenario = parsed.value;
  const name = scenario.name ?? (file === "-" ? "stdin" : basename(file).replace(/\.json$/i, ""));
  return { file, name, scenario, game: buildGame(scenario) };
}
