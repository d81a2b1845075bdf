/** `openrace validate FILE`: checks a scenario and prints each problem with its path. */
import { formatNumber } from "../analysis/reading.js";
import { loadScenario } from "../io/scenario-file.js";
import { EXIT, InputError } from "./errors.js";

export function validateCommand(file: string, options: { json?: boolean }): number {
  try {
    const { name, game } = loadScenario(file);
    const summary = `${file}: valid scenario "${name}", ${game.n} labs, levels ${game.tiers.map(formatNumber).join(", ")}`;
    process.stdout.write(options.json ? `${JSON.stringify({ valid: true, problems: [] })}\n` : `${summary}\n`);
    return EXIT.ok;
  } catch (error) {
    if (error instanceof InputError && options.json)
      process.stdout.write(`${JSON.stringify({ valid: false, problems: error.problems.length ? error.problems : [{ path: "", message: error.message }] })}\n`);
    throw error;
  }
}
