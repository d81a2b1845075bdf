/**
 * Batches of independent solves over all cores (sweeps' grid points, `uncertain`'s samples,
 * calibration's QRE traces, the subtrees of a parallel search): worker threads ask for work
 * and get the next chunk of indices, a chunk being the remaining count divided by
 * CHUNKS_PER_WORKER times the number of workers (guided self-scheduling, Polychronopoulos &
 * Kuck 1987: large chunks while much is left, single indices at the end, so that a worker
 * given slow indices does not hold up the others). Each index's work is deterministic, so the
 * result does not depend on the split. The first indices are solved in this thread to measure
 * their cost: when the rest would take less than WORTH_A_WORKER seconds, starting workers
 * costs more than it saves, and they are not used (unless --workers asks for them).
 */
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { rangeIndex, type IndexRange, type PointOutcome, type SweepSpec } from "../analysis/sweep.js";
import type { Scenario } from "../model/scenario.js";
import type { GameKind, Method } from "../solvers/solve.js";
import { runnerOf, type JobResult, type PoolJob } from "./pool-jobs.js";
import type { WorkerMessage, WorkerTask } from "./sweep-worker.js";

/** Indices solved here first, to estimate the cost of the rest. */
const PROBE_POINTS = 8;
/** Estimated seconds of remaining work below which the rest stays in this thread. */
const WORTH_A_WORKER = 3;
/** Guided self-scheduling: a chunk is the rest divided by this times the workers. */
const CHUNKS_PER_WORKER = 4;

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
  /** Told how many worker threads were started (none when the work stayed in this thread). */
  readonly onWorkers?: (count: number) => void;
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
    options.onWorkers?.(workers);
    const url = new URL("./sweep-worker.js", import.meta.url);
    /** The next chunk of the rest, as a range (empty when nothing is left or time is up). */
    const chunk = (): IndexRange => {
      const left = range.count - next;
      const count = stopped || Date.now() >= options.deadline ? 0 : Math.min(left, Math.max(1, Math.ceil(left / (CHUNKS_PER_WORKER * workers))));
      const indices: IndexRange = { first: rangeIndex(range, next), step: range.step, count };
      next += count;
      return indices;
    };
    await Promise.all(
      Array.from({ length: workers }, () => {
        const task: WorkerTask = { job, deadline: options.deadline };
        return new Promise<void>((resolve, reject) => {
          const worker = new Worker(url, { workerData: task });
          worker.on("message", (message: WorkerMessage) => {
            if (message.type === "result") deliver(message.result);
            else if (message.type === "stopped") stopped = true;
            else worker.postMessage(chunk()); // "ready": an empty range tells it to finish
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
