/** `openrace report FILE --out report.html|report.md`. */
import { basename, dirname, join } from "node:path";
import { buildReport, reportHtml, reportMarkdown } from "../io/report.js";
import { writeRenderedChart } from "../io/render.js";
import { loadScenario } from "../io/scenario-file.js";
import { writeFileAtomic } from "../io/write.js";
import { EXIT, InputError } from "./errors.js";

export async function reportCommand(file: string, options: { out: string; timeLimit?: number }): Promise<number> {
  const html = /\.html?$/i.test(options.out);
  if (!html && !/\.md$/i.test(options.out)) throw new InputError(`openrace: ${options.out}: expected a file name ending in .html or .md`);
  const { name, scenario, game } = loadScenario(file);
  const report = await buildReport(name, scenario, game, { timeLimit: options.timeLimit });
  if (html) writeFileAtomic(options.out, reportHtml(report));
  else {
    const stem = basename(options.out).replace(/\.md$/i, "");
    const { text, charts } = reportMarkdown(report, (k) => `${stem}-chart-${k + 1}.svg`);
    for (const chart of charts) writeRenderedChart(chart.spec, chart.svg, join(dirname(options.out), chart.name));
    writeFileAtomic(options.out, text);
  }
  return EXIT.ok;
}
