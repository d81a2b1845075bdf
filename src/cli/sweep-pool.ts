/**
 * Batches of independent solves over all cores (sweeps' grid points, `uncertain`'s samples):
 * the indices are dealt round-robin to worker threads (each index's work is deterministic, so
 * the result does not depend on the split). The first indices are solved in this thread to
 * measure their cost: when the rest would take less than WORTH_A_WORKER seconds, starting
 * workers costs more than it saves, and they are not used (unless --workers asks for them).
 */
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { rangeIndex, type IndexRange, type PointOutcome, type SweepSpec } from "../analysis/sweep.js";
import type { Scenario } from "../model/scenario.js";
import type { GameKind, Method } from "../solvers/solve.js";
import { runnerOf, type JobResult, type PoolJob } from "./pool-jobs.js";
import type { WorkerTask } from "./sweep-worker.js";

/** Indices solved here first, to estimate the cost of the rest. */
const PROBE_POINTS = 8;
/** Estimated seconds of remaining work below which the rest stays in this thread. */
const WORTH_A_WORKER = 3;

/** The options every batch command (sweep, uncertain) takes. */
export interface BatchCommandOptions {
  game: GameKind;
  method: Method;
  shard?: { index: number; count: number };
  timeLimit?: number;
  workers?: number;
  json?: boolean;
  out?: string;
}

export interface PoolOptions {
  readonly deadline: number;
  readonly workers?: number;
  /** Called with each result as it arrives (in no particular order), and the number done. */
  readonly onResult: (result: JobResult, done: number) => void;
}

/** Runs the job on the indices of the range; `stopped` when the deadline cut the work short. */
export async function runPool(job: PoolJob, range: IndexRange, options: PoolOptions): Promise<{ stopped: boolean }> {
  let stopped = false;
  let done = 0;
  const deliver = (result: JobResult) => options.onResult(result, ++done);
  const started = Date.now();
  const run = runnerOf(job);
  let next = 0;
  const solveHere = async (until: number) => {
    for (; next < until; next++) {
      const left = (options.deadline - Date.now()) / 1000;
      if (left <= 0) {
        stopped = true;
        return;
      }
      deliver(await run(rangeIndex(range, next), Number.isFinite(left) ? left : undefined));
    }
  };
  await solveHere(Math.min(PROBE_POINTS, range.count));
  const rest = range.count - next;
  const perPoint = (Date.now() - started) / 1000 / Math.max(1, next);
  const workers = Math.min(options.workers ?? availableParallelism(), rest);
  if (stopped || rest === 0) {
    // nothing left to share
  } else if (workers <= 1 || (options.workers === undefined && perPoint * rest < WORTH_A_WORKER))
    await solveHere(range.count); // an explicit --workers is honoured; the default adapts
  else {
    const url = new URL("./sweep-worker.js", import.meta.url);
    await Promise.all(
      Array.from({ length: workers }, (_, w) => {
        // Worker w takes every workers-th of the rest, from the w-th on: again a range.
        const indices: IndexRange = { first: rangeIndex(range, next + w), step: range.step * workers, count: Math.ceil((rest - w) / workers) };
        const task: WorkerTask = { job, indices, deadline: options.deadline };
        return new Promise<void>((resolve, reject) => {
          const worker = new Worker(url, { workerData: task });
          worker.on("message", (message: { type: string; result?: JobResult }) => {
            if (message.type === "result") deliver(message.result!);
            else if (message.type === "stopped") stopped = true;
          });
          worker.on("error", reject);
          worker.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`pool worker exited with code ${code}`))));
        });
      }),
    );
  }
  return { stopped };
}

/** A sweep's points, in index order (or each handed to `onOutcome` as it finishes). */
export async function solvePoints(
  spec: SweepSpec,
  scenario: Scenario,
  range: IndexRange,
  options: {
    method: Method;
    deadline: number;
    workers?: number;
    onPoint?: (done: number) => void;
    /** Each outcome as it finishes (then `outcomes` is left empty: the caller keeps what it needs). */
    onOutcome?: (outcome: PointOutcome) => void;
  },
): Promise<{ outcomes: PointOutcome[]; stopped: boolean }> {
  const outcomes: PointOutcome[] = [];
  const { stopped } = await runPool({ kind: "sweep", spec, scenario, method: options.method }, range, {
    deadline: options.deadline,
    workers: options.workers,
    onResult: (result, done) => {
      if (options.onOutcome) options.onOutcome(result as PointOutcome);
      else outcomes.push(result as PointOutcome);
      options.onPoint?.(done);
    },
  });
  outcomes.sort((a, b) => a.index - b.index);
  return { outcomes, stopped };
}
