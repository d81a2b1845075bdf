/** Small DOM helpers: element creation, downloads, file uploads, problems, timing. */
import type { Problem } from "../../src/index.js";

type Attrs = Record<string, string | number | boolean | undefined | null>;
type Child = Node | string | number | null | undefined | false;

/** `h("button", { type: "button", class: "x" }, "Text")`; boolean attributes by presence. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    el.setAttribute(name, value === true ? "" : String(value));
  }
  for (const child of children) if (child !== null && child !== undefined && child !== false) el.append(typeof child === "number" ? String(child) : child);
  return el;
}

export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (!el) throw new Error(`#${id} is missing from the page`);
  return el as T;
}

/** Saves text or a blob as a file. */
export function download(name: string, content: string | Blob, type = "application/octet-stream"): void {
  const blob = typeof content === "string" ? new Blob([content], { type }) : content;
  const url = URL.createObjectURL(blob);
  const a = h("a", { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Calls `load` with the text of each file chosen in a file input (then clears it, so the same file loads again). */
export function onUpload(input: HTMLInputElement, load: (text: string) => void): void {
  input.addEventListener("change", async () => {
    const file = input.files?.[0];
    if (!file) return;
    load(await file.text());
    input.value = "";
  });
}

/**
 * A validation problem as the page shows it: its path (as the CLI prints it) and message, in an
 * element with `data-error-path` (INTERFACE.md, "Web explorer links").
 */
export function problemElement(problem: Problem, id?: string): HTMLElement {
  const message = h("p", { class: "field-error", id, "data-error-path": problem.path });
  if (problem.path) message.append(h("code", {}, problem.path), `: ${problem.message}`);
  else message.append(problem.message);
  return message;
}

/** A file name from a scenario name: `Three-lab race` -> `three-lab-race`. */
export function slug(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "") || "scenario";
}

/** Calls fn at most once per animation frame with the latest arguments. */
export function perFrame<A extends unknown[]>(fn: (...args: A) => void): (...args: A) => void {
  let pending: A | null = null;
  return (...args: A) => {
    const scheduled = pending !== null;
    pending = args;
    if (scheduled) return;
    requestAnimationFrame(() => {
      const latest = pending!;
      pending = null;
      fn(...latest);
    });
  };
}

export function debounce<A extends unknown[]>(fn: (...args: A) => void, ms: number): (...args: A) => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return (...args: A) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
}

/** Yields to the event loop, so that long work is split into short tasks. */
export const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));
