/**
 * The worker pool on Web Workers (the scheduling is the core's, src/analysis/pool.ts): started
 * from the solver worker, one per core (`navigator.hardwareConcurrency`), each running
 * pool-worker.ts. Terminating the solver worker (Cancel) ends them with it: a dedicated
 * worker's own workers close when it does.
 */
import { jobPool, type JobPool, type PoolTransport } from "../../src/index.js";

const webWorkers: PoolTransport = {
  cores: Math.max(1, navigator.hardwareConcurrency || 1),
  start(task, listener) {
    const worker = new Worker(new URL("./pool-worker.ts", import.meta.url), { type: "module", name: "openrace-pool" });
    worker.onmessage = (event) => listener.message(event.data);
    worker.onerror = (event) => {
      event.preventDefault();
      listener.fail(new Error(event.message || "a pool worker failed to start"));
    };
    worker.onmessageerror = () => listener.fail(new Error("a pool worker's message could not be read"));
    // A Web Worker has no workerData: its task is its first message.
    worker.postMessage(task);
    return { post: (chunk) => worker.postMessage(chunk), terminate: () => worker.terminate() };
  },
};

/** Runs a job on the indices of a range on Web Workers (small batches stay in this worker). */
export const runPool: JobPool = jobPool(webWorkers);
