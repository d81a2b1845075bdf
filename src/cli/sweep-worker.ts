/** A pool worker thread: solves the indices it is given (of a sweep or of `uncertain`) and posts each result back. */
import { parentPort, workerData } from "node:worker_threads";
import { rangeIndex, type IndexRange } from "../analysis/sweep.js";
import { runnerOf, type PoolJob } from "./pool-jobs.js";

export interface WorkerTask {
  readonly job: PoolJob;
  readonly indices: IndexRange;
  readonly deadline: number;
}

const task = workerData as WorkerTask;
const run = runnerOf(task.job);
for (let j = 0; j < task.indices.count; j++) {
  const index = rangeIndex(task.indices, j);
  const left = (task.deadline - Date.now()) / 1000;
  if (left <= 0) {
    parentPort!.postMessage({ type: "stopped" });
    break;
  }
  parentPort!.postMessage({ type: "result", result: await run(index, Number.isFinite(left) ? left : undefined) });
}
parentPort!.postMessage({ type: "done" });
