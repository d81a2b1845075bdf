import { readdirSync, readFileSync } from "node:fs";
import Ajv2020 from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import { validateScenario } from "../src/index.js";
import { schemaText, SCHEMA_FILE } from "../scripts/write-schema.js";

const schema = JSON.parse(readFileSync(SCHEMA_FILE, "utf8"));
const ajv = new Ajv2020.default({ allErrors: true, strict: false });
const check = ajv.compile(schema);
const examples = readdirSync(new URL("../examples/", import.meta.url)).filter((f) => f.endsWith(".json"));

describe("the published JSON Schema", () => {
  it("is the one generated from the validator's source (run `npm run schema` after a change)", () => {
    expect(readFileSync(SCHEMA_FILE, "utf8")).toBe(schemaText());
  });

  it.each(examples)("accepts examples/%s, as the validator does", (file) => {
    const data = JSON.parse(readFileSync(new URL(`../examples/${file}`, import.meta.url), "utf8"));
    expect(check(data)).toBe(true);
    expect(validateScenario(data).ok).toBe(true);
  });

  it.each([
    ["an unknown field", { players: [{ id: "a", capability: 1, typo: 1 }, { id: "b", capability: 2 }] }],
    ["a negative gain", { players: [{ id: "a", capability: 1, communityGain: -1 }, { id: "b", capability: 2 }] }],
    ["a bad id", { players: [{ id: "a b", capability: 1 }, { id: "b", capability: 2 }] }],
    ["one player", { players: [{ id: "a", capability: 1 }] }],
    ["a tier above 1", { players: [{ id: "a", capability: 1 }, { id: "b", capability: 2 }], tiers: [0, 3] }],
  ])("refuses %s, as the validator does", (_, data) => {
    expect(check(data)).toBe(false);
    expect(validateScenario(data).ok).toBe(false);
  });
});
