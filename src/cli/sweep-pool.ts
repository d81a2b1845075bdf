/**
 * Sweeps over all cores: the grid points are dealt round-robin to worker threads (each point's
 * work is deterministic, so the result does not depend on the split) and collected in index
 * order. The first points are solved in this thread to measure their cost: when the rest would
 * take less than WORTH_A_WORKER seconds, starting workers costs more than it saves, and they
 * are not used (unless --workers asks for them).
 */
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { solvePoint, type PointOutcome, type SweepSpec } from "../analysis/sweep.js";
import type { Scenario } from "../model/scenario.js";
import type { Method } from "../solvers/solve.js";
import type { WorkerTask } from "./sweep-worker.js";

/** Points solved here first, to estimate the cost of the rest. */
const PROBE_POINTS = 8;
/** Estimated seconds of remaining work below which the rest stays in this thread. */
const WORTH_A_WORKER = 3;

export interface PoolOptions {
  readonly method: Method;
  readonly deadline: number;
  readonly workers?: number;
  readonly onPoint?: (done: number) => void;
  /** Each outcome as it finishes (then `outcomes` is left empty: the caller keeps what it needs). */
  readonly onOutcome?: (outcome: PointOutcome) => void;
}

/** Solves the points; `stopped` when the deadline cut the work short. Outcomes in index order. */
export async function solvePoints(
  spec: SweepSpec,
  scenario: Scenario,
  indices: number[],
  options: PoolOptions,
): Promise<{ outcomes: PointOutcome[]; stopped: boolean }> {
  const outcomes: PointOutcome[] = [];
  let done = 0;
  const finished = (outcome: PointOutcome) => {
    if (options.onOutcome) options.onOutcome(outcome);
    else outcomes.push(outcome);
    options.onPoint?.(++done);
  };
  let stopped = false;
  const started = Date.now();
  let next = 0;
  const solveHere = async (until: number) => {
    for (; next < until; next++) {
      const left = (options.deadline - Date.now()) / 1000;
      if (left <= 0) {
        stopped = true;
        return;
      }
      finished(await solvePoint(spec, scenario, indices[next], { method: options.method, timeLimit: Number.isFinite(left) ? left : undefined }));
    }
  };
  await solveHere(Math.min(PROBE_POINTS, indices.length));
  const rest = indices.slice(next);
  const perPoint = (Date.now() - started) / 1000 / Math.max(1, next);
  const workers = Math.min(options.workers ?? availableParallelism(), rest.length);
  if (stopped || rest.length === 0) {
    // nothing left to share
  } else if (workers <= 1 || (options.workers === undefined && perPoint * rest.length < WORTH_A_WORKER))
    await solveHere(indices.length); // an explicit --workers is honoured; the default adapts
  else {
    const url = new URL("./sweep-worker.js", import.meta.url);
    await Promise.all(
      Array.from({ length: workers }, (_, w) => {
        const task: WorkerTask = {
          scenario,
          spec,
          indices: rest.filter((_, k) => k % workers === w),
          method: options.method,
          deadline: options.deadline,
        };
        return new Promise<void>((resolve, reject) => {
          const worker = new Worker(url, { workerData: task });
          worker.on("message", (message: { type: string; point?: PointOutcome }) => {
            if (message.type === "point") finished(message.point!);
            else if (message.type === "stopped") stopped = true;
          });
          worker.on("error", reject);
          worker.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`sweep worker exited with code ${code}`))));
        });
      }),
    );
  }
  outcomes.sort((a, b) => a.index - b.index);
  return { outcomes, stopped };
}
