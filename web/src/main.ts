/**
 * The explorer page: wires the scenario editor, the solve settings, the results and the
 * explorer together, and keeps the page's state in the URL fragment (link.ts).
 */
import { randomScenario, setParameter, validateScenario, type Policy, type ScenarioInput, type Subject } from "../../src/index.js";
import { byId, download, h, onUpload, perFrame, slug } from "./dom.js";
import { ScenarioEditor } from "./editor.js";
import { bundledExamples, matchingExample } from "./examples.js";
import { PolicyPanel } from "./policy.js";
import { ExplorePanel } from "./explore.js";
import { UncertainPanel } from "./uncertain.js";
import { readLink, writeLink } from "./link.js";
import { ResultsPanel } from "./results.js";
import { CONTINUOUS_METHODS, DEFAULT_SETTINGS, parseLimit, parseWorkers, type SolveSettings, type Which } from "./settings.js";
import "./style.css";

/** The bundled examples (examples/*.json), as text. */
const EXAMPLE_FILES = import.meta.glob("../../examples/*.json", { query: "?raw", import: "default", eager: true }) as Record<string, string>;
const WORKED_EXAMPLE = "three-lab-race";
const examples = bundledExamples(EXAMPLE_FILES, WORKED_EXAMPLE);

let settings: SolveSettings = DEFAULT_SETTINGS;
/** The scenario and policy solved, while both are valid. */
let valid: Subject | null = null;

const editor = new ScenarioEditor(byId("scenario-section"), {
  change: () => changed(),
  syntaxError: () => {
    editor.showProblems([]);
    notSolved("Not solved: the JSON has a syntax error (see the JSON box).", "Fix the scenario's problems to explore it.");
  },
});
const policy = new PolicyPanel(() => changed());
const results = new ResultsPanel();
const uncertain = new UncertainPanel();
const explore = new ExplorePanel({
  parameter: (path, value) => {
    // The numbers a slider moves never change the scenario's shape: the form stays, its values change.
    // A slider moves only while the scenario (and policy) are valid, so the JSON is one as written.
    setParameter(editor.raw as ScenarioInput, path, value, (policy.raw ?? undefined) as Policy | undefined);
    if (path.startsWith("levers[")) policy.refresh();
    else editor.refreshValues();
    changed();
  },
  axesChanged: () => writeUrl(),
});

/** Solving waits for the next frame, so that a burst of edits (typing, a slider) solves once. */
const solveSoon = perFrame(async (subject: Subject) => {
  if (subject !== valid) return;
  const seconds = await results.solve(subject, settings);
  // The explorer follows once the scenario is solved (and knows what a solve costs).
  if (seconds !== null && subject === valid) {
    explore.update(subject, settings, seconds);
    uncertain.update(subject, settings);
  }
});

/** The scenario, the policy or the game changed: check both, and solve when both are valid. */
function changed(): void {
  const parsed = validateScenario(editor.raw);
  editor.showProblems(parsed.ok ? [] : parsed.problems);
  const state = policy.check(parsed.ok ? parsed.value : null, settings.game);
  writeUrl();
  if (!parsed.ok) {
    const n = parsed.problems.length;
    notSolved(`Not solved: the scenario has ${n === 1 ? "a problem" : `${n} problems`} (shown next to ${n === 1 ? "its field" : "their fields"}).`, "Fix the scenario's problems to explore it.");
    return;
  }
  if (state.kind === "invalid") {
    const n = state.problems.length;
    notSolved(`Not solved: the policy has ${n === 1 ? "a problem" : `${n} problems`} (shown under Policy).`, "Fix the policy's problems (or set it to none) to explore it.");
    return;
  }
  valid = { scenario: parsed.value, ...(state.kind === "ok" ? { policy: state.policy } : {}) };
  document.title = `${parsed.value.name ?? "Scenario"} · openrace explorer`;
  solveSoon(valid);
}

function notSolved(message: string, exploreMessage: string): void {
  valid = null;
  results.invalid(message);
  explore.invalid(exploreMessage);
  uncertain.invalid();
}

function writeUrl(): void {
  const hash = writeLink({ scenarioJson: JSON.stringify(editor.raw ?? null), policyJson: policy.linkText(), settings, ...explore.linkAxes() });
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

onUpload(byId<HTMLInputElement>("upload"), (text) => {
  exampleSelect.value = "";
  editor.loadText(text);
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
  // The policy first, quietly: loading the scenario checks and solves both.
  policy.restore(link.policy);
  const status = [link.policyError];
  if (link.scenario !== null) {
    exampleSelect.value = matchingExample(examples, link.scenario)?.key ?? "";
    editor.loadText(link.scenario);
  } else {
    loadExample(WORKED_EXAMPLE);
    if (link.scenarioError) status.unshift(`${link.scenarioError}; the worked example is shown instead`);
  }
  const said = status.filter(Boolean);
  if (said.length) byId("link-status").textContent = `${said.join("; ")}.`;
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
  (f.namedItem("workers") as HTMLInputElement).value = settings.workers === null ? "" : String(settings.workers);
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
  const workers = parseWorkers((f.namedItem("workers") as HTMLInputElement).value);
  byId("limit-error").textContent = [
    limit.ok ? "" : "Time limit: a number of seconds above 0, or empty for no limit.",
    workers.ok ? "" : "Workers: a whole number from 1, or empty for one per core when worth it.",
  ]
    .filter(Boolean)
    .join(" ");
  return {
    game,
    which: (f.namedItem("which") as HTMLSelectElement).value as Which,
    first: (f.namedItem("first") as HTMLInputElement).checked,
    objective: (f.namedItem("objective") as HTMLSelectElement).value as SolveSettings["objective"],
    sense: (f.namedItem("sense") as HTMLSelectElement).value as SolveSettings["sense"],
    method,
    timeLimit: limit.seconds,
    workers: workers.workers,
  };
}

settingsForm.addEventListener("change", () => {
  settings = readSettingsForm();
  showSettings();
  // The game may change whether the policy fits (a mandate above the top tier).
  changed();
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
