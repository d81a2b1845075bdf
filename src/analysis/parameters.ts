/**
 * Parameter paths (INTERFACE.md, "Parameter paths"): one grammar that names a scenario (or
 * policy) number, shared by `sweep`, `thresholds`, `design`, `uncertain` and the explorer.
 *
 *   spillover                       every B[i][j] (replaces any other spillover form)
 *   spillover.absorptive            the absorptive rate (replaces any other spillover form)
 *   spilloverPairs.<from>.<to>      that one entry, set after `spillover` as spilloverPairs is
 *   players.<id>.<field>            capability, communityGain or openCost of one lab
 *   players.*.<field>               the same field of every lab at once
 *   levers[K].<field>               amount, above, factor or minimum of the policy's lever K
 *
 * A path is checked against the scenario (and policy) it is used with: one that names nothing
 * there is a problem naming the path, never a silent no-op.
 */
import type { Policy } from "./policy.js";
import { underPolicy, validatePolicy } from "./policy.js";
import type { Scenario, ScenarioInput } from "../model/scenario.js";
import { validateScenario, type Parsed } from "../model/validate.js";

export const PLAYER_FIELDS = ["capability", "communityGain", "openCost"] as const;
export type PlayerField = (typeof PLAYER_FIELDS)[number];

/** The numbers of each kind of lever (INTERFACE.md: `levers[K].amount|above|factor|minimum`). */
const LEVER_FIELDS: Record<Policy["levers"][number]["type"], readonly string[]> = {
  levy: ["amount", "above"],
  subsidy: ["amount", "above"],
  licence: ["factor", "above"],
  mandate: ["minimum", "above"],
};

/** A path, read. */
export type ParameterPath =
  | { readonly kind: "spillover" }
  | { readonly kind: "absorptive" }
  | { readonly kind: "pair"; readonly from: string; readonly to: string }
  | { readonly kind: "player"; readonly id: string | "*"; readonly field: PlayerField }
  | { readonly kind: "lever"; readonly index: number; readonly field: string };

/** What a path is applied to: a scenario and, for lever paths, a policy. */
export interface Subject<S = Scenario, P = Policy> {
  readonly scenario: S;
  readonly policy?: P;
}

const GRAMMAR =
  "spillover, spillover.absorptive, spilloverPairs.<from>.<to>, players.<id>.<field>, players.*.<field> " +
  `(field: ${PLAYER_FIELDS.join(", ")}) or, with --policy, levers[K].amount|above|factor|minimum`;

/** Reads a path and checks that it names a number of this scenario (and policy). */
export function parsePath(path: string, subject: Subject): Parsed<ParameterPath> {
  const fail = (message: string): Parsed<ParameterPath> => ({ ok: false, problems: [{ path, message }] });
  const ids = subject.scenario.players.map((p) => p.id);
  const unknownLab = (id: string) => `unknown player "${id}" (players: ${ids.join(", ")})`;
  if (path === "spillover") return { ok: true, value: { kind: "spillover" } };
  if (path === "spillover.absorptive") return { ok: true, value: { kind: "absorptive" } };
  const lever = /^levers\[(\d+)\]\.(\w+)$/.exec(path);
  if (lever) {
    const levers = subject.policy?.levers;
    if (!levers) return fail("a lever path needs a policy (--policy FILE)");
    const index = Number(lever[1]);
    if (index >= levers.length) return fail(`the policy has ${levers.length} lever${levers.length === 1 ? "" : "s"} (levers[0] to levers[${levers.length - 1}])`);
    const fields = LEVER_FIELDS[levers[index].type];
    if (!fields.includes(lever[2])) return fail(`a ${levers[index].type} lever has no "${lever[2]}" (its numbers: ${fields.join(", ")})`);
    return { ok: true, value: { kind: "lever", index, field: lever[2] } };
  }
  const parts = path.split(".");
  if (parts.length === 3 && parts[0] === "spilloverPairs") {
    const [, from, to] = parts;
    for (const id of [from, to]) if (!ids.includes(id)) return fail(unknownLab(id));
    if (from === to) return fail("a lab does not spill over to itself");
    return { ok: true, value: { kind: "pair", from, to } };
  }
  if (parts.length === 3 && parts[0] === "players") {
    const [, id, field] = parts;
    if (id !== "*" && !ids.includes(id)) return fail(unknownLab(id));
    if (!(PLAYER_FIELDS as readonly string[]).includes(field)) return fail(`unknown field "${field}": expected ${PLAYER_FIELDS.join(", ")}`);
    return { ok: true, value: { kind: "player", id, field: field as PlayerField } };
  }
  return fail(`unknown parameter: expected ${GRAMMAR}`);
}

/** Every path of a scenario's (and policy's) own numbers, in a stable order (for margins and menus). */
export function parameterPaths(subject: Subject): string[] {
  const { scenario, policy } = subject;
  const paths = scenario.players.flatMap((p) => PLAYER_FIELDS.map((f) => `players.${p.id}.${f}`));
  const s = scenario.spillover;
  if (typeof s === "number") paths.push("spillover");
  else if (!Array.isArray(s)) paths.push("spillover.absorptive");
  for (const pair of scenario.spilloverPairs ?? []) paths.push(`spilloverPairs.${pair.from}.${pair.to}`);
  policy?.levers.forEach((lever, k) => {
    for (const field of LEVER_FIELDS[lever.type]) if (field !== "above" || lever.above !== undefined) paths.push(`levers[${k}].${field}`);
  });
  return paths;
}

/**
 * Sets the number a (checked) path names, in place, in a scenario as written or validated and,
 * for lever paths, in the policy.
 */
export function setParameter(scenario: ScenarioInput, path: string, value: number, policy?: { levers: object[] }): void {
  if (path === "spillover") scenario.spillover = value;
  else if (path === "spillover.absorptive") scenario.spillover = { absorptive: value };
  else if (path.startsWith("levers[")) {
    const [, index, field] = /^levers\[(\d+)\]\.(\w+)$/.exec(path)!;
    const lever = policy?.levers[Number(index)] as Record<string, number> | undefined;
    if (lever) lever[field] = value;
  } else if (path.startsWith("spilloverPairs.")) {
    const [, from, to] = path.split(".");
    const pairs = (scenario.spilloverPairs ??= []);
    const pair = pairs.find((p) => p.from === from && p.to === to);
    if (pair) pair.value = value;
    else pairs.push({ from, to, value });
  } else {
    const [, id, field] = path.split(".");
    for (const player of scenario.players) if (id === "*" || player.id === id) player[field as PlayerField] = value;
  }
}

/**
 * The number a path names in a validated scenario (and policy); null when it has none: a
 * matrix spillover for `spillover`, labs that differ for `players.*`, a lever without `above`.
 */
export function parameterValue(scenario: Scenario, path: string, policy?: Policy): number | null {
  const s = scenario.spillover;
  if (path === "spillover") return typeof s === "number" ? s : null;
  if (path === "spillover.absorptive") return typeof s === "object" && !Array.isArray(s) ? s.absorptive : null;
  if (path.startsWith("levers[")) {
    const [, index, field] = /^levers\[(\d+)\]\.(\w+)$/.exec(path) ?? [];
    const value = (policy?.levers[Number(index)] as Record<string, unknown> | undefined)?.[field];
    return typeof value === "number" ? value : null;
  }
  const [head, a, b] = path.split(".");
  if (head === "spilloverPairs") return spilloverEntry(scenario, a, b);
  const values = scenario.players.filter((p) => a === "*" || p.id === a).map((p) => p[b as PlayerField]);
  return values.length > 0 && values.every((v) => v === values[0]) ? values[0] : null;
}

/** B[from][to] as the game builds it: the spillover form, then the pairs. */
function spilloverEntry(scenario: Scenario, from: string, to: string): number | null {
  const i = scenario.players.findIndex((p) => p.id === from);
  const j = scenario.players.findIndex((p) => p.id === to);
  if (i < 0 || j < 0) return null;
  const pair = scenario.spilloverPairs?.find((p) => p.from === from && p.to === to);
  if (pair) return pair.value;
  const s = scenario.spillover;
  if (typeof s === "number") return s;
  if (Array.isArray(s)) return s[i][j];
  return s.absorptive * Math.max(0, scenario.players[i].capability - scenario.players[j].capability);
}

/**
 * The subject with these values applied, validated again (a value may break a rule, say a
 * negative gain): problems carry the scenario's or the policy's field path.
 */
export function applyValues(subject: Subject, values: Record<string, number>): Parsed<Subject> {
  // Scenarios and policies are plain JSON: a deep copy is a JSON round trip.
  const scenario = JSON.parse(JSON.stringify(subject.scenario)) as Scenario;
  const policy = subject.policy && (JSON.parse(JSON.stringify(subject.policy)) as Policy);
  for (const [path, value] of Object.entries(values)) setParameter(scenario, path, value, policy);
  const checked = validateScenario(scenario);
  const checkedPolicy = policy ? validatePolicy(policy) : undefined;
  const problems = [
    ...(checked.ok ? [] : checked.problems),
    ...(checkedPolicy && !checkedPolicy.ok ? checkedPolicy.problems.map(underPolicy) : []),
  ];
  if (!checked.ok || (checkedPolicy && !checkedPolicy.ok)) return { ok: false, problems };
  return { ok: true, value: { scenario: checked.value, ...(checkedPolicy?.ok ? { policy: checkedPolicy.value } : {}) } };
}
