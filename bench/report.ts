/**
 * docs/benchmarks.md is written by several suites; each replaces only its own section,
 * between `<!-- bench:NAME -->` markers, so suites can be rerun one at a time.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";

const FILE = new URL("../docs/benchmarks.md", import.meta.url);
const PREAMBLE = `# Benchmarks

Written by \`npm run bench\` (all suites) or \`npm run bench -- SUITE\`; each section names
the machine and date it was measured on. Random instances come from \`randomScenario\`
(\`src/generators/random.ts\`, the benchmark distribution: c ~ U(0,10), a ~ U(0,3),
k ~ U(0,3) with probability 1/2 else 0, B[i][j] ~ U(0,2) with probability 1/2 else 0) and
\`randomCnf\` + \`satScenario\` (\`src/generators/sat.ts\`); the seed is the generator's seed.
`;

export function writeSection(name: string, body: string): void {
  const text = existsSync(FILE) ? readFileSync(FILE, "utf8") : PREAMBLE;
  const start = `<!-- bench:${name} -->`;
  const end = `<!-- /bench:${name} -->`;
  const section = `${start}\n${body.trim()}\n${end}`;
  const pattern = new RegExp(`${start}[\\s\\S]*?${end}`);
  const base = text.startsWith("# Benchmarks") ? text : PREAMBLE;
  writeFileSync(FILE, pattern.test(base) ? base.replace(pattern, section) : `${base.trimEnd()}\n\n${section}\n`);
}
