// One solve of the hard benchmark (bench/hard.ts) in a plain Node process, as `npx openrace`
// runs: `npm run bench` runs under tsx, whose loader slows the solver (worker threads by about
// a sixth). Arguments: a scenario file and the solve options as JSON ({ cores: true } adds the
// worker threads of `solve`). Prints a summary as JSON: the solver's seconds and the CPU seconds
// of the solve (every thread of the process; not Node's start-up).
import { readFileSync } from "node:fs";
import { validateScenario } from "../dist/model/validate.js";
import { buildGame } from "../dist/model/game.js";
import { solveDiscrete } from "../dist/solvers/solve.js";
import { subtreesOnWorkers } from "../dist/cli/sweep-pool.js";

const [file, optionsText] = process.argv.slice(2);
const { cores, ...options } = JSON.parse(optionsText);
const parsed = validateScenario(JSON.parse(readFileSync(file, "utf8")));
if (!parsed.ok) throw new Error(`${file}: ${JSON.stringify(parsed.problems)}`);
const game = buildGame(parsed.value);
const before = process.cpuUsage();
const result = await solveDiscrete(game, { welfare: false, ...options, ...(cores ? { subtrees: subtreesOnWorkers() } : {}) });
const used = process.cpuUsage(before);
const { complete, exists, method, stats } = result;
process.stdout.write(JSON.stringify({ complete, exists, method, count: result.equilibria.length, seconds: stats.seconds, cpu: (used.user + used.system) / 1e6 }));
