/**
 * Chart specifications (Vega-Lite), shared by the command line (rendered to SVG and PNG by
 * io/render.ts) and the web explorer. Pure data: no rendering here.
 *
 * Colours: the Okabe-Ito palette, distinguishable with the common colour-vision deficiencies;
 * text in DejaVu Sans, which ships with openrace so that charts look the same everywhere.
 */
import type { Equilibrium } from "../model/certificate.js";
import type { Game } from "../model/game.js";
import { bestEquilibrium } from "../model/objectives.js";
import { metricsOf } from "./metrics.js";
import type { SweepDocument, SweepPoint } from "./sweep.js";
import type { Estimate } from "./accumulators.js";
import type { UncertainDocument } from "./uncertain.js";

export const OKABE_ITO = ["#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#000000"];
export const FONT = "DejaVu Sans";

type Spec = Record<string, unknown>;

/** Colours of a lab's choice: closed, partly open (open weights), open. */
const CHOICE_COLOURS = ["#0072B2", "#F0E442", "#E69F00"];

const config = {
  font: FONT,
  view: { stroke: null },
  axis: { labelFontSize: 11, titleFontSize: 12, grid: true },
  legend: { labelFontSize: 11, titleFontSize: 12, labelLimit: 320 },
  title: { fontSize: 14 },
  range: { category: OKABE_ITO },
};

/** The equilibrium a chart shows at a point: the highest-welfare one (the only one, if continuous). */
export function shownEquilibrium(point: { readonly equilibria: readonly Equilibrium[] }): Equilibrium | null {
  return bestEquilibrium(point.equilibria, "welfare") ?? null;
}

/**
 * One varied parameter: each lab's openness, and the metrics, along the parameter. With a
 * `marker` (the web explorer's slider), a dashed vertical rule at that value in each lab's strip
 * and in the metrics panel; the value is the `marker` parameter, so that a drawn view can move it.
 */
export function sweepLineSpec(document: SweepDocument, players: readonly string[], options: { marker?: number } = {}): Spec {
  const path = document.sweep.vary[0].path;
  const openness: object[] = [];
  const metrics: object[] = [];
  for (const point of document.points) {
    const v = point.values[path];
    const eq = shownEquilibrium(point);
    if (!eq) continue;
    // Field names stay plain: Vega-Lite reads dots in a field name as nested access.
    players.forEach((lab, i) => openness.push({ parameter: v, lab, openness: eq.profile[i] }));
    const m = metricsOf(eq);
    metrics.push({ parameter: v, metric: "frontier", value: m.frontier });
    metrics.push({ parameter: v, metric: "lead", value: m.lead });
    if (m.bestOpenCapability !== null) metrics.push({ parameter: v, metric: "best open capability", value: m.bestOpenCapability });
  }
  const x = { field: "parameter", type: "quantitative", title: path };
  const lines = {
    mark: { type: "line", point: true, interpolate: "step-after" },
    encoding: {
      x: { ...x, axis: { title: null } },
      y: { field: "openness", type: "quantitative", title: "openness", scale: { domain: [0, 1] }, axis: { values: [0, 0.5, 1], titleFontSize: 10 } },
      color: { field: "lab", type: "nominal", legend: null, sort: [...players] },
    },
  };
  const metricLines = {
    data: { values: metrics },
    encoding: {
      x,
      y: { field: "value", type: "quantitative", title: "capability" },
      color: { field: "metric", type: "nominal", title: "metric", scale: { range: OKABE_ITO.slice(4) } },
    },
    // Dash and point shape keep metrics that coincide distinguishable on the plot; the
    // colour legend names them (Vega-Lite will not merge it with a shape legend).
    layer: [
      { mark: { type: "line" }, encoding: { strokeDash: { field: "metric", type: "nominal", legend: null } } },
      { mark: { type: "point", filled: true, size: 45, opacity: 1 }, encoding: { shape: { field: "metric", type: "nominal", legend: null } } },
    ],
  };
  const rule = {
    mark: { type: "rule", color: "#000000", strokeDash: [4, 3], opacity: 0.7 },
    encoding: { x: { datum: { expr: "marker" }, type: "quantitative" } },
  };
  const marked = options.marker !== undefined;
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: `${document.sweep.scenario}: equilibrium as ${path} varies`,
    config,
    vconcat: [
      {
        // One strip per lab: overlapping step lines would hide each other.
        data: { values: openness },
        facet: { row: { field: "lab", type: "nominal", title: null, sort: [...players], header: { labelAngle: 0, labelAlign: "left", labelFontSize: 11 } } },
        spacing: 6,
        // The marker: one rule per strip (an aggregate leaves one row in each facet cell).
        spec: marked
          ? { width: 520, height: 46, layer: [lines, { ...rule, transform: [{ aggregate: [{ op: "count", as: "n" }] }] }] }
          : { width: 520, height: 46, ...lines },
      },
      // The metrics panel's encoding would be inherited by a layer inside it: the marker wraps it.
      marked ? { width: 520, height: 180, layer: [metricLines, { ...rule, data: { values: [{}] } }] } : { width: 520, height: 180, ...metricLines },
    ],
    resolve: { scale: { color: "independent", strokeDash: "independent", shape: "independent" } },
    description: "Discrete games: the highest-welfare equilibrium at each value; points without one are left out.",
    ...(marked ? { params: [{ name: "marker", value: options.marker }] } : {}),
  };
}

/** Two varied parameters: a phase diagram coloured by which labs open (or no equilibrium). */
export function phaseDiagramSpec(document: SweepDocument, players: readonly string[]): Spec {
  const [a, b] = document.sweep.vary;
  const values = document.points.map((point) => {
    const eq = shownEquilibrium(point);
    const regime = !eq ? "no equilibrium" : eq.profile.every((x) => x === 0) ? "all closed" : players.filter((_, i) => eq.profile[i] > 0).join(" + ");
    return { a: point.values[a.path], b: point.values[b.path], regime };
  });
  const regimes = [...new Set(values.map((v) => v.regime))];
  const palette = regimes.map((r, k) => (r === "no equilibrium" ? "#BBBBBB" : OKABE_ITO[k % OKABE_ITO.length]));
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: `${document.sweep.scenario}: who opens (highest-welfare equilibrium)`,
    config,
    width: 420,
    height: 360,
    data: { values },
    mark: { type: "rect" },
    encoding: {
      x: { field: "a", type: "ordinal", title: a.path, axis: { format: ".3~g", labelOverlap: true } },
      y: { field: "b", type: "ordinal", title: b.path, sort: "descending", axis: { format: ".3~g", labelOverlap: true } },
      color: { field: "regime", type: "nominal", title: "labs that open", scale: { domain: regimes, range: palette } },
      tooltip: [{ field: "a", title: a.path }, { field: "b", title: b.path }, { field: "regime" }],
    },
  };
}

/** `solve --plot`: each lab's capability at an equilibrium, coloured by its openness. */
export function capabilityBarsSpec(name: string, game: Game, eq: Equilibrium): Spec {
  const values = game.ids.map((lab, i) => ({
    lab,
    capability: eq.capabilities[i],
    before: game.capability[i],
    openness: eq.profile[i] === 0 ? "closed" : eq.profile[i] === 1 ? "open" : "partly open",
  }));
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: {
      text: `Capabilities at the equilibrium (${eq.profile.map((x) => Number(x.toFixed(3))).join(", ")})`,
      subtitle: `${name}. Black ticks: capability before the round.`,
    },
    config,
    width: Math.max(360, 90 * game.n),
    height: 260,
    data: { values },
    layer: [
      {
        mark: { type: "bar" },
        encoding: {
          x: { field: "lab", type: "nominal", sort: null, title: "lab", axis: { labelAngle: game.n > 6 ? -40 : 0, labelLimit: 140 } },
          y: { field: "capability", type: "quantitative", title: "capability after the round" },
          color: { field: "openness", type: "nominal", title: "choice", scale: { domain: ["closed", "partly open", "open"], range: CHOICE_COLOURS } },
        },
      },
      {
        mark: { type: "tick", color: "#000000", thickness: 2 },
        encoding: { x: { field: "lab", type: "nominal", sort: null }, y: { field: "before", type: "quantitative" } },
      },
    ],
    description: "Black ticks: capability before the round.",
  };
}

/** Calibration: observed openness per lab and period (colour) and the model's prediction (text). */
export function calibrationSpec(periods: readonly { period: string; labs: string[]; observed: number[]; predicted: number[] }[]): Spec {
  const label = (x: number) => (x === 0 ? "closed" : x === 1 ? "open" : "weights");
  const values = periods.flatMap((p) =>
    p.labs.map((lab, k) => ({
      period: p.period,
      lab,
      observed: label(p.observed[k]),
      predicted: label(p.predicted[k]),
      match: (p.observed[k] > 0) === (p.predicted[k] > 0) ? "" : "✗",
    })),
  );
  const labs = [...new Set(values.map((v) => v.lab))];
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: { text: "Observed releases (colour) and the fitted model's prediction (text)", subtitle: "✗: the model gets open / closed wrong" },
    config,
    width: 480,
    height: 22 * labs.length,
    data: { values },
    encoding: {
      x: { field: "period", type: "ordinal", title: "half-year", axis: { grid: false, labelAngle: 0 } },
      y: { field: "lab", type: "nominal", sort: labs, title: null, axis: { grid: false } },
    },
    layer: [
      {
        mark: { type: "rect", stroke: "white" },
        encoding: { color: { field: "observed", type: "nominal", title: "observed", scale: { domain: ["closed", "weights", "open"], range: CHOICE_COLOURS } } },
      },
      { mark: { type: "text", fontSize: 10 }, encoding: { text: { field: "predicted" }, color: { value: "#000000" } } },
      { mark: { type: "text", fontSize: 12, dx: 30, fontWeight: "bold" }, encoding: { text: { field: "match" }, color: { value: "#D55E00" } } },
    ],
  };
}

/** `uncertain`: each lab's probability to open in every / in some equilibrium, with 95% intervals (Estimate.interval95). */
export function uncertainProbabilitySpec(document: UncertainDocument): Spec {
  const values: object[] = [];
  const push = (row: string, outcome: string, e: Estimate) => {
    if (e.p === null) return;
    const [lo, hi] = e.interval95 ?? [e.p, e.p];
    values.push({ row, outcome, p: e.p, lo, hi });
  };
  push("an equilibrium exists", "exists", document.exists);
  for (const [lab, stats] of Object.entries(document.labs)) {
    const s = stats as Record<string, Estimate>;
    if (s.opens) push(lab, "opens (equilibrium found)", s.opens);
    else {
      push(lab, "opens in every equilibrium", s.opensInEvery);
      push(lab, "opens in some equilibrium", s.opensInSome);
    }
  }
  const rows = [...new Set(values.map((v) => (v as { row: string }).row))];
  const plan = document.uncertain;
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: {
      text: `${plan.scenario}: probabilities under uncertainty`,
      subtitle: `${document.samples} samples${plan.qmc ? " (quasi-random)" : ""}, seed ${plan.seed}; bars: 95% intervals${document.incomplete ? `; ${document.incomplete} incomplete samples left out` : ""}`,
    },
    config,
    width: 420,
    height: { step: 26 },
    data: { values },
    encoding: {
      y: { field: "row", type: "nominal", sort: rows, title: null, axis: { labelLimit: 240 } },
      yOffset: { field: "outcome", type: "nominal" },
      color: { field: "outcome", type: "nominal", title: null, legend: { orient: "bottom", columns: 2 } },
    },
    layer: [
      { mark: { type: "rule", strokeWidth: 2 }, encoding: { x: { field: "lo", type: "quantitative", title: "probability", scale: { domain: [0, 1] } }, x2: { field: "hi" } } },
      { mark: { type: "point", filled: true, size: 50 }, encoding: { x: { field: "p", type: "quantitative" }, tooltip: [{ field: "row" }, { field: "outcome" }, { field: "p", format: ".3f" }, { field: "lo", format: ".3f" }, { field: "hi", format: ".3f" }] } },
    ],
  };
}

/** `uncertain`: each metric's distribution over the samples (5-95% range, median, mean), one panel per metric. */
export function uncertainMetricsSpec(document: UncertainDocument): Spec {
  type Summary = { q05: number; q50: number; q95: number; mean: number; highest?: Summary | null } | null;
  const values: object[] = [];
  for (const [metric, summary] of Object.entries(document.metrics as Record<string, Summary>)) {
    if (!summary) continue;
    const which = document.uncertain.game === "continuous" ? [["value", summary] as const] : ([["lowest", summary], ["highest", summary.highest ?? null]] as const);
    for (const [over, s] of which) if (s) values.push({ metric, over, q05: s.q05, q50: s.q50, q95: s.q95, mean: s.mean });
  }
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: {
      text: `${document.uncertain.scenario}: metrics under uncertainty`,
      subtitle: "bar: 5% to 95% of samples; tick: median; dot: mean. Lowest / highest: over each sample's equilibria.",
    },
    config,
    data: { values },
    vconcat: [...new Set(values.map((v) => (v as { metric: string }).metric))].map((metric) => ({
      title: { text: metric, anchor: "start", fontSize: 12 },
      transform: [{ filter: { field: "metric", equal: metric } }],
      width: 380,
      height: { step: 16 },
      encoding: { y: { field: "over", type: "nominal", title: null, sort: ["lowest", "highest", "value"] }, color: { field: "over", type: "nominal", legend: null, sort: ["lowest", "highest", "value"] } },
      layer: [
        { mark: { type: "rule", strokeWidth: 6, opacity: 0.5 }, encoding: { x: { field: "q05", type: "quantitative", title: null, scale: { zero: false } }, x2: { field: "q95" } } },
        { mark: { type: "tick", color: "#000000", thickness: 2 }, encoding: { x: { field: "q50", type: "quantitative" } } },
        { mark: { type: "point", filled: true, color: "#000000" }, encoding: { x: { field: "mean", type: "quantitative" } } },
      ],
    })),
  };
}

/**
 * `uncertain`: a tornado of Sobol indices, one panel per outcome (say "meta.opensInEvery"):
 * the uncertain numbers sorted by total index (bar, with its 95% bootstrap interval), the
 * first-order index as a tick. Which unknown decides whether a lab opens is the top bar.
 */
export function tornadoSpec(document: UncertainDocument, outcomes?: readonly string[]): Spec {
  const values: object[] = [];
  for (const [outcome, byInput] of Object.entries(document.sensitivity ?? {})) {
    if (outcomes && !outcomes.includes(outcome)) continue;
    // Rows in the order drawn (largest total first): sorting by a field breaks across layers.
    const ranked = Object.entries(byInput).sort((p, q) => (q[1].total ?? -1) - (p[1].total ?? -1));
    for (const [input, index] of ranked)
      if (index.total !== null)
        values.push({
          outcome,
          input,
          total: index.total,
          first: index.first,
          lo: index.totalInterval?.[0] ?? index.total,
          hi: index.totalInterval?.[1] ?? index.total,
        });
  }
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: {
      text: `${document.uncertain.scenario}: which unknown decides each outcome`,
      subtitle: "bar: Sobol total index (line: 95% bootstrap interval); black tick: first-order index. Outcomes that never vary are left out.",
    },
    config,
    data: { values },
    // One layered panel per outcome (vconcat, not facet: a facet of layers with independent
    // scales makes Vega-Lite guess about shared domains).
    vconcat: [...new Set(values.map((v) => (v as { outcome: string }).outcome))].map((outcome) => ({
      title: { text: outcome, anchor: "start", fontSize: 12 },
      transform: [{ filter: { field: "outcome", equal: outcome } }],
      width: 360,
      height: { step: 16 },
      encoding: { y: { field: "input", type: "nominal", title: null, sort: null, axis: { labelLimit: 320 } } },
      layer: [
        { mark: { type: "bar", color: OKABE_ITO[1] }, encoding: { x: { field: "total", type: "quantitative", title: "Sobol index", scale: { domain: [0, 1], clamp: true } } } },
        { mark: { type: "rule" }, encoding: { x: { field: "lo", type: "quantitative" }, x2: { field: "hi" } } },
        { mark: { type: "tick", color: "#000000", thickness: 2 }, encoding: { x: { field: "first", type: "quantitative" } } },
      ],
    })),
  };
}
