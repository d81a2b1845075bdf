/**
 * Branch and propagate on every core (`solve`, every equilibrium; the explorer's solves): the
 * core splits the search tree into boxes (`splitSearch`) and this runs them on a worker pool
 * (pool.ts; Node's threads or the browser's Web Workers). Each box's equilibria come certified
 * by the worker's search (the one certifier, run there) and are adopted by the parent's, which
 * keeps them once each and applies its own limits. The pool keeps small searches in the
 * calling thread (its first boxes measure the cost).
 *
 * The boxes go in bit-reversed order: the split lists them left to right across the tree, and
 * neighbouring subtrees cost alike, so the first few (the pool's probe) would measure one
 * corner of the tree; spread, they sample all of it (a 38-lab tiered race, whose first boxes
 * are cheap, stayed in one thread for 8.2 s, where two threads take 5.2 s).
 */
import type { SubtreeRunner } from "../solvers/solve.js";
import type { JobPool, SubtreeOutcome } from "./pool-jobs.js";

/** The items in bit-reversed order of their indices: any prefix is spread over the whole list. */
export function spread<T>(items: readonly T[]): T[] {
  const bits = Math.max(1, Math.ceil(Math.log2(items.length)));
  const reversed = (k: number) => {
    let r = 0;
    for (let b = 0; b < bits; b++) r |= ((k >> b) & 1) << (bits - 1 - b);
    return r;
  };
  const order: T[] = [];
  for (let k = 0; k < 1 << bits; k++) if (reversed(k) < items.length) order.push(items[reversed(k)]);
  return order;
}

/** The subtree runner on a pool, with `workers` workers (default: the pool's, when worth it). */
export function subtreesOnPool(pool: JobPool, workers?: number): SubtreeRunner {
  return async (game, boxes, search) => {
    let nodes = 0;
    let used = 0;
    let cut = false;
    const { stopped } = await pool(
      { kind: "subtrees", game, boxes: spread(boxes), nonTrivial: search.options.nonTrivial ?? false },
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
