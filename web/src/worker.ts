/**
 * The solver worker: the core's solvers, unchanged, off the page's main thread; a long branch
 * and propagate search of every equilibrium also uses the pool's workers (pool.ts). The page
 * cancels a job by terminating the worker (and starting a fresh one; the pool's workers end
 * with it), so the solvers need no cancellation of their own; progress is forwarded at most ten
 * times a second.
 */
import wasmUrl from "highs/runtime?url";
import {
  configureHighs,
  gameUnder,
  mixedFits,
  solveMixed,
  solveContinuous,
  solveDiscrete,
  solvePoint,
  UncertainModel,
  emptyState,
  accumulate,
  uncertainDocument,
  subtreesOnPool,
  type Progress,
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

async function sweep(id: number, { spec, scenario, options }: SweepRequest): Promise<void> {
  for (let index = 0; index < spec.size; index++) {
    const point = await solvePoint(spec, scenario, index, options);
    scope.postMessage({ id, kind: "point", point, done: index + 1, total: spec.size });
  }
  scope.postMessage({ id, kind: "done" });
}

/** Samples in order; the statistics so far go to the page every UNCERTAIN_REPORT_MS, and at the end. */
const UNCERTAIN_REPORT_MS = 300;

async function uncertain(id: number, { plan, subject, options }: UncertainRequest): Promise<void> {
  const model = new UncertainModel(plan, subject);
  const state = emptyState(model);
  let last = Date.now();
  for (let k = 0; k < plan.samples; k++) {
    const outcome = await model.evaluate(k, options);
    if ("problems" in outcome) {
      const [problem] = outcome.problems;
      throw new Error(`sample ${k} drew ${JSON.stringify(outcome.values)}, which is not a valid scenario (${problem.path}: ${problem.message})`);
    }
    accumulate(state, model, outcome);
    if (Date.now() - last > UNCERTAIN_REPORT_MS || k === plan.samples - 1) {
      last = Date.now();
      scope.postMessage({ id, kind: "uncertain", document: uncertainDocument(state, plan.samples, k === plan.samples - 1), done: k + 1, total: plan.samples });
    }
  }
  scope.postMessage({ id, kind: "done" });
}
