/**
 * Under uncertainty: any scenario number can be marked uncertain over a range (uniform), and
 * the page samples the race in its worker, as `openrace uncertain --no-sensitivity` does
 * (the same plan, samples and statistics), showing each lab's probability to open with its
 * 95% interval as the samples arrive. Cancel stops the worker at once; the numbers so far stay.
 */
import {
  inverseCdf,
  makePlan,
  parameterPaths,
  parameterValue,
  uncertainProbabilitySpec,
  type Estimate,
  type Subject,
  type UncertainDocument,
  type UncertainPlan,
} from "../../src/index.js";
import { ChartView } from "./charts.js";
import { JobStopped, SolverClient } from "./client.js";
import { byId, h, slug } from "./dom.js";
import { underWords } from "./policy.js";
import { solveOptions, type SolveSettings } from "./settings.js";

/** Samples unless the form says otherwise, and the most it takes. */
const DEFAULT_SAMPLES = 400;
const MAX_SAMPLES = 100_000;

const percent = (e: Estimate) =>
  e.p === null ? "–" : `${(100 * e.p).toFixed(1)}%${e.interval95 ? ` (${(100 * e.interval95[0]).toFixed(1)}–${(100 * e.interval95[1]).toFixed(1)})` : ""}`;

export class UncertainPanel {
  /** The scenario and its policy, if any, while both are valid. */
  private subject: Subject | null = null;
  private settings: SolveSettings | null = null;
  private readonly client = new SolverClient();
  private readonly chart: ChartView;
  private readonly rows = byId("uncertain-rows");
  private readonly status = byId("uncertain-status");
  private readonly error = byId("uncertain-error");

  constructor() {
    this.chart = new ChartView(byId("uncertain-chart"), "uncertain-probabilities", "Each lab's probability to open, with 95% intervals");
    byId("uncertain-add").addEventListener("click", () => this.addRow());
    byId("uncertain-run").addEventListener("click", () => void this.run());
    byId("uncertain-cancel").addEventListener("click", () => this.client.cancel());
  }

  /** A valid scenario (and policy): the rows offer its numbers (rows naming a number it lacks go). */
  update(subject: Subject, settings: SolveSettings): void {
    this.subject = subject;
    this.settings = settings;
    byId("uncertain-section").classList.remove("disabled");
    const paths = this.paths();
    for (const row of [...this.rows.children]) {
      const select = row.querySelector("select")!;
      const current = select.value;
      if (!paths.includes(current)) row.remove();
      else select.replaceChildren(...paths.map((p) => h("option", { value: p, selected: p === current }, p)));
    }
  }

  invalid(): void {
    this.subject = null;
    this.client.cancel("superseded");
    byId("uncertain-section").classList.add("disabled");
  }

  /** The numbers that can be uncertain: the scenario's and the policy's own (dotted ids cannot be named in a path). */
  private paths(): string[] {
    const subject = this.subject;
    return subject ? parameterPaths(subject).filter((p) => !subject.scenario.players.some((q) => q.id.includes(".") && p.includes(q.id))) : [];
  }

  /** A row: a number and its range, by default the current value -50% to +50% (0 to 1 for a zero). */
  private addRow(): void {
    const paths = this.paths();
    const subject = this.subject;
    if (!subject || paths.length === 0) return;
    const used = new Set([...this.rows.querySelectorAll("select")].map((s) => s.value));
    const path = paths.find((p) => !used.has(p)) ?? paths[0];
    const k = this.rows.children.length;
    const select = h("select", { id: `uncertain-path-${k}`, class: "uncertain-path", "aria-label": "Uncertain number" }, ...paths.map((p) => h("option", { value: p, selected: p === path }, p)));
    const from = h("input", { type: "text", inputmode: "decimal", class: "uncertain-from", "aria-label": "From", autocomplete: "off" });
    const to = h("input", { type: "text", inputmode: "decimal", class: "uncertain-to", "aria-label": "To", autocomplete: "off" });
    const fill = () => {
      const now = this.subject ?? subject;
      const v = parameterValue(now.scenario, select.value, now.policy) ?? 0;
      from.value = String(v === 0 ? 0 : Number((v * 0.5).toPrecision(6)));
      to.value = String(v === 0 ? 1 : Number((v * 1.5).toPrecision(6)));
    };
    select.addEventListener("change", fill);
    fill();
    const remove = h("button", { type: "button", class: "secondary small", "aria-label": "Remove" }, "Remove");
    const row = h("div", { class: "inline-fields uncertain-row" }, h("div", { class: "field grow" }, select), h("div", { class: "field small" }, from), h("div", { class: "field small" }, to), remove);
    remove.addEventListener("click", () => row.remove());
    this.rows.append(row);
  }

  /** The plan the form describes, or a message saying what is wrong with it. */
  private plan(): ReturnType<typeof makePlan> | string {
    const rows = [...this.rows.querySelectorAll<HTMLElement>(".uncertain-row")];
    if (rows.length === 0) return "Add an uncertain number first.";
    const distributions: UncertainPlan["distributions"][number][] = [];
    for (const row of rows) {
      const path = row.querySelector("select")!.value;
      const lo = Number(row.querySelector<HTMLInputElement>(".uncertain-from")!.value);
      const hi = Number(row.querySelector<HTMLInputElement>(".uncertain-to")!.value);
      const distribution = { uniform: [lo, hi] as [number, number] };
      const checked = inverseCdf(distribution);
      if (!Number.isFinite(lo) || !Number.isFinite(hi) || !checked.ok) return `${path}: expected a range "from" below "to".`;
      if (distributions.some((d) => d.path === path)) return `${path} is listed twice.`;
      distributions.push({ path, distribution });
    }
    const samples = Number(byId<HTMLInputElement>("uncertain-samples").value || DEFAULT_SAMPLES);
    if (!Number.isInteger(samples) || samples < 1 || samples > MAX_SAMPLES) return `Samples: expected a whole number from 1 to ${MAX_SAMPLES}.`;
    const seed = Number(byId<HTMLInputElement>("uncertain-seed").value || 1);
    if (!Number.isInteger(seed) || seed < 0) return "Seed: expected a whole number >= 0.";
    return makePlan(this.subject!.scenario.name ?? "scenario", this.subject!, distributions, { samples, seed, qmc: false, sensitivity: false, game: "discrete" });
  }

  private async run(): Promise<void> {
    const subject = this.subject;
    if (!subject || !this.settings) return;
    const plan = this.plan();
    this.error.textContent = typeof plan === "string" ? plan : "";
    if (typeof plan === "string") return;
    this.chart.setFile(`${slug(plan.scenario)}-uncertain`);
    this.status.textContent = `Sampling ${plan.samples} races…`;
    let latest: UncertainDocument | null = null;
    const o = solveOptions(this.settings);
    try {
      await this.client.run(
        { kind: "uncertain", plan, subject, options: { method: o.method, timeLimit: o.timeLimit }, workers: this.settings.workers ?? undefined },
        {
          onUncertain: (document, done, total) => {
            latest = document;
            this.status.textContent = `${done} of ${total} samples…`;
            this.show(document);
          },
        },
      );
      this.status.textContent = `Done: ${plan.samples} samples${underWords(subject.policy)}${latest && (latest as UncertainDocument).incomplete ? `, ${(latest as UncertainDocument).incomplete} incomplete left out` : ""}.`;
    } catch (error) {
      if (error instanceof JobStopped && error.reason === "superseded") return;
      const done = (latest as UncertainDocument | null)?.samples ?? 0;
      this.status.textContent = error instanceof JobStopped ? `Stopped after ${done} of ${plan.samples} samples (the table shows those).` : `Sampling stopped with an error: ${(error as Error).message}`;
    }
  }

  /** The table (one row per lab, `data-lab`) and the chart. */
  private show(document: UncertainDocument): void {
    const labs = document.labs as Record<string, { opensInEvery: Estimate; opensInSome: Estimate }>;
    const body = byId("uncertain-table").querySelector("tbody")!;
    body.replaceChildren(
      h("tr", { "data-lab": "" }, h("th", { scope: "row" }, "an equilibrium exists"), h("td", { "data-outcome": "exists" }, percent(document.exists)), h("td")),
      ...Object.entries(labs).map(([lab, s]) =>
        h("tr", { "data-lab": lab }, h("th", { scope: "row" }, lab), h("td", { "data-outcome": "opensInEvery", "data-p": s.opensInEvery.p ?? "" }, percent(s.opensInEvery)), h("td", { "data-outcome": "opensInSome", "data-p": s.opensInSome.p ?? "" }, percent(s.opensInSome))),
      ),
    );
    void this.chart.render(uncertainProbabilitySpec(document));
  }
}
