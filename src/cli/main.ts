#!/usr/bin/env node
/**
 * The `openrace` command line: argument parsing and exit statuses; one file per command, each
 * loaded only when its command runs (start-up reads no module another command needs: charts,
 * samplers and the LP solver cost hundreds of milliseconds to load).
 */
import { readFileSync } from "node:fs";
import { Command, CommanderError, InvalidArgumentError, Option } from "@commander-js/extra-typings";
import { NOISES } from "../analysis/calibrate.js";
import { MOST_PLOTTED } from "../analysis/charts.js";
import { OBJECTIVE_NAMES, SENSES } from "../model/objectives.js";
import { MAX_MAGNITUDE } from "../model/scenario.js";
import { GAMES, METHODS } from "../solvers/solve.js";
import { CONCEPTS, EXPORT_FORMATS } from "./choices.js";
import { EXIT, InputError } from "./errors.js";

const version = (
  JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string }
).version;

/** A commander parser for numbers: integers, or any finite number, within bounds. */
function number(what: string, options: { integer?: boolean; min?: number; max?: number } = {}) {
  return (value: string): number => {
    const v = Number(value);
    const ok =
      value.trim() !== "" && Number.isFinite(v) && (!options.integer || Number.isInteger(v)) &&
      (options.min === undefined || v >= options.min) && (options.max === undefined || v <= options.max);
    if (!ok) {
      const range = [options.min !== undefined ? `>= ${options.min}` : "", options.max !== undefined ? `<= ${options.max}` : ""].filter(Boolean).join(" and ");
      throw new InvalidArgumentError(`expected ${what}${range ? ` ${range}` : ""}, got "${value}"`);
    }
    return v;
  };
}

function tierList(value: string): number[] {
  const tiers = value.split(",").map((s) => Number(s.trim()));
  if (tiers.some((t) => !Number.isFinite(t)) || value.trim() === "")
    throw new InvalidArgumentError(`expected comma-separated openness levels such as 0,0.5,1, got "${value}"`);
  return tiers;
}

function shard(value: string): { index: number; count: number } {
  const match = /^(\d+)\/(\d+)$/.exec(value.trim());
  const [index, count] = match ? [Number(match[1]), Number(match[2])] : [0, 0];
  if (!match || count < 1 || index < 1 || index > count)
    throw new InvalidArgumentError(`expected K/N with 1 <= K <= N (for example 3/10), got "${value}"`);
  return { index, count };
}

function seconds(value: string): number {
  const v = Number(value);
  if (!(value.trim() !== "" && Number.isFinite(v) && v > 0))
    throw new InvalidArgumentError(`expected a number of seconds > 0, got "${value}"`);
  return v;
}

function program(): Command {
  const cli = new Command()
    .name("openrace")
    .description("Equilibria of the open/closed AI-race game: who open-sources, who stays closed, and why.")
    .version(version)
    .exitOverride()
    .showSuggestionAfterError()
    .configureOutput({ outputError: (text, write) => write(`openrace: ${text.replace(/^error: /, "")}`) });

  cli
    .command("solve")
    .description("equilibria of the scenario")
    .argument("<file>", "scenario JSON file (- for standard input)")
    .addOption(new Option("--game <game>", "which game").choices(GAMES).default("discrete" as const))
    .option("--nontrivial", "only equilibria where someone opens")
    .option("--first", "stop at the first equilibrium")
    .addOption(new Option("--method <method>", "solution method").choices(METHODS).default("auto" as const))
    .addOption(new Option("--objective <objective>", "report the best equilibrium for this objective").choices(OBJECTIVE_NAMES))
    .addOption(new Option("--sense <sense>", "best = max or min of the objective").choices(SENSES).default("max" as const))
    .option("--time-limit <seconds>", "stop after this many seconds (exit 3, partial results)", seconds)
    .option("--json", "print the JSON document of INTERFACE.md")
    .option("--plot <file>", "also draw the first equilibrium's capabilities: a .svg or .png file (and its Vega-Lite spec, .vl.json)")
    .option("--plot-all", `with --plot, draw every equilibrium: one panel each up to ${MOST_PLOTTED}, beyond that one grid (a row per equilibrium, a cell per lab)`)
    .option("--no-welfare", "skip the welfare summary (its best/worst-equilibrium searches take up to 2 s each on large races)")
    .option("--workers <n>", "worker threads for a long branch-and-propagate search of every equilibrium (default: one per core)", number("a whole number", { integer: true, min: 1 }))
    .addOption(new Option("--concept <concept>", "equilibrium concept (mixed, qre, correlated, coarse-correlated: small races)").choices(CONCEPTS).default("pure" as const))
    .option("--lambda <L>", "precision of the logit quantal-response equilibrium (--concept qre)", number("a number", { min: 0 }))
    .action(async (file, options) => {
      const { concept, lambda } = options;
      process.exitCode =
        concept === "pure" && lambda === undefined ? await (await import("./solve.js")).solveCommand(file, options) : await (await import("./solve-concept.js")).solveConceptCommand(file, { ...options, concept });
    });

  cli
    .command("explain")
    .description("each lab's payoff, its best deviation and why")
    .argument("<file>", "scenario JSON file (- for standard input)")
    .requiredOption("--profile <profile>", 'openness per lab: "0,1,1" in player order, or "id=1,id2=0.5" (unlisted labs closed)')
    .addOption(new Option("--game <game>", "which game (continuous: any openness in [0, 1])").choices(GAMES).default("discrete" as const))
    .option("--json", "print JSON")
    .action(async (file, options) => {
      process.exitCode = (await import("./explain.js")).explainCommand(file, options);
    });

  cli
    .command("validate")
    .description("check a scenario file and print each problem with its path")
    .argument("<file>", "scenario JSON file (- for standard input)")
    .option("--json", "print {valid, problems} as JSON")
    .action(async (file, options) => {
      process.exitCode = (await import("./validate.js")).validateCommand(file, options);
    });

  cli
    .command("compare")
    .description("binary, tiered and continuous equilibria side by side: what partial openness changes")
    .argument("<file>", "scenario JSON file (- for standard input)")
    .option("--time-limit <seconds>", "time limit for each game", seconds)
    .option("--json", "print JSON")
    .action(async (file, options) => {
      process.exitCode = await (await import("./compare.js")).compareCommand(file, options);
    });

  cli
    .command("sweep")
    .description("equilibria and metrics over a grid of parameter values")
    .argument("<file>", "scenario JSON file (- for standard input)")
    .option(
      "--vary <PATH=FROM:TO:STEPS>",
      "a parameter axis (repeat for a grid): spillover, spillover.absorptive, spilloverPairs.<from>.<to>, " +
        "players.<id>.capability|communityGain|openCost (players.* for every lab), levers[K].amount|above|factor|minimum (with --policy)",
      (value: string, previous: string[] = []) => [...previous, value],
    )
    .option("--policy <file>", "apply this policy (levy, subsidy, licence, mandate) at every point; its levers' numbers can be varied")
    .addOption(new Option("--game <game>", "which game").choices(GAMES).default("discrete" as const))
    .option("--nontrivial", "only equilibria where someone opens")
    .addOption(new Option("--method <method>", "solution method").choices(METHODS).default("auto" as const))
    .option("--shard <K/N>", "compute only the points with index = K-1 (mod N)", shard)
    .option("--time-limit <seconds>", "stop after this many seconds (exit 3, partial results)", seconds)
    .option("--workers <n>", "worker threads (default: one per core)", number("a whole number", { integer: true, min: 1 }))
    .option("--out <dir>", "write sweep.json, sweep.csv and a chart (.svg, .png) in this folder")
    .option("--json", "print the points as JSON")
    .action(async (file, options) => {
      process.exitCode = await (await import("./sweep.js")).sweepCommand(file, { ...options, vary: options.vary ?? [] });
    });

  cli
    .command("thresholds")
    .description("exact breakpoints along one number (--vary), or the margins of a profile (--profile)")
    .argument("<file>", "scenario JSON file (- for standard input)")
    .option("--vary <PATH=FROM:TO>", "the number and its range: spillover, spillover.absorptive, spilloverPairs.<from>.<to>, players.<id|*>.capability|communityGain|openCost, levers[K].amount|above|factor|minimum")
    .option("--profile <profile>", 'margins of this profile: "0,1,1" in player order, or "id=1,id2=0.5"')
    .option("--policy <file>", "apply this policy (and allow levers[K].<field> paths)")
    .addOption(new Option("--method <method>", "candidate profiles: all of the tier grid, or those the exact solver finds (default: exhaustive up to 16384 profiles)").choices(["exhaustive", "refine"] as const))
    .option("--time-limit <seconds>", "stop after this many seconds (exit 3)", seconds)
    .option("--out <dir>", "write thresholds.json and a chart of the regions (.svg, .png, .vl.json) in this folder")
    .option("--json", "print the JSON document of INTERFACE.md")
    .action(async (file, options) => {
      process.exitCode = await (await import("./thresholds.js")).thresholdsCommand(file, options);
    });

  cli
    .command("design")
    .description("the smallest change of one or two numbers that makes a target true of the equilibria")
    .argument("<file>", "scenario JSON file (- for standard input)")
    .option("--vary <PATH=FROM:TO>", "the number to change and its range (twice for two numbers)", (value: string, previous: string[] = []) => [...previous, value])
    .requiredOption("--target <T>", "conditions joined by ',': ID>=L, ID<=L, ID=L, open>=K, open<=K, none, exists")
    .addOption(new Option("--require <which>", "the target holds in every equilibrium (and one exists), or in some").choices(["every", "some"] as const).default("every" as const))
    .option("--cost <W1,W2>", "weights of the two numbers' changes (default 1,1)")
    .option("--policy <file>", "apply this policy (and allow levers[K].<field> paths)")
    .addOption(new Option("--method <method>", "candidate profiles (as thresholds)").choices(["exhaustive", "refine"] as const))
    .option("--time-limit <seconds>", "stop after this many seconds (exit 3)", seconds)
    .option("--json", "print the JSON document of INTERFACE.md")
    .action(async (file, options) => {
      process.exitCode = await (await import("./design.js")).designCommand(file, { ...options, vary: options.vary ?? [] });
    });

  cli
    .command("uncertain")
    .description("probabilities of each outcome when some numbers are uncertain, and which unknown decides (Sobol indices)")
    .argument("<file>", "scenario JSON file (- for standard input)")
    .requiredOption("--spec <file>", 'the distributions: {"distributions": {PATH: {"uniform": [lo, hi]} | {"normal": [mean, sd]} | ...}}')
    .option("--samples <n>", "number of samples (with sensitivity: Saltelli rows, each d + 2 solves)", number("a whole number", { integer: true, min: 1 }), 1000)
    .option("--seed <s>", "random seed", number("a whole number >= 0", { integer: true, min: 0 }), 1)
    .option("--policy <file>", "a policy JSON whose lever numbers (levers[K].amount, ...) may be uncertain too")
    .option("--qmc", "quasi-random samples (Halton with random shifts; standard errors over the shifts)")
    .option("--no-sensitivity", "skip the Sobol indices (each sample is then one solve instead of d + 2)")
    .addOption(new Option("--game <game>", "which game").choices(GAMES).default("discrete" as const))
    .addOption(new Option("--method <method>", "solution method").choices(METHODS).default("auto" as const))
    .option("--shard <K/N>", "compute only the samples with index = K-1 (mod N); join the parts with merge", shard)
    .option("--time-limit <seconds>", "stop after this many seconds (exit 3, partial results)", seconds)
    .option("--workers <n>", "worker threads (default: one per core)", number("a whole number", { integer: true, min: 1 }))
    .option("--out <dir>", "write uncertain.json and charts (.svg, .png, .vl.json) in this folder")
    .option("--json", "print the JSON document")
    .action(async (file, options) => {
      process.exitCode = await (await import("./uncertain.js")).uncertainCommand(file, options);
    });

  cli
    .command("policy")
    .description("equilibria and metrics before and after a policy (levy, subsidy, licence, mandate)")
    .argument("<file>", "scenario JSON file (- for standard input)")
    .requiredOption("--policy <file>", "the policy JSON: {levers: [{type: levy|subsidy|licence|mandate, ...}]}")
    .addOption(new Option("--game <game>", "which game").choices(GAMES).default("discrete" as const))
    .option("--time-limit <seconds>", "time limit for each solve", seconds)
    .option("--json", "print JSON")
    .action(async (file, options) => {
      process.exitCode = await (await import("./policy.js")).policyCommand(file, options);
    });

  cli
    .command("calibrate")
    .description("how well the model reproduces observed release decisions (fit, leave-one-period-out, probabilities scored against baselines)")
    .argument("[data]", "releases CSV (default: the bundled data/releases.csv)")
    .option("--out <dir>", "write calibration.json, calibration.csv and charts (.svg, .png, .vl.json)")
    .addOption(new Option("--noise <model>", "noise model of the probabilities: a tremble, or the logit quantal-response equilibrium (slow: one QRE trace per period and grid point)").choices(NOISES).default("tremble" as const))
    .option("--workers <n>", "worker threads for the QRE traces (default: one per core)", number("a whole number", { integer: true, min: 1 }))
    .option("--json", "print JSON")
    .action(async (data, options) => {
      process.exitCode = await (await import("./calibrate.js")).calibrateCommand(data, options);
    });

  cli
    .command("report")
    .description("one standalone page: the scenario, its equilibria, each lab's incentive, welfare and charts")
    .argument("<file>", "scenario JSON file (- for standard input)")
    .requiredOption("--out <file>", "report.html (standalone) or report.md (charts as SVG files beside it)")
    .option("--time-limit <seconds>", "time limit for each solve", seconds)
    .option("--spec <file>", "add an \"under uncertainty\" section: the distributions of uncertain numbers (as for uncertain --spec)")
    .option("--samples <n>", "samples for the uncertainty section", number("a whole number", { integer: true, min: 1 }), 1000)
    .option("--seed <s>", "random seed for the uncertainty section", number("a whole number >= 0", { integer: true, min: 0 }), 1)
    .action(async (file, options) => {
      process.exitCode = await (await import("./report.js")).reportCommand(file, options);
    });

  cli
    .command("merge")
    .description("join sweep (or uncertain) shards into the unsharded result")
    .argument("<parts...>", "the JSON of each shard (openrace sweep|uncertain --shard K/N --json)")
    .option("--out <dir>", "write sweep.json and sweep.csv (uncertain.json and charts) in this folder")
    .option("--json", "print the merged JSON")
    .action(async (parts, options) => {
      process.exitCode = await (await import("./sweep.js")).mergeCommand(parts, options);
    });

  cli
    .command("export")
    .description("write the equilibrium MIP (lp, mps), Gambit's normal form (nfg) or the equilibrium conditions in SMT-LIB 2 (smt2)")
    .argument("<file>", "scenario JSON file (- for standard input)")
    .addOption(new Option("--to <format>", "output format").choices(EXPORT_FORMATS).makeOptionMandatory())
    .option("--nontrivial", "only equilibria where someone opens (lp, mps, smt2)")
    .option("--plain", "the plain formulation of the model, without the presolve's tightening (lp, mps)")
    .addOption(new Option("--objective <objective>", "add an objective (lp, mps)").choices(OBJECTIVE_NAMES))
    .addOption(new Option("--sense <sense>", "maximise or minimise the objective").choices(SENSES).default("max" as const))
    .option("--out <path>", "write to this file instead of standard output")
    .action(async (file, options) => {
      process.exitCode = (await import("./export.js")).exportCommand(file, options);
    });

  const generate = cli.command("generate").description("print a generated scenario (or write it with --out)");
  generate
    .command("random")
    .description("a random race (the benchmark distribution by default)")
    .requiredOption("--players <n>", "number of labs", number("a whole number", { integer: true, min: 2 }))
    .requiredOption("--seed <s>", "random seed", number("a whole number", { integer: true }))
    .option("--tiers <levels>", "openness levels, e.g. 0,0.5,1", tierList)
    .option("--max-capability <v>", "c ~ U(0, v)", number("a number", { min: 0, max: MAX_MAGNITUDE }), 10)
    .option("--max-community-gain <v>", "a ~ U(0, v)", number("a number", { min: 0, max: MAX_MAGNITUDE }), 3)
    .option("--max-open-cost <v>", "k ~ U(0, v) when a lab has a cost", number("a number", { min: 0, max: MAX_MAGNITUDE }), 3)
    .option("--cost-probability <p>", "probability that a lab has an open cost", number("a probability", { min: 0, max: 1 }), 0.5)
    .option("--max-spillover <v>", "B[i][j] ~ U(0, v) when non-zero", number("a number", { min: 0, max: MAX_MAGNITUDE }), 2)
    .option("--spillover-density <p>", "probability that B[i][j] is non-zero", number("a probability", { min: 0, max: 1 }), 0.5)
    .option("--out <path>", "write to this file")
    .action(async (options) => {
      process.exitCode = (await import("./generate.js")).generateRandomCommand(options);
    });
  generate
    .command("sat")
    .description("a race with a non-trivial pure equilibrium iff a CNF formula is satisfiable")
    .option("--cnf <file>", "the formula, in DIMACS CNF")
    .option("--vars <v>", "random formula: number of variables", number("a whole number", { integer: true, min: 1 }))
    .option("--clauses <c>", "random formula: number of clauses", number("a whole number", { integer: true, min: 0 }))
    .option("--seed <s>", "random formula: seed", number("a whole number", { integer: true }))
    .option("--width <k>", "random formula: literals per clause", number("a whole number", { integer: true, min: 1 }), 3)
    .option("--out <path>", "write to this file")
    .action(async (options) => {
      process.exitCode = (await import("./generate.js")).generateSatCommand(options);
    });

  return cli;
}

export async function main(argv: string[]): Promise<number> {
  try {
    await program().parseAsync(argv);
    return typeof process.exitCode === "number" ? process.exitCode : EXIT.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      const quiet = ["commander.helpDisplayed", "commander.version", "commander.help"];
      return quiet.includes(error.code) ? EXIT.ok : EXIT.badInput;
    }
    if (error instanceof InputError) {
      process.stderr.write(`${error.render()}\n`);
      return EXIT.badInput;
    }
    process.stderr.write(`openrace: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return EXIT.failure;
  }
}

process.exitCode = await main(process.argv);
