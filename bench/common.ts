/** Shared by the benchmark suites: the machine line, timings, instances. */
import { cpus, totalmem } from "node:os";
import { buildGame, validateScenario, type Game, type ScenarioInput } from "../src/index.js";

export function machineLine(): string {
  const cpu = cpus();
  const memory = Math.round(totalmem() / 2 ** 30);
  const date = new Date().toISOString().slice(0, 10);
  return `${date}, ${cpu[0]?.model ?? "unknown CPU"} (${cpu.length} cores), ${memory} GiB, Node ${process.version}`;
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
