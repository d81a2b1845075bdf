/**
 * The fixed value lists of command-line options, shared by the parser (main.ts, for commander's
 * `choices`) and the commands that read them, so the parser needs no command module to start.
 */

/** `solve --concept` (INTERFACE.md, "Beyond pure equilibria"). */
export const CONCEPTS = ["pure", "mixed", "qre", "correlated", "coarse-correlated"] as const;
export type Concept = (typeof CONCEPTS)[number];

/** `export --to` (INTERFACE.md, "Exports" and "Export for SMT solvers"). */
export const EXPORT_FORMATS = ["lp", "mps", "nfg", "smt2"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
