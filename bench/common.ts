/** Shared by the benchmark suites: the machine line, timings, instances. */
import { cpus, totalmem } from "node:os";
import { buildGame, validateScenario, type Game, type ScenarioInput } from "../src/index.js";

export function machineLine(): string {
  const cpu = cpus();
  const memory = Math.round(totalmem() / 2 ** 30);
  const date = new Date().toISOString().slice(0, 10);
  return `${date}, ${cpu[0]?.model ?? "unknown CPU"} (${cpu.length} cores), ${memory} GiB, Node ${process.version}`;
}

/**
 * How busy the CPUs were over the second before a suite starts (the fraction of non-idle
 * time): other jobs inflate the times, so each section states it. (The load average is no
 * guide here: on this machine it idles near 2 with the CPUs idle.)
 */
export async function busyBefore(): Promise<number> {
  const total = (t: ReturnType<typeof cpus>[number]["times"]) => t.user + t.nice + t.sys + t.idle + t.irq;
  const a = cpus();
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const b = cpus();
  const all = b.reduce((s, c, i) => s + total(c.times) - total(a[i].times), 0);
  const idle = b.reduce((s, c, i) => s + c.times.idle - a[i].times.idle, 0);
  return all > 0 ? 1 - idle / all : 0;
}

/** The sentence for a section: how busy the machine was when the suite started. */
export function loadLine(busy: number): string {
  const shared = busy > 0.2;
  return `CPUs ${Math.round(100 * busy)}% busy in the second before the suite started${
    shared ? ": **measured under load**, the machine was shared with other jobs, so times are upper bounds of what it does alone" : " (no other jobs)"
  }.`;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Seconds taken by fn, median of `runs` runs, and the last result. */
export async function timed<T>(runs: number, fn: () => Promise<T> | T): Promise<{ seconds: number; result: T }> {
  const times: number[] = [];
  let result!: T;
  for (let r = 0; r < runs; r++) {
    const start = performance.now();
    result = await fn();
    times.push((performance.now() - start) / 1000);
  }
  return { seconds: median(times), result };
}

export function gameOf(input: ScenarioInput): Game {
  const parsed = validateScenario(input);
  if (!parsed.ok) throw new Error(`benchmark instance is invalid: ${JSON.stringify(parsed.problems)}`);
  return buildGame(parsed.value);
}

/** Seconds with sensible precision. */
export const fmt = (s: number) => (s < 0.01 ? s.toFixed(4) : s < 10 ? s.toFixed(3) : s.toFixed(1));
