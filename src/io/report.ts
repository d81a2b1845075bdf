/**
 * Reports: the scenario, its equilibria, each lab's incentive, welfare, the continuous
 * equilibrium and charts, as one standalone HTML page (charts inlined as SVG, no external
 * resources) or as Markdown (charts written as SVG files beside it).
 */
import { capabilityBarsSpec, sweepLineSpec } from "../analysis/charts.js";
import { metricsOf } from "../analysis/metrics.js";
import { describeIncentive, formatNumber, levelLabel, readResult } from "../analysis/reading.js";
import { shardIndices, sweepSpec, type SweepDocument, type SweepPoint } from "../analysis/sweep.js";
import { solvePoints } from "../cli/sweep-pool.js";
import { explainProfile } from "../model/explain.js";
import type { Game } from "../model/game.js";
import type { Scenario } from "../model/scenario.js";
import { formatProbability, formatRegret, readMixedResult } from "../analysis/mixed-reading.js";
import { mixedFits, solveMixed } from "../solvers/mixed.js";
import { solveContinuous } from "../solvers/solve-continuous.js";
import { solveDiscrete, type SolveResult } from "../solvers/solve.js";
import { toSvg } from "./render.js";

export interface ReportContent {
  readonly title: string;
  readonly description?: string;
  readonly sections: { heading: string; paragraphs?: string[]; table?: { header: string[]; rows: string[][] }; chart?: string }[];
}

/** Solves what the report shows and renders its charts to SVG. */
export async function buildReport(name: string, scenario: Scenario, game: Game, options: { timeLimit?: number } = {}): Promise<ReportContent> {
  const discrete = await solveDiscrete(game, { timeLimit: options.timeLimit });
  const continuous = await solveContinuous(game, { timeLimit: options.timeLimit, welfare: false });
  const sections: ReportContent["sections"] = [];
  const spill = scenario.spillover;
  const spillText = typeof spill === "number" ? `every pair ${spill}` : Array.isArray(spill) ? "a matrix (row: the opening lab)" : `absorptive, rate ${spill.absorptive}`;
  sections.push({
    heading: "The race",
    paragraphs: [`Spillover: ${spillText}${scenario.spilloverPairs?.length ? `, with ${scenario.spilloverPairs.length} pair(s) set explicitly` : ""}. Openness levels: ${game.tiers.map(levelLabel).join(", ")}.`],
    table: {
      header: ["lab", "capability", "community gain", "open cost", "rivals"],
      rows: scenario.players.map((p) => [p.name && p.name !== p.id ? `${p.id} (${p.name})` : p.id, formatNumber(p.capability), formatNumber(p.communityGain), formatNumber(p.openCost), p.rivals?.join(", ") ?? "all others"]),
    },
  });
  sections.push({
    heading: `Equilibria (${discrete.equilibria.length}${discrete.complete ? "" : ", search incomplete"})`,
    paragraphs: [readResult(game, discrete)],
    table: {
      header: ["#", ...game.ids, "welfare", "exploitability"],
      rows: discrete.equilibria.slice(0, 50).map((eq, e) => [String(e + 1), ...eq.profile.map(levelLabel), formatNumber(metricsOf(eq).welfare), formatNumber(eq.exploitability)]),
    },
  });
  if (discrete.exists === false && mixedFits(game)) sections.push(mixedSection(game));
  const first = discrete.equilibria[0];
  if (first) {
    sections.push({
      heading: "Why each lab chooses as it does (first equilibrium)",
      paragraphs: explainProfile(game, first.profile).incentives.map(describeIncentive),
      chart: await toSvg(capabilityBarsSpec(name, game, first)),
    });
  }
  sections.push(welfareSection(discrete));
  const ce = continuous.equilibria[0];
  if (ce)
    sections.push({
      heading: "With partial openness (the continuous game)",
      paragraphs: [`A certified equilibrium when any openness in [0, 1] is allowed (exploitability ${formatNumber(ce.exploitability)}):`],
      table: { header: ["lab", "openness", "capability"], rows: game.ids.map((id, i) => [id, levelLabel(ce.profile[i]), formatNumber(ce.capabilities[i])]) },
    });
  const sweep = await spilloverSweep(name, scenario, options.timeLimit);
  if (sweep)
    sections.push({
      heading: "How the equilibrium moves with spillover",
      paragraphs: [`The highest-welfare equilibrium as ${sweep.sweep.vary[0].path} goes from ${sweep.sweep.vary[0].from} to ${sweep.sweep.vary[0].to}.`],
      chart: await toSvg(sweepLineSpec(sweep, game.ids)),
    });
  return { title: name, description: scenario.description, sections };
}

/** With no pure equilibrium: the mixed one (MODEL.md section 2; `solve --concept mixed`). */
function mixedSection(game: Game): ReportContent["sections"][number] {
  const mixed = solveMixed(game);
  return {
    heading: "Mixed equilibrium (no pure one exists)",
    paragraphs: [readMixedResult(game, mixed, false), ...mixed.equilibria.map((eq) => `Certificate: regret ${formatRegret(eq.regret)} (the most any lab gains by a pure deviation).`)],
    table: {
      header: ["lab", ...game.tiers.map((t) => `P(${levelLabel(t)})`), "expected payoff"],
      rows: mixed.equilibria.flatMap((eq) => game.ids.map((id, i) => [id, ...eq.strategies[i].map(formatProbability), formatNumber(eq.payoffs[i])])),
    },
  };
}

function welfareSection(result: SolveResult): ReportContent["sections"][number] {
  const w = result.welfare;
  const f = (v: number | null | undefined) => (v === null || v === undefined ? "n/a" : formatNumber(v));
  return {
    heading: "Welfare",
    paragraphs: [
      `Welfare is the sum of capabilities. The social optimum (every lab fully open) is ${f(w?.socialOptimum)}; ` +
        `equilibria range from ${f(w?.worstEquilibrium)} to ${f(w?.bestEquilibrium)}: price of anarchy ${f(w?.priceOfAnarchy)}, of stability ${f(w?.priceOfStability)}.`,
    ],
  };
}

/** A 21-point sweep of the spillover (the absorptive rate, or the uniform value). */
async function spilloverSweep(name: string, scenario: Scenario, timeLimit?: number): Promise<SweepDocument | null> {
  const spill = scenario.spillover;
  if (Array.isArray(spill)) return null;
  const path = typeof spill === "number" ? "spillover" : "spillover.absorptive";
  const top = Math.max(1, 2 * (typeof spill === "number" ? spill : spill.absorptive));
  const spec = sweepSpec(name, scenario, [{ path, from: 0, to: top, steps: 21 }], "discrete", false);
  const deadline = timeLimit === undefined ? Infinity : Date.now() + timeLimit * 1000;
  const { outcomes, stopped } = await solvePoints(spec, scenario, shardIndices(spec.size), { method: "auto", deadline });
  if (outcomes.some((o) => "problems" in o)) return null;
  const points = outcomes as SweepPoint[];
  return { sweep: spec, complete: !stopped && points.every((p) => p.complete), points };
}

const escape = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

export function reportHtml(report: ReportContent): string {
  const body = report.sections
    .map((s) => {
      const paragraphs = (s.paragraphs ?? []).map((p) => `<p>${escape(p)}</p>`).join("\n");
      const table = s.table
        ? `<table><thead><tr>${s.table.header.map((h) => `<th>${escape(h)}</th>`).join("")}</tr></thead><tbody>${s.table.rows
            .map((r) => `<tr>${r.map((c) => `<td>${escape(c)}</td>`).join("")}</tr>`)
            .join("")}</tbody></table>`
        : "";
      const chart = s.chart ? `<figure>${s.chart}</figure>` : "";
      return `<section><h2>${escape(s.heading)}</h2>\n${paragraphs}\n${table}\n${chart}</section>`;
    })
    .join("\n");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(report.title)}: openrace report</title>
<style>
body{font-family:"DejaVu Sans",system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.5;color:#111}
table{border-collapse:collapse;margin:1rem 0}th,td{border:1px solid #ccc;padding:.25rem .6rem;text-align:left}th{background:#f3f3f3}
figure{margin:1rem 0;overflow-x:auto}figure svg{max-width:100%;height:auto}h1{margin-bottom:.2rem}.description{color:#444}
</style></head>
<body><h1>${escape(report.title)}</h1>
${report.description ? `<p class="description">${escape(report.description)}</p>` : ""}
<p>Computed by openrace: every equilibrium listed is certified by the exact evaluator (its exploitability is shown).</p>
${body}
</body></html>
`;
}

/** Markdown, with each chart as an SVG file next to it: returns the text and the files. */
export function reportMarkdown(report: ReportContent, chartName: (k: number) => string): { text: string; charts: { name: string; svg: string }[] } {
  const charts: { name: string; svg: string }[] = [];
  const cell = (c: string) => c.replace(/\|/g, "\\|");
  const parts = [`# ${report.title}`, "", ...(report.description ? [report.description, ""] : [])];
  for (const s of report.sections) {
    parts.push(`## ${s.heading}`, "");
    for (const p of s.paragraphs ?? []) parts.push(p, "");
    if (s.table) parts.push(`| ${s.table.header.map(cell).join(" | ")} |`, `|${s.table.header.map(() => "---").join("|")}|`, ...s.table.rows.map((r) => `| ${r.map(cell).join(" | ")} |`), "");
    if (s.chart) {
      const name = chartName(charts.length);
      charts.push({ name, svg: s.chart });
      parts.push(`![${s.heading}](${name})`, "");
    }
  }
  return { text: parts.join("\n"), charts };
}
