/**
 * The scenario as the user is writing it: plain JSON that may be invalid. The editor reads and
 * writes it by path; the core's validator decides whether it is a scenario.
 */
export type Json = unknown;
export type Segment = string | number;

export const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

export function getAt(raw: Json, path: readonly Segment[]): unknown {
  let node: unknown = raw;
  for (const key of path) {
    if (typeof key === "number" ? !Array.isArray(node) : !isRecord(node)) return undefined;
    node = (node as Record<string | number, unknown>)[key];
  }
  return node;
}

/** Sets the value at a path (creating objects on the way); `undefined` removes an object key. */
export function setAt(raw: Json, path: readonly Segment[], value: unknown): void {
  let node = raw as Record<string | number, unknown>;
  for (let k = 0; k < path.length - 1; k++) {
    const key = path[k];
    let next = node[key];
    if (typeof next !== "object" || next === null) {
      next = typeof path[k + 1] === "number" ? [] : {};
      node[key] = next;
    }
    node = next as Record<string | number, unknown>;
  }
  const last = path[path.length - 1];
  if (value === undefined && !Array.isArray(node)) delete node[last];
  else node[last] = value;
}

export const clone = <T>(value: T): T => (value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T));

const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i;

/**
 * A number field's text as JSON: a number when it reads as one, nothing when empty, and
 * otherwise the text itself, so that the validator says what is wrong exactly as it would
 * for a file (`expected a number, got string "abc"`).
 */
export function numberFromText(text: string): unknown {
  const t = text.trim();
  if (t === "") return undefined;
  return NUMBER.test(t) ? Number(t) : t;
}

/** How a value is shown in a text field. */
export function textOf(value: unknown): string {
  if (value === undefined || value === null) return "";
  if (typeof value === "string") return value;
  if (typeof value === "number") return String(value);
  return JSON.stringify(value);
}

/** The players' ids (as written, for lists and selects). */
export function playerIds(raw: Json): string[] {
  const players = getAt(raw, ["players"]);
  return Array.isArray(players) ? players.map((p, i) => (isRecord(p) && typeof p.id === "string" ? p.id : `#${i + 1}`)) : [];
}
