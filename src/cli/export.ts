/**
 * `openrace export FILE --to lp|mps|nfg|smt2`: the equilibrium MIP, Gambit's normal form, or
 * the equilibrium conditions in SMT-LIB 2.
 */
import { writeLp } from "../formats/lp.js";
import { writeMps } from "../formats/mps.js";
import { writeNfg } from "../formats/nfg.js";
import { writeSmt2 } from "../formats/smt2.js";
import type { ObjectiveName, Sense } from "../model/objectives.js";
import { buildEquilibriumMip } from "../solvers/mip-model.js";
import { loadScenario } from "../io/scenario-file.js";
import { emit } from "../io/write.js";
import { EXIT, InputError } from "./errors.js";
import type { ExportFormat } from "./choices.js";


export interface ExportCommandOptions {
  to: ExportFormat;
  nontrivial?: boolean;
  plain?: boolean;
  objective?: ObjectiveName;
  sense: Sense;
  out?: string;
}

export function exportCommand(file: string, options: ExportCommandOptions): number {
  const { name, game } = loadScenario(file);
  let text: string;
  if (options.to === "nfg") {
    if (options.nontrivial || options.objective || options.plain)
      throw new InputError("openrace: --nontrivial, --objective and --plain apply to the lp and mps exports, not to nfg");
    try {
      text = writeNfg(game, name);
    } catch (error) {
      if (error instanceof RangeError) throw new InputError(`openrace: ${file}: ${error.message}`);
      throw error;
    }
  } else if (options.to === "smt2") {
    if (options.objective || options.plain)
      throw new InputError("openrace: --objective and --plain apply to the lp and mps exports, not to smt2");
    text = writeSmt2(game, { name, nonTrivial: options.nontrivial });
  } else {
    const model = buildEquilibriumMip(game, {
      name,
      nonTrivial: options.nontrivial,
      tighten: !options.plain,
      objective: options.objective ? { objective: options.objective, sense: options.sense } : undefined,
    });
    text = options.to === "lp" ? writeLp(model) : writeMps(model);
  }
  emit(text, options.out);
  return EXIT.ok;
}
