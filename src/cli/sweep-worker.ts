/**
 * A pool worker thread (sweep-pool.ts): asks for a chunk of indices, solves them, posts each
 * result back, and asks again, until it is given an empty chunk.
 */
import { parentPort, workerData } from "node:worker_threads";
import { rangeIndex, type IndexRange } from "../analysis/sweep.js";
import { runnerOf, type JobResult, type PoolJob } from "./pool-jobs.js";

export interface WorkerTask {
  readonly job: PoolJob;
  readonly deadline: number;
}

/** What a worker posts: a result, that the deadline stopped it, or that it wants more work. */
export type WorkerMessage = { readonly type: "result"; readonly result: JobResult } | { readonly type: "stopped" } | { readonly type: "ready" };

const task = workerData as WorkerTask;
const run = runnerOf(task.job);
const port = parentPort!;
const post = (message: WorkerMessage) => port.postMessage(message);

port.on("message", async (indices: IndexRange) => {
  if (indices.count === 0) {
    port.close();
    return;
  }
  for (let j = 0; j < indices.count; j++) {
    const left = (task.deadline - Date.now()) / 1000;
    if (left <= 0) {
      post({ type: "stopped" });
      break;
    }
    post({ type: "result", result: await run(rangeIndex(indices, j), Number.isFinite(left) ? left : undefined) });
  }
  post({ type: "ready" });
});
post({ type: "ready" });
