/**
 * Reports: the scenario, its equilibria, each lab's incentive, welfare, the continuous
 * equilibrium and charts, as one standalone HTML page (charts inlined as SVG, no external
 * resources) or as Markdown (charts written as SVG files beside it).
 */
import type { Estimate } from "../analysis/accumulators.js";
import { capabilityBarsSpec, sweepLineSpec, tornadoSpec, uncertainProbabilitySpec } from "../analysis/charts.js";
import { describeDistribution } from "../analysis/distributions.js";
import type { UncertainPlan } from "../analysis/uncertain.js";
import { runUncertain } from "../cli/uncertain.js";
import { metricsOf } from "../analysis/metrics.js";
import { describeIncentive, formatNumber, incompleteReason, levelLabel, readResult, readUniqueness, readWelfare } from "../analysis/reading.js";
import { shardRange, sweepSpec, type SweepDocument, type SweepPoint } from "../analysis/sweep.js";
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
  readonly sections: { heading: string; paragraphs?: string[]; table?: { header: string[]; rows: string[][] }; chart?: ReportChart }[];
  /** The solves behind it, for the exit status (a report of incomplete searches says so). */
  readonly results: readonly Pick<SolveResult, "complete" | "stopReason">[];
}

/** A chart: its SVG, and the Vega-Lite spec it was drawn from (data inline). */
export interface ReportChart {
  readonly svg: string;
  readonly spec: Record<string, unknown>;
}

const chartOf = async (spec: Record<string, unknown>): Promise<ReportChart> => ({ svg: await toSvg(spec), spec });

/** Solves what the report shows and renders its charts to SVG. */
export async function buildReport(
  name: string,
  scenario: Scenario,
  game: Game,
  options: { timeLimit?: number; uncertain?: { distributions: UncertainPlan["distributions"]; samples: number; seed: number } } = {},
): Promise<ReportContent> {
  const discrete = await solveDiscrete(game, { timeLimit: options.timeLimit });
  const continuous = await solveContinuous(game, { timeLimit: options.timeLimit, welfare: false, uniqueness: true });
  const sections: ReportContent["sections"] = [];
  const spill = scenario.spillover;
  const spillText = typeof spill === "number" ? `every pair ${spill}` : Array.isArray(spill) ? "a matrix (row: the opening lab)" : `absorptive, rate ${spill.absorptive}`;
  sections.push({
    heading: "The race",
    paragraphs: [`Spillover: ${spillText}${scenario.spilloverPairs?.length ? `, with ${scenario.spilloverPairs.length} pair(s) set explicitly` : ""}. Openness levels: ${game.tiers.map((x) => levelLabel(x, game)).join(", ")}.`],
    table: {
      header: ["lab", "capability", "community gain", "open cost", "rivals"],
      rows: scenario.players.map((p) => [p.name && p.name !== p.id ? `${p.id} (${p.name})` : p.id, formatNumber(p.capability), formatNumber(p.communityGain), formatNumber(p.openCost), p.rivals?.join(", ") ?? "all others"]),
    },
  });
  sections.push({
    heading: `Equilibria (${discrete.equilibria.length}${discrete.complete ? "" : " found, search incomplete"})`,
    paragraphs: [readResult(game, discrete), ...(discrete.equilibria.length > 50 ? [`The table shows the first 50 of the ${discrete.equilibria.length} listed.`] : [])],
    table: {
      header: ["#", ...game.ids, "welfare", "exploitability"],
      rows: discrete.equilibria.slice(0, 50).map((eq, e) => [String(e + 1), ...eq.profile.map((x) => levelLabel(x, game)), formatNumber(metricsOf(eq).welfare), formatNumber(eq.exploitability)]),
    },
  });
  if (discrete.exists === false && mixedFits(game)) sections.push(mixedSection(game));
  const first = discrete.equilibria[0];
  if (first) {
    sections.push({
      heading: "Why each lab chooses as it does (first equilibrium)",
      paragraphs: explainProfile(game, first.profile).incentives.map((inc) => describeIncentive(inc, game)),
      chart: await chartOf(capabilityBarsSpec(name, game, discrete, 1)),
    });
  }
  sections.push(welfareSection(discrete));
  const ce = continuous.equilibria[0];
  if (ce)
    sections.push({
      heading: "With partial openness (the continuous game)",
      paragraphs: [
        `When any openness in [0, 1] is allowed: ${continuous.equilibria.map((e, k) => `equilibrium ${k + 1} certified (exploitability ${formatNumber(e.exploitability)})`).join(", ")}. ${readUniqueness(continuous)}`,
      ],
      table: {
        header: ["lab", ...continuous.equilibria.flatMap((_, k) => (continuous.equilibria.length > 1 ? [`openness (${k + 1})`, `capability (${k + 1})`] : ["openness", "capability"]))],
        rows: game.ids.map((id, i) => [id, ...continuous.equilibria.flatMap((e) => [levelLabel(e.profile[i], game), formatNumber(e.capabilities[i])])]),
      },
    });
  const sweep = await spilloverSweep(name, scenario, options.timeLimit);
  if (sweep)
    sections.push({
      heading: "How the equilibrium moves with spillover",
      paragraphs: [sweepCaption(sweep)],
      chart: await chartOf(sweepLineSpec(sweep)),
    });
  if (!ce)
    sections.push({ heading: "With partial openness (the continuous game)", paragraphs: [`No certified equilibrium was found: ${incompleteReason(continuous) ?? "none was asked for"}.`] });
  if (options.uncertain) sections.push(...(await uncertaintySections(name, scenario, options.uncertain, options.timeLimit)));
  return { title: name, description: scenario.description, sections, results: [discrete, continuous, ...(sweep && !sweep.complete ? [{ complete: false, stopReason: "time-limit" as const }] : [])] };
}

/** What the sweep chart shows, with the values where it has no equilibrium to show. */
function sweepCaption(sweep: SweepDocument): string {
  const { path, from, to, steps } = sweep.sweep.vary[0];
  const none = sweep.points.filter((p) => p.complete && p.equilibria.length === 0).length;
  const cut = sweep.points.filter((p) => !p.complete).length + (sweep.sweep.size - sweep.points.length);
  return (
    `Each lab's level in every pure equilibrium as ${path} goes from ${from} to ${to} (${steps} values), and where equilibria disagree.` +
    (none ? ` At ${none} of the ${steps} values there is no pure equilibrium (grey).` : "") +
    (cut ? ` At ${cut} values the time limit stopped the search (dark).` : "")
  );
}

/** "Under uncertainty": each lab's probability to open, and which unknown decides it (Sobol indices). */
async function uncertaintySections(
  name: string,
  scenario: Scenario,
  uncertain: { distributions: UncertainPlan["distributions"]; samples: number; seed: number },
  timeLimit?: number,
): Promise<ReportContent["sections"]> {
  const { document, complete } = await runUncertain(name, { scenario }, uncertain.distributions, {
    ...uncertain,
    qmc: false,
    sensitivity: true,
    game: "discrete",
    method: "auto",
    timeLimit,
  });
  const pct = (e: Estimate) =>
    e.p === null ? "n/a" : `${(100 * e.p).toFixed(1)}%${e.interval95 ? ` (${(100 * e.interval95[0]).toFixed(1)} to ${(100 * e.interval95[1]).toFixed(1)})` : ""}`;
  const labs = document.labs as Record<string, { opensInEvery: Estimate; opensInSome: Estimate }>;
  const decides = Object.entries(document.sensitivity ?? {}).flatMap(([outcome, byInput]) => {
    if (!outcome.endsWith(".opensInEvery") && outcome !== "exists") return [];
    const [path, index] = Object.entries(byInput).filter(([, i]) => i.total !== null).sort((a, b) => b[1].total! - a[1].total!)[0] ?? [];
    const what = outcome === "exists" ? "Whether an equilibrium exists" : `Whether ${outcome.replace(/\.opensInEvery$/, "")} opens in every equilibrium`;
    if (!path) return [`${what} does not vary over the samples.`];
    const interval = index.totalInterval ? ` (95% interval ${formatNumber(index.totalInterval[0])} to ${formatNumber(index.totalInterval[1])})` : "";
    return [`${what} depends most on ${path}: Sobol total index ${formatNumber(index.total!)}${interval}, first-order ${formatNumber(index.first!)}.`];
  });
  const described = uncertain.distributions.map(({ path, distribution }) => `${path} ~ ${describeDistribution(distribution)}`).join("; ");
  return [
    {
      heading: "Under uncertainty",
      paragraphs: [
        `With ${described}: ${document.samples} independent samples (seed ${uncertain.seed}), every equilibrium of each sample computed exactly${complete ? "" : `; INCOMPLETE (the time limit stopped the sampling${document.incomplete ? `, ${document.incomplete} samples left out` : ""})`}.`,
        `An equilibrium exists in ${pct(document.exists)} of samples (in brackets: 95% intervals, Wilson's).`,
      ],
      table: { header: ["lab", "opens in every equilibrium", "opens in some equilibrium"], rows: Object.entries(labs).map(([lab, s]) => [lab, pct(s.opensInEvery), pct(s.opensInSome)]) },
      chart: await chartOf(uncertainProbabilitySpec(document)),
    },
    {
      heading: "Which unknown decides",
      paragraphs: decides,
      chart: await chartOf(tornadoSpec(document, ["exists", ...Object.keys(labs).map((lab) => `${lab}.opensInEvery`)])),
    },
  ];
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
  return { heading: "Welfare", paragraphs: [w ? `${readWelfare(w)} The social optimum is with every lab fully open.` : "Welfare was not computed."] };
}

/** A 21-point sweep of the spillover (the absorptive rate, or the uniform value). */
async function spilloverSweep(name: string, scenario: Scenario, timeLimit?: number): Promise<SweepDocument | null> {
  const spill = scenario.spillover;
  if (Array.isArray(spill)) return null;
  const path = typeof spill === "number" ? "spillover" : "spillover.absorptive";
  const top = Math.max(1, 2 * (typeof spill === "number" ? spill : spill.absorptive));
  const spec = sweepSpec(name, scenario, [{ path, from: 0, to: top, steps: 21 }], "discrete", false);
  const deadline = timeLimit === undefined ? Infinity : Date.now() + timeLimit * 1000;
  const { outcomes, stopped } = await solvePoints(spec, scenario, shardRange(spec.size), { method: "auto", deadline });
  if (outcomes.some((o) => "problems" in o)) return null;
  const points = outcomes as SweepPoint[];
  return { sweep: spec, complete: !stopped && points.every((p) => p.complete), points };
}

const escape = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** The page; `specLink` names the file beside it that holds a chart's spec (none: no link). */
export function reportHtml(report: ReportContent, specLink?: (chart: ReportChart) => string): string {
  const body = report.sections
    .map((s) => {
      const paragraphs = (s.paragraphs ?? []).map((p) => `<p>${escape(p)}</p>`).join("\n");
      const table = s.table
        ? `<table><thead><tr>${s.table.header.map((h) => `<th>${escape(h)}</th>`).join("")}</tr></thead><tbody>${s.table.rows
            .map((r) => `<tr>${r.map((c) => `<td>${escape(c)}</td>`).join("")}</tr>`)
            .join("")}</tbody></table>`
        : "";
      const chart = s.chart ? `<figure>${s.chart.svg}${specLink && s.chart ? `<figcaption><a href="${escape(specLink(s.chart))}">Vega-Lite spec of this chart</a></figcaption>` : ""}</figure>` : "";
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
export function reportMarkdown(report: ReportContent, chartName: (k: number) => string): { text: string; charts: (ReportChart & { name: string })[] } {
  const charts: (ReportChart & { name: string })[] = [];
  const cell = (c: string) => c.replace(/\|/g, "\\|");
  const parts = [`# ${report.title}`, "", ...(report.description ? [report.description, ""] : [])];
  for (const s of report.sections) {
    parts.push(`## ${s.heading}`, "");
    for (const p of s.paragraphs ?? []) parts.push(p, "");
    if (s.table) parts.push(`| ${s.table.header.map(cell).join(" | ")} |`, `|${s.table.header.map(() => "---").join("|")}|`, ...s.table.rows.map((r) => `| ${r.map(cell).join(" | ")} |`), "");
    if (s.chart) {
      const name = chartName(charts.length);
      charts.push({ name, ...s.chart });
      parts.push(`![${s.heading}](${name})`, "");
    }
  }
  return { text: parts.join("\n"), charts };
}
