/**
 * The worker pool's scheduling, whatever runs the workers (Node's worker threads:
 * src/cli/sweep-pool.ts; the browser's Web Workers: web/src/pool.ts): a batch of independent
 * indices (sweeps' grid points, `uncertain`'s samples, calibration's QRE traces, the boxes of a
 * parallel search) is run on workers that ask for work and get the next chunk of indices, a
 * chunk being the remaining count divided by CHUNKS_PER_WORKER times the number of workers
 * (guided self-scheduling, Polychronopoulos & Kuck 1987: large chunks while much is left, single
 * indices at the end, so that a worker given slow indices does not hold up the others). Each
 * index's work is deterministic, so the result does not depend on the split. The first indices
 * are run in the calling thread to measure their cost: when the rest would take less than
 * WORTH_A_WORKER seconds, starting workers costs more than it saves, and none is started
 * (unless the caller asks for a number of workers). Both sides of the exchange are here: the
 * scheduler (`schedule`) and a worker's loop (`serveChunks`).
 */
import { rangeIndex, type IndexRange } from "./sweep.js";

/** Indices run in the calling thread first, to estimate the cost of the rest. */
export const PROBE_POINTS = 8;
/** Estimated seconds of remaining work below which the rest stays in the calling thread. */
export const WORTH_A_WORKER = 3;
/** A worker returns to its event loop between two indices once this many ms have passed; see `serveChunks`. */
const YIELD_EVERY_MS = 50;

/** Guided self-scheduling: a chunk is the rest divided by this times the workers. */
export const CHUNKS_PER_WORKER = 4;

/** Runs index k within timeLimit seconds (undefined: no limit). */
export type IndexRunner<R> = (index: number, timeLimit: number | undefined) => Promise<R>;

/** What a worker posts: a result, that the deadline stopped it, that it wants more work, or that it failed. */
export type WorkerMessage<R> =
  | { readonly type: "result"; readonly result: R }
  | { readonly type: "stopped" }
  | { readonly type: "ready" }
  | { readonly type: "failed"; readonly message: string };

/** A started worker, as the scheduler drives it. */
export interface PoolWorker {
  /** Hands it a chunk of indices to run. */
  post(chunk: IndexRange): void;
  /** Stops it (its work is done, or the batch failed). */
  terminate(): void;
}

/** How a transport tells the scheduler what a worker says, and that it failed (an error, an unexpected exit); never during `start`. */
export interface WorkerListener<R> {
  message(message: WorkerMessage<R>): void;
  fail(error: Error): void;
}

export interface ScheduleOptions<R> {
  /** The work of one index, for the indices run in the calling thread. */
  readonly run: IndexRunner<R>;
  /** Starts a worker that runs the same work on the chunks it is posted. */
  readonly start: (listener: WorkerListener<R>) => PoolWorker;
  /** Workers to start when `workers` is not given and the work is worth them (one per core). */
  readonly cores: number;
  /** Date.now() after which no index is started. */
  readonly deadline: number;
  /** Workers asked for: started whenever more than one index is left after the probe. */
  readonly workers?: number;
  /** Called with each result as it arrives (in no particular order), and the number done. */
  readonly onResult: (result: R, done: number) => void;
  /** Told how many workers were started (not called when the work stayed in the calling thread). */
  readonly onWorkers?: (count: number) => void;
}

const asError = (error: unknown) => (error instanceof Error ? error : new Error(String(error)));

/** Guided self-scheduling's next chunk: the rest divided by CHUNKS_PER_WORKER times the workers, at least one. */
export const chunkSize = (left: number, workers: number): number => Math.min(left, Math.max(1, Math.ceil(left / (CHUNKS_PER_WORKER * workers))));

/** Runs the indices of the range; `stopped` when the deadline left some of them unrun. */
export async function schedule<R>(range: IndexRange, options: ScheduleOptions<R>): Promise<{ stopped: boolean }> {
  let done = 0;
  const deliver = (result: R) => options.onResult(result, ++done);
  const expired = () => Date.now() >= options.deadline;
  const started = Date.now();
  let next = 0;
  const runHere = async (until: number) => {
    for (; next < until && !expired(); next++) {
      const left = (options.deadline - Date.now()) / 1000;
      deliver(await options.run(rangeIndex(range, next), Number.isFinite(left) ? left : undefined));
    }
  };
  await runHere(Math.min(PROBE_POINTS, range.count));
  const rest = range.count - next;
  const perPoint = (Date.now() - started) / 1000 / Math.max(1, next);
  const workers = Math.min(options.workers ?? options.cores, rest);
  if (rest === 0 || expired()) {
    // nothing left to share, or no time to share it in
  } else if (workers <= 1 || (options.workers === undefined && perPoint * rest < WORTH_A_WORKER))
    await runHere(range.count); // workers asked for are started; the default adapts
  else {
    options.onWorkers?.(workers);
    await new Promise<void>((resolve, reject) => {
      const running: PoolWorker[] = [];
      let finished = 0;
      let failed = false;
      // A worker told "stopped" saw the deadline: the others get no more work either.
      let stopped = false;
      const fail = (error: Error) => {
        if (failed) return;
        failed = true;
        for (const worker of running) worker.terminate();
        reject(error);
      };
      // What one worker says: `self` is that worker (known once it has started).
      const listener = (self: () => PoolWorker): WorkerListener<R> => ({
        message: (message) => {
          if (failed) return;
          if (message.type === "result") {
            // A caller's error in onResult fails the batch (in a message handler it would go unseen).
            try {
              deliver(message.result);
            } catch (error) {
              fail(asError(error));
            }
          } else if (message.type === "stopped") stopped = true;
          else if (message.type === "failed") fail(new Error(message.message));
          else {
            // "ready": the worker has posted every result of its last chunk.
            const count = stopped || expired() ? 0 : chunkSize(range.count - next, workers);
            if (count > 0) {
              self().post({ first: rangeIndex(range, next), step: range.step, count });
              next += count;
            } else {
              self().terminate();
              if (++finished === workers) resolve();
            }
          }
        },
        fail,
      });
      for (let w = 0; w < workers && !failed; w++) {
        let worker: PoolWorker | undefined;
        try {
          worker = options.start(listener(() => worker!));
        } catch (error) {
          fail(asError(error)); // a worker that cannot start (say, a browser without nested workers)
          break;
        }
        running.push(worker);
      }
    });
  }
  return { stopped: done < range.count };
}

/**
 * A worker's side of the exchange: posts "ready", then for each chunk it is handed runs its
 * indices (until the deadline: then "stopped"), posts each result, and "ready" again. Returns
 * the handler of the chunks; an error is posted as "failed" (a browser worker's rejected
 * promise would otherwise go unseen by the page).
 */
export function serveChunks<R>(run: IndexRunner<R>, deadline: number, post: (message: WorkerMessage<R>) => void): (chunk: IndexRange) => Promise<void> {
  post({ type: "ready" });
  // Back to the event loop between two indices once YIELD_EVERY_MS have passed: a browser ends
  // a nested worker whose parent was terminated (the explorer's Cancel) only between tasks. A message
  // through a channel is a task without setTimeout's clamp to 4 ms; the channel is closed at
  // once, so it holds no thread open. MessageChannel is global in browsers and Node alike; the
  // core's types know neither.
  type Port = { onmessage: (() => void) | null; postMessage(message: null): void; close(): void };
  const { MessageChannel } = globalThis as unknown as { MessageChannel: new () => { port1: Port; port2: Port } };
  const yieldToLoop = () =>
    new Promise<void>((resolve) => {
      const { port1, port2 } = new MessageChannel();
      port1.onmessage = () => {
        port1.close();
        resolve();
      };
      port2.postMessage(null);
    });
  let slice = Date.now();
  return async (chunk) => {
    try {
      for (let j = 0; j < chunk.count; j++) {
        if (Date.now() - slice >= YIELD_EVERY_MS) {
          await yieldToLoop();
          slice = Date.now();
        }
        const left = (deadline - Date.now()) / 1000;
        if (left <= 0) {
          post({ type: "stopped" });
          break;
        }
        post({ type: "result", result: await run(rangeIndex(chunk, j), Number.isFinite(left) ? left : undefined) });
      }
      post({ type: "ready" });
    } catch (error) {
      post({ type: "failed", message: asError(error).message });
    }
  };
}

/**
 * Passes results on in index order (the pool delivers them as they finish), each with the
 * number passed so far: a caller that shows or records them in order gets exactly what one
 * thread gives. Results wait here until those before them have arrived.
 */
export function inIndexOrder<R extends { readonly index: number }>(range: IndexRange, deliver: (result: R, done: number) => void): (result: R) => void {
  const waiting = new Map<number, R>();
  let next = 0;
  return (result) => {
    waiting.set(result.index, result);
    let ready: R | undefined;
    while (next < range.count && (ready = waiting.get(rangeIndex(range, next))) !== undefined) {
      waiting.delete(ready.index);
      deliver(ready, ++next);
    }
  };
}
