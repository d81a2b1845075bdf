/** `openrace report FILE --out report.html|report.md`. */
import { basename, dirname, join } from "node:path";
import { buildReport, reportHtml, reportMarkdown, type ReportChart } from "../io/report.js";
import { writeChartSpec, writeRenderedChart } from "../io/render.js";
import { loadScenario } from "../io/scenario-file.js";
import { ensureDir, writeFileAtomic } from "../io/write.js";
import { exitStatus, InputError } from "./errors.js";
import { loadUncertainSpec } from "./uncertain.js";

export async function reportCommand(file: string, options: { out: string; timeLimit?: number; spec?: string; samples?: number; seed?: number }): Promise<number> {
  const html = /\.html?$/i.test(options.out);
  if (!html && !/\.md$/i.test(options.out)) throw new InputError(`openrace: ${options.out}: expected a file name ending in .html or .md`);
  const { name, scenario, game } = loadScenario(file);
  ensureDir(dirname(options.out)); // before the work, so that a bad folder fails fast
  const uncertain = options.spec ? { distributions: loadUncertainSpec(options.spec, { scenario }), samples: options.samples ?? 1000, seed: options.seed ?? 1 } : undefined;
  const report = await buildReport(name, scenario, game, { timeLimit: options.timeLimit, uncertain });
  const stem = basename(options.out).replace(/\.(html?|md)$/i, "");
  const beside = (name: string) => join(dirname(options.out), name);
  if (html) {
    // The charts are inline; their specs go beside the page, each linked from its figure.
    const charts = report.sections.flatMap((s) => (s.chart ? [s.chart] : []));
    const specName = (chart: ReportChart) => `${stem}-chart-${charts.indexOf(chart) + 1}.vl.json`;
    for (const chart of charts) writeChartSpec(chart.spec, beside(specName(chart)));
    writeFileAtomic(options.out, reportHtml(report, specName));
  } else {
    const { text, charts } = reportMarkdown(report, (k) => `${stem}-chart-${k + 1}.svg`);
    for (const chart of charts) writeRenderedChart(chart.spec, chart.svg, beside(chart.name));
    writeFileAtomic(options.out, text);
  }
  return exitStatus(...report.results);
}
