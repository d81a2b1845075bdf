/**
 * The kinds of work the worker pool (pool.ts) runs: one function from a job to the work of one
 * index (`runnerOf`), used both in the calling thread (the probe) and in each worker, and the
 * pool of jobs over a transport (`jobPool`: Node's worker threads in src/cli/sweep-pool.ts,
 * Web Workers in web/src/pool.ts). A job and its task are structured-cloneable: they are posted
 * to the workers as they are.
 */
import { type Calibration, qreTrace, type Release } from "./calibrate.js";
import type { QreCell } from "./calibrate-qre.js";
import { solvePoint, type IndexRange, type PointOutcome, type SweepSpec } from "./sweep.js";
import type { Subject } from "./parameters.js";
import { UncertainModel, type SampleOutcome, type UncertainPlan } from "./uncertain.js";
import type { Method } from "../solvers/solve.js";
import type { Game } from "../model/game.js";
import { branchAndPropagate } from "../solvers/branch.js";
import { Propagator, type DomainState } from "../solvers/propagate.js";
import { Search } from "../solvers/search.js";
import type { Equilibrium } from "../model/certificate.js";
import { schedule, type IndexRunner, type PoolWorker, type ScheduleOptions, type WorkerListener } from "./pool.js";
import type { Scenario } from "../model/scenario.js";

/** A batch of independent solves: a sweep's grid points, `uncertain`'s samples, `calibrate --noise qre`'s traces or a split search's boxes. */
export type PoolJob =
  | { readonly kind: "sweep"; readonly spec: SweepSpec; readonly scenario: Scenario; readonly method: Method; readonly pointLimit?: number }
  | { readonly kind: "uncertain"; readonly plan: UncertainPlan; readonly subject: Subject; readonly method: Method; readonly pointLimit?: number }
  | { readonly kind: "calibrate-qre"; readonly releases: readonly Release[]; readonly grid: Calibration["grid"] }
  | { readonly kind: "subtrees"; readonly game: Game; readonly boxes: readonly DomainState[]; readonly nonTrivial: boolean };

/** The equilibria of one box of a split search, certified by the worker's search. */
export interface SubtreeOutcome {
  readonly index: number;
  readonly equilibria: Equilibrium[];
  readonly nodes: number;
  readonly stopped: boolean;
}

/** One QRE trace of a calibration (`qreTrace`). */
export interface QreTraceOutcome {
  readonly index: number;
  readonly cell: QreCell;
}

export type JobResult = PointOutcome | SampleOutcome | QreTraceOutcome | SubtreeOutcome;

/**
 * A sweep's or sampling's `pointLimit` is each index's own time limit in seconds (the explorer's;
 * the CLI's limit is the batch's deadline): an index gets the smaller of it and the time left.
 */
const within = (left: number | undefined, limit: number | undefined) => (left === undefined ? limit : limit === undefined ? left : Math.min(left, limit));

/** What a worker is started with: the job, and the deadline (Date.now()) after which it starts no index. */
export interface WorkerTask {
  readonly job: PoolJob;
  readonly deadline: number;
}

export function runnerOf(job: PoolJob): IndexRunner<JobResult> {
  if (job.kind === "sweep") return (index, left) => solvePoint(job.spec, job.scenario, index, { method: job.method, timeLimit: within(left, job.pointLimit) });
  if (job.kind === "calibrate-qre") return async (index) => ({ index, cell: qreTrace(job.releases, job.grid, index) });
  if (job.kind === "subtrees") {
    // One propagator for every box this thread searches: the orders it learns from failures
    // and the witnesses of its tests carry over from box to box.
    const propagator = new Propagator(job.game);
    return async (index, timeLimit) => {
      const search = new Search(job.game, { nonTrivial: job.nonTrivial, timeLimit });
      const { nodes } = branchAndPropagate(job.game, search, { from: job.boxes[index], propagator });
      return { index, equilibria: search.equilibria, nodes, stopped: !search.complete };
    };
  }
  const model = new UncertainModel(job.plan, job.subject);
  return (index, left) => model.evaluate(index, { method: job.method, timeLimit: within(left, job.pointLimit) });
}

/** Starts workers of one kind: Node's worker threads or the browser's Web Workers. */
export interface PoolTransport {
  /** Workers to start by default (one per core). */
  readonly cores: number;
  /** Starts a worker on the task; it reports its messages and its failure to the listener. */
  start(task: WorkerTask, listener: WorkerListener<JobResult>): PoolWorker;
}

/** The options of one batch: its deadline, workers asked for, and where results go. */
export type PoolOptions = Pick<ScheduleOptions<JobResult>, "deadline" | "workers" | "onResult" | "onWorkers">;

/** Runs a job on the indices of a range; `stopped` when the deadline left some of them unrun. */
export type JobPool = (job: PoolJob, range: IndexRange, options: PoolOptions) => Promise<{ stopped: boolean }>;

/** The pool of jobs on a transport's workers (the probe and small batches run in the calling thread). */
export const jobPool =
  (transport: PoolTransport): JobPool =>
  (job, range, options) =>
    schedule(range, { ...options, run: runnerOf(job), cores: transport.cores, start: (listener) => transport.start({ job, deadline: options.deadline }, listener) });
