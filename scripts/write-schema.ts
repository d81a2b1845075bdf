/** Writes schema/scenario.schema.json from the zod schema (`npm run schema`). */
import { writeFileSync } from "node:fs";
import { scenarioJsonSchema } from "../src/model/scenario.js";

export const SCHEMA_FILE = new URL("../schema/scenario.schema.json", import.meta.url);

export function schemaText(): string {
  return `${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  writeFileSync(SCHEMA_FILE, schemaText());
  console.log(`wrote ${SCHEMA_FILE.pathname}`);
}
