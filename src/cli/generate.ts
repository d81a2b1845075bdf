/** `openrace generate random|sat`: scenarios from seeded generators (INTERFACE.md, "Generators"). */
import { randomScenario } from "../generators/random.js";
import { parseDimacs, randomCnf, satScenario } from "../generators/sat.js";
import { readText } from "../io/scenario-file.js";
import { emit } from "../io/write.js";
import { validateScenario } from "../model/validate.js";
import { EXIT, InputError } from "./errors.js";

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

export interface RandomCommandOptions {
  players: number;
  seed: number;
  tiers?: number[];
  maxCapability: number;
  maxCommunityGain: number;
  maxOpenCost: number;
  costProbability: number;
  maxSpillover: number;
  spilloverDensity: number;
  out?: string;
}

/** Labs `generate random` makes at most: its dense spillover matrix grows as the square. */
export const MAX_RANDOM_PLAYERS = 2000;

export function generateRandomCommand(options: RandomCommandOptions): number {
  if (options.players < 2 || options.players > MAX_RANDOM_PLAYERS)
    throw new InputError(`openrace: --players: expected a whole number from 2 to ${MAX_RANDOM_PLAYERS}, got ${options.players}`);
  const scenario = randomScenario(options);
  // What the options make must be a valid scenario (say --tiers 0,0.5,0.2 is not).
  const checked = validateScenario(scenario);
  if (!checked.ok)
    throw new InputError(
      "openrace: the options make an invalid scenario:",
      checked.problems.map((p) => (p.path.startsWith("tiers") ? { ...p, path: `--tiers (${p.path})` } : p)),
    );
  emit(json(scenario), options.out);
  return EXIT.ok;
}

export interface SatCommandOptions {
  cnf?: string;
  vars?: number;
  clauses?: number;
  seed?: number;
  width: number;
  out?: string;
}

export function generateSatCommand(options: SatCommandOptions): number {
  const random = options.vars !== undefined || options.clauses !== undefined || options.seed !== undefined;
  if (options.cnf !== undefined && random)
    throw new InputError("openrace: give either --cnf FILE or --vars, --clauses and --seed, not both");
  let name: string;
  let cnf;
  if (options.cnf !== undefined) {
    const parsed = parseDimacs(readText(options.cnf));
    if (!parsed.ok) throw new InputError(`openrace: ${options.cnf} is not valid DIMACS CNF:`, parsed.problems);
    cnf = parsed.value;
    name = `SAT reduction of ${options.cnf}`;
  } else {
    const missing = (["vars", "clauses", "seed"] as const).filter((k) => options[k] === undefined);
    if (missing.length) throw new InputError(`openrace: generate sat needs --cnf FILE, or --vars, --clauses and --seed (missing: ${missing.map((m) => `--${m}`).join(", ")})`);
    if (options.width > options.vars! && options.clauses! > 0)
      throw new InputError(`openrace: --width ${options.width} exceeds --vars ${options.vars}`);
    cnf = randomCnf({ variables: options.vars!, clauses: options.clauses!, seed: options.seed!, width: options.width });
    name = `SAT reduction: random ${options.width}-CNF, ${options.vars} variables, ${options.clauses} clauses, seed ${options.seed}`;
  }
  emit(json(satScenario(cnf, name)), options.out);
  return EXIT.ok;
}
