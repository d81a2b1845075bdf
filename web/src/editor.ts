/**
 * The scenario editor: a form over the scenario's JSON (labs in a table, the spillover, single
 * pairs, tiers) and the JSON itself. Every field carries the path the validator uses
 * (`players[0].capability`), so each problem the core's validator reports is shown next to its
 * field, in an element with `data-error-path` (INTERFACE.md, "Web explorer links").
 *
 * Text goes into the JSON as typed: a number field holding "abc" puts the string "abc" in the
 * scenario, and the validator's message is the one the command line prints for such a file.
 */
import { formatPath, formatProblem, parseJsonText, type Problem } from "../../src/index.js";
import { debounce, h, problemElement } from "./dom.js";
import { clone, getAt, isRecord, numberFromText, playerIds, setAt, textOf, type Json, type Segment } from "./raw.js";

type FieldKind = "number" | "text" | "optional-text" | "ids" | "numbers" | "tiers";

type SpilloverKind = "uniform" | "absorptive" | "matrix";

export interface EditorEvents {
  /** The scenario changed (a field, a structural edit, or valid JSON text). */
  change(raw: Json): void;
  /** The JSON text does not parse: nothing can be solved until it does. */
  syntaxError(problem: Problem): void;
}

const PLAYER_COLUMNS: { key: string; label: string; kind: FieldKind; placeholder?: string }[] = [
  { key: "id", label: "Lab id", kind: "text" },
  { key: "capability", label: "Capability", kind: "number" },
  { key: "communityGain", label: "Community gain", kind: "number", placeholder: "0" },
  { key: "openCost", label: "Open cost", kind: "number", placeholder: "0" },
  { key: "rivals", label: "Rivals", kind: "ids", placeholder: "all others" },
];

const PLAYERS_HINT =
  "Capability: where the lab stands now. Community gain: what opening fully adds to it. Open cost: what opening fully costs it. " +
  "Rivals: the labs it races against (ids, comma-separated; empty: all the others).";

export class ScenarioEditor {
  raw: Json = {};
  private readonly form: HTMLFormElement;
  private readonly json: HTMLTextAreaElement;
  private readonly jsonError: HTMLElement;
  private readonly general: HTMLElement;
  private readonly summary: HTMLElement;
  /** Last values per spillover kind, so switching back and forth loses nothing. */
  private readonly remembered: Partial<Record<SpilloverKind, unknown>> = {};

  constructor(
    root: HTMLElement,
    private readonly events: EditorEvents,
  ) {
    this.form = root.querySelector("form")!;
    this.json = root.querySelector("textarea")!;
    this.jsonError = root.querySelector("#json-error")!;
    this.general = root.querySelector("#general-problems")!;
    this.summary = root.querySelector("#problem-summary")!;
    this.form.addEventListener("input", (event) => this.onInput(event));
    this.form.addEventListener("change", (event) => this.onStructural(event));
    this.form.addEventListener("click", (event) => this.onClick(event));
    this.form.addEventListener("submit", (event) => event.preventDefault());
    const fromText = debounce(() => this.applyText(), 250);
    this.json.addEventListener("input", fromText);
  }

  /**
   * The scenario changed outside the form (a slider) but kept its shape: the fields take the
   * new values in place, which is much cheaper than drawing the form again.
   */
  refreshValues(): void {
    for (const input of this.form.querySelectorAll<HTMLInputElement>("input[data-key]")) {
      if (input === document.activeElement) continue;
      const text = fieldText(getAt(this.raw, JSON.parse(input.dataset.key!) as Segment[]), input.dataset.kind as FieldKind);
      if (input.value !== text) input.value = text;
    }
    this.syncText();
  }

  /** Loads JSON text (a file or a paste): shown in the JSON pane, applied when it parses. */
  loadText(text: string): void {
    this.json.value = text;
    this.applyText(true);
  }

  /** Shows each problem next to its field; problems with no field go to the general list. */
  showProblems(problems: readonly Problem[]): void {
    for (const el of this.form.querySelectorAll(".field-error, tr.error-row")) el.remove();
    for (const el of this.form.querySelectorAll("[aria-invalid]")) {
      el.removeAttribute("aria-invalid");
      const hint = el.getAttribute("data-hint");
      if (hint) el.setAttribute("aria-describedby", hint);
      else el.removeAttribute("aria-describedby");
    }
    this.general.replaceChildren();
    problems.forEach((problem, k) => {
      const id = `problem-${k}`;
      const message = problemElement(problem, id);
      const anchor = this.anchorFor(problem.path);
      if (anchor instanceof HTMLInputElement || anchor instanceof HTMLSelectElement || anchor instanceof HTMLTextAreaElement) {
        anchor.setAttribute("aria-invalid", "true");
        anchor.setAttribute("aria-describedby", [anchor.getAttribute("aria-describedby"), id].filter(Boolean).join(" "));
        // In a table, under the field's row (a cell is too narrow for a sentence).
        const row = anchor.closest("tr");
        if (row) errorRow(row).append(message);
        else anchor.parentElement!.append(message);
      } else if (anchor) anchor.append(message);
      else this.general.append(message);
    });
    this.renderSummary(problems);
  }

  private renderSummary(problems: readonly Problem[]): void {
    if (problems.length === 0) {
      this.summary.replaceChildren();
      this.summary.hidden = true;
      return;
    }
    this.summary.hidden = false;
    const count = problems.length === 1 ? "1 problem" : `${problems.length} problems`;
    const list = h("ul");
    problems.slice(0, 8).forEach((problem, k) => {
      const link = h("a", { href: `#problem-${k}` }, formatProblem(problem));
      link.addEventListener("click", (event) => {
        event.preventDefault();
        const target = this.anchorFor(problem.path);
        const focusable = target?.matches("input, select, textarea") ? target : document.getElementById(`problem-${k}`);
        focusable?.scrollIntoView({ block: "center" });
        (focusable as HTMLElement | null)?.focus?.();
      });
      list.append(h("li", {}, link));
    });
    if (problems.length > 8) list.append(h("li", {}, `... and ${problems.length - 8} more, each shown at its field`));
    this.summary.replaceChildren(h("p", {}, h("strong", {}, `This scenario has ${count}.`), " Nothing is solved until they are fixed."), list);
  }

  /** The element showing a path's problems: its field, or the nearest enclosing one. */
  private anchorFor(path: string): HTMLElement | null {
    let p = path;
    for (;;) {
      const el = this.form.querySelector<HTMLElement>(`[data-path="${CSS.escape(p)}"]`);
      if (el) return el;
      if (p === "") return null;
      p = p.replace(/(\.[^.[\]]+|\[\d+\])$/, "");
      if (p === path) return null;
    }
  }

  // ---------------------------------------------------------------------------------------
  // JSON text

  private syncText(): void {
    if (document.activeElement !== this.json) this.json.value = JSON.stringify(this.raw, null, 2);
  }

  private applyText(openOnError = false): void {
    const parsed = parseJsonText(this.json.value);
    if (!parsed.ok) {
      const problem = parsed.problems[0];
      this.jsonError.replaceChildren(problemElement(problem));
      this.json.setAttribute("aria-invalid", "true");
      this.form.querySelector("fieldset")!.disabled = true;
      if (openOnError) (this.json.closest("details") as HTMLDetailsElement).open = true;
      this.events.syntaxError(problem);
      return;
    }
    this.clearSyntaxError();
    this.raw = parsed.value;
    this.render();
    this.syncText();
    this.events.change(this.raw);
  }

  private clearSyntaxError(): void {
    this.jsonError.replaceChildren();
    this.json.removeAttribute("aria-invalid");
    const fieldset = this.form.querySelector("fieldset");
    if (fieldset) fieldset.disabled = false;
  }

  // ---------------------------------------------------------------------------------------
  // Form

  private input(path: Segment[], kind: FieldKind, label: string, extra: Record<string, string> = {}): HTMLInputElement {
    return h("input", {
      type: "text",
      id: `f-${formatPath(path).replace(/[^A-Za-z0-9_-]/g, "-")}`,
      value: fieldText(getAt(this.raw, path), kind),
      "data-path": formatPath(path),
      "data-key": JSON.stringify(path),
      "data-kind": kind,
      inputmode: kind === "number" ? "decimal" : undefined,
      autocomplete: "off",
      spellcheck: "false",
      "aria-label": label,
      ...extra,
    });
  }

  private field(path: Segment[], kind: FieldKind, label: string, hint?: string, placeholder?: string): HTMLElement {
    const input = this.input(path, kind, label, placeholder ? { placeholder } : {});
    input.removeAttribute("aria-label");
    const hintId = `${input.id}-hint`;
    if (hint) {
      input.setAttribute("aria-describedby", hintId);
      input.setAttribute("data-hint", hintId);
    }
    return h("div", { class: "field" }, h("label", { for: input.id }, label), input, hint ? h("p", { class: "hint", id: hintId }, hint) : null);
  }

  private render(): void {
    const raw = this.raw;
    const focused = document.activeElement instanceof HTMLElement && this.form.contains(document.activeElement) ? document.activeElement.id : null;
    const body = h("fieldset", { class: "scenario-fields" }, h("legend", { class: "sr-only" }, "Scenario"));
    if (!isRecord(raw)) {
      body.append(h("p", { class: "note", "data-path": "" }, "The scenario must be a JSON object; edit it as JSON below."));
      this.form.replaceChildren(body);
      return;
    }
    body.append(this.field(["name"], "optional-text", "Scenario name"));
    body.append(this.playersTable());
    body.append(this.spilloverFields());
    body.append(this.pairsTable());
    body.append(this.field(["tiers"], "tiers", "Openness levels (tiers)", "Comma-separated, from 0 (closed) to 1 (fully open), each optionally followed by its name; e.g. 0, 0.5 open weights, 1 adds open weights. Empty: 0, 1.", "0, 1"));
    this.form.replaceChildren(body);
    if (focused) document.getElementById(focused)?.focus();
  }

  private playersTable(): HTMLElement {
    const players = getAt(this.raw, ["players"]);
    const wrap = h("div", { class: "players-block", "data-path": "players" });
    wrap.append(h("h3", { id: "labs-title" }, "Labs"));
    if (!Array.isArray(players)) {
      wrap.append(h("p", { class: "note" }, "The players are not a list; edit them as JSON below, or load an example."));
      return wrap;
    }
    const head = h("tr", {}, ...PLAYER_COLUMNS.map((c) => h("th", { scope: "col" }, c.label)), h("th", { scope: "col" }, h("span", { class: "sr-only" }, "Remove")));
    const rows = players.map((player, i) => {
      const name = isRecord(player) && typeof player.id === "string" && player.id ? player.id : `lab ${i + 1}`;
      const cells = PLAYER_COLUMNS.map((c) =>
        h("td", { "data-label": c.label }, this.input(["players", i, c.key], c.kind, `${c.label} of ${name} (lab ${i + 1})`, c.placeholder ? { placeholder: c.placeholder } : {})),
      );
      const remove = h("button", { type: "button", class: "icon-button", "data-action": "remove-player", "data-index": i, "aria-label": `Remove ${name}`, title: `Remove ${name}` }, "✕");
      if (players.length <= 2) remove.disabled = true;
      return h("tr", {}, ...cells, h("td", { class: "row-action" }, remove));
    });
    const table = h("table", { class: "players", "aria-labelledby": "labs-title", "aria-describedby": "labs-hint" }, h("thead", {}, head), h("tbody", {}, ...rows));
    wrap.append(h("div", { class: "table-scroll" }, table), h("p", { class: "hint", id: "labs-hint" }, PLAYERS_HINT));
    wrap.append(h("button", { type: "button", class: "secondary", "data-action": "add-player" }, "Add a lab"));
    return wrap;
  }

  private spilloverKind(): SpilloverKind {
    const s = getAt(this.raw, ["spillover"]);
    if (Array.isArray(s)) return "matrix";
    if (isRecord(s)) return "absorptive";
    return "uniform";
  }

  private spilloverFields(): HTMLElement {
    const kind = this.spilloverKind();
    const box = h("fieldset", { class: "spillover" }, h("legend", {}, "Spillover: what a lab gains when another opens"));
    const choices: [SpilloverKind, string][] = [
      ["uniform", "The same for every pair"],
      ["absorptive", "Absorptive: labs behind learn from labs ahead"],
      ["matrix", "Pair by pair (matrix)"],
    ];
    const radios = h("div", { class: "radios" });
    for (const [value, label] of choices) {
      const id = `spill-${value}`;
      radios.append(h("span", { class: "radio" }, h("input", { type: "radio", name: "spillover-kind", id, value, checked: value === kind, "data-action": "spillover-kind" }), h("label", { for: id }, label)));
    }
    box.append(radios);
    if (kind === "uniform")
      box.append(this.field(["spillover"], "number", "Every lab gains, when another opens fully", "B: the same capability gain for every pair (0: opening helps no rival)."));
    else if (kind === "absorptive")
      box.append(this.field(["spillover", "absorptive"], "number", "Absorptive rate r", "A lab gains r times how far the opener is ahead of it (nothing from labs behind it)."));
    else box.append(this.matrixTable());
    return box;
  }

  private matrixTable(): HTMLElement {
    const matrix = getAt(this.raw, ["spillover"]) as unknown[];
    const ids = playerIds(this.raw);
    const wrap = h("div", { class: "matrix-block", "data-path": "spillover" });
    const head = h("tr", {}, h("th", { scope: "col" }, h("span", { class: "sr-only" }, "opener"), "opens ↓ / gains →"), ...ids.map((id) => h("th", { scope: "col" }, id)));
    const rows = matrix.map((row, i) => {
      const opener = ids[i] ?? `row ${i + 1}`;
      const cells = (Array.isArray(row) ? row : []).map((_, j) =>
        h("td", {}, i === j ? h("span", { class: "diagonal", "aria-label": "diagonal, ignored" }, "–") : this.input(["spillover", i, j], "number", `What ${ids[j] ?? j + 1} gains when ${opener} opens`)),
      );
      return h("tr", {}, h("th", { scope: "row" }, opener), ...cells);
    });
    wrap.append(h("p", { class: "hint" }, "Row: the lab that opens. Column: the lab that gains."));
    wrap.append(h("div", { class: "table-scroll" }, h("table", { class: "matrix" }, h("thead", {}, head), h("tbody", {}, ...rows))));
    return wrap;
  }

  private pairsTable(): HTMLElement {
    const pairs = getAt(this.raw, ["spilloverPairs"]);
    const wrap = h("div", { class: "pairs-block", "data-path": "spilloverPairs" });
    wrap.append(h("h3", { id: "pairs-title" }, "Single pairs ", h("span", { class: "hint" }, "(optional: override one entry of the spillover)")));
    if (Array.isArray(pairs) && pairs.length) {
      const rows = pairs.map((_, k) =>
        h(
          "tr",
          {},
          h("td", { "data-label": "Opener" }, this.input(["spilloverPairs", k, "from"], "text", `Pair ${k + 1}: the lab that opens`)),
          h("td", { "data-label": "Receiver" }, this.input(["spilloverPairs", k, "to"], "text", `Pair ${k + 1}: the lab that gains`)),
          h("td", { "data-label": "Gain" }, this.input(["spilloverPairs", k, "value"], "number", `Pair ${k + 1}: what it gains`)),
          h("td", { class: "row-action" }, h("button", { type: "button", class: "icon-button", "data-action": "remove-pair", "data-index": k, "aria-label": `Remove pair ${k + 1}`, title: `Remove pair ${k + 1}` }, "✕")),
        ),
      );
      const head = h("tr", {}, h("th", { scope: "col" }, "Opener"), h("th", { scope: "col" }, "Receiver"), h("th", { scope: "col" }, "Gain"), h("th", { scope: "col" }, h("span", { class: "sr-only" }, "Remove")));
      wrap.append(h("div", { class: "table-scroll" }, h("table", { class: "pairs", "aria-labelledby": "pairs-title" }, h("thead", {}, head), h("tbody", {}, ...rows))));
    } else if (pairs !== undefined && !Array.isArray(pairs)) wrap.append(h("p", { class: "note" }, "spilloverPairs is not a list; edit it as JSON below."));
    wrap.append(h("button", { type: "button", class: "secondary", "data-action": "add-pair" }, "Add a pair"));
    return wrap;
  }

  // ---------------------------------------------------------------------------------------
  // Edits

  private onInput(event: Event): void {
    const input = event.target;
    if (!(input instanceof HTMLInputElement) || !input.dataset.key) return;
    const path = JSON.parse(input.dataset.key) as Segment[];
    setAt(this.raw, path, valueOf(input.value, input.dataset.kind as FieldKind));
    this.syncText();
    this.events.change(this.raw);
  }

  private onStructural(event: Event): void {
    const input = event.target;
    if (input instanceof HTMLInputElement && input.dataset.action === "spillover-kind" && input.checked) {
      this.setSpilloverKind(input.value as SpilloverKind);
      this.commit(`#spill-${input.value}`);
    }
  }

  private onClick(event: Event): void {
    const button = (event.target as HTMLElement).closest("button");
    if (!button?.dataset.action) return;
    const index = Number(button.dataset.index);
    switch (button.dataset.action) {
      case "add-player":
        this.addPlayer();
        return this.commit(`#f-players-${(getAt(this.raw, ["players"]) as unknown[]).length - 1}--id`);
      case "remove-player":
        this.removePlayer(index);
        return this.commit('[data-action="add-player"]');
      case "add-pair": {
        const ids = playerIds(this.raw);
        const pairs = Array.isArray(getAt(this.raw, ["spilloverPairs"])) ? (getAt(this.raw, ["spilloverPairs"]) as unknown[]) : [];
        pairs.push({ from: ids[0] ?? "", to: ids[1] ?? "", value: 1 });
        setAt(this.raw, ["spilloverPairs"], pairs);
        return this.commit(`#f-spilloverPairs-${pairs.length - 1}--from`);
      }
      case "remove-pair": {
        const pairs = getAt(this.raw, ["spilloverPairs"]) as unknown[];
        pairs.splice(index, 1);
        if (pairs.length === 0) setAt(this.raw, ["spilloverPairs"], undefined);
        return this.commit('[data-action="add-pair"]');
      }
    }
  }

  /** After a structural edit: render, focus `selector`, and report the change. */
  private commit(selector: string): void {
    this.render();
    this.syncText();
    this.form.querySelector<HTMLElement>(selector)?.focus();
    this.events.change(this.raw);
  }

  private addPlayer(): void {
    const players = getAt(this.raw, ["players"]) as unknown[];
    const ids = new Set(playerIds(this.raw));
    let k = players.length + 1;
    while (ids.has(`lab${k}`)) k++;
    players.push({ id: `lab${k}`, capability: 5, communityGain: 1 });
    const s = getAt(this.raw, ["spillover"]);
    if (Array.isArray(s)) {
      for (const row of s) if (Array.isArray(row)) row.push(0);
      s.push(new Array(players.length).fill(0));
    }
  }

  private removePlayer(i: number): void {
    const players = getAt(this.raw, ["players"]) as unknown[];
    const id = playerIds(this.raw)[i];
    players.splice(i, 1);
    const s = getAt(this.raw, ["spillover"]);
    if (Array.isArray(s) && s.length > i) {
      s.splice(i, 1);
      for (const row of s) if (Array.isArray(row) && row.length > i) row.splice(i, 1);
    }
    // References to the removed lab go with it.
    for (const p of players) {
      if (isRecord(p) && Array.isArray(p.rivals)) {
        p.rivals = p.rivals.filter((r) => r !== id);
        if ((p.rivals as unknown[]).length === 0) delete p.rivals;
      }
    }
    const pairs = getAt(this.raw, ["spilloverPairs"]);
    if (Array.isArray(pairs)) {
      const kept = pairs.filter((q) => !(isRecord(q) && (q.from === id || q.to === id)));
      setAt(this.raw, ["spilloverPairs"], kept.length ? kept : undefined);
    }
  }

  private setSpilloverKind(kind: SpilloverKind): void {
    const current = this.spilloverKind();
    if (current === kind) return;
    this.remembered[current] = clone(getAt(this.raw, ["spillover"]));
    const n = playerIds(this.raw).length;
    let next = this.remembered[kind];
    if (kind === "matrix" && !(Array.isArray(next) && next.length === n)) {
      // Start from what the current spillover means for each pair, where that is known.
      const s = getAt(this.raw, ["spillover"]);
      const c = (getAt(this.raw, ["players"]) as unknown[]).map((p) => (isRecord(p) && typeof p.capability === "number" ? p.capability : 0));
      next = Array.from({ length: n }, (_, i) =>
        Array.from({ length: n }, (_, j) => {
          if (i === j) return 0;
          if (typeof s === "number") return s;
          if (isRecord(s) && typeof s.absorptive === "number") return round(s.absorptive * Math.max(0, c[i] - c[j]));
          return 0;
        }),
      );
    }
    if (kind === "absorptive" && !isRecord(next)) next = { absorptive: 0.5 };
    if (kind === "uniform" && typeof next !== "number") next = 0;
    setAt(this.raw, ["spillover"], clone(next));
  }
}

const round = (v: number) => Number(v.toPrecision(12));

/** The row under a table row that holds its fields' problems (made on first use). */
function errorRow(row: HTMLTableRowElement): HTMLTableCellElement {
  const next = row.nextElementSibling;
  if (next instanceof HTMLTableRowElement && next.classList.contains("error-row")) return next.cells[0];
  const cell = h("td", { colspan: row.cells.length });
  row.after(h("tr", { class: "error-row" }, cell));
  return cell;
}

/** A value as its field shows it: lists comma-separated. */
function fieldText(value: unknown, kind: FieldKind): string {
  if (kind === "tiers" && Array.isArray(value))
    return value.map((t) => (isRecord(t) && "level" in t ? `${textOf(t.level)} ${textOf(t.name)}` : textOf(t))).join(", ");
  return (kind === "ids" || kind === "numbers") && Array.isArray(value) ? value.map(textOf).join(", ") : textOf(value);
}

/** A field's text as the value it puts in the scenario. */
function valueOf(text: string, kind: FieldKind): unknown {
  switch (kind) {
    case "number":
      return numberFromText(text);
    case "text":
      return text;
    case "optional-text":
      return text === "" ? undefined : text;
    case "ids": {
      const ids = text.split(",").map((s) => s.trim()).filter(Boolean);
      return ids.length ? ids : undefined;
    }
    case "numbers": {
      const parts = text.split(/[,\s]+/).map((s) => s.trim()).filter(Boolean);
      return parts.length ? parts.map(numberFromText) : undefined;
    }
    case "tiers": {
      // `0, 0.5 open weights, 1`: a level, then optionally its name.
      const parts = text.split(",").map((s) => s.trim()).filter(Boolean);
      if (!parts.length) return undefined;
      return parts.map((part) => {
        const [, level, name] = /^(\S+)\s*(.*)$/.exec(part)!;
        return name ? { level: numberFromText(level), name } : numberFromText(level);
      });
    }
  }
}
