/**
 * The scenario file format (INTERFACE.md, "Scenario file"): one zod schema that is both the
 * validator's first pass and the source of the published JSON Schema
 * (`schema/scenario.schema.json`, written by `npm run schema`).
 *
 * Rules that relate several fields (unique ids, rivals that exist, a square matrix, sorted
 * tiers) cannot be said in JSON Schema; they live in `validate.ts`.
 */
import { z } from "zod";

export const ID_PATTERN = /^[A-Za-z0-9_.-]+$/;

/** Openness levels a scenario may have: the solvers keep each lab's levels in a 32-bit mask. */
export const MAX_TIERS = 30;

const playerId = z
  .string()
  .regex(ID_PATTERN)
  .describe('Player id: letters, digits, "_", "." or "-".');

const nonNegative = (what: string) => z.number().min(0).describe(what);

export const PlayerSchema = z
  .strictObject({
    id: playerId,
    name: z.string().optional().describe("Display name (defaults to the id)."),
    capability: z
      .number()
      .describe("Current frontier capability c_i, in any unit (benchmark score, Elo)."),
    communityGain: nonNegative(
      "Capability a_i the lab gains by opening fully (community fixes, fine-tunes, tooling).",
    ).default(0),
    openCost: nonNegative(
      "Private cost k_i of opening fully, in capability units (lost API revenue, a levy).",
    ).default(0),
    rivals: z
      .array(playerId)
      .min(1)
      .optional()
      .describe("Ids of the labs this lab races against (default: every other lab)."),
  })
  .describe("A lab.");

export const SpilloverSchema = z
  .union([
    nonNegative("Every B[i][j] equal to this value."),
    z
      .array(z.array(nonNegative("B[i][j]")))
      .describe(
        "n-by-n matrix: row = the opening lab, column = the receiving lab; diagonal ignored.",
      ),
    z
      .strictObject({
        absorptive: nonNegative("Rate r: B[i][j] = r * max(0, c_i - c_j)."),
      })
      .describe("Absorptive spillover: a lab learns more from an opener that is ahead of it."),
  ])
  .default(0)
  .describe("Capability B[i][j] that lab j gains when lab i opens fully.");

export const SpilloverPairSchema = z
  .strictObject({
    from: playerId.describe("The opening lab."),
    to: playerId.describe("The receiving lab."),
    value: nonNegative("B[from][to]."),
  })
  .describe("Sets one spillover entry after `spillover` is applied.");

export const ScenarioSchema = z
  .strictObject({
    $schema: z.string().optional().describe("JSON Schema reference, for editors."),
    name: z.string().optional().describe("Scenario name."),
    description: z.string().optional().describe("Free text."),
    players: z.array(PlayerSchema).min(2).describe("The labs (at least two)."),
    spillover: SpilloverSchema,
    spilloverPairs: z.array(SpilloverPairSchema).optional(),
    tiers: z
      .array(z.number().min(0).max(1))
      .min(2)
      .max(MAX_TIERS)
      .optional()
      .describe(
        "Openness levels in [0,1], strictly increasing, including 0 (default [0, 1]); " +
          "for example [0, 0.5, 1]: closed API, open weights, weights + code + data.",
      ),
  })
  .describe("An openrace scenario: labs racing for the frontier, and what openness does.");

/** A scenario as written in a file (defaults not yet applied). */
export type ScenarioInput = z.input<typeof ScenarioSchema>;
/** A validated scenario, defaults applied. */
export type Scenario = z.output<typeof ScenarioSchema>;
export type Player = z.output<typeof PlayerSchema>;
export type Spillover = z.output<typeof SpilloverSchema>;

/** The published JSON Schema of the scenario format. */
export function scenarioJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(ScenarioSchema, { io: "input", target: "draft-2020-12" }),
    title: "openrace scenario",
  };
}
