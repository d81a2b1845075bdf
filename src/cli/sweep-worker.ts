/** A sweep worker thread: solves the grid points it is given and posts each back. */
import { parentPort, workerData } from "node:worker_threads";
import { solvePoint, type SweepSpec } from "../analysis/sweep.js";
import type { Scenario } from "../model/scenario.js";
import type { Method } from "../solvers/solve.js";

export interface WorkerTask {
  readonly scenario: Scenario;
  readonly spec: SweepSpec;
  readonly indices: number[];
  readonly method: Method;
  readonly deadline: number;
}

const task = workerData as WorkerTask;
for (const index of task.indices) {
  const left = (task.deadline - Date.now()) / 1000;
  if (left <= 0) {
    parentPort!.postMessage({ type: "stopped" });
    break;
  }
  const point = await solvePoint(task.spec, task.scenario, index, { method: task.method, timeLimit: Number.isFinite(left) ? left : undefined });
  parentPort!.postMessage({ type: "point", point });
}
parentPort!.postMessage({ type: "done" });
