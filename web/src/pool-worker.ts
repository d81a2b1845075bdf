/**
 * A pool worker (pool.ts): its first message is its task (job and deadline), the next ones
 * chunks of indices, run as the core's pool protocol says (`serveChunks`).
 */
import wasmUrl from "highs/runtime?url";
import { configureHighs, runnerOf, serveChunks, type IndexRange, type JobResult, type WorkerMessage, type WorkerTask } from "../../src/index.js";

configureHighs({ locateFile: () => wasmUrl });

interface PoolScope {
  onmessage: ((event: MessageEvent<WorkerTask | IndexRange>) => void) | null;
  postMessage(message: WorkerMessage<JobResult>): void;
}
const scope = self as unknown as PoolScope;

let onChunk: ((chunk: IndexRange) => Promise<void>) | undefined;
scope.onmessage = (event) => {
  if (onChunk) void onChunk(event.data as IndexRange);
  else {
    const task = event.data as WorkerTask;
    onChunk = serveChunks(runnerOf(task.job), task.deadline, (message) => scope.postMessage(message));
  }
};
