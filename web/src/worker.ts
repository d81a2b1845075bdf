/**
 * The solver worker: the core's solvers, unchanged, off the page's main thread; sweeps,
 * samples and a long branch and propagate search of every equilibrium also use the pool's
 * workers (pool.ts), one per core. The page cancels a job by terminating the worker (and
 * starting a fresh one; the pool's workers end with it), so the solvers need no cancellation
 * of their own; progress is forwarded at most ten times a second.
 */
import wasmUrl from "highs/runtime?url";
import {
  configureHighs,
  gameUnder,
  mixedFits,
  solveMixed,
  solveContinuous,
  solveDiscrete,
  inIndexOrder,
  shardRange,
  UncertainModel,
  emptyState,
  accumulate,
  uncertainDocument,
  subtreesOnPool,
  type PointOutcome,
  type Progress,
  type SampleOutcome,
} from "../../src/index.js";
import { runPool } from "./pool.js";
import type { Reply, Request, SolveRequest, SweepRequest, UncertainRequest } from "./protocol.js";
import { solveOptions } from "./settings.js";

configureHighs({ locateFile: () => wasmUrl });

interface WorkerScope {
  onmessage: ((event: MessageEvent<{ id: number; request: Request }>) => void) | null;
  postMessage(message: Reply): void;
}
const scope = self as unknown as WorkerScope;

const PROGRESS_INTERVAL_MS = 100;

scope.onmessage = async (event) => {
  const { id, request } = event.data;
  try {
    if (request.kind === "solve") await solve(id, request);
    else if (request.kind === "uncertain") await uncertain(id, request);
    else await sweep(id, request);
  } catch (error) {
    scope.postMessage({ id, kind: "error", message: error instanceof Error ? error.message : String(error) });
  }
};

async function solve(id: number, request: SolveRequest): Promise<void> {
  const { scenario, policy } = request.subject;
  const under = gameUnder(scenario, policy, request.settings.game);
  if (!under.ok) throw new Error(`the policy does not fit this scenario (${under.problems[0].path}: ${under.problems[0].message})`);
  const game = under.value;
  let last = 0;
  const onProgress = (progress: Progress) => {
    const now = Date.now();
    if (now - last < PROGRESS_INTERVAL_MS) return;
    last = now;
    scope.postMessage({ id, kind: "progress", progress });
  };
  // A search of every equilibrium by branch and propagate runs its subtrees on the pool.
  const options = { ...solveOptions(request.settings), onProgress, subtrees: subtreesOnPool(runPool, request.settings.workers ?? undefined) };
  const result = await (request.settings.game === "continuous" ? solveContinuous : solveDiscrete)(game, options);
  // No pure equilibrium: the mixed one, which always exists, is the prediction left (small races).
  const mixed = result.game === "discrete" && result.exists === false && request.settings.which !== "nontrivial" && mixedFits(game) ? solveMixed(game, { timeLimit: options.timeLimit }) : undefined;
  scope.postMessage({ id, kind: "result", result: mixed ? { ...result, mixed } : result });
}

/** The points on the pool, passed to the page in index order (as one thread gives them). */
async function sweep(id: number, { spec, scenario, options, workers }: SweepRequest): Promise<void> {
  const range = shardRange(spec.size);
  const post = inIndexOrder<PointOutcome>(range, (point, done) => scope.postMessage({ id, kind: "point", point, done, total: spec.size }));
  const job = { kind: "sweep", spec, scenario, method: options.method ?? "auto", pointLimit: options.timeLimit } as const;
  await runPool(job, range, { deadline: Infinity, workers, onResult: (point) => post(point as PointOutcome) });
  scope.postMessage({ id, kind: "done" });
}

/** The statistics so far go to the page every UNCERTAIN_REPORT_MS, and at the end. */
const UNCERTAIN_REPORT_MS = 300;

/** Samples on the pool, accumulated in index order (so the numbers are one thread's, at every report). */
async function uncertain(id: number, { plan, subject, options, workers }: UncertainRequest): Promise<void> {
  const model = new UncertainModel(plan, subject);
  const state = emptyState(model);
  const range = shardRange(plan.samples);
  let last = Date.now();
  const add = inIndexOrder<SampleOutcome>(range, (outcome, done) => {
    if ("problems" in outcome) {
      const [problem] = outcome.problems;
      throw new Error(`sample ${outcome.index} drew ${JSON.stringify(outcome.values)}, which is not a valid scenario (${problem.path}: ${problem.message})`);
    }
    accumulate(state, model, outcome);
    if (Date.now() - last > UNCERTAIN_REPORT_MS || done === plan.samples) {
      last = Date.now();
      scope.postMessage({ id, kind: "uncertain", document: uncertainDocument(state, plan.samples, done === plan.samples), done, total: plan.samples });
    }
  });
  const job = { kind: "uncertain", plan, subject, method: options.method ?? "auto", pointLimit: options.timeLimit } as const;
  await runPool(job, range, { deadline: Infinity, workers, onResult: (outcome) => add(outcome as SampleOutcome) });
  scope.postMessage({ id, kind: "done" });
}
