/**
 * The policy part of the page: none, a bundled example (examples/policies/*.json), an uploaded
 * file, or JSON typed in its box, in the format of `--policy` files (MODEL.md section 5).
 * The core's validatePolicy and, for the discrete game, policyProblems check it; each problem is
 * shown with its path as `sweep --policy` prints it (`policy.levers[0].amount`), and while there
 * is one the page solves nothing. A line (and the collapsed summary) says which policy applies.
 */
import { describeLevers, gameUnder, parseJsonText, underPolicy, validatePolicy, type GameKind, type Policy, type Problem, type Scenario } from "../../src/index.js";
import { byId, debounce, download, h, onUpload, problemElement, slug } from "./dom.js";
import { isRecord } from "./raw.js";
import { bundledExamples, matchingExample } from "./examples.js";

const POLICY_FILES = import.meta.glob("../../examples/policies/*.json", { query: "?raw", import: "default", eager: true }) as Record<string, string>;
const NONE = "none";

/** What the page solves under: no policy, a valid one, or one with problems (nothing is solved). */
export type PolicyState = { readonly kind: "none" } | { readonly kind: "ok"; readonly policy: Policy } | { readonly kind: "invalid"; readonly problems: readonly Problem[] };

/** A policy's name, for titles. */
export const policyName = (policy: Policy) => policy.name ?? "unnamed policy";

/** What a result was computed under, to end a phrase: " under policy NAME" (nothing without a policy). */
export const underWords = (policy: Policy | undefined) => (!policy ? "" : policy.name ? ` under policy ${policy.name}` : " under an unnamed policy");

export class PolicyPanel {
  /** The policy as written (plain JSON, moved by the lever sliders), or null for none. */
  raw: unknown = null;
  /** The JSON box's text does not parse: its problem. */
  private syntax: Problem | null = null;
  /** The state last shown. */
  private last: PolicyState["kind"] = "none";
  private readonly examples = bundledExamples(POLICY_FILES);
  private readonly section = byId<HTMLDetailsElement>("policy-section");
  private readonly select = byId<HTMLSelectElement>("policy-example");
  private readonly json = byId<HTMLTextAreaElement>("policy-json");
  private readonly problems = byId("policy-problems");
  private readonly applied = byId("policy-applied");
  private readonly summary = byId("policy-summary");

  constructor(private readonly changed: () => void) {
    this.select.replaceChildren(
      h("option", { value: NONE }, "None: the race as described"),
      h("option", { value: "", disabled: true }, "Your policy"),
      ...this.examples.map((e) => h("option", { value: e.key }, e.name)),
    );
    this.select.addEventListener("change", () => {
      const example = this.examples.find((e) => e.key === this.select.value);
      this.loadText(example?.text ?? "");
    });
    onUpload(byId<HTMLInputElement>("policy-upload"), (text) => this.loadText(text));
    this.json.addEventListener("input", debounce(() => this.read(this.json.value), 250));
    byId("download-policy").addEventListener("click", () => {
      const name = isRecord(this.raw) && typeof this.raw.name === "string" ? this.raw.name : "policy";
      download(`${slug(name)}.json`, `${JSON.stringify(this.raw, null, 2)}\n`, "application/json");
    });
  }

  /** Loads policy JSON text (empty: no policy); `notify` false when the caller solves next anyway. */
  loadText(text: string, notify = true): void {
    this.json.value = text;
    this.read(text, notify);
  }

  /** A link's policy (or none): shown open when there is one, so its reader sees what applies. */
  restore(text: string | null): void {
    this.loadText(text ?? "", false);
    if (text !== null) this.section.open = true;
  }

  /** The lever numbers changed (a slider): the box shows them, and the menu whether it is still the example. */
  refresh(): void {
    const text = JSON.stringify(this.raw, null, 2);
    if (document.activeElement !== this.json) this.json.value = text;
    this.select.value = matchingExample(this.examples, text)?.key ?? "";
  }

  /** The policy's JSON for the link, or null when there is none. */
  linkText(): string | null {
    if (this.syntax) return this.json.value;
    return this.raw === null ? null : JSON.stringify(this.raw);
  }

  /**
   * Checks the policy against the scenario (null while the scenario is invalid: only the
   * policy's own rules then) and the game, and shows the result.
   */
  check(scenario: Scenario | null, kind: GameKind): PolicyState {
    const state = this.state(scenario, kind);
    this.problems.replaceChildren(...(state.kind === "invalid" ? state.problems.map((p) => problemElement(p)) : []));
    this.json.toggleAttribute("aria-invalid", state.kind === "invalid");
    if (state.kind === "none") {
      this.summary.textContent = "none";
      this.applied.textContent = "No policy: the race is solved as described.";
    } else if (state.kind === "invalid") {
      const n = state.problems.length;
      this.summary.textContent = `not applied (${n === 1 ? "a problem" : `${n} problems`})`;
      this.applied.textContent = `Not applied: the policy has ${n === 1 ? "a problem" : `${n} problems`} (below). Nothing is solved until ${n === 1 ? "it is" : "they are"} fixed, or the policy is set to none.`;
      // Shown when it becomes invalid; the reader may close it again.
      if (this.last !== "invalid") this.section.open = true;
    } else {
      const { policy } = state;
      this.summary.textContent = policyName(policy);
      this.applied.replaceChildren(
        "Applied to everything the page computes: ",
        h("strong", {}, policyName(policy)),
        policy.description ? ` — ${policy.description}` : "",
        ` Levers: ${describeLevers(policy)}.`,
      );
    }
    this.last = state.kind;
    byId<HTMLButtonElement>("download-policy").disabled = this.raw === null || this.syntax !== null;
    return state;
  }

  private state(scenario: Scenario | null, kind: GameKind): PolicyState {
    if (this.syntax) return { kind: "invalid", problems: [underPolicy(this.syntax)] };
    if (this.raw === null) return { kind: "none" };
    const parsed = validatePolicy(this.raw);
    if (!parsed.ok) return { kind: "invalid", problems: parsed.problems.map(underPolicy) };
    const fits = scenario ? gameUnder(scenario, parsed.value, kind) : null;
    return fits && !fits.ok ? { kind: "invalid", problems: fits.problems } : { kind: "ok", policy: parsed.value };
  }

  private read(text: string, notify = true): void {
    if (text.trim() === "") {
      this.raw = null;
      this.syntax = null;
    } else {
      const parsed = parseJsonText(text);
      this.syntax = parsed.ok ? null : parsed.problems[0];
      if (parsed.ok) this.raw = parsed.value;
    }
    this.select.value = this.raw === null && !this.syntax ? NONE : (matchingExample(this.examples, text)?.key ?? "");
    if (notify) this.changed();
  }
}
