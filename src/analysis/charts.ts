/**
 * Chart specifications (Vega-Lite), shared by the command line (rendered to SVG and PNG by
 * io/render.ts) and the web explorer. Pure data: no rendering here.
 *
 * Colours: the Okabe-Ito palette, distinguishable with the common colour-vision deficiencies;
 * text in DejaVu Sans, which ships with openrace so that charts look the same everywhere.
 */
import type { Equilibrium } from "../model/certificate.js";
import { isBinary, type Game } from "../model/game.js";
import { bestEquilibrium } from "../model/objectives.js";
import { formatNumber, levelLabel } from "./reading.js";
import type { ReliabilityBin } from "./scoring.js";
import { pointValues, type Axis, type SweepDocument, type SweepPoint } from "./sweep.js";
import { statusOf, type Status } from "./threshold-reading.js";
import type { ThresholdsResult } from "./thresholds.js";
import type { Estimate } from "./accumulators.js";
import type { UncertainDocument } from "./uncertain.js";

export const OKABE_ITO = ["#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#000000"];
export const FONT = "DejaVu Sans";

type Spec = Record<string, unknown>;

const config = {
  font: FONT,
  view: { stroke: null },
  axis: { labelFontSize: 11, titleFontSize: 12, grid: true },
  // Labels are kept short enough to show whole (see `regimeLabels`): never cut to look alike.
  legend: { labelFontSize: 11, titleFontSize: 12, labelLimit: 0 },
  title: { fontSize: 14, subtitleFontSize: 11 },
  range: { category: OKABE_ITO },
};

const SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json";

/** Fixed colours: closed, fully open, and what is not an outcome of one level. */
const CLOSED = "#0072B2";
const OPEN = "#E69F00";
const DIFFERS = "#CC79A7";
const NO_EQUILIBRIUM = "#BBBBBB";
const INCOMPLETE = "#444444";
const MIXED = "#EEEEEE";
/** A point the search did not finish (time limit) or did not reach (time limit, or another shard). */
const NOT_COMPUTED = "not fully computed";
/** Intermediate tiers, lowest first (then a sequential ramp if a scenario has more). */
const MIDDLE = ["#F0E442", "#009E73", "#56B4E9", "#D55E00", "#999933", "#882255"];
/** Categorical colours for many outcomes (Okabe-Ito, then Paul Tol's): none repeats, none is a fixed colour above. */
const MANY = ["#E69F00", "#56B4E9", "#009E73", "#F0E442", "#D55E00", "#332288", "#88CCEE", "#44AA99", "#117733", "#999933", "#DDCC77", "#CC6677", "#882255", "#AA4499", "#6699CC", "#661100", "#AA4466", "#4477AA"];

/** At most this many columns (line chart) or cells per axis (phase diagram): larger grids are binned. */
export const MAX_COLUMNS = 400;
export const MAX_CELLS = 100;

/** What a chart needs of a sweep: its spec and its points, read once, in index order. */
export interface SweepChartInput {
  readonly sweep: SweepDocument["sweep"];
  readonly points: Iterable<SweepPoint>;
}

type Levels = Pick<Game, "tiers" | "tierNames">;

/**
 * The equilibrium a one-number summary uses where one must be picked (`compare`'s table): the
 * highest-welfare one. Charts do not pick: they show what holds in every equilibrium.
 */
export function shownEquilibrium(point: { readonly equilibria: readonly Equilibrium[] }): Equilibrium | null {
  return bestEquilibrium(point.equilibria, "welfare") ?? null;
}

/** A lab's level as a legend entry, and the level's colour (closed, each middle tier, open). */
function levelEntry(level: number, levels: Levels): { label: string; colour: string } {
  const label = levelLabel(level, levels);
  if (level === 0) return { label, colour: CLOSED };
  if (level === levels.tiers[levels.tiers.length - 1] && level === 1) return { label, colour: OPEN };
  const k = levels.tiers.indexOf(level) - 1;
  return { label, colour: MIDDLE[k % MIDDLE.length] };
}

/** The legend of lab statuses, in order: each level, then what is not one level. */
function statusScale(levels: Levels, binary: boolean, extra: { binned: boolean }): { domain: string[]; range: string[] } {
  const entries = levels.tiers.map((t) => levelEntry(t, levels));
  const every = (label: string) => `${label} in every equilibrium`;
  const domain = [...entries.map((e) => every(e.label)), binary ? "open in some equilibria, closed in others" : "differs between equilibria", "no pure equilibrium", NOT_COMPUTED];
  const range = [...entries.map((e) => e.colour), DIFFERS, NO_EQUILIBRIUM, INCOMPLETE];
  if (extra.binned) {
    domain.push("changes within the column");
    range.push(MIXED);
  }
  return { domain, range };
}

/** Where a point stands for one lab: its level in every equilibrium, or why there is none. */
function labStatus(point: SweepPoint, i: number, levels: Levels, binary: boolean): string {
  if (!point.complete) return NOT_COMPUTED;
  if (point.equilibria.length === 0) return "no pure equilibrium";
  const level = point.equilibria[0].profile[i];
  if (point.equilibria.every((e) => e.profile[i] === level)) return `${levelLabel(level, levels)} in every equilibrium`;
  return binary ? "open in some equilibria, closed in others" : "differs between equilibria";
}

/** Column edges around each value of an axis (shared midpoints), so that cells tile the axis exactly. */
function axisEdges(values: readonly number[]): [number, number][] {
  const n = values.length;
  const half = n > 1 ? (values[1] - values[0]) / 2 : 0.5;
  const bounds = Array.from({ length: n + 1 }, (_, k) => (k === 0 ? values[0] - half : k === n ? values[n - 1] + half : (values[k - 1] + values[k]) / 2));
  return values.map((_, k) => [Math.min(bounds[k], bounds[k + 1]), Math.max(bounds[k], bounds[k + 1])]);
}

/** The values of an axis, in order. */
function axisValues(axis: Axis): number[] {
  return Array.from({ length: axis.steps }, (_, k) => pointValues([axis], k)[axis.path]);
}

/** Which bin each of `steps` positions falls in, with at most `most` bins. */
const binOf = (k: number, steps: number, most: number) => (steps <= most ? k : Math.floor((k * most) / steps));

const METRIC_COLOURS: Record<string, string> = { frontier: OKABE_ITO[4], "best open capability": OKABE_ITO[5], lead: OKABE_ITO[6] };
const METRIC_DASHES: Record<string, number[]> = { frontier: [1, 0], "best open capability": [6, 3], lead: [1, 0] };
const METRIC_SHAPES: Record<string, string> = { frontier: "circle", "best open capability": "triangle-up", lead: "square" };

const policyNote = (sweep: SweepChartInput["sweep"]) => (sweep.policy ? ` Under the policy${sweep.policy.name ? ` "${sweep.policy.name}"` : ""}.` : "");

/**
 * One varied parameter: a strip per lab, coloured by its level in every equilibrium at each
 * value (or "differs" where equilibria disagree; grey where there is none, dark where the search
 * was cut short), over a panel of the metrics' ranges over the equilibria. The continuous game
 * draws the certified equilibrium's openness as a level. Grids wider than MAX_COLUMNS are
 * binned. With a `marker` (the web explorer's slider), a dashed rule at that value, as the
 * `marker` parameter so that a drawn view can move it.
 */
export function sweepLineSpec(document: SweepChartInput, options: { marker?: number } = {}): Spec {
  const { sweep } = document;
  const axis = sweep.vary[0];
  const path = axis.path;
  const players = sweep.players;
  const levels: Levels = { tiers: sweep.tiers ?? [0, 1], tierNames: sweep.tierNames };
  const binary = isBinary(levels.tiers);
  const continuous = sweep.game === "continuous";
  const values = axisValues(axis);
  const edges = axisEdges(values);
  const columns = Math.min(axis.steps, MAX_COLUMNS);
  const binned = columns < axis.steps;
  // Per column: each lab's status (or openness range), each metric's range, the points' states.
  const binEdges: [number, number][] = [];
  const binSize: number[] = [];
  values.forEach((_, k) => {
    const c = binOf(k, axis.steps, columns);
    binEdges[c] = [binEdges[c]?.[0] ?? edges[k][0], edges[k][1]];
    binSize[c] = (binSize[c] ?? 0) + 1;
  });
  const cells: { x0: number; x1: number; status: (string | null)[]; low: number[]; high: number[]; n: number }[] = [];
  const newCell = (c: number) => ({ x0: binEdges[c][0], x1: binEdges[c][1], status: players.map((): string | null => null), low: players.map(() => Infinity), high: players.map(() => -Infinity), n: 0 });
  const metricCells: Map<string, { min: number; max: number }>[] = [];
  const bands: Map<string, number> = new Map();
  for (const point of document.points) {
    const k = point.index;
    const c = binOf(k, axis.steps, columns);
    const cell = (cells[c] ??= newCell(c));
    cell.n++;
    const missing = !point.complete ? NOT_COMPUTED : point.equilibria.length === 0 ? "no pure equilibrium" : null;
    if (missing) bands.set(`${c}`, Math.max(bands.get(`${c}`) ?? 0, missing === NOT_COMPUTED ? 2 : 1));
    players.forEach((_, i) => {
      const status = continuous && !missing ? "level" : labStatus(point, i, levels, binary);
      cell.status[i] = cell.status[i] === null || cell.status[i] === status ? status : "changes within the column";
      for (const eq of point.equilibria) {
        cell.low[i] = Math.min(cell.low[i], eq.profile[i]);
        cell.high[i] = Math.max(cell.high[i], eq.profile[i]);
      }
    });
    if (!missing) {
      const m = (metricCells[c] ??= new Map());
      for (const [name, range] of [["frontier", point.metrics.frontier], ["lead", point.metrics.lead], ["best open capability", point.metrics.bestOpenCapability]] as const) {
        if (!range) continue;
        const was = m.get(name);
        m.set(name, was ? { min: Math.min(was.min, range.min), max: Math.max(was.max, range.max) } : { ...range });
      }
    }
  }
  // Values never reached (the time limit, or another shard's points) are drawn as such.
  binSize.forEach((size, c) => {
    const cell = (cells[c] ??= newCell(c));
    if (cell.n === size) return;
    bands.set(`${c}`, 2);
    cell.status = cell.status.map(() => NOT_COMPUTED);
  });
  const x0 = (c: { x0: number; x1: number }) => Math.min(c.x0, c.x1);
  const x1 = (c: { x0: number; x1: number }) => Math.max(c.x0, c.x1);
  const strips: object[] = [];
  cells.forEach((cell, c) => {
    if (!cell) return;
    const parameter = values[binned ? Math.min(axis.steps - 1, Math.floor(((c + 0.5) * axis.steps) / columns)) : c];
    players.forEach((lab, i) => {
      const status = cell.status[i]!;
      if (continuous && status === "level")
        strips.push({ parameter, x0: x0(cell), x1: x1(cell), lab, status: "openness", openness: (cell.low[i] + cell.high[i]) / 2, low: cell.low[i], high: cell.high[i] });
      else strips.push({ parameter, x0: x0(cell), x1: x1(cell), lab, status });
    });
  });
  const metrics: object[] = [];
  metricCells.forEach((m, c) => {
    const parameter = (cells[c].x0 + cells[c].x1) / 2;
    for (const [metric, r] of m) metrics.push({ parameter, metric, min: r.min, max: r.max });
  });
  const bandRows = [...bands].map(([c, kind]) => ({ x0: x0(cells[Number(c)]), x1: x1(cells[Number(c)]), status: kind === 2 ? NOT_COMPUTED : "no pure equilibrium" }));
  // The legend: every level, and of the rest only what the chart shows.
  const present = new Set([...strips.map((row) => (row as { status: string }).status), ...bandRows.map((row) => row.status)]);
  const full = statusScale(levels, binary, { binned });
  const keep = full.domain.map((d, k) => k < levels.tiers.length || present.has(d));
  const scale = { domain: full.domain.filter((_, k) => keep[k]), range: full.range.filter((_, k) => keep[k]) };
  const x = { field: "parameter", type: "quantitative", title: path, scale: { domain: [Math.min(axis.from, axis.to, ...edges[0]), Math.max(axis.from, axis.to, ...edges[edges.length - 1])], nice: false, zero: false } };
  const rect = { x: { field: "x0", type: "quantitative", scale: x.scale, axis: { title: null } }, x2: { field: "x1" } };
  const statusColour = { field: "status", type: "nominal", title: continuous ? "no equilibrium" : "each lab", scale: continuous ? { domain: scale.domain.slice(levels.tiers.length), range: scale.range.slice(levels.tiers.length) } : scale };
  const y = { field: "lab", type: "nominal", title: null, sort: [...players], axis: { grid: false, labelLimit: 160 } };
  const stripLayers: object[] = continuous
    ? [
        { transform: [{ filter: "datum.status === 'openness'" }], mark: { type: "rect" }, encoding: { ...rect, y, color: { field: "openness", type: "quantitative", title: "openness", scale: { domain: [0, 1], scheme: "blues" } }, tooltip: [{ field: "lab" }, { field: "low", title: "openness from" }, { field: "high", title: "to" }] } },
        // Values with no equilibrium to show, when there are any.
        ...(scale.domain.length > levels.tiers.length
          ? [{ transform: [{ filter: "datum.status !== 'openness'" }], mark: { type: "rect" }, encoding: { ...rect, y, color: statusColour, tooltip: [{ field: "lab" }, { field: "status" }] } }]
          : []),
      ]
    : [{ mark: { type: "rect" }, encoding: { ...rect, y, color: statusColour, tooltip: [{ field: "lab" }, { field: "status" }, { field: "parameter", title: path }] } }];
  const rule = { mark: { type: "rule", color: "#000000", strokeDash: [4, 3], opacity: 0.7 }, encoding: { x: { datum: { expr: "marker" }, type: "quantitative" } } };
  const marked = options.marker !== undefined;
  // Capabilities in one panel, the lead (a difference, much smaller) in its own: on a shared
  // axis the lead's changes would be flattened. Neither axis is forced to 0.
  const metricPanel = (names: readonly string[], title: string, height: number) => ({
    width: 520,
    height,
    layer: [
      ...(bandRows.length ? [{ data: { values: bandRows }, mark: { type: "rect", opacity: 0.35 }, encoding: { x: { field: "x0", type: "quantitative", scale: x.scale }, x2: { field: "x1" }, color: { field: "status", type: "nominal", scale: { domain: scale.domain, range: scale.range }, legend: null } } }] : []),
      {
        data: { values: metrics },
        transform: [{ filter: { field: "metric", oneOf: [...names] } }],
        encoding: {
          x: { ...x, axis: { title: names.includes("lead") ? path : null } },
          color: { field: "metric", type: "nominal", title: "metric", scale: { domain: [...names], range: names.map((n) => METRIC_COLOURS[n]) }, legend: { symbolOpacity: 1 } },
        },
        // Each metric keeps its own dash and point shape, so that lines that coincide (the
        // frontier and the best open capability often do) stay apart; the band is the range.
        layer: [
          { mark: { type: "area", opacity: 0.2, interpolate: "step" }, encoding: { y: { field: "min", type: "quantitative", title, scale: { zero: false } }, y2: { field: "max" } } },
          { mark: { type: "line", interpolate: "step" }, encoding: { y: { field: "max", type: "quantitative" }, strokeDash: { field: "metric", type: "nominal", legend: null, scale: { domain: [...names], range: names.map((n) => METRIC_DASHES[n]) } } } },
          ...(binned ? [] : [{ mark: { type: "point", filled: false, opacity: 1, size: 60 }, encoding: { y: { field: "max", type: "quantitative" }, shape: { field: "metric", type: "nominal", legend: null, scale: { domain: [...names], range: names.map((n) => METRIC_SHAPES[n]) } } } }]),
        ],
      },
      ...(marked ? [{ ...rule, data: { values: [{}] } }] : []),
    ],
    // The grey bands have their own colours (their legend is the strips').
    resolve: { scale: { color: "independent" } },
  });
  const height = Math.max(60, Math.min(16 * players.length, 640));
  const stripPanel = { data: { values: strips }, width: 520, height, layer: marked ? [...stripLayers, { ...rule, data: { values: [{}] } }] : stripLayers };
  const what = continuous ? "openness at a certified equilibrium (others may exist)" : "each lab's level in every pure equilibrium";
  return {
    $schema: SCHEMA,
    title: {
      text: `${sweep.scenario}: ${what}, as ${path} varies`,
      subtitle: [
        continuous
          ? "Colour: each lab's openness. Grey: no equilibrium found. Dark: stopped by the time limit."
          : `Colour: a lab's level when every equilibrium agrees, "${full.domain[levels.tiers.length]}" where they do not.`,
        ...(continuous ? [] : ["Grey: no pure equilibrium. Dark: stopped by the time limit. Bands: each metric's range over the equilibria."]),
        binned ? `${axis.steps} values in ${columns} columns; a column's colour holds at every value in it.${policyNote(sweep)}` : `${axis.steps} values.${policyNote(sweep)}`,
      ],
    },
    config,
    vconcat: [stripPanel, metricPanel(["frontier", "best open capability"], "capability", 160), metricPanel(["lead"], "lead", 90)],
    resolve: { scale: { color: "independent", strokeDash: "independent", shape: "independent" } },
    description: `${what}; metrics as ranges over the equilibria at each value.${policyNote(sweep)}`,
    ...(marked ? { params: [{ name: "marker", value: options.marker }] } : {}),
  };
}

/** A profile in words: `a + b (open weights) open`, or `all closed`. */
function profileText(profile: readonly number[], players: readonly string[], levels: Levels): string {
  const open = players.flatMap((lab, i) => (profile[i] > 0 ? [profile[i] === 1 ? lab : `${lab} (${levelLabel(profile[i], levels)})`] : []));
  return open.length === 0 ? "all closed" : `${open.join(" + ")} open${open.length === 1 ? "s" : ""}`;
}

/** Legend labels longer than this are numbered and shortened (the whole text is in the tooltip and data). */
const LABEL_LENGTH = 56;
/** Outcomes beyond this many are drawn together as "other outcomes". */
const MOST_REGIMES = MANY.length;

/**
 * Two varied parameters: a phase diagram of outcomes. A cell with one pure equilibrium is
 * coloured by who opens (at which level); one with several, where the outcome depends on which
 * is played, is a region of its own; cells with none, or cut short by the time limit, are marked.
 * Grids larger than MAX_CELLS per axis are binned: a cell holding several outcomes says so.
 */
export function phaseDiagramSpec(document: SweepChartInput): Spec {
  const { sweep } = document;
  const [a, b] = sweep.vary;
  const levels: Levels = { tiers: sweep.tiers ?? [0, 1], tierNames: sweep.tierNames };
  const [ca, cb] = [Math.min(a.steps, MAX_CELLS), Math.min(b.steps, MAX_CELLS)];
  const binned = ca < a.steps || cb < b.steps;
  const [va, vb] = [axisValues(a), axisValues(b)];
  const cells = new Map<number, { regime: string; detail: string; n: number }>();
  const counts = new Map<string, number>();
  for (const point of document.points) {
    const [i, j] = [Math.floor(point.index / b.steps), point.index % b.steps];
    const key = binOf(i, a.steps, ca) * cb + binOf(j, b.steps, cb);
    const eqs = point.equilibria;
    const regime = !point.complete
      ? NOT_COMPUTED
      : eqs.length === 0
        ? "no pure equilibrium"
        : eqs.length === 1
          ? profileText(eqs[0].profile, sweep.players, levels)
          : "several equilibria: the outcome depends on which is played";
    const detail = eqs.map((e) => profileText(e.profile, sweep.players, levels)).join(" | ");
    const cell = cells.get(key);
    if (!cell) cells.set(key, { regime, detail, n: 1 });
    else {
      cell.n++;
      if (cell.regime !== regime) cell.regime = "several outcomes in this cell";
      if (cell.detail !== detail) cell.detail = "";
    }
  }
  // Cells with points never reached (the time limit, or another shard's) are drawn as such.
  const size = (steps: number, count: number, bin: number) => Array.from({ length: steps }, (_, k) => binOf(k, steps, count)).filter((x) => x === bin).length;
  for (let i = 0; i < ca; i++)
    for (let j = 0; j < cb; j++) {
      const cell = cells.get(i * cb + j);
      if (!cell) cells.set(i * cb + j, { regime: NOT_COMPUTED, detail: "", n: 0 });
      else if (cell.n < size(a.steps, ca, i) * size(b.steps, cb, j)) cell.regime = NOT_COMPUTED;
    }
  for (const cell of cells.values()) counts.set(cell.regime, (counts.get(cell.regime) ?? 0) + 1);
  // Fixed entries first, then outcomes by how much of the grid they cover.
  const fixed: [string, string][] = [
    ["several equilibria: the outcome depends on which is played", DIFFERS],
    ["no pure equilibrium", NO_EQUILIBRIUM],
    [NOT_COMPUTED, INCOMPLETE],
    ["several outcomes in this cell", MIXED],
  ];
  const outcomes = [...counts.keys()].filter((r) => !fixed.some(([f]) => f === r)).sort((x, y) => counts.get(y)! - counts.get(x)! || x.localeCompare(y));
  const kept = outcomes.length > MOST_REGIMES ? outcomes.slice(0, MOST_REGIMES - 1) : outcomes;
  const other = outcomes.length - kept.length;
  const otherLabel = `${other} other outcomes (see sweep.csv)`;
  const label = regimeLabels(kept);
  const domain = [...kept.map((r) => label.get(r)!), ...(other ? [otherLabel] : []), ...fixed.filter(([f]) => counts.has(f)).map(([f]) => f)];
  const range = [...kept.map((r) => (r === "all closed" ? CLOSED : MANY[kept.indexOf(r) % MANY.length])), ...(other ? ["#777777"] : []), ...fixed.filter(([f]) => counts.has(f)).map(([, c]) => c)];
  const centre = (values: number[], cellIndex: number, steps: number, count: number) =>
    steps <= count ? values[cellIndex] : values[Math.min(steps - 1, Math.floor(((cellIndex + 0.5) * steps) / count))];
  // About a dozen labelled ticks per axis, whatever the number of cells.
  const sparse = (axisValues: number[], steps: number, count: number) => {
    const centres = Array.from({ length: count }, (_, k) => centre(axisValues, k, steps, count));
    const every = Math.max(1, Math.ceil(count / 12));
    return centres.filter((_, k) => k % every === 0);
  };
  const values = [...cells].map(([key, cell]) => ({
    a: centre(va, Math.floor(key / cb), a.steps, ca),
    b: centre(vb, key % cb, b.steps, cb),
    outcome: label.get(cell.regime) ?? (fixed.some(([f]) => f === cell.regime) ? cell.regime : otherLabel),
    regime: cell.regime,
    ...(cell.detail ? { equilibria: cell.detail } : {}),
  }));
  return {
    $schema: SCHEMA,
    title: {
      text: `${sweep.scenario}: who opens in equilibrium, over ${a.path} and ${b.path}`,
      subtitle: [
        "One pure equilibrium: the labs that open; several: a region of its own (tooltip: each one).",
        binned ? `${a.steps} x ${b.steps} values in ${ca} x ${cb} cells; a cell holding several outcomes says so.${policyNote(sweep)}` : `${a.steps} x ${b.steps} values.${policyNote(sweep)}`,
      ],
    },
    config,
    width: 420,
    height: 360,
    data: { values },
    mark: { type: "rect" },
    encoding: {
      x: { field: "a", type: "ordinal", title: a.path, axis: { format: ".3~g", labelOverlap: true, grid: false, values: sparse(va, a.steps, ca) } },
      y: { field: "b", type: "ordinal", title: b.path, sort: "descending", axis: { format: ".3~g", labelOverlap: true, grid: false, values: sparse(vb, b.steps, cb) } },
      color: { field: "outcome", type: "nominal", title: "outcome", scale: { domain, range } },
      tooltip: [{ field: "a", title: a.path }, { field: "b", title: b.path }, { field: "regime", title: "outcome" }, { field: "equilibria" }],
    },
  };
}

/** Each outcome's legend text: itself when short, else a number and a shortened list (never two alike). */
function regimeLabels(regimes: readonly string[]): Map<string, string> {
  return new Map(
    regimes.map((r, k) => {
      if (r.length <= LABEL_LENGTH) return [r, r];
      const labs = r.replace(/ opens?$/, "").split(" + ");
      const head = `R${k + 1}: ${labs.length} labs open (`;
      let list = "";
      for (const lab of labs) if ((head + list + lab).length < LABEL_LENGTH - 6) list += (list ? ", " : "") + lab;
      return [r, `${head}${list}, …)`];
    }),
  );
}

/** At most this many equilibria as panels of capabilities; more are drawn as one grid of choices. */
export const MOST_PLOTTED = 12;

/**
 * `solve --plot` and the explorer: each lab's capability before the round (tick) and at an
 * equilibrium (dot, coloured by its level), on an axis that starts near the data so that leads
 * stay visible. `which`: the equilibrium's number (1-based) or "all" (up to MOST_PLOTTED, one
 * panel each); the title says which of how many.
 */
export function capabilityBarsSpec(
  name: string,
  game: Game,
  result: { readonly equilibria: readonly Equilibrium[]; readonly complete: boolean },
  which: number | "all" = 1,
): Spec {
  const total = result.equilibria.length;
  if (which === "all" && total > MOST_PLOTTED) return choiceGridSpec(name, game, result);
  const of = `${total}${result.complete ? "" : " found so far"}`;
  const numbers = which === "all" ? Array.from({ length: total }, (_, k) => k + 1) : [which];
  const label = (k: number) => `Equilibrium ${k} of ${of}`;
  const levelsUsed = game.tiers.map((t) => levelEntry(t, game));
  const values = numbers.flatMap((k) =>
    game.ids.map((lab, i) => {
      const eq = result.equilibria[k - 1];
      return { equilibrium: label(k), lab, capability: eq.capabilities[i], before: game.capability[i], choice: levelLabel(eq.profile[i], game), openness: eq.profile[i] };
    }),
  );
  // Continuous levels not among the tiers get the level's own label (say "35% open") in grey.
  const extra = [...new Set(values.map((v) => v.choice))].filter((c) => !levelsUsed.some((e) => e.label === c));
  const domain = [...levelsUsed.map((e) => e.label), ...extra];
  const range = [...levelsUsed.map((e) => e.colour), ...extra.map(() => "#777777")];
  const first = result.equilibria[numbers[0] - 1];
  const text =
    which === "all"
      ? `${name}: capabilities at ${result.complete ? `all ${total} equilibria` : `the ${of} equilibria (search incomplete)`}`
      : `${label(which)}: ${profileText(first.profile, game.ids, game)}`;
  const layer = {
    layer: [
      { mark: { type: "rule", color: "#999999" }, encoding: { x: { field: "lab", type: "nominal", sort: null, title: "lab", axis: { labelAngle: game.n > 6 ? -40 : 0, labelLimit: 140 } }, y: { field: "before", type: "quantitative", title: "capability", scale: { zero: false } }, y2: { field: "capability" } } },
      { mark: { type: "tick", color: "#000000", thickness: 2 }, encoding: { x: { field: "lab", type: "nominal", sort: null }, y: { field: "before", type: "quantitative" } } },
      {
        mark: { type: "point", filled: true, size: 110, opacity: 1 },
        encoding: {
          x: { field: "lab", type: "nominal", sort: null },
          y: { field: "capability", type: "quantitative" },
          color: { field: "choice", type: "nominal", title: "choice", scale: { domain, range } },
          tooltip: [{ field: "lab" }, { field: "choice" }, { field: "before", title: "capability before" }, { field: "capability", title: "capability after" }],
        },
      },
    ],
  };
  const width = Math.max(360, Math.min(28 * game.n, 1400));
  return {
    $schema: SCHEMA,
    title: { text, subtitle: `${which === "all" ? "" : `${name}. `}Dot: capability after the round, coloured by the lab's choice; black tick: before.` },
    config,
    data: { values },
    ...(which === "all"
      ? { facet: { row: { field: "equilibrium", type: "nominal", title: null, sort: numbers.map(label) } }, spec: { width, height: 160, ...layer } }
      : { width, height: 260, ...layer }),
    description: "Dot: capability after the round; black tick: capability before the round.",
  };
}

/**
 * `solve --plot --plot-all` with more equilibria than panels fit: every equilibrium as a row of
 * cells, one per lab, coloured by the lab's choice (the scenario's levels and tier names), so
 * that hundreds of equilibria stay one readable picture of who opens where.
 */
function choiceGridSpec(name: string, game: Game, result: { readonly equilibria: readonly Equilibrium[]; readonly complete: boolean }): Spec {
  const total = result.equilibria.length;
  const levels = game.tiers.map((t) => levelEntry(t, game));
  const values = result.equilibria.flatMap((eq, k) => game.ids.map((lab, i) => ({ equilibrium: k + 1, lab, choice: levelLabel(eq.profile[i], game), capability: eq.capabilities[i] })));
  const extra = [...new Set(values.map((v) => v.choice))].filter((c) => !levels.some((e) => e.label === c));
  const cell = Math.max(2, Math.min(14, Math.floor(1200 / total)));
  return {
    $schema: SCHEMA,
    title: {
      text: `${name}: ${result.complete ? `all ${total} equilibria` : `the ${total} equilibria found (search incomplete)`}`,
      subtitle: "Each row is one equilibrium (numbered as in the output), each cell a lab's choice there.",
    },
    config,
    data: { values },
    width: Math.max(360, Math.min(28 * game.n, 1400)),
    height: cell * total,
    mark: { type: "rect" },
    encoding: {
      x: { field: "lab", type: "nominal", sort: null, title: "lab", axis: { labelAngle: game.n > 6 ? -40 : 0, labelLimit: 140, orient: "top" } },
      y: { field: "equilibrium", type: "ordinal", title: "equilibrium", axis: total > 60 ? { values: values.filter((v) => v.equilibrium % Math.ceil(total / 30) === 1 && v.lab === game.ids[0]).map((v) => v.equilibrium) } : {} },
      color: { field: "choice", type: "nominal", title: "choice", scale: { domain: [...levels.map((e) => e.label), ...extra], range: [...levels.map((e) => e.colour), ...extra.map(() => "#777777")] } },
      tooltip: [{ field: "equilibrium" }, { field: "lab" }, { field: "choice" }, { field: "capability", title: "capability after" }],
    },
    description: "Every equilibrium as a row; each cell is a lab's choice in it.",
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
    $schema: SCHEMA,
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
        encoding: { color: { field: "observed", type: "nominal", title: "observed", scale: { domain: ["closed", "weights", "open"], range: [CLOSED, MIDDLE[0], OPEN] } } },
      },
      { mark: { type: "text", fontSize: 10 }, encoding: { text: { field: "predicted" }, color: { value: "#000000" } } },
      { mark: { type: "text", fontSize: 12, dx: 30, fontWeight: "bold" }, encoding: { text: { field: "match" }, color: { value: "#D55E00" } } },
    ],
  };
}

/** Calibration: reliability diagram of each method's out-of-sample probabilities, one panel each. */
export function reliabilitySpec(methods: readonly { name: string; bins: readonly ReliabilityBin[] }[]): Spec {
  const values = methods.flatMap(({ name, bins }) => bins.map((b) => ({ method: name, ...b })));
  const x = { field: "meanPredicted", type: "quantitative", title: "mean predicted P(open)", scale: { domain: [0, 1] } };
  const y = { field: "observedRate", type: "quantitative", title: "share that opened", scale: { domain: [0, 1] } };
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: {
      text: "Reliability of the probabilities of opening (leave one period out)",
      subtitle: "Predictions in five bins of width 0.2; bars: 95% Wilson interval of the share that opened; dashes: perfect calibration",
    },
    config,
    data: { values },
    facet: { column: { field: "method", type: "nominal", title: null, sort: methods.map((m) => m.name) } },
    spacing: 24,
    spec: {
      width: 190,
      height: 190,
      layer: [
        { data: { values: [{ a: 0 }, { a: 1 }] }, mark: { type: "line", color: "#999999", strokeDash: [4, 3] }, encoding: { x: { field: "a", type: "quantitative" }, y: { field: "a", type: "quantitative" } } },
        { mark: { type: "rule", color: "#0072B2" }, encoding: { x, y: { field: "low", type: "quantitative" }, y2: { field: "high" } } },
        {
          mark: { type: "point", filled: true, color: "#0072B2", opacity: 1 },
          encoding: { x, y, size: { field: "n", type: "quantitative", title: "decisions", scale: { domain: [1, 30], range: [20, 300] } }, tooltip: [{ field: "n" }, { field: "meanPredicted", format: ".3f" }, { field: "observedRate", format: ".3f" }] },
        },
      ],
    },
  };
}

/** Calibration: the posterior of each parameter and of the noise parameter, tremble or QRE precision (marginals on the grid). */
export function posteriorSpec(marginals: Readonly<Record<string, readonly { value: number; p: number }[]>>, periods: number): Spec {
  const y = { field: "p", type: "quantitative", title: "posterior probability" };
  const panel = (name: string) => ({
    width: name === "tremble" || name === "precision" ? 300 : 190,
    height: 180,
    data: { values: marginals[name].map((m) => ({ ...m })) },
    // The tremble's 50 grid points, 0.02 apart, as bars 5 pixels wide on a 300-pixel axis; the
    // QRE's 13 precisions, log-spaced over three decades, as bars 10 pixels wide on a log axis.
    mark: { type: "bar", color: "#009E73", ...(name === "tremble" ? { width: 5 } : name === "precision" ? { width: 10 } : {}) },
    encoding:
      name === "tremble"
        ? { x: { field: "value", type: "quantitative", title: "tremble eps", scale: { domain: [0, 1] } }, y }
        : name === "precision"
          ? { x: { field: "value", type: "quantitative", title: "QRE precision lambda (per unit of payoff)", scale: { type: "log" } }, y }
          : { x: { field: "value", type: "ordinal", title: name, axis: { labelAngle: 0 } }, y },
  });
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: { text: "Posterior of the parameters (grid, uniform prior on its points)", subtitle: `Marginals given all ${periods} periods` },
    config,
    hconcat: Object.keys(marginals).map(panel),
  };
}

/** Colours of a lab's status in a region: opens in every, some or no equilibrium; none exists. */
const STATUS_COLOURS: Record<Status, string> = { every: "#E69F00", some: "#F0E442", none: "#0072B2", "no equilibrium": "#BBBBBB" };
const STATUS_TEXT: Record<Status, string> = { every: "opens in every equilibrium", some: "opens in some", none: "opens in none", "no equilibrium": "no pure equilibrium" };

/**
 * Exact thresholds along one number (`thresholds --out`): one strip per lab, coloured by whether
 * it opens in every, some or no equilibrium in each region; breakpoints as rules labelled with
 * their values. Tie bands narrower than a pixel stay invisible; their breakpoints are labelled.
 */
export function thresholdsSpec(result: ThresholdsResult, players: readonly string[], title: string, axis: string): Spec {
  const bars = result.regions.flatMap((region) =>
    players.map((lab, i) => ({ lab, from: region.from, to: region.to, status: STATUS_TEXT[statusOf(region.equilibria, i)] })),
  );
  const marks = result.breakpoints.map((value) => ({ value, label: formatNumber(value) }));
  const x = { type: "quantitative", title: axis, scale: { domain: [result.from, result.to], nice: false } };
  const order = (Object.keys(STATUS_TEXT) as Status[]).map((s) => STATUS_TEXT[s]);
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title,
    config,
    width: 560,
    height: Math.max(60, 28 * players.length),
    layer: [
      {
        data: { values: bars },
        mark: { type: "rect", stroke: "white", strokeWidth: 0.5 },
        encoding: {
          x: { field: "from", ...x },
          x2: { field: "to" },
          y: { field: "lab", type: "nominal", title: null, sort: [...players] },
          color: { field: "status", type: "nominal", title: null, scale: { domain: order, range: order.map((_, k) => STATUS_COLOURS[(Object.keys(STATUS_TEXT) as Status[])[k]]) } },
        },
      },
      {
        data: { values: marks },
        layer: [
          { mark: { type: "rule", color: "#000000", strokeDash: [4, 3] }, encoding: { x: { field: "value", ...x } } },
          { mark: { type: "text", dy: -6, fontSize: 10, baseline: "bottom" }, encoding: { x: { field: "value", ...x }, y: { value: 0 }, text: { field: "label" } } },
        ],
      },
    ],
    description: "Exact regions between breakpoints (openrace thresholds); each region's set of equilibria is certified by a complete solve.",
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
