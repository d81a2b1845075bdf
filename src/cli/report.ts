/** `openrace report FILE --out report.html|report.md`. */
import { basename, dirname, join } from "node:path";
import { buildReport, reportHtml, reportMarkdown } from "../io/report.js";
import { loadScenario } from "../io/scenario-file.js";
import { writeFileAtomic } from "../io/write.js";
import { EXIT, InputError } from "./errors.js";
import { loadUncertainSpec } from "./uncertain.js";

export async function reportCommand(file: string, options: { out: string; timeLimit?: number; spec?: string; samples?: number; seed?: number }): Promise<number> {
  const html = /\.html?$/i.test(options.out);
  if (!html && !/\.md$/i.test(options.out)) throw new InputError(`openrace: ${options.out}: expected a file name ending in .html or .md`);
  const { name, scenario, game } = loadScenario(file);
  const uncertain = options.spec ? { distributions: loadUncertainSpec(options.spec, { scenario }), samples: options.samples ?? 1000, seed: options.seed ?? 1 } : undefined;
  const report = await buildReport(name, scenario, game, { timeLimit: options.timeLimit, uncertain });
  if (html) writeFileAtomic(options.out, reportHtml(report));
  else {
    const stem = basename(options.out).replace(/\.md$/i, "");
    const { text, charts } = reportMarkdown(report, (k) => `${stem}-chart-${k + 1}.svg`);
    for (const chart of charts) writeFileAtomic(join(dirname(options.out), chart.name), chart.svg);
    writeFileAtomic(options.out, text);
  }
  return EXIT.ok;
}
