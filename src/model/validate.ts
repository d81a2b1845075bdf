/**
 * Scenario validation: every rule of INTERFACE.md, every problem of a file at once, each with
 * the path of the offending field (`players[2].rivals[0]: unknown player "zz"`).
 *
 * Two passes: the zod schema (types, ranges, unknown fields) and the rules that relate fields
 * to each other (ids, rivals, matrix shape, tiers). The second pass reads the raw input
 * defensively, so a file with a type error still gets its cross-field problems reported.
 */
import { parseTree, printParseErrorCode, type ParseError } from "jsonc-parser";
import type { core } from "zod";
import { buildGame } from "./game.js";
import {
  ID_PATTERN,
  MAX_MAGNITUDE,
  MIN_TIER_GAP,
  PlayerSchema,
  ScenarioSchema,
  SpilloverPairSchema,
  type Scenario,
} from "./scenario.js";

/** One thing wrong with an input, located by its path (`players[0].capability`). */
export interface Problem {
  readonly path: string;
  readonly message: string;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; problems: Problem[] };

type PathKey = string | number;

/** `["players", 2, "rivals", 0]` -> `players[2].rivals[0]`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`;
    else out += out === "" ? String(key) : `.${String(key)}`;
  }
  return out;
}

/** A problem as one line: `path: message`, or the message alone for the whole document. */
export function formatProblem(problem: Problem): string {
  return problem.path === "" ? problem.message : `${problem.path}: ${problem.message}`;
}

/** Parses JSON text; a syntax error is reported with its line and column. */
export function parseJsonText(text: string): Parsed<unknown> {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    return { ok: false, problems: [{ path: "", message: jsonSyntaxMessage(text, error) }] };
  }
}

/** Parses scenario JSON text; a syntax error is reported with its line and column. */
export function parseScenarioText(text: string): Parsed<Scenario> {
  const json = parseJsonText(text);
  return json.ok ? validateScenario(json.value) : json;
}

/** Validates a parsed JSON value as a scenario and applies the defaults. */
export function validateScenario(input: unknown): Parsed<Scenario> {
  const result = ScenarioSchema.safeParse(input, { reportInput: true });
  const problems = result.success ? [] : zodProblems(result.error.issues, scenarioFieldsAt);
  problems.push(...crossFieldProblems(input));
  if (problems.length > 0 || !result.success) return { ok: false, problems };
  const numeric = derivedProblems(result.data);
  if (numeric.length > 0) return { ok: false, problems: numeric };
  return { ok: true, value: result.data };
}

/** The first syntax error of invalid JSON, located by line and column (1-based). */
function jsonSyntaxMessage(text: string, error: unknown): string {
  const errors: ParseError[] = [];
  parseTree(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  if (errors.length === 0) return `invalid JSON: ${error instanceof Error ? error.message : String(error)}`;
  const { offset, error: code } = errors[0];
  const before = text.slice(0, offset);
  const line = before.split("\n").length;
  const column = offset - before.lastIndexOf("\n");
  return `invalid JSON at line ${line}, column ${column}: ${describeSyntaxError(printParseErrorCode(code))}`;
}

/** `ValueExpected` -> `value expected`. */
function describeSyntaxError(code: string): string {
  return code.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase();
}

// ---------------------------------------------------------------------------------------
// First pass: zod issues, reworded to say what was expected and what was found.

const KNOWN_FIELDS: Record<string, readonly string[]> = {
  scenario: Object.keys(ScenarioSchema.shape),
  player: Object.keys(PlayerSchema.shape),
  pair: Object.keys(SpilloverPairSchema.shape),
  absorptive: ["absorptive"],
};

function scenarioFieldsAt(path: readonly PropertyKey[]): readonly string[] {
  if (path.length === 0) return KNOWN_FIELDS.scenario;
  if (path[0] === "players" && path.length === 2) return KNOWN_FIELDS.player;
  if (path[0] === "spilloverPairs" && path.length === 2) return KNOWN_FIELDS.pair;
  if (path[0] === "spillover" && path.length === 1) return KNOWN_FIELDS.absorptive;
  return [];
}

/** The fields allowed at a path (for "unknown field" messages and their "did you mean"). */
export type FieldsAt = (path: readonly PropertyKey[]) => readonly string[];

/** Zod issues (parsed with `reportInput: true`) as problems with paths and plain messages. */
export function zodProblems(issues: readonly core.$ZodIssue[], fieldsAt: FieldsAt = () => []): Problem[] {
  return issues.flatMap((issue) => issueProblems(issue, fieldsAt));
}

function issueProblems(issue: core.$ZodIssue, fieldsAt: FieldsAt): Problem[] {
  const path = formatPath(issue.path);
  const input = (issue as { input?: unknown }).input;
  switch (issue.code) {
    case "invalid_type": {
      const expected = describeExpected(issue.expected);
      if (input === undefined && !("received" in issue))
        return [{ path, message: `missing (expected ${expected})` }];
      const received = (issue as { received?: string }).received ?? describeValue(input);
      return [{ path, message: `expected ${expected}, got ${received}` }];
    }
    case "too_small":
    case "too_big": {
      const bound = issue.code === "too_small" ? issue.minimum : issue.maximum;
      if (issue.origin === "array") {
        const count = Array.isArray(input) ? input.length : "?";
        const what = path === "players" ? "players" : path === "tiers" ? "levels" : "entries";
        const relation = issue.code === "too_small" ? "at least" : "at most";
        return [{ path, message: `expected ${relation} ${String(bound)} ${what}, got ${count}` }];
      }
      const op = issue.code === "too_small" ? (issue.inclusive ? ">=" : ">") : issue.inclusive ? "<=" : "<";
      if (Math.abs(Number(bound)) === MAX_MAGNITUDE)
        return [{ path, message: `expected a number ${op} ${formatBound(Number(bound))} (openrace's numeric range: docs/model.md, "Numeric range"), got ${describeValue(input)}` }];
      return [{ path, message: `expected a number ${op} ${String(bound)}, got ${describeValue(input)}` }];
    }
    case "invalid_format":
      return [
        {
          path,
          message: `expected an id made of letters, digits, "_", "." or "-", got ${describeValue(input)}`,
        },
      ];
    case "unrecognized_keys": {
      const known = fieldsAt(issue.path);
      return issue.keys.map((key) => ({
        path: formatPath([...issue.path, key]),
        message: unknownFieldMessage(key, known),
      }));
    }
    case "invalid_union": {
      // Report the problems of the form the input is evidently trying to be (spillover:
      // number, matrix or {"absorptive": r}); a value of none of these shapes gets one line.
      const branch = Array.isArray(input) ? 1 : typeof input === "object" && input !== null ? 2 : -1;
      if (path === "spillover" && branch >= 0 && issue.errors[branch]?.length)
        return issue.errors[branch].flatMap((inner) => issueProblems({ ...inner, path: [...issue.path, ...inner.path] }, fieldsAt));
      if (path === "spillover")
        return [
          {
            path,
            message:
              `expected a number >= 0, an n-by-n matrix of numbers >= 0, or {"absorptive": r}, ` +
              `got ${describeValue(input)}`,
          },
        ];
      // A tier: a number, or {"level": L, "name": "..."} (an object's own problems are reported).
      if (/^tiers\[\d+\]$/.test(path) && typeof input === "object" && input !== null && !Array.isArray(input) && issue.errors[1]?.length)
        return issue.errors[1].flatMap((inner) => issueProblems({ ...inner, path: [...issue.path, ...inner.path] }, fieldsAt));
      if (/^tiers\[\d+\]$/.test(path))
        return [{ path, message: `expected a level in [0, 1] or {"level": L, "name": "..."}, got ${describeValue(input)}` }];
      return [{ path, message: issue.message }];
    }
    default:
      return [{ path, message: issue.message }];
  }
}

/** 1e9 as `1e9`, not `1000000000`. */
function formatBound(v: number): string {
  return v.toExponential().replace("e+", "e");
}

function describeExpected(expected: string): string {
  switch (expected) {
    case "number":
      return "a finite number";
    case "string":
      return "a string";
    case "array":
      return "an array";
    case "object":
      return "an object";
    default:
      return expected;
  }
}

function describeValue(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return "an object";
}

function unknownFieldMessage(key: string, known: readonly string[]): string {
  const suggestion = known.find((k) => editDistance(k.toLowerCase(), key.toLowerCase()) <= 2);
  const hint = suggestion ? ` (did you mean "${suggestion}"?)` : "";
  const allowed = known.length > 0 ? `; allowed here: ${known.join(", ")}` : "";
  return `unknown field${hint}${allowed}`;
}

/** Levenshtein distance, for "did you mean" on misspelt field names. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min(previous[j] + 1, current[j - 1] + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length];
}

// ---------------------------------------------------------------------------------------
// Second pass: rules that relate fields. Only well-typed parts are examined; type errors are
// the first pass's to report.

function crossFieldProblems(input: unknown): Problem[] {
  if (!isRecord(input)) return [];
  const problems: Problem[] = [];
  const at = (path: PathKey[], message: string) => problems.push({ path: formatPath(path), message });

  const players = Array.isArray(input.players) ? input.players : [];
  const firstIndexOf = new Map<string, number>();
  players.forEach((player, i) => {
    if (!isRecord(player) || typeof player.id !== "string" || !ID_PATTERN.test(player.id)) return;
    const seen = firstIndexOf.get(player.id);
    if (seen === undefined) firstIndexOf.set(player.id, i);
    else at(["players", i, "id"], `duplicate id "${player.id}" (also players[${seen}].id)`);
  });
  const isPlayer = (id: unknown): id is string => typeof id === "string" && firstIndexOf.has(id);

  players.forEach((player, i) => {
    if (!isRecord(player) || !Array.isArray(player.rivals)) return;
    const seen = new Set<string>();
    player.rivals.forEach((rival, r) => {
      if (typeof rival !== "string" || !ID_PATTERN.test(rival)) return;
      const path = ["players", i, "rivals", r];
      if (!isPlayer(rival)) at(path, `unknown player "${rival}"`);
      else if (rival === player.id) at(path, `a lab cannot be its own rival`);
      else if (seen.has(rival)) at(path, `duplicate rival "${rival}"`);
      seen.add(rival);
    });
  });

  const n = players.length;
  if (Array.isArray(input.spillover) && n > 0) {
    if (input.spillover.length !== n)
      at(
        ["spillover"],
        `expected a ${n}-by-${n} matrix (one row per player), got ${input.spillover.length} rows`,
      );
    input.spillover.forEach((row, i) => {
      if (Array.isArray(row) && row.length !== n)
        at(["spillover", i], `expected ${n} entries (one per player), got ${row.length}`);
    });
  }

  if (Array.isArray(input.spilloverPairs)) {
    input.spilloverPairs.forEach((pair, k) => {
      if (!isRecord(pair)) return;
      for (const end of ["from", "to"] as const) {
        const id = pair[end];
        if (typeof id === "string" && ID_PATTERN.test(id) && !isPlayer(id))
          at(["spilloverPairs", k, end], `unknown player "${id}"`);
      }
      if (typeof pair.from === "string" && pair.from === pair.to)
        at(["spilloverPairs", k], `"from" and "to" are the same player (a lab does not spill over to itself)`);
    });
  }

  if (Array.isArray(input.tiers)) {
    // Plain levels and named ones ({level, name}); the schema pass reports malformed entries.
    const levelOf = (t: unknown) => (typeof t === "number" ? t : isRecord(t) && typeof t.level === "number" ? t.level : null);
    const tiers = input.tiers.map(levelOf);
    if (tiers.every((t) => t !== null)) {
      if (!tiers.includes(0)) at(["tiers"], "must include 0 (closed)");
      for (let l = 1; l < tiers.length; l++)
        if (!(tiers[l] > tiers[l - 1]))
          at(
            ["tiers", l],
            `expected levels in strictly increasing order, got ${tiers[l]} after ${tiers[l - 1]}`,
          );
        else if (tiers[l] - tiers[l - 1] < MIN_TIER_GAP)
          at(["tiers", l], `expected levels at least ${MIN_TIER_GAP} apart (closer ones cannot be told apart), got ${tiers[l]} after ${tiers[l - 1]}`);
    }
    // Two levels under one name would make tables and charts ambiguous.
    const named = new Map<string, number>();
    input.tiers.forEach((t, l) => {
      if (!isRecord(t) || typeof t.name !== "string") return;
      const before = named.get(t.name);
      if (before !== undefined) at(["tiers", l, "name"], `"${t.name}" already names tiers[${before}]: each level needs its own name`);
      else named.set(t.name, l);
    });
  }
  return problems;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

// ---------------------------------------------------------------------------------------
// Third pass, on a well-formed scenario: the spillover entries an absorptive rate produces stay
// within openrace's numeric range (docs/model.md, "Numeric range"), as typed numbers do.

function derivedProblems(scenario: Scenario): Problem[] {
  if (typeof scenario.spillover !== "object" || Array.isArray(scenario.spillover)) return [];
  const largest = Math.max(...buildGame(scenario).spillover);
  return largest > MAX_MAGNITUDE
    ? [
        {
          path: "spillover.absorptive",
          message: `gives spillover entries up to ${largest.toPrecision(3)} (the rate times a capability gap), above openrace's range of ${formatBound(MAX_MAGNITUDE)} (docs/model.md, "Numeric range")`,
        },
      ]
    : [];
}
