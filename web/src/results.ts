/**
 * Solving and the results: the solve runs in a worker (Cancel terminates it), with a progress
 * bar for long work; then the reading of the result, the table of equilibria (each row carries
 * `data-profile`, INTERFACE.md "Web explorer links"), the chosen equilibrium lab by lab with its
 * capability chart, and for a chosen lab the `explain` decomposition of its incentive.
 */
import {
  capabilityBarsSpec,
  describeLevers,
  gameUnder,
  describeIncentive,
  equilibriaCsv,
  equilibriumTitle,
  explainProfile,
  formatNumber,
  formatProbability,
  formatRegret,
  formatSigned,
  incompleteReason,
  leaders,
  leadNotes,
  levelLabel,
  listsAll,
  readMixedResult,
  readObjective,
  readResult,
  readWelfare,
  solveJson,
  type Equilibrium,
  type Game,
  type MixedResult,
  type Progress,
  type Subject,
  choiceMargins,
  choiceSentence,
  type SolveResult,
} from "../../src/index.js";
import { ChartView } from "./charts.js";
import { JobStopped, SolverClient } from "./client.js";
import { byId, download, h, slug } from "./dom.js";
import type { SolveReply } from "./protocol.js";
import { policyName, underWords } from "./policy.js";
import type { SolveSettings } from "./settings.js";

/** Rows of the equilibria table; the rest are in the JSON and CSV downloads. */
const ROWS_SHOWN = 500;
/** Progress appears only for work longer than this, so quick solves do not flicker. */
const PROGRESS_DELAY_MS = 300;

interface Shown {
  readonly name: string;
  /** The scenario and the policy it was solved under, if any. */
  readonly subject: Subject;
  /** The game solved: the scenario's, under the policy. */
  readonly game: Game;
  readonly result: SolveReply;
  readonly settings: SolveSettings;
}

export class ResultsPanel {
  private readonly client = new SolverClient();
  private readonly status = byId("solve-status");
  private readonly progress = byId<HTMLProgressElement>("solve-progress");
  private readonly progressText = byId("solve-progress-text");
  private readonly progressBox = byId("progress-box");
  private readonly cancelButton = byId<HTMLButtonElement>("cancel-solve");
  private readonly output = byId("results");
  private readonly chart: ChartView;
  private shown: Shown | null = null;
  private selected = 0;
  private explained: string | null = null;
  /** What the equilibria table's lab cells show (their colour is always the choice). */
  private cells: "choice" | "capability" | "payoff" = "choice";
  private progressTimer: ReturnType<typeof setTimeout> | undefined;
  /** When the current solve started (performance.now()), for its progress and duration. */
  private started = 0;

  constructor() {
    this.chart = new ChartView(byId("capability-chart"), "capabilities", "Capability of each lab at the chosen equilibrium", (lab) => this.explain(lab));
    this.cancelButton.addEventListener("click", () => this.cancel());
    byId("download-results-json").addEventListener("click", () => this.downloadJson());
    byId("download-results-csv").addEventListener("click", () => this.downloadCsv());
  }

  /**
   * Solves a valid scenario, under its policy if any, with the settings; the previous solve, if
   * any, gives way. Resolves with the seconds the solve took, or null when it did not finish
   * (cancelled, replaced, failed).
   */
  async solve(subject: Subject, settings: SolveSettings): Promise<number | null> {
    const name = subject.scenario.name ?? "scenario";
    const under = gameUnder(subject.scenario, subject.policy, settings.game);
    // The page solves only a policy that fits; this is the worker's check, earlier.
    if (!under.ok) throw new Error(`the policy does not fit the scenario (${under.problems[0].path})`);
    const game = under.value;
    this.started = performance.now();
    this.output.setAttribute("aria-busy", "true");
    this.output.classList.add("stale");
    this.cancelButton.disabled = false;
    this.setStatus("Solving…");
    clearTimeout(this.progressTimer);
    this.progressTimer = setTimeout(() => this.showProgress(null), PROGRESS_DELAY_MS);
    let result: SolveReply | null;
    try {
      result = await this.client.run({ kind: "solve", subject, settings }, { onProgress: (p) => this.showProgress(p) });
    } catch (error) {
      if (error instanceof JobStopped && error.reason === "superseded") return null;
      this.endWork();
      if (error instanceof JobStopped) {
        this.clear();
        this.setStatus(`Solve cancelled after ${formatNumber((performance.now() - this.started) / 1000)} s. Change the scenario or press Solve to try again.`);
      } else {
        this.clear();
        this.setStatus(`The solver stopped with an error: ${(error as Error).message}`, true);
      }
      return null;
    }
    this.endWork();
    if (!result) return null;
    // For benchmarks and the browser's performance tools: the solve as the page saw it.
    performance.measure("openrace:solve", { start: this.started, detail: { seconds: result.stats.seconds, method: result.method, equilibria: result.equilibria.length } });
    const sameLabs = this.shown && this.shown.game.ids.join() === game.ids.join();
    this.shown = { name, subject, game, result, settings };
    if (!sameLabs || this.selected >= result.equilibria.length) this.selected = 0;
    if (!sameLabs) this.explained = game.ids[0];
    this.render();
    return result.stats.seconds;
  }

  /** The scenario is invalid: nothing is solved, and the old results go. */
  invalid(message: string): void {
    this.client.cancel("superseded");
    this.endWork();
    this.clear();
    this.setStatus(message);
  }

  cancel(): void {
    this.client.cancel();
  }

  private endWork(): void {
    clearTimeout(this.progressTimer);
    this.progressBox.hidden = true;
    this.cancelButton.disabled = true;
    this.output.removeAttribute("aria-busy");
    this.output.classList.remove("stale");
  }

  private showProgress(p: Progress | null): void {
    if (performance.now() - this.started < PROGRESS_DELAY_MS) return;
    this.progressBox.hidden = false;
    const seconds = formatNumber(Number(((performance.now() - this.started) / 1000).toFixed(1)));
    if (p && p.total > 0) {
      this.progress.max = p.total;
      this.progress.value = p.done;
      const percent = Math.floor((1000 * p.done) / p.total) / 10;
      this.progressText.textContent = `${percent}% of ${p.total.toLocaleString("en")} ${p.unit ?? "profiles"} checked, ${p.found} found, ${seconds} s`;
    } else {
      this.progress.removeAttribute("value");
      this.progressText.textContent = p ? `${p.done.toLocaleString("en")} steps, ${p.found} found, ${seconds} s` : `Working… ${seconds} s`;
    }
  }

  private setStatus(text: string, error = false): void {
    this.status.textContent = text;
    this.status.classList.toggle("error", error);
  }

  private clear(): void {
    this.shown = null;
    this.output.replaceChildren();
    this.chart.clear();
    byId("capability-section").hidden = true;
    for (const id of ["download-results-json", "download-results-csv"]) byId<HTMLButtonElement>(id).disabled = true;
  }

  // ---------------------------------------------------------------------------------------

  private render(): void {
    const { game, result, settings, subject } = this.shown!;
    const eqs = result.equilibria;
    const kind = result.game === "continuous" ? "continuous" : game.tiers.length > 2 ? `tiered (${game.tiers.map((x) => levelLabel(x, game)).join(" / ")})` : "discrete";
    // A count only when the list is every equilibrium asked for (see readResult).
    const found = listsAll(result) ? "" : " found";
    const count =
      eqs.length === 0
        ? result.exists === false ? "No equilibrium" : "No equilibrium found"
        : `${eqs.length.toLocaleString("en")} ${eqs.length === 1 ? "equilibrium" : "equilibria"}${found}`;
    const reason = incompleteReason(result);
    const status = reason === null ? "" : ` (incomplete: ${reason})`;
    this.setStatus(`${count}${status}${underWords(subject.policy)} · ${kind} game · method ${result.method}${workersWords(result)} · ${formatNumber(result.stats.seconds)} s`, false);
    for (const id of ["download-results-json", "download-results-csv"]) byId<HTMLButtonElement>(id).disabled = false;

    const reading = readResult(game, result, { nonTrivial: settings.which === "nontrivial" });
    const under = underWords(subject.policy).trim();
    const policy = subject.policy ? h("strong", { "data-policy": policyName(subject.policy) }, `U${under.slice(1)} (${describeLevers(subject.policy)}). `) : null;
    const parts: HTMLElement[] = [h("p", { class: "reading" }, policy, reading)];
    if (result.objective) parts.push(h("p", {}, readObjective(result.objective, result.complete)));
    if (result.welfare && eqs.length) parts.push(h("p", { class: "welfare" }, readWelfare(result.welfare)));
    if (eqs.length) parts.push(this.equilibriaTable());
    if (result.mixed) parts.push(mixedSection(game, result.mixed));
    this.output.replaceChildren(...parts);
    byId("capability-section").hidden = eqs.length === 0;
    if (eqs.length) this.renderSelected();
    else this.chart.clear();
  }

  private equilibriaTable(): HTMLElement {
    const { game, result } = this.shown!;
    const eqs = result.equilibria;
    const head = h(
      "tr",
      {},
      h("th", { scope: "col" }, "#"),
      ...game.ids.map((id) => h("th", { scope: "col" }, id)),
      h("th", { scope: "col" }, "leads"),
      h("th", { scope: "col", class: "num" }, "exploitability"),
    );
    const cell = (eq: Equilibrium, i: number) =>
      this.cells === "choice" ? levelLabel(eq.profile[i], game) : formatNumber(this.cells === "capability" ? eq.capabilities[i] : eq.payoffs[i]);
    const rows = eqs.slice(0, ROWS_SHOWN).map((eq, e) => {
      const top = leaders(eq.capabilities, game.tolerance).map((i) => game.ids[i]);
      const select = h("button", { type: "button", class: "row-select", "aria-pressed": e === this.selected ? "true" : "false", "aria-label": `Show equilibrium ${e + 1}` }, String(e + 1));
      select.addEventListener("click", () => {
        this.selected = e;
        for (const b of this.output.querySelectorAll(".row-select")) b.setAttribute("aria-pressed", "false");
        select.setAttribute("aria-pressed", "true");
        for (const r of this.output.querySelectorAll("tr.selected")) r.classList.remove("selected");
        select.closest("tr")!.classList.add("selected");
        this.renderSelected();
      });
      return h(
        "tr",
        // The profile exactly as `solve --json` writes it (INTERFACE.md).
        { "data-profile": eq.profile.map((v) => JSON.stringify(v)).join(","), class: e === this.selected ? "selected" : undefined },
        h("th", { scope: "row" }, select),
        ...eq.profile.map((x, i) => h("td", { class: `level ${levelClass(x)}${this.cells === "choice" ? "" : " num"}`, title: levelLabel(x, game) }, cell(eq, i))),
        h("td", {}, top.join(", ")),
        h("td", { class: "num" }, formatNumber(eq.exploitability)),
      );
    });
    const more = eqs.length > ROWS_SHOWN ? h("p", { class: "note" }, `The first ${ROWS_SHOWN} of ${eqs.length.toLocaleString("en")} equilibria are shown; the downloads hold them all.`) : null;
    const caption = h("caption", { class: "sr-only" }, `Equilibria: each lab's ${this.cells}`);
    const views = h("div", { class: "radios cells-view", role: "radiogroup", "aria-label": "The table's cells show" }, h("span", { class: "hint" }, "Cells show:"));
    for (const view of ["choice", "capability", "payoff"] as const) {
      const id = `cells-${view}`;
      const radio = h("input", { type: "radio", name: "cells", id, value: view, checked: this.cells === view });
      radio.addEventListener("change", () => {
        this.cells = view;
        const table = this.equilibriaTable();
        this.output.querySelector(".equilibria-block")!.replaceWith(table);
        (table.querySelector(`#${id}`) as HTMLInputElement).focus();
      });
      views.append(h("span", { class: "radio" }, radio, h("label", { for: id }, view)));
    }
    return h(
      "div",
      { class: "equilibria-block" },
      h("p", { class: "hint" }, "Each equilibrium, lab by lab; the colour is the lab's choice. Pick one (its number) to see it in detail."),
      views,
      h("div", { class: "table-scroll", role: "region", "aria-label": "Equilibria", tabindex: 0 }, h("table", { class: "equilibria" }, caption, h("thead", {}, head), h("tbody", {}, ...rows))),
      more,
    );
  }

  private renderSelected(): void {
    const { name, game, result } = this.shown!;
    const eq = result.equilibria[this.selected];
    const notes = leadNotes(game, eq);
    byId("detail-title").textContent = equilibriumTitle(game, eq, this.selected + 1);
    const rows = game.ids.map((id, i) => {
      const button = h("button", { type: "button", class: "link-button", "aria-pressed": this.explained === id ? "true" : "false" }, id);
      button.addEventListener("click", () => this.explain(id));
      return h(
        "tr",
        { class: this.explained === id ? "selected" : undefined },
        h("th", { scope: "row" }, button),
        h("td", { class: `level ${levelClass(eq.profile[i])}` }, levelLabel(eq.profile[i], game) + (result.game === "continuous" && eq.profile[i] > 0 && eq.profile[i] < 1 ? " (partial)" : "")),
        h("td", { class: "num" }, formatNumber(eq.capabilities[i])),
        h("td", { class: "num" }, formatNumber(eq.payoffs[i])),
        h("td", {}, notes[i]),
      );
    });
    const head = h(
      "tr",
      {},
      h("th", { scope: "col" }, "lab"),
      h("th", { scope: "col" }, "choice"),
      h("th", { scope: "col", class: "num" }, "capability"),
      h("th", { scope: "col", class: "num" }, "payoff"),
      h("th", { scope: "col" }, h("span", { class: "sr-only" }, "leads")),
    );
    byId("detail").replaceChildren(
      h("p", { class: "hint" }, `Exploitability ${formatNumber(eq.exploitability)}. Pick a lab (here or on the chart) to see why it makes its choice.`),
      h("div", { class: "table-scroll" }, h("table", { class: "detail" }, h("thead", {}, head), h("tbody", {}, ...rows))),
    );
    this.chart.setFile(`${slug(name)}-capabilities-${this.selected + 1}`);
    this.chart.setLabel(`Chart of each lab's capability at equilibrium ${this.selected + 1}, coloured by its choice`);
    void this.chart.render(capabilityBarsSpec(name, game, result, this.selected + 1));
    this.renderExplanation(eq);
  }

  private explain(lab: string): void {
    if (!this.shown) return;
    this.explained = lab;
    this.renderSelected();
    byId("explain").focus();
  }

  private renderExplanation(eq: Equilibrium): void {
    const box = byId("explain");
    const { game, result } = this.shown!;
    const i = this.explained === null ? -1 : game.ids.indexOf(this.explained);
    if (i < 0) {
      box.replaceChildren(h("p", { class: "hint" }, "No lab picked yet."));
      return;
    }
    const explanation = explainProfile(game, eq.profile, result.game === "continuous" ? "interval" : game.tiers);
    const inc = explanation.incentives[i];
    const title = h("h4", {}, `Why ${inc.player} is ${levelLabel(inc.openness, game)}`);
    if (!Number.isFinite(inc.alternative)) {
      box.replaceChildren(title, h("p", {}, `${inc.player} has no other level to choose.`));
      return;
    }
    const f = formatNumber;
    if (inc.alternative === inc.openness) {
      // The continuous game: the best response is where the lab is.
      const active = inc.activeRivals ?? [];
      const kink =
        active.length > 1
          ? ` Its payoff peaks at a kink, where the lines of ${active.join(" and ")} meet: this openness keeps those two rivals level.`
          : "";
      box.replaceChildren(
        title,
        h("p", {}, `${inc.player} is at its best response: no other openness pays more than its payoff now, ${f(inc.payoff)} (its lead over ${inc.strongestRival}, at ${f(inc.strongestRivalCapability)}).${kink}`),
      );
      return;
    }
    const rows: [string, string, string][] = [
      ["payoff now", f(inc.payoff), `its lead over its strongest rival, ${inc.strongestRival} (${f(inc.strongestRivalCapability)})`],
      [`own gain`, formatSigned(inc.ownGain), `a × change in openness (to ${levelLabel(inc.alternative, game)})`],
      [`cost`, formatSigned(-inc.openCost), "k × change in openness"],
      [
        `rival's rise`,
        formatSigned(-inc.rivalGain),
        inc.rivalChanges ? `the strongest rival becomes ${inc.strongestRivalAfter} (${f(inc.strongestRivalCapabilityAfter)})` : `${inc.strongestRival} moves to ${f(inc.strongestRivalCapabilityAfter)}`,
      ],
      [`payoff there`, f(inc.alternativePayoff), `net ${formatSigned(inc.difference)}`],
    ];
    const table = h(
      "table",
      { class: "explain-table" },
      h("caption", {}, `If ${inc.player} moved to ${levelLabel(inc.alternative, game)}:`),
      h("tbody", {}, ...rows.map(([term, value, note]) => h("tr", {}, h("th", { scope: "row" }, term), h("td", { class: "num" }, value), h("td", {}, note)))),
    );
    box.replaceChildren(title, h("p", {}, describeIncentive(inc, game)), table, h("p", { class: "hint" }, "payoff there − payoff now = own gain − cost − rival's rise"), ...this.margins(eq, i, inc.wantsToDeviate));
  }

  /**
   * What would change this lab's choice (discrete game): the exact thresholds along its own gain
   * and cost and the spillover, the others' choices held, in the words `openrace explain` prints.
   */
  private margins(eq: Equilibrium, i: number, deviates: boolean): HTMLElement[] {
    const { subject, game, result } = this.shown!;
    if (result.game === "continuous" || deviates) return [];
    const sentence = choiceSentence(game.ids[i], eq.profile[i], choiceMargins(subject, eq.profile, i));
    return [h("h5", {}, "What would change this lab's choice"), h("p", { class: "margins", "data-lab": game.ids[i] }, sentence)];
  }

  // ---------------------------------------------------------------------------------------

  /** Download names say the policy, if any: `three-lab-race-under-levy-equilibria.json`. */
  private downloadName(): string {
    const { name, subject } = this.shown!;
    return `${slug(name)}${subject.policy ? `-under-${slug(policyName(subject.policy))}` : ""}-equilibria`;
  }

  /** `solve --json`'s document, with the policy (as sweep records hold it) when one applies. */
  private downloadJson(): void {
    if (!this.shown) return;
    const { name, result, subject } = this.shown;
    const document = { ...solveJson(name, result), ...(subject.policy ? { policy: subject.policy } : {}) };
    download(`${this.downloadName()}.json`, `${JSON.stringify(document, null, 2)}\n`, "application/json");
  }

  private downloadCsv(): void {
    if (!this.shown) return;
    download(`${this.downloadName()}.csv`, equilibriaCsv(this.shown.result), "text/csv");
  }
}

/**
 * The mixed equilibrium shown when no pure one exists: its reading and one row per lab
 * (`data-lab`), one cell per level (`data-probability`).
 */
function mixedSection(game: Game, mixed: MixedResult): HTMLElement {
  const rows = mixed.equilibria.flatMap((eq) =>
    game.ids.map((id, i) =>
      h(
        "tr",
        { "data-lab": id },
        h("th", { scope: "row" }, id),
        ...eq.strategies[i].map((q) => h("td", { class: "num", "data-probability": String(q) }, formatProbability(q))),
        h("td", { class: "num" }, formatNumber(eq.payoffs[i])),
      ),
    ),
  );
  const table = h(
    "table",
    { class: "mixed-equilibrium" },
    h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "lab"), ...game.tiers.map((t) => h("th", { scope: "col", class: "num" }, `P(${levelLabel(t)})`)), h("th", { scope: "col", class: "num" }, "expected payoff"))),
    h("tbody", {}, ...rows),
  );
  const regret = mixed.equilibria.map((eq) => `Certificate: regret ${formatRegret(eq.regret)}, the most any lab gains by a pure deviation.`);
  return h("section", { class: "mixed", "aria-label": "Mixed equilibrium" }, h("h3", {}, "Mixed equilibrium"), h("p", { class: "reading" }, readMixedResult(game, mixed, false)), table, ...regret.map((r) => h("p", {}, r)));
}

function levelClass(x: number): string {
  return x === 0 ? "closed" : x === 1 ? "open" : "partial";
}

/** Where a split search ran (`stats.workers`, as `solve --json` says): on N pool workers, or in the solver worker alone. */
function workersWords(result: SolveReply): string {
  const workers = result.game === "discrete" ? result.stats.workers : undefined;
  if (workers === undefined) return "";
  return workers === 0 ? " · in one thread" : ` · ${workers} workers`;
}
