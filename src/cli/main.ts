#!/usr/bin/env node
/** The `openrace` command line: argument parsing and exit statuses; one file per command. */
import { readFileSync } from "node:fs";
import { Command, CommanderError, InvalidArgumentError, Option } from "@commander-js/extra-typings";
import { OBJECTIVE_NAMES, SENSES } from "../model/objectives.js";
import { GAMES, METHODS } from "../solvers/solve.js";
import { EXIT, InputError } from "./errors.js";
import { explainCommand } from "./explain.js";
import { solveCommand } from "./solve.js";
import { validateCommand } from "./validate.js";

const version = (
  JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string }
).version;

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
    .action(async (file, options) => {
      process.exitCode = await solveCommand(file, options);
    });

  cli
    .command("explain")
    .description("each lab's payoff, its best deviation and why")
    .argument("<file>", "scenario JSON file (- for standard input)")
    .requiredOption("--profile <profile>", 'openness per lab: "0,1,1" in player order, or "id=1,id2=0.5" (unlisted labs closed)')
    .option("--json", "print JSON")
    .action((file, options) => {
      process.exitCode = explainCommand(file, options);
    });

  cli
    .command("validate")
    .description("check a scenario file and print each problem with its path")
    .argument("<file>", "scenario JSON file (- for standard input)")
    .option("--json", "print {valid, problems} as JSON")
    .action((file, options) => {
      process.exitCode = validateCommand(file, options);
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
