/**
 * The worker pool on Node's worker threads (the scheduling is the core's, src/analysis/pool.ts):
 * sweeps' grid points, `uncertain`'s samples, calibration's QRE traces and the subtrees of a
 * parallel search run on one thread per core (sweep-worker.ts), or on `--workers N`.
 */
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { subtreesOnPool } from "../analysis/parallel-search.js";
import { jobPool, type JobResult, type PoolTransport } from "../analysis/pool-jobs.js";
import type { WorkerMessage } from "../analysis/pool.js";
import type { IndexRange, PointOutcome, SweepSpec } from "../analysis/sweep.js";
import type { Scenario } from "../model/scenario.js";
import type { GameKind, Method, SubtreeRunner } from "../solvers/solve.js";

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

const threads: PoolTransport = {
  cores: availableParallelism(),
  start(task, listener) {
    const worker = new Worker(new URL("./sweep-worker.js", import.meta.url), { workerData: task });
    let ended = false;
    worker.on("message", (message: WorkerMessage<JobResult>) => listener.message(message));
    worker.on("error", (error) => listener.fail(error));
    worker.on("exit", (code) => ended || listener.fail(new Error(`pool worker exited with code ${code}`)));
    return {
      post: (chunk) => worker.postMessage(chunk),
      terminate: () => {
        ended = true;
        void worker.terminate();
      },
    };
  },
};

/** Runs a job on the indices of a range on worker threads; `stopped` when the deadline left some unrun. */
export const runPool = jobPool(threads);

/** Branch and propagate's subtrees on worker threads (`solve --workers`). */
export const subtreesOnWorkers = (workers?: number): SubtreeRunner => subtreesOnPool(runPool, workers);

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
