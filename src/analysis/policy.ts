/**
 * Policy levers (MODEL.md section 5), as transformations of the game:
 *  - `levy`: opening costs `amount` more (a negative amount is a subsidy), optionally only
 *    for labs whose capability is at least `above` (thresholds that apply to large labs);
 *  - `subsidy`: the same with the sign turned, for readability;
 *  - `licence`: spillover to receiving labs at or above `above` is multiplied by `factor`
 *    (0 cuts it: the large-user clause of some open-weight licences);
 *  - `mandate`: the labs concerned may not choose openness below `minimum` (MODEL.md section
 *    2's "allowed" deviations): the tiers at or above it, or [minimum, 1] in the continuous
 *    game. Their rivals' deviations are unchanged.
 * Levers apply in order, so a policy file can combine them. Capabilities for thresholds are
 * the scenario's (before the round). A subsidy can make a lab's net cost negative, which the
 * model handles (it only enters the payoff as -k_i x_i); the scenario format forbids negative
 * costs because a lab's own data should not have them.
 */
import { z } from "zod";
import { buildGame, makeGame, type Game } from "../model/game.js";
import { MAX_MAGNITUDE, type Scenario } from "../model/scenario.js";
import type { GameKind } from "../solvers/solve.js";
import { zodProblems, type Parsed, type Problem } from "../model/validate.js";
import { formatNumber } from "./reading.js";

/** A policy number, within the scenario's numeric range (docs/model.md, "Numeric range"). */
const number = () => z.number().min(-MAX_MAGNITUDE).max(MAX_MAGNITUDE);
const above = number().optional().describe("Apply only to labs whose capability is at least this.");

export const LeverSchema = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("levy"), amount: number().describe("Added to the open cost."), above }),
  z.strictObject({ type: z.literal("subsidy"), amount: number().describe("Taken off the open cost."), above }),
  z.strictObject({
    type: z.literal("licence"),
    factor: z.number().min(0).max(MAX_MAGNITUDE).describe("Spillover to the labs concerned is multiplied by this (0: cut off)."),
    above,
  }),
  z.strictObject({
    type: z.literal("mandate"),
    minimum: z.number().gt(0).max(1).describe("The lowest openness the labs concerned may choose."),
    above,
  }),
]);

export const PolicySchema = z.strictObject({
  $schema: z.string().optional(),
  name: z.string().optional(),
  description: z.string().optional(),
  levers: z.array(LeverSchema).min(1),
});

export type Lever = z.output<typeof LeverSchema>;
export type Policy = z.output<typeof PolicySchema>;

export function validatePolicy(input: unknown): Parsed<Policy> {
  const result = PolicySchema.safeParse(input, { reportInput: true });
  if (result.success) return { ok: true, value: result.data };
  const fieldsAt = (path: readonly PropertyKey[]) => (path.length === 0 ? Object.keys(PolicySchema.shape) : []);
  const problems = zodProblems(result.error.issues, fieldsAt).map((p) =>
    /\.type$|^levers\[\d+\]$/.test(p.path) && /expected|Invalid/.test(p.message)
      ? { path: p.path.replace(/(\[\d+\])$/, "$1.type"), message: 'expected a lever with "type" one of levy, subsidy, licence, mandate' }
      : p,
  );
  return { ok: false, problems };
}

const concerned = (game: Game, lever: Lever, j: number) => lever.above === undefined || game.capability[j] >= lever.above;

/**
 * What stops a policy from applying to a discrete game with these tiers: a mandate above the
 * highest tier leaves the labs concerned nothing to play.
 */
export function policyProblems(game: Game, policy: Policy): Problem[] {
  const top = game.tiers[game.tiers.length - 1];
  return policy.levers.flatMap((lever, k) =>
    lever.type === "mandate" && lever.minimum > top && game.ids.some((_, j) => concerned(game, lever, j))
      ? [{ path: `levers[${k}].minimum`, message: `expected at most the highest tier, ${top}, got ${lever.minimum}` }]
      : [],
  );
}

/** A policy problem as reported beside a scenario's: its path under `policy.` (`policy.levers[0].amount`). */
export const underPolicy = (problem: Problem): Problem => ({ ...problem, path: problem.path ? `policy.${problem.path}` : "policy" });

/**
 * The scenario's game under the policy (none: the game as described), or why the policy does
 * not fit it (policyProblems, in the discrete game; paths under `policy.`).
 */
export function gameUnder(scenario: Scenario, policy: Policy | undefined, kind: GameKind): Parsed<Game> {
  const game = buildGame(scenario);
  if (!policy) return { ok: true, value: game };
  const problems = kind === "discrete" ? policyProblems(game, policy) : [];
  return problems.length > 0 ? { ok: false, problems: problems.map(underPolicy) } : { ok: true, value: applyPolicy(game, policy) };
}

/** The game under the policy. */
export function applyPolicy(game: Game, policy: Policy): Game {
  const { n } = game;
  const openCost = Float64Array.from(game.openCost);
  const spillover = Float64Array.from(game.spillover);
  const minimum = Float64Array.from(game.minimum);
  for (const lever of policy.levers) {
    for (let j = 0; j < n; j++) {
      if (!concerned(game, lever, j)) continue;
      if (lever.type === "levy") openCost[j] += lever.amount;
      else if (lever.type === "subsidy") openCost[j] -= lever.amount;
      else if (lever.type === "mandate") minimum[j] = Math.max(minimum[j], lever.minimum);
      else for (let i = 0; i < n; i++) if (i !== j) spillover[i * n + j] *= lever.factor;
    }
  }
  return makeGame({ ...game, openCost, spillover, minimum });
}

/** The levers in words, as `policy` prints them: "levy 1 (labs at or above 9.5), subsidy 0.5". */
export function describeLevers(policy: Policy): string {
  return policy.levers.map((l) => `${describeLever(l)}${l.above !== undefined ? ` (labs at or above ${l.above})` : ""}`).join(", ");
}

function describeLever(lever: Lever): string {
  if (lever.type === "levy") return `levy ${formatNumber(lever.amount)}`;
  if (lever.type === "subsidy") return `subsidy ${formatNumber(lever.amount)}`;
  if (lever.type === "licence") return `licence (spillover x ${formatNumber(lever.factor)})`;
  return `mandate (openness at least ${formatNumber(lever.minimum)})`;
}
