/**
 * The kinds of work the worker pool (sweep-pool.ts) runs: one function from a task to a solver
 * of one index, used both in the main thread (the probe) and in each worker thread.
 */
import { type Calibration, qreTrace, type Release } from "../analysis/calibrate.js";
import type { QreCell } from "../analysis/calibrate-qre.js";
import { solvePoint, type PointOutcome, type SweepSpec } from "../analysis/sweep.js";
import type { Subject } from "../analysis/parameters.js";
import { UncertainModel, type SampleOutcome, type UncertainPlan } from "../analysis/uncertain.js";
import type { Scenario } from "../model/scenario.js";
import type { Method } from "../solvers/solve.js";
import type { Game } from "../model/game.js";
import { branchAndPropagate } from "../solvers/branch.js";
import type { DomainState } from "../solvers/propagate.js";
import { Search } from "../solvers/search.js";

/** A batch of independent solves: a sweep's grid points, `uncertain`'s samples or `calibrate --noise qre`'s traces. */
export type PoolJob =
  | { readonly kind: "sweep"; readonly spec: SweepSpec; readonly scenario: Scenario; readonly method: Method }
  | { readonly kind: "uncertain"; readonly plan: UncertainPlan; readonly subject: Subject; readonly method: Method }
  | { readonly kind: "calibrate-qre"; readonly releases: readonly Release[]; readonly grid: Calibration["grid"] }
  | { readonly kind: "subtrees"; readonly game: Game; readonly boxes: readonly DomainState[]; readonly nonTrivial: boolean };

/** The equilibria (uncertified profiles: the parent certifies) of one box of a split search. */
export interface SubtreeOutcome {
  readonly index: number;
  readonly profiles: number[][];
  readonly nodes: number;
  readonly stopped: boolean;
}

/** One QRE trace of a calibration (`qreTrace`). */
export interface QreTraceOutcome {
  readonly index: number;
  readonly cell: QreCell;
}

export type JobResult = PointOutcome | SampleOutcome | QreTraceOutcome | SubtreeOutcome;

/** Solves index k of the job within timeLimit seconds (undefined: no limit). */
export type Runner = (index: number, timeLimit: number | undefined) => Promise<JobResult>;

export function runnerOf(job: PoolJob): Runner {
  if (job.kind === "sweep") return (index, timeLimit) => solvePoint(job.spec, job.scenario, index, { method: job.method, timeLimit });
  if (job.kind === "calibrate-qre") return async (index) => ({ index, cell: qreTrace(job.releases, job.grid, index) });
  if (job.kind === "subtrees")
    return async (index, timeLimit) => {
      const search = new Search(job.game, { nonTrivial: job.nonTrivial, timeLimit });
      const { nodes } = branchAndPropagate(job.game, search, { from: job.boxes[index] });
      return { index, profiles: search.equilibria.map((e) => [...e.profile]), nodes, stopped: !search.complete };
    };
  const model = new UncertainModel(job.plan, job.subject);
  return (index, timeLimit) => model.evaluate(index, { method: job.method, timeLimit });
}
