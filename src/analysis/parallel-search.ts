/**
 * Branch and propagate on every core (`solve`, every equilibrium; the explorer's solves): the
 * core splits the search tree into boxes (`splitSearch`) and this runs them on a worker pool
 * (pool.ts; Node's threads or the browser's Web Workers). Each box's equilibria come certified
 * by the worker's search (the one certifier, run there) and are adopted by the parent's, which
 * keeps them once each and applies its own limits. The pool keeps small searches in the
 * calling thread (its first boxes measure the cost).
 */
import type { SubtreeRunner } from "../solvers/solve.js";
import type { JobPool, SubtreeOutcome } from "./pool-jobs.js";

/** The subtree runner on a pool, with `workers` workers (default: the pool's, when worth it). */
export function subtreesOnPool(pool: JobPool, workers?: number): SubtreeRunner {
  return async (game, boxes, search) => {
    let nodes = 0;
    let used = 0;
    let cut = false;
    const { stopped } = await pool(
      { kind: "subtrees", game, boxes, nonTrivial: search.options.nonTrivial ?? false },
      { first: 0, step: 1, count: boxes.length },
      {
        deadline: search.deadlineMs,
        workers,
        onWorkers: (count) => (used = count),
        onResult: (result, done) => {
          const outcome = result as SubtreeOutcome;
          nodes += outcome.nodes;
          cut ||= outcome.stopped;
          for (const equilibrium of outcome.equilibria) search.adopt(equilibrium);
          search.tick(done, boxes.length, "boxes");
        },
      },
    );
    return { nodes, workers: used, stopped: stopped || cut };
  };
}
