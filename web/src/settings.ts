/** What to solve for: the page's solve settings, their defaults and their link parameters. */
import { GAMES, METHODS, OBJECTIVE_NAMES, SENSES, type GameKind, type Method, type ObjectiveName, type Sense, type SolveOptions } from "../../src/index.js";

const WHICH = ["all", "nontrivial", "best"] as const;
export type Which = (typeof WHICH)[number];

export interface SolveSettings {
  readonly game: GameKind;
  /** Every equilibrium, only those where some lab opens, or the best by an objective. */
  readonly which: Which;
  /** Stop at the first equilibrium found (not with `best`). */
  readonly first: boolean;
  readonly objective: ObjectiveName;
  readonly sense: Sense;
  readonly method: Method;
  /** Seconds, or null for no limit. */
  readonly timeLimit: number | null;
  /**
   * Pool workers for sweeps, sampling and branch and propagate's search of every equilibrium
   * (`--workers`), or null for the default: one per core, started only when the work looks long
   * enough.
   */
  readonly workers: number | null;
}

/** The link contract's default: the discrete game, every equilibrium, as `solve` does. */
export const DEFAULT_SETTINGS: SolveSettings = {
  game: "discrete",
  which: "all",
  first: false,
  objective: "welfare",
  sense: "max",
  method: "auto",
  timeLimit: null,
  workers: null,
};

/** Methods of the continuous game (the others are for the discrete game only). */
export const CONTINUOUS_METHODS: readonly Method[] = ["auto", "iterate", "mip"];

/** The settings as core solve options. */
export function solveOptions(s: SolveSettings): SolveOptions {
  return {
    method: s.game === "continuous" && !CONTINUOUS_METHODS.includes(s.method) ? "auto" : s.method,
    nonTrivial: s.which === "nontrivial",
    first: s.which !== "best" && s.first,
    objective: s.which === "best" ? s.objective : undefined,
    sense: s.sense,
    timeLimit: s.timeLimit ?? undefined,
  };
}

/** A number of workers as typed in the form or read from a link: a whole number from 1, or empty for the default. */
export function parseWorkers(text: string): { workers: number | null; ok: boolean } {
  const t = text.trim();
  if (t === "") return { workers: null, ok: true };
  const workers = Number(t);
  return /^\d+$/.test(t) && workers >= 1 ? { workers, ok: true } : { workers: null, ok: false };
}

/**
 * A time limit as typed in the form or read from a link: a finite number of seconds above 0
 * (as `--time-limit` takes), or empty for none; anything else is not a limit (`ok` false).
 */
export function parseLimit(text: string): { seconds: number | null; ok: boolean } {
  const t = text.trim();
  const seconds = Number(t);
  if (t === "") return { seconds: null, ok: true };
  return Number.isFinite(seconds) && seconds > 0 ? { seconds, ok: true } : { seconds: null, ok: false };
}

const pick = <T extends string>(allowed: readonly T[], value: string | undefined, fallback: T): T =>
  value !== undefined && (allowed as readonly string[]).includes(value) ? (value as T) : fallback;

/** Settings from link parameters; unknown values fall back to the defaults. */
export function readSettings(params: ReadonlyMap<string, string>): SolveSettings {
  const d = DEFAULT_SETTINGS;
  return {
    game: pick(GAMES, params.get("game"), d.game),
    which: pick(WHICH, params.get("which"), d.which),
    first: params.get("first") === "1",
    objective: pick(OBJECTIVE_NAMES, params.get("objective"), d.objective),
    sense: pick(SENSES, params.get("sense"), d.sense),
    method: pick(METHODS, params.get("method"), d.method),
    timeLimit: parseLimit(params.get("limit") ?? "").seconds,
    workers: parseWorkers(params.get("workers") ?? "").workers,
  };
}

/** Link parameters for the settings that differ from `defaults`. */
export function settingsParams(s: SolveSettings, defaults: SolveSettings): [string, string][] {
  const out: [string, string][] = [];
  if (s.game !== defaults.game) out.push(["game", s.game]);
  if (s.which !== defaults.which) out.push(["which", s.which]);
  if (s.first) out.push(["first", "1"]);
  if (s.which === "best" && s.objective !== defaults.objective) out.push(["objective", s.objective]);
  if (s.which === "best" && s.sense !== defaults.sense) out.push(["sense", s.sense]);
  if (s.method !== defaults.method) out.push(["method", s.method]);
  if (s.timeLimit !== null) out.push(["limit", String(s.timeLimit)]);
  if (s.workers !== null) out.push(["workers", String(s.workers)]);
  return out;
}
