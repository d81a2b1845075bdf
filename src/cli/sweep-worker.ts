/**
 * A pool worker thread (sweep-pool.ts): runs the chunks of indices it is handed, as the core's
 * pool protocol says (`serveChunks`, src/analysis/pool.ts).
 */
import { parentPort, workerData } from "node:worker_threads";
import { runnerOf, type JobResult, type WorkerTask } from "../analysis/pool-jobs.js";
import { serveChunks, type WorkerMessage } from "../analysis/pool.js";

const task = workerData as WorkerTask;
const port = parentPort!;
port.on("message", serveChunks(runnerOf(task.job), task.deadline, (message: WorkerMessage<JobResult>) => port.postMessage(message)));
