/**
 * Exploring: one scenario number on a slider, with a line chart of each lab's openness and the
 * metrics over the number's range (a sweep, solved point by point in a worker and drawn as the
 * points arrive); and a phase diagram over two numbers (which labs open in each region). Both
 * use the core's sweep helpers and chart specifications, as `openrace sweep` does.
 */
import {
  EXHAUSTIVE_LIMIT,
  formatNumber,
  PLAYER_FIELDS,
  parameterPaths,
  parseRange,
  pathLabel,
  thresholdFinding,
  thresholds,
  TimeLimitError,
  parameterValue,
  parseAxis,
  parsePath,
  phaseDiagramSpec,
  pointValues,
  setParameter,
  sweepCsv,
  sweepLineSpec,
  sweepSpec,
  type Axis,
  type InvalidPoint,
  type Subject,
  type SweepDocument,
  type SweepPoint,
} from "../../src/index.js";
import { ChartView } from "./charts.js";
import { JobStopped, SolverClient } from "./client.js";
import { byId, download, h, slug } from "./dom.js";
import { underWords } from "./policy.js";
import { clone } from "./raw.js";
import { solveOptions, type SolveSettings } from "./settings.js";

/** Redraw a sweep chart at most this often while its points arrive. */
const REDRAW_MS = 250;
const LINE_STEPS = 41;
const PHASE_STEPS = 21;
/** After an edit, sweeps wait this long for the next one (a slider moving, typing). */
const LINE_DELAY_MS = 250;
const PHASE_DELAY_MS = 600;
/** The line sweep starts by itself when it should take less than this. */
const AUTO_SWEEP_SECONDS = 8;
/** The phase diagram draws itself when it should take less than this. */
const AUTO_PHASE_SECONDS = 2;

export interface ExploreEvents {
  /** The slider moved: set this scenario number. */
  parameter(path: string, value: number): void;
  /** An axis changed (for the link). */
  axesChanged(): void;
}

/**
 * The numbers a slider can move, for this scenario and policy (as `sweep --vary` paths, with
 * labels): the spillover, each spillover pair set in the scenario, the policy's lever numbers,
 * each field of every lab at once (`players.*`), and each lab's own. Paths are dotted: a lab
 * whose id has a dot cannot be named.
 */
function parameters(subject: Subject): { path: string; label: string }[] {
  const own = parameterPaths(subject);
  const every = PLAYER_FIELDS.map((f) => `players.*.${f}`);
  const ordered = [...own.filter((p) => !p.startsWith("players.")), ...every, ...own.filter((p) => p.startsWith("players."))];
  return ordered.filter((path) => parsePath(path, subject).ok).map((path) => ({ path, label: parameterLabel(path, subject) }));
}

const FIELD_LABELS: Record<string, string> = { communityGain: "community gain", openCost: "open cost", capability: "capability", above: "threshold (capability at least)" };

/** The number a path names in this scenario and policy (null when it has none). */
const valueAt = (subject: Subject, path: string) => parameterValue(subject.scenario, path, subject.policy);

function parameterLabel(path: string, subject: Subject): string {
  const lever = /^levers\[(\d+)\]\.(\w+)$/.exec(path);
  if (lever) {
    const k = Number(lever[1]);
    return `policy: ${subject.policy?.levers[k]?.type ?? "lever"} ${FIELD_LABELS[lever[2]] ?? lever[2]} (lever ${k + 1})`;
  }
  if (path === "spillover") return "spillover (every pair)";
  if (path === "spillover.absorptive") return "spillover: absorptive rate";
  const [head, a, b] = path.split(".");
  if (head === "spilloverPairs") return `spillover ${a} → ${b}`;
  return `${a === "*" ? "every lab" : a}: ${FIELD_LABELS[b] ?? b}`;
}

/** A default range around the current value. */
function defaultAxis(path: string, value: number, steps: number): Axis {
  const up = (v: number, floor: number) => Math.max(floor, Math.ceil(2 * v));
  // A lever's threshold is a capability.
  if (path.endsWith(".capability") || path.endsWith(".above")) return { path, from: Math.floor(value - 5), to: Math.ceil(value + 5), steps };
  // A mandate's minimum openness is above 0, at most 1.
  if (path.endsWith(".minimum")) return { path, from: 0.1, to: 1, steps };
  if (path === "spillover.absorptive") return { path, from: 0, to: up(value, 1), steps };
  if (path.endsWith(".communityGain")) return { path, from: 0, to: up(value, 4), steps };
  return { path, from: 0, to: up(value, 2), steps };
}

const axisText = (a: Axis) => `${a.path}=${a.from}:${a.to}:${a.steps}`;

/** The scenario and policy with these numbers set aside (0): what a sweep over them depends on. */
function neutralSubject(subject: Subject, paths: readonly string[]): Subject {
  const neutral = clone(subject);
  for (const path of paths) setParameter(neutral.scenario, path, 0, neutral.policy);
  return neutral;
}

/** The sweep's identity: the scenario and policy with the varied numbers set aside, the grid and the game. */
function sweepKey(subject: Subject, vary: readonly Axis[], settings: SolveSettings): string {
  const neutral = neutralSubject(subject, vary.map((a) => a.path));
  const o = solveOptions(settings);
  return JSON.stringify([neutral, vary, settings.game, o.nonTrivial, o.method, o.timeLimit]);
}

/** One sweep: its worker, its points as they arrive, its chart. */
class SweepRun {
  readonly client = new SolverClient();
  key = "";
  document: SweepDocument | null = null;
  invalid: InvalidPoint[] = [];
  /** Seconds per point of the last complete run (null before one). */
  secondsPerPoint: number | null = null;
  private lastDraw = 0;
  /** Points in the chart as drawn. */
  private drawn = 0;
  private drawTimer: ReturnType<typeof setTimeout> | undefined;
  private startTimer: ReturnType<typeof setTimeout> | undefined;
  private waiting: string | null = null;

  constructor(
    readonly chart: ChartView,
    private readonly status: HTMLElement,
    private readonly draw: (document: SweepDocument) => Record<string, unknown>,
    private readonly buttons: HTMLButtonElement[],
  ) {}

  get running(): boolean {
    return this.client.busy;
  }

  /**
   * Starts `start` after `delay` ms unless another key comes first, so that a burst of edits
   * (typing, a slider) starts one sweep. The chart shows it is out of date meanwhile.
   */
  startSoon(key: string, delay: number, start: () => void): void {
    if (key === this.waiting) return;
    this.waiting = key;
    this.key = "";
    clearTimeout(this.startTimer);
    this.client.cancel("superseded");
    this.chart.element.classList.add("stale");
    this.startTimer = setTimeout(() => {
      this.waiting = null;
      start();
    }, this.document ? delay : 0);
  }

  async start(key: string, { scenario, policy }: Subject, vary: Axis[], settings: SolveSettings): Promise<void> {
    clearTimeout(this.startTimer);
    this.waiting = null;
    this.key = key;
    const name = scenario.name ?? "scenario";
    const spec = sweepSpec(name, scenario, vary, settings.game, settings.which === "nontrivial", policy);
    const points: SweepPoint[] = [];
    this.document = { sweep: spec, complete: false, points };
    this.invalid = [];
    this.chart.setFile(`${slug(name)}-${vary.length === 1 ? "sweep-line" : "phase-diagram"}`);
    for (const b of this.buttons) b.disabled = true;
    this.setStatus(`Solving ${spec.size} points…`);
    const o = solveOptions(settings);
    let first = 0;
    let last = 0;
    try {
      await this.client.run(
        { kind: "sweep", spec, scenario, options: { method: o.method, timeLimit: o.timeLimit }, workers: settings.workers ?? undefined },
        {
          onPoint: (point, done, total) => {
            last = performance.now();
            if (done === 1) first = last;
            if ("problems" in point) this.invalid.push(point);
            else points.push(point);
            this.setStatus(`${done} of ${total} points solved…`);
            this.scheduleDraw();
          },
        },
      );
    } catch (error) {
      if (error instanceof JobStopped && error.reason === "superseded") return;
      this.setStatus(error instanceof JobStopped ? `Stopped after ${points.length} of ${spec.size} points.` : `The sweep stopped with an error: ${(error as Error).message}`);
      this.redraw();
      return;
    }
    // From the first point to the last: the worker's start-up is not per point.
    this.secondsPerPoint = spec.size > 1 ? (last - first) / 1000 / (spec.size - 1) : 0;
    this.document = { sweep: spec, complete: points.every((p) => p.complete) && this.invalid.length === 0, points };
    const without = points.filter((p) => p.equilibria.length === 0).length;
    const notes = [`${points.length} points solved${underWords(spec.policy)}`];
    if (without) notes.push(`${without} without an equilibrium${spec.nonTrivial ? " where some lab opens" : ""}`);
    if (this.invalid.length) notes.push(`${this.invalid.length} where the values make the scenario${spec.policy ? " or policy" : ""} invalid (${this.invalid[0].problems[0]?.path}: ${this.invalid[0].problems[0]?.message})`);
    this.setStatus(`${notes.join("; ")}.`);
    for (const b of this.buttons) b.disabled = false;
    this.redraw();
  }

  cancel(): void {
    this.client.cancel();
  }

  /** Stops and forgets the sweep (its chart stays, marked out of date). */
  pause(): void {
    clearTimeout(this.startTimer);
    this.waiting = null;
    this.client.cancel("superseded");
    this.key = "";
    this.chart.element.classList.add("stale");
  }

  /** Stops and forgets the sweep and its chart, saying why. */
  reset(message: string): void {
    this.pause();
    this.document = null;
    this.chart.clear();
    this.setStatus(message);
  }

  private setStatus(text: string): void {
    this.status.textContent = text;
  }

  private scheduleDraw(): void {
    if (this.drawTimer !== undefined) return;
    const wait = Math.max(0, REDRAW_MS - (performance.now() - this.lastDraw));
    this.drawTimer = setTimeout(() => {
      this.drawTimer = undefined;
      this.redraw();
    }, wait);
  }

  redraw(): void {
    if (!this.document || this.document.points.length === 0) return;
    this.lastDraw = performance.now();
    this.drawn = this.document.points.length;
    this.chart.element.classList.remove("stale");
    void this.chart.render(this.draw(this.document));
  }

  /** The slider's value on the drawn chart: a signal when the chart is up to date, else a redraw. */
  mark(value: number | null): void {
    if (this.document && this.drawn === this.document.points.length && this.chart.setSignal("marker", value ?? 0)) return;
    this.redraw();
  }
}

export class ExplorePanel {
  /** The scenario and its policy, if any, while both are valid. */
  private subject: Subject | null = null;
  /** The last valid ones, kept while they are invalid: the chart's marker reads them. */
  private lastValid: Subject | null = null;
  private settings: SolveSettings | null = null;
  line: Axis | null = null;
  phase: [Axis, Axis] | null = null;
  private solveSeconds = 0;
  /** The line axis was chosen (by hand or by a link), so the link carries it. */
  private lineChosen = false;
  /** The sweep key that waits for Sweep (too slow to start by itself), and the one asked for. */
  private lineWaiting: string | null = null;
  private lineWanted: string | null = null;
  /** The phase diagram was asked for (Draw, or a link); otherwise it is drawn when cheap. */
  private phaseWanted = false;
  private readonly lineRun: SweepRun;
  private readonly phaseRun: SweepRun;
  private readonly slider = byId<HTMLInputElement>("slider");
  private readonly sliderOutput = byId<HTMLOutputElement>("slider-value");

  constructor(private readonly events: ExploreEvents) {
    const lineButtons = ["download-line-json", "download-line-csv"].map((id) => byId<HTMLButtonElement>(id));
    const lineChart = new ChartView(byId("line-chart"), "sweep-line", "Line chart of each lab's openness and the metrics as the chosen number varies", undefined, true);
    this.lineRun = new SweepRun(lineChart, byId("line-status"), (d) => sweepLineSpec(d, { marker: this.markerValue() ?? 0 }), lineButtons);
    const phaseButtons = ["download-phase-json", "download-phase-csv"].map((id) => byId<HTMLButtonElement>(id));
    const phaseChart = new ChartView(byId("phase-chart"), "phase-diagram", "Phase diagram: which labs open for each pair of values");
    this.phaseRun = new SweepRun(phaseChart, byId("phase-status"), (d) => phaseDiagramSpec(d), phaseButtons);

    for (const id of ["line-path", "line-from", "line-to", "line-steps"]) byId(id).addEventListener("change", () => this.lineAxisEdited(id === "line-path"));
    this.slider.addEventListener("input", () => this.slid());
    byId("line-run").addEventListener("click", () => {
      if (!this.subject || !this.line || !this.settings) return;
      this.lineWanted = sweepKey(this.subject, [this.line], this.settings);
      if (this.lineWanted !== this.lineRun.key || this.lineRun.running === false) this.startLine(this.lineWanted);
    });
    byId("line-cancel").addEventListener("click", () => this.lineRun.cancel());
    byId("phase-draw").addEventListener("click", () => {
      this.phaseWanted = true;
      this.phaseAxesEdited();
    });
    byId("phase-cancel").addEventListener("click", () => this.phaseRun.cancel());
    for (const axis of ["x", "y"]) for (const field of ["path", "from", "to", "steps"]) byId(`phase-${axis}-${field}`).addEventListener("change", () => this.phaseFieldEdited(axis, field));
    const save = (run: SweepRun, what: string, kind: "json" | "csv") => {
      const d = run.document;
      if (!d) return;
      const base = `${slug(d.sweep.scenario)}-${what}`;
      if (kind === "json") download(`${base}.json`, `${JSON.stringify(d, null, 2)}\n`, "application/json");
      else download(`${base}.csv`, sweepCsv(d), "text/csv");
    };
    lineButtons[0].addEventListener("click", () => save(this.lineRun, "sweep", "json"));
    lineButtons[1].addEventListener("click", () => save(this.lineRun, "sweep", "csv"));
    phaseButtons[0].addEventListener("click", () => save(this.phaseRun, "phase", "json"));
    phaseButtons[1].addEventListener("click", () => save(this.phaseRun, "phase", "csv"));
  }

  /** Axes from a link (`PATH=FROM:TO:STEPS`), applied with the first valid scenario. */
  private pendingLine: string | null = null;
  private pendingPhase: [string, string] | null = null;
  restore(line: string | null, phaseX: string | null, phaseY: string | null): void {
    this.pendingLine = line;
    this.pendingPhase = phaseX && phaseY ? [phaseX, phaseY] : null;
    this.lineChosen = false;
    this.phaseWanted = false;
  }

  /**
   * A valid scenario (and policy), solved in `solveSeconds` (after any edit, or a slider move).
   * The line sweep starts by itself when it should take under AUTO_SWEEP_SECONDS; otherwise on Sweep.
   */
  update(subject: Subject, settings: SolveSettings, solveSeconds = this.solveSeconds): void {
    this.subject = subject;
    this.lastValid = subject;
    const { scenario, policy } = subject;
    this.settings = settings;
    this.solveSeconds = solveSeconds;
    byId("explore-section").classList.remove("disabled");
    const params = parameters(subject);
    const paths = params.map((p) => p.path);
    fillSelect(byId<HTMLSelectElement>("line-path"), params);
    fillSelect(byId<HTMLSelectElement>("phase-x-path"), params);
    fillSelect(byId<HTMLSelectElement>("phase-y-path"), params);

    if (this.pendingLine) {
      const parsed = parseAxis(this.pendingLine, scenario, policy);
      if (parsed.ok && paths.includes(parsed.value.path)) {
        this.line = parsed.value;
        this.lineChosen = true;
      }
      this.pendingLine = null;
    }
    if (this.pendingPhase) {
      const [x, y] = this.pendingPhase.map((t) => parseAxis(t, scenario, policy));
      if (x.ok && y.ok && paths.includes(x.value.path) && paths.includes(y.value.path) && x.value.path !== y.value.path) {
        this.phase = [x.value, y.value];
        this.phaseWanted = true;
      }
      this.pendingPhase = null;
    }
    if (!this.line || !paths.includes(this.line.path)) this.line = defaultAxis(paths[0], valueAt(subject, paths[0]) ?? 0, LINE_STEPS);
    if (!this.phase || !paths.includes(this.phase[0].path) || !paths.includes(this.phase[1].path)) {
      // Across: the slider's number; up: the largest community gain (often the lab that opens).
      const gains = paths.filter((p) => p !== this.line!.path && p.endsWith(".communityGain"));
      const second = gains.sort((a, b) => (valueAt(subject, b) ?? 0) - (valueAt(subject, a) ?? 0))[0] ?? paths.find((p) => p !== this.line!.path)!;
      this.phase = [
        defaultAxis(this.line.path, valueAt(subject, this.line.path) ?? 0, PHASE_STEPS),
        defaultAxis(second, valueAt(subject, second) ?? 0, PHASE_STEPS),
      ];
    }
    this.showAxes();
    this.placeSlider(params);
    void this.markBreakpoints(subject, settings);
    const lineKey = sweepKey(subject, [this.line], settings);
    const estimate = solveSeconds * this.line.steps;
    if (lineKey === this.lineRun.key) this.lineRun.mark(this.markerValue());
    else if (estimate < AUTO_SWEEP_SECONDS || this.lineWanted === lineKey) this.lineRun.startSoon(lineKey, LINE_DELAY_MS, () => this.startLine(lineKey));
    else if (this.lineWaiting !== lineKey) {
      this.lineWaiting = lineKey;
      this.lineRun.reset(`One solve of this race takes ${formatNumber(solveSeconds)} s: press Sweep to solve its ${this.line.steps} values (about ${formatNumber(Math.ceil(estimate))} s).`);
    }
    this.drawPhaseIfCheap();
  }

  private startLine(key: string): void {
    this.lineWaiting = null;
    void this.lineRun.start(key, this.subject!, [this.line!], this.settings!).then(() => this.drawPhaseIfCheap());
  }

  /** Draws the phase diagram when it was asked for, or when the line sweep says it takes under 2 s. */
  private drawPhaseIfCheap(): void {
    const { subject, settings, phase } = this;
    if (!subject || !settings || !phase || this.lineRun.running) return;
    const size = phase[0].steps * phase[1].steps;
    const cheap = this.lineRun.secondsPerPoint !== null && this.lineRun.secondsPerPoint * size < AUTO_PHASE_SECONDS;
    if (this.phaseWanted || cheap) {
      const phaseKey = sweepKey(subject, phase, settings);
      if (phaseKey !== this.phaseRun.key) this.phaseRun.startSoon(phaseKey, PHASE_DELAY_MS, () => void this.phaseRun.start(phaseKey, subject, [...phase], settings));
    }
  }

  /** The scenario or the policy is invalid: nothing to explore until it is fixed (`message` says so). */
  invalid(message: string): void {
    this.subject = null;
    byId("explore-section").classList.add("disabled");
    this.lineRun.pause();
    this.phaseRun.pause();
    this.lineWaiting = null;
    byId("line-status").textContent = message;
    byId("phase-status").textContent = "";
  }

  private markerValue(): number | null {
    return this.line && this.lastValid ? valueAt(this.lastValid, this.line.path) : null;
  }

  private showAxes(): void {
    const line = this.line!;
    setValue("line-path", line.path);
    setValue("line-from", String(line.from));
    setValue("line-to", String(line.to));
    setValue("line-steps", String(line.steps));
    this.phase!.forEach((axis, k) => {
      const a = k === 0 ? "x" : "y";
      setValue(`phase-${a}-path`, axis.path);
      setValue(`phase-${a}-from`, String(axis.from));
      setValue(`phase-${a}-to`, String(axis.to));
      setValue(`phase-${a}-steps`, String(axis.steps));
    });
  }

  /** The slider at the grid value nearest the scenario's current value (`params`: the scenario's numbers). */
  private placeSlider(params: { path: string; label: string }[]): void {
    const line = this.line!;
    const value = this.markerValue();
    this.slider.max = String(Math.max(0, line.steps - 1));
    const k = value === null || line.steps === 1 || line.to === line.from ? 0 : Math.round(((value - line.from) / (line.to - line.from)) * (line.steps - 1));
    this.slider.value = String(Math.min(line.steps - 1, Math.max(0, k)));
    const label = params.find((p) => p.path === line.path)?.label ?? line.path;
    const shown = value === null ? (line.path.startsWith("players.*.") ? "differs between labs" : "not a number") : formatNumber(value);
    this.sliderOutput.textContent = shown;
    this.slider.setAttribute("aria-valuetext", `${label} = ${shown}`);
    byId("slider-label").textContent = label;
  }

  /** The breakpoints drawn last, by scenario and policy (the slider's number set aside) and axis. */
  private breakpointsKey = "";

  /**
   * Marks the exact breakpoints of the slider's number on its track (the core's `thresholds`,
   * as `openrace thresholds` computes them), for the discrete game of races small enough to
   * take every profile as a candidate; larger races say where to get them.
   */
  private async markBreakpoints(subject: Subject, settings: SolveSettings): Promise<void> {
    const line = this.line!;
    const { scenario } = subject;
    const neutral = neutralSubject(subject, [line.path]);
    const key = JSON.stringify([neutral, line.path, line.from, line.to, settings.game]);
    if (key === this.breakpointsKey) return;
    this.breakpointsKey = key;
    const marks = byId("slider-breakpoints");
    const text = byId("breakpoints-text");
    marks.replaceChildren();
    const tiers = scenario.tiers?.length ?? 2;
    if (settings.game !== "discrete" || tiers ** scenario.players.length > EXHAUSTIVE_LIMIT) {
      text.textContent = settings.game !== "discrete" ? "" : "Exact breakpoints: run openrace thresholds for a race this large.";
      return;
    }
    const range = parseRange(`${line.path}=${line.from}:${line.to}`, subject);
    if (!range.ok) {
      // A range with an end the number cannot take (a mandate's minimum of 0, say) has none to mark.
      text.textContent = `Exact breakpoints: not computed, ${range.problems[0].message}.`;
      return;
    }
    let result: Awaited<ReturnType<typeof thresholds>>;
    try {
      result = await thresholds(subject, line.path, line.from, line.to, { deadline: Date.now() + 2000 });
    } catch (error) {
      if (this.breakpointsKey === key)
        text.textContent = error instanceof TimeLimitError ? "Exact breakpoints: not computed in time here; run openrace thresholds." : `Exact breakpoints: not computed, ${(error as Error).message}.`;
      return;
    }
    if (this.breakpointsKey !== key) return;
    const span = line.to - line.from;
    marks.replaceChildren(
      ...result.breakpoints.map((b) => h("span", { "data-breakpoint": String(b), title: formatNumber(b), style: `left: ${(100 * (b - line.from)) / span}%` })),
    );
    const ids = scenario.players.map((p) => p.id);
    const label = pathLabel(line.path, subject);
    const count = result.breakpoints.length;
    text.textContent =
      count === 0
        ? `The set of equilibria never changes between ${formatNumber(line.from)} and ${formatNumber(line.to)} (exact). `
        : `Exact breakpoints (marked under the slider): ${result.breakpoints.map(formatNumber).join(", ")}. `;
    text.append(thresholdFinding(result, ids, label).join(" "));
  }

  private slid(): void {
    const line = this.line;
    if (!line || !this.subject) return;
    const value = pointValues([line], Number(this.slider.value))[line.path];
    this.sliderOutput.textContent = formatNumber(value);
    this.events.parameter(line.path, value);
  }

  private lineAxisEdited(pathChanged: boolean): void {
    if (!this.subject) return;
    const path = byId<HTMLSelectElement>("line-path").value;
    this.lineChosen = true;
    if (pathChanged) this.line = defaultAxis(path, valueAt(this.subject, path) ?? 0, this.line?.steps ?? LINE_STEPS);
    else {
      const axis = readAxis(path, "line", this.subject);
      if (!axis) return;
      this.line = axis;
    }
    this.events.axesChanged();
    this.update(this.subject, this.settings!);
  }

  private phaseFieldEdited(axis: string, field: string): void {
    if (!this.subject || !this.phase) return;
    const k = axis === "x" ? 0 : 1;
    const path = byId<HTMLSelectElement>(`phase-${axis}-path`).value;
    const next = field === "path" ? defaultAxis(path, valueAt(this.subject, path) ?? 0, this.phase[k].steps) : readAxis(path, `phase-${axis}`, this.subject);
    if (!next) return;
    this.phase[k] = next;
    this.showAxes();
    this.events.axesChanged();
  }

  private phaseAxesEdited(): void {
    if (!this.subject || !this.phase) return;
    const error = byId("phase-error");
    if (this.phase[0].path === this.phase[1].path) {
      error.textContent = "Pick two different numbers.";
      return;
    }
    error.textContent = "";
    this.phaseRun.key = "";
    this.events.axesChanged();
    this.update(this.subject, this.settings!);
  }

  /** Axes for the link: those chosen (or still waiting for their scenario), not the defaults. */
  linkAxes(): { line: string | null; phaseX: string | null; phaseY: string | null } {
    const phase = this.pendingPhase ?? (this.phaseWanted && this.phase ? this.phase.map(axisText) : [null, null]);
    return {
      line: this.pendingLine ?? (this.lineChosen && this.line ? axisText(this.line) : null),
      phaseX: phase[0],
      phaseY: phase[1],
    };
  }
}

/** An axis from its from/to/steps fields, checked by the core's parser; null (with a message) if wrong. */
function readAxis(path: string, prefix: string, { scenario, policy }: Subject): Axis | null {
  const text = `${path}=${byId<HTMLInputElement>(`${prefix}-from`).value}:${byId<HTMLInputElement>(`${prefix}-to`).value}:${byId<HTMLInputElement>(`${prefix}-steps`).value}`;
  const parsed = parseAxis(text, scenario, policy);
  const error = byId(`${prefix.startsWith("phase") ? "phase" : "line"}-error`);
  if (!parsed.ok) {
    error.textContent = parsed.problems[0].message;
    return null;
  }
  if (parsed.value.steps > 201) {
    error.textContent = "At most 201 values per axis here (the command line's sweep takes more).";
    return null;
  }
  error.textContent = "";
  return parsed.value;
}

function setValue(id: string, value: string): void {
  const el = byId<HTMLInputElement | HTMLSelectElement>(id);
  if (document.activeElement !== el) el.value = value;
}

function fillSelect(select: HTMLSelectElement, options: { path: string; label: string }[]): void {
  const current = [...select.options].map((o) => o.value).join("\n");
  if (current === options.map((o) => o.path).join("\n")) return;
  select.replaceChildren(...options.map((o) => h("option", { value: o.path }, o.label)));
}
