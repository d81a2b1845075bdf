/** `npm run bench [-- SUITE...]`: runs the benchmark suites and updates docs/benchmarks.md. */
import { enumerationSuite } from "./enumerate.js";
import { scaleSuite } from "./scale.js";
import { continuousSuite } from "./continuous.js";
import { sweepSuite } from "./sweep.js";
import { uncertainSuite } from "./uncertain.js";
import { webSuite } from "./web.js";
import { thresholdsSuite } from "./thresholds.js";
import { hardSuite, portfolioSuite } from "./hard.js";
import { mixedSuite } from "./mixed.js";

const SUITES: Record<string, () => Promise<void>> = { enumerate: enumerationSuite, scale: scaleSuite, continuous: continuousSuite, sweep: sweepSuite, hard: hardSuite, portfolio: portfolioSuite, thresholds: thresholdsSuite, uncertain: uncertainSuite, mixed: mixedSuite, web: webSuite };
const chosen = process.argv.slice(2);
const unknown = chosen.filter((s) => !(s in SUITES));
if (unknown.length) {
  console.error(`unknown suite ${unknown.join(", ")}; suites: ${Object.keys(SUITES).join(", ")}`);
  process.exit(2);
}
for (const name of chosen.length ? chosen : Object.keys(SUITES)) {
  console.error(`== ${name}`);
  await SUITES[name]();
}
console.error("wrote docs/benchmarks.md");
