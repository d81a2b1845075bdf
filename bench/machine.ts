/** The machine and date a benchmark ran on, for docs/benchmarks.md. */
import { cpus, totalmem } from "node:os";

export function machineLine(): string {
  const cpu = cpus();
  const memory = Math.round(totalmem() / 2 ** 30);
  const date = new Date().toISOString().slice(0, 10);
  return `${date}, ${cpu[0]?.model ?? "unknown CPU"} (${cpu.length} cores), ${memory} GiB, Node ${process.version}`;
}

/** Median of a few timings. */
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
