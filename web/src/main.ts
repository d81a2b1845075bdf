/**
 * The explorer page: wires the scenario editor, the solve settings, the results and the
 * explorer together, and keeps the page's state in the URL fragment (link.ts).
 */
import { randomScenario, setParameter, validateScenario, type Scenario, type ScenarioInput } from "../../src/index.js";
import { byId, download, h, perFrame, slug } from "./dom.js";
import { ScenarioEditor } from "./editor.js";
import { ExplorePanel } from "./explore.js";
import { UncertainPanel } from "./uncertain.js";
import { readLink, writeLink } from "./link.js";
import { ResultsPanel } from "./results.js";
import { CONTINUOUS_METHODS, DEFAULT_SETTINGS, parseLimit, type SolveSettings, type Which } from "./settings.js";
import "./style.css";

/** The bundled examples (examples/*.json), as text. */
const EXAMPLE_FILES = import.meta.glob("../../examples/*.json", { query: "?raw", import: "default", eager: true }) as Record<string, string>;
const WORKED_EXAMPLE = "three-lab-race";

interface Example {
  readonly key: string;
  readonly name: string;
  readonly text: string;
}

const examples: Example[] = Object.entries(EXAMPLE_FILES)
  .map(([path, text]) => {
    const key = path.replace(/^.*\/|\.json$/g, "");
    const value = JSON.parse(text) as Record<string, unknown>;
    // `$schema` points into the repository; it means nothing in a download from the page.
    delete value.$schema;
    return { key, name: String(value.name ?? key), text: JSON.stringify(value, null, 2) };
  })
  .sort((a, b) => (a.key === WORKED_EXAMPLE ? -1 : b.key === WORKED_EXAMPLE ? 1 : a.name.localeCompare(b.name)));

let settings: SolveSettings = DEFAULT_SETTINGS;
let valid: Scenario | null = null;

const editor = new ScenarioEditor(byId("scenario-section"), {
  change: (raw) => scenarioChanged(raw),
  syntaxError: () => {
    valid = null;
    editor.showProblems([]);
    results.invalid("Not solved: the JSON has a syntax error (see the JSON box).");
    explore.invalid();
    uncertain.invalid();
  },
});
const results = new ResultsPanel();
const uncertain = new UncertainPanel();
const explore = new ExplorePanel({
  parameter: (path, value) => {
    // The numbers a slider moves never change the scenario's shape: the form stays, its values change.
    // A slider moves only while the scenario is valid, so the JSON is a scenario as written.
    setParameter(editor.raw as ScenarioInput, path, value);
    editor.refreshValues();
    scenarioChanged(editor.raw);
  },
  axesChanged: () => writeUrl(),
});

/** Solving waits for the next frame, so that a burst of edits (typing, a slider) solves once. */
const solveSoon = perFrame(async (scenario: Scenario) => {
  if (scenario !== valid) return;
  const seconds = await results.solve(scenario, settings);
  // The explorer follows once the scenario is solved (and knows what a solve costs).
  if (seconds !== null && scenario === valid) {
    explore.update(scenario, settings, seconds);
    uncertain.update(scenario, settings);
  }
});

function scenarioChanged(raw: unknown): void {
  const parsed = validateScenario(raw);
  editor.showProblems(parsed.ok ? [] : parsed.problems);
  writeUrl();
  if (!parsed.ok) {
    valid = null;
    const n = parsed.problems.length;
    results.invalid(`Not solved: the scenario has ${n === 1 ? "a problem" : `${n} problems`} (shown next to ${n === 1 ? "its field" : "their fields"}).`);
    explore.invalid();
    uncertain.invalid();
    return;
  }
  valid = parsed.value;
  document.title = `${parsed.value.name ?? "Scenario"} · openrace explorer`;
  solveSoon(parsed.value);
}

function writeUrl(): void {
  const hash = writeLink({ scenarioJson: JSON.stringify(editor.raw ?? null), settings, ...explore.linkAxes() });
  if (hash !== location.hash) history.replaceState(null, "", `${location.pathname}${location.search}${hash}`);
}

// ---------------------------------------------------------------------------------------
// Sources: examples, files, random races, links

const exampleSelect = byId<HTMLSelectElement>("example");
exampleSelect.replaceChildren(
  h("option", { value: "", disabled: true }, "Your scenario"),
  ...examples.map((e) => h("option", { value: e.key }, e.key === WORKED_EXAMPLE ? `${e.name} (worked example)` : e.name)),
);
exampleSelect.addEventListener("change", () => loadExample(exampleSelect.value));

function loadExample(key: string): void {
  const example = examples.find((e) => e.key === key) ?? examples[0];
  exampleSelect.value = example.key;
  editor.loadText(example.text);
}

byId<HTMLInputElement>("upload").addEventListener("change", async (event) => {
  const input = event.target as HTMLInputElement;
  const file = input.files?.[0];
  if (!file) return;
  exampleSelect.value = "";
  editor.loadText(await file.text());
  input.value = "";
});

byId("download-scenario").addEventListener("click", () => {
  const name = (editor.raw as { name?: unknown })?.name;
  download(`${slug(typeof name === "string" ? name : "scenario")}.json`, `${JSON.stringify(editor.raw, null, 2)}\n`, "application/json");
});

byId("copy-link").addEventListener("click", async () => {
  const status = byId("link-status");
  try {
    await navigator.clipboard.writeText(location.href);
    status.textContent = "Link copied: it reopens this scenario with these settings.";
  } catch {
    const field = h("input", { type: "text", readonly: true, value: location.href, "aria-label": "Link to this scenario" });
    status.replaceChildren("Copy this link: ", field);
    field.select();
  }
});

byId("random-generate").addEventListener("click", () => {
  const players = Number(byId<HTMLInputElement>("random-players").value);
  const seed = Number(byId<HTMLInputElement>("random-seed").value);
  const error = byId("random-error");
  if (!Number.isInteger(players) || players < 2 || players > 200 || !Number.isInteger(seed)) {
    error.textContent = "Labs: a whole number from 2 to 200; seed: a whole number.";
    return;
  }
  error.textContent = "";
  exampleSelect.value = "";
  const tiers = byId<HTMLInputElement>("random-tiers").checked ? [0, 0.5, 1] : undefined;
  const scenario = randomScenario({ players, seed, tiers });
  // Rounded numbers keep the table and the link readable.
  const round = (v: number) => Number(v.toFixed(3));
  const value = {
    ...scenario,
    players: scenario.players.map((p) => ({ ...p, capability: round(p.capability), communityGain: round(p.communityGain ?? 0), openCost: round(p.openCost ?? 0) })),
    spillover: (scenario.spillover as number[][]).map((row) => row.map(round)),
  };
  editor.loadText(JSON.stringify(value, null, 2));
});

function openLink(): void {
  const link = readLink(location.hash);
  settings = link.settings;
  showSettings();
  explore.restore(link.line, link.phaseX, link.phaseY);
  if (link.scenario !== null) {
    exampleSelect.value = examples.find((e) => sameJson(e.text, link.scenario!))?.key ?? "";
    editor.loadText(link.scenario);
  } else {
    loadExample(WORKED_EXAMPLE);
    if (link.scenarioError) byId("link-status").textContent = `${link.scenarioError}; the worked example is shown instead.`;
  }
}

/** Same scenario, `$schema` aside. */
function sameJson(a: string, b: string): boolean {
  const canonical = (text: string) => {
    const value = JSON.parse(text) as Record<string, unknown>;
    if (value && typeof value === "object") delete value.$schema;
    return JSON.stringify(value);
  };
  try {
    return canonical(a) === canonical(b);
  } catch {
    return false;
  }
}

window.addEventListener("hashchange", openLink);

// ---------------------------------------------------------------------------------------
// Solve settings

const settingsForm = byId<HTMLFormElement>("settings");

function showSettings(): void {
  const f = settingsForm.elements;
  (f.namedItem("game") as HTMLSelectElement).value = settings.game;
  (f.namedItem("which") as HTMLSelectElement).value = settings.which;
  (f.namedItem("first") as HTMLInputElement).checked = settings.first;
  (f.namedItem("objective") as HTMLSelectElement).value = settings.objective;
  (f.namedItem("sense") as HTMLSelectElement).value = settings.sense;
  (f.namedItem("method") as HTMLSelectElement).value = settings.method;
  (f.namedItem("limit") as HTMLInputElement).value = settings.timeLimit === null ? "" : String(settings.timeLimit);
  showApplicable();
}

/** Objective and sense only for "best"; methods of the chosen game only. */
function showApplicable(): void {
  const best = settings.which === "best";
  byId("objective-fields").hidden = !best;
  (settingsForm.elements.namedItem("first") as HTMLInputElement).disabled = best;
  for (const option of (settingsForm.elements.namedItem("method") as HTMLSelectElement).options)
    option.disabled = settings.game === "continuous" && !CONTINUOUS_METHODS.includes(option.value as never);
}

function readSettingsForm(): SolveSettings {
  const f = settingsForm.elements;
  const limit = parseLimit((f.namedItem("limit") as HTMLInputElement).value);
  const game = (f.namedItem("game") as HTMLSelectElement).value as SolveSettings["game"];
  let method = (f.namedItem("method") as HTMLSelectElement).value as SolveSettings["method"];
  if (game === "continuous" && !CONTINUOUS_METHODS.includes(method)) method = "auto";
  byId("limit-error").textContent = limit.ok ? "" : "A number of seconds above 0, or empty for no limit.";
  return {
    game,
    which: (f.namedItem("which") as HTMLSelectElement).value as Which,
    first: (f.namedItem("first") as HTMLInputElement).checked,
    objective: (f.namedItem("objective") as HTMLSelectElement).value as SolveSettings["objective"],
    sense: (f.namedItem("sense") as HTMLSelectElement).value as SolveSettings["sense"],
    method,
    timeLimit: limit.seconds,
  };
}

settingsForm.addEventListener("change", () => {
  settings = readSettingsForm();
  showSettings();
  // The scenario is unchanged: no need to validate it again.
  writeUrl();
  if (valid) solveSoon(valid);
});
settingsForm.addEventListener("submit", (event) => event.preventDefault());
byId("solve").addEventListener("click", () => {
  settings = readSettingsForm();
  if (valid) solveSoon(valid);
});

// ---------------------------------------------------------------------------------------
// The "what am I looking at" panel remembers being closed.

const about = byId<HTMLDetailsElement>("about");
try {
  if (localStorage.getItem("openrace.about") === "closed") about.open = false;
  about.addEventListener("toggle", () => localStorage.setItem("openrace.about", about.open ? "open" : "closed"));
} catch {
  // Storage may be unavailable (private mode): the panel just starts open.
}

openLink();
// The controls are wired: the page is interactive (read by the web benchmark).
performance.mark("openrace:ready");
