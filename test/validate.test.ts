import { describe, expect, it } from "vitest";
import { buildGame, formatProblem, parseScenarioText, validateScenario } from "../src/index.js";

const base = () => ({
  name: "t",
  players: [
    { id: "a", capability: 10, communityGain: 1 },
    { id: "b", capability: 9 },
    { id: "c", capability: 7, communityGain: 3 },
  ],
});

/** The problems of an input, as `path: message` lines. */
function problems(input: unknown): string[] {
  const result = validateScenario(input);
  if (result.ok) return [];
  return result.problems.map(formatProblem);
}

const withPlayer = (i: number, patch: object) => {
  const s = base();
  Object.assign(s.players[i], patch);
  return s;
};

describe("scenario validation", () => {
  it("accepts the INTERFACE.md example and applies the defaults", () => {
    const result = validateScenario({ ...base(), spillover: { absorptive: 0.5 } });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.players[1]).toEqual({ id: "b", capability: 9, communityGain: 0, openCost: 0 });
    expect(buildGame(result.value).tiers).toEqual([0, 1]);
  });

  it.each([
    ["a missing capability", withPlayer(1, { capability: undefined }), "players[1].capability: missing (expected a finite number)"],
    ["a string capability", withPlayer(0, { capability: "ten" }), 'players[0].capability: expected a finite number, got "ten"'],
    ["NaN", withPlayer(0, { capability: NaN }), "players[0].capability: expected a finite number, got NaN"],
    ["Infinity", withPlayer(2, { capability: Infinity }), "players[2].capability: expected a finite number, got Infinity"],
    ["a negative community gain", withPlayer(0, { communityGain: -1 }), "players[0].communityGain: expected a number >= 0, got -1"],
    ["a negative open cost", withPlayer(1, { openCost: -0.5 }), "players[1].openCost: expected a number >= 0, got -0.5"],
    ["a bad id", withPlayer(0, { id: "a b" }), 'players[0].id: expected an id made of letters, digits, "_", "." or "-", got "a b"'],
    ["a duplicate id", withPlayer(2, { id: "a" }), 'players[2].id: duplicate id "a" (also players[0].id)'],
    ["an unknown rival", withPlayer(2, { rivals: ["zz"] }), 'players[2].rivals[0]: unknown player "zz"'],
    ["a self rival", withPlayer(1, { rivals: ["a", "b"] }), "players[1].rivals[1]: a lab cannot be its own rival"],
    ["a duplicate rival", withPlayer(0, { rivals: ["b", "b"] }), 'players[0].rivals[1]: duplicate rival "b"'],
    ["an empty rival list", withPlayer(0, { rivals: [] }), "players[0].rivals: expected at least 1 entries, got 0"],
    ["a misspelt field", withPlayer(0, { capabilty: 3 }), 'players[0].capabilty: unknown field (did you mean "capability"?)'],
    ["an unknown top-level field", { ...base(), spilover: 1 }, 'spilover: unknown field (did you mean "spillover"?)'],
    ["one player", { players: [{ id: "a", capability: 1 }] }, "players: expected at least 2 players, got 1"],
    ["no players", { name: "x" }, "players: missing (expected an array)"],
    ["a negative uniform spillover", { ...base(), spillover: -1 }, "spillover: expected a number >= 0, got -1"],
    ["a string spillover", { ...base(), spillover: "lots" }, 'spillover: expected a number >= 0, an n-by-n matrix of numbers >= 0, or {"absorptive": r}, got "lots"'],
    ["a negative absorptive rate", { ...base(), spillover: { absorptive: -0.1 } }, "spillover.absorptive: expected a number >= 0, got -0.1"],
    ["a misspelt absorptive", { ...base(), spillover: { absorbtive: 0.1 } }, 'spillover.absorbtive: unknown field (did you mean "absorptive"?)'],
    ["a short matrix", { ...base(), spillover: [[0, 1, 1], [1, 0, 1]] }, "spillover: expected a 3-by-3 matrix (one row per player), got 2 rows"],
    ["a ragged matrix", { ...base(), spillover: [[0, 1, 1], [1, 0], [1, 1, 0]] }, "spillover[1]: expected 3 entries (one per player), got 2"],
    ["a negative matrix entry", { ...base(), spillover: [[0, 1, 1], [1, 0, -2], [1, 1, 0]] }, "spillover[1][2]: expected a number >= 0, got -2"],
    ["a pair to an unknown player", { ...base(), spilloverPairs: [{ from: "a", to: "zz", value: 1 }] }, 'spilloverPairs[0].to: unknown player "zz"'],
    ["a pair to itself", { ...base(), spilloverPairs: [{ from: "a", to: "a", value: 1 }] }, 'spilloverPairs[0]: "from" and "to" are the same player (a lab does not spill over to itself)'],
    ["a negative pair value", { ...base(), spilloverPairs: [{ from: "a", to: "b", value: -1 }] }, "spilloverPairs[0].value: expected a number >= 0, got -1"],
    ["unsorted tiers", { ...base(), tiers: [0, 1, 0.5] }, "tiers[2]: expected levels in strictly increasing order, got 0.5 after 1"],
    ["repeated tiers", { ...base(), tiers: [0, 0.5, 0.5] }, "tiers[2]: expected levels in strictly increasing order, got 0.5 after 0.5"],
    ["tiers without 0", { ...base(), tiers: [0.5, 1] }, "tiers: must include 0 (closed)"],
    ["a tier above 1", { ...base(), tiers: [0, 2] }, "tiers[1]: expected a number <= 1, got 2"],
    ["a single tier", { ...base(), tiers: [0] }, "tiers: expected at least 2 levels, got 1"],
    ["a document that is not an object", [1, 2], "expected an object, got an array"],
  ])("reports %s with its path", (_, input, expected) => {
    // Unknown-field messages go on to list the allowed fields; the rest match whole.
    expect(problems(input).map((p) => p.split("; allowed here")[0])).toContain(expected);
  });

  it("reports every problem of a file at once", () => {
    const s = {
      ...base(),
      spillover: [[0, 1], [1, 0]],
      tiers: [0.5, 0.25],
      extra: true,
    };
    s.players[0] = { ...s.players[0], capability: NaN } as never;
    s.players[2] = { ...s.players[2], rivals: ["zz"] } as never;
    const found = problems(s);
    expect(found.map((p) => p.split(":")[0]).sort()).toEqual(
      ["extra", "players[0].capability", "players[2].rivals[0]", "spillover", "spillover[0]", "spillover[1]", "tiers", "tiers[1]"].sort(),
    );
  });

  it("reports malformed JSON with its line and column", () => {
    const result = parseScenarioText('{\n  "players": [\n    {"id": "a",, "capability": 1}\n  ]\n}');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0].message).toMatch(/^invalid JSON at line 3, column 16/);
  });

  it("treats a JSON number too large for a double as Infinity, and refuses it", () => {
    const result = parseScenarioText('{"players": [{"id": "a", "capability": 1e999}, {"id": "b", "capability": 1}]}');
    expect(result.ok ? [] : result.problems.map(formatProblem)).toEqual([
      "players[0].capability: expected a finite number, got Infinity",
    ]);
  });
});

describe("the game built from a scenario", () => {
  const build = (extra: object) => {
    const result = validateScenario({ ...base(), ...extra });
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    return buildGame(result.value);
  };
  const B = (g: ReturnType<typeof build>) => Array.from({ length: 3 }, (_, i) => Array.from({ length: 3 }, (_, j) => g.spillover[i * 3 + j]));

  it("spreads a uniform spillover off the diagonal", () => {
    expect(B(build({ spillover: 0.5 }))).toEqual([[0, 0.5, 0.5], [0.5, 0, 0.5], [0.5, 0.5, 0]]);
  });

  it("ignores a matrix's diagonal and applies pairs last", () => {
    const g = build({ spillover: [[9, 1, 2], [3, 9, 4], [5, 6, 9]], spilloverPairs: [{ from: "c", to: "a", value: 0 }] });
    expect(B(g)).toEqual([[0, 1, 2], [3, 0, 4], [0, 6, 0]]);
  });

  it("resolves rival ids and defaults to every other lab", () => {
    const g = build({ players: [{ id: "a", capability: 1, rivals: ["c"] }, { id: "b", capability: 2 }, { id: "c", capability: 3 }] });
    expect(g.rivals.map((r) => [...r])).toEqual([[2], [0, 2], [0, 1]]);
  });

  it("computes the tolerance 1e-9 * (1 + max|c| + max a + max column sum of B)", () => {
    const g = build({ players: [{ id: "a", capability: -12, communityGain: 2 }, { id: "b", capability: 3 }], spillover: [[0, 1.5], [0.5, 0]] });
    expect(g.tolerance).toBeCloseTo(1e-9 * (1 + 12 + 2 + 1.5), 20);
  });
});
