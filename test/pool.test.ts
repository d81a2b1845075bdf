/**
 * The worker pool's scheduler (src/analysis/pool.ts), driven through a fake transport whose
 * workers run the core's own worker loop (`serveChunks`) in this thread: fast-check's scheduler
 * decides in which order the workers' messages arrive, and a fake clock (Date.now) gives each
 * index its cost, so the probe's estimate and the deadline are exact.
 */
import fc from "fast-check";
import { afterEach, describe, expect, it, vi } from "vitest";
import { CHUNKS_PER_WORKER, inIndexOrder, PROBE_POINTS, schedule, serveChunks, WORTH_A_WORKER, type PoolWorker, type WorkerListener } from "../src/analysis/pool.js";
import { rangeIndex, type IndexRange } from "../src/analysis/sweep.js";
import { SEED } from "./helpers/arbitrary.js";

/** A fake clock in milliseconds: Date.now() reads it; each index run advances it by `costMs`. */
function fakeClock() {
  let now = 1_000_000;
  vi.spyOn(Date, "now").mockImplementation(() => now);
  return { advance: (ms: number) => (now += ms), get now() { return now; } };
}

afterEach(() => vi.restoreAllMocks());

interface Harness {
  /** Every index run, where ("here" or the worker's number) and at what clock. */
  readonly runs: { index: number; where: string; at: number }[];
  /** Chunks handed to workers, in the order they were handed, and the clock when each was. */
  readonly chunks: IndexRange[];
  readonly chunksAt: number[];
  readonly results: number[];
  readonly dones: number[];
  started: number;
  workersReported: number | undefined;
  terminated: number;
}

/**
 * The scheduler over fake workers: each worker runs serveChunks, and `deliver` passes each of
 * its messages on, in order per worker (as a real message port does), after `delay`.
 */
function harness(
  range: IndexRange,
  options: { workers?: number; cores?: number; deadline?: number; workersIgnoreDeadline?: boolean; costMs?: number; clock?: ReturnType<typeof fakeClock>; delay?: <T>(p: Promise<T>) => Promise<T> },
) {
  const h: Harness = { runs: [], chunks: [], chunksAt: [], results: [], dones: [], started: 0, workersReported: undefined, terminated: 0 };
  const deadline = options.deadline ?? Infinity;
  const runner = (where: string) => async (index: number) => {
    h.runs.push({ index, where, at: Date.now() });
    options.clock?.advance(options.costMs ?? 0);
    return index;
  };
  const delay = options.delay ?? (<T>(p: Promise<T>) => p);
  const start = (listener: WorkerListener<number>): PoolWorker => {
    const name = `worker ${h.started++}`;
    let inbox = Promise.resolve();
    let alive = true;
    const onChunk = serveChunks(runner(name), options.workersIgnoreDeadline ? Infinity : deadline, (message) => {
      inbox = inbox.then(() => delay(Promise.resolve())).then(() => {
        if (alive) listener.message(message);
      });
    });
    return {
      post: (chunk) => {
        expect(alive).toBe(true);
        h.chunks.push(chunk);
        h.chunksAt.push(Date.now());
        void onChunk(chunk);
      },
      terminate: () => {
        alive = false;
        h.terminated++;
      },
    };
  };
  const run = schedule(range, {
    run: runner("here"),
    start,
    cores: options.cores ?? 3,
    deadline,
    workers: options.workers,
    onResult: (result, done) => {
      h.results.push(result);
      h.dones.push(done);
    },
    onWorkers: (count) => (h.workersReported = count),
  });
  return { h, run };
}

const indicesOf = (range: IndexRange) => Array.from({ length: range.count }, (_, j) => rangeIndex(range, j));
const rangeArbitrary = fc.record({ first: fc.integer({ min: 0, max: 5 }), step: fc.integer({ min: 1, max: 4 }), count: fc.integer({ min: 0, max: 120 }) });

describe("schedule", () => {
  it("runs every index of the range exactly once, and reports each result with a done count, whatever the order of the workers' messages", async () => {
    await fc.assert(
      fc.asyncProperty(fc.scheduler(), rangeArbitrary, fc.integer({ min: 2, max: 6 }), async (s, range, workers) => {
        const { h, run } = harness(range, { workers, delay: (p) => s.schedule(p) });
        const { stopped } = await s.waitFor(run);
        expect(stopped).toBe(false);
        expect(h.runs.map((r) => r.index).sort((a, b) => a - b)).toEqual(indicesOf(range));
        expect([...h.results].sort((a, b) => a - b)).toEqual(indicesOf(range));
        expect(h.dones).toEqual(indicesOf({ first: 1, step: 1, count: range.count }));
        // The probe ran here; workers were started only for a rest of two or more.
        const rest = Math.max(0, range.count - PROBE_POINTS);
        expect(h.runs.filter((r) => r.where === "here").length).toBe(rest > 1 ? PROBE_POINTS : range.count);
        expect(h.started).toBe(rest > 1 ? Math.min(workers, rest) : 0);
        expect(h.workersReported).toBe(rest > 1 ? Math.min(workers, rest) : undefined);
        expect(h.terminated).toBe(h.started);
      }),
      { seed: SEED + 71, numRuns: 200 },
    );
  });

  it("hands out chunks by guided self-scheduling: the rest divided by CHUNKS_PER_WORKER times the workers, contiguous, down to single indices", async () => {
    for (const [count, workers] of [
      [1000, 3],
      [100, 2],
      [37, 5],
    ]) {
      const range = { first: 2, step: 3, count };
      const { h, run } = harness(range, { workers });
      await run;
      let next = PROBE_POINTS;
      for (const chunk of h.chunks) {
        const left = count - next;
        expect(chunk.count).toBe(Math.min(left, Math.max(1, Math.ceil(left / (CHUNKS_PER_WORKER * workers)))));
        expect(chunk).toEqual({ first: rangeIndex(range, next), step: 3, count: chunk.count });
        next += chunk.count;
      }
      expect(next).toBe(count);
      expect(h.chunks.at(-1)!.count).toBe(1);
    }
  });

  it("keeps a batch in the calling thread when the rest would take less than WORTH_A_WORKER seconds, and starts the cores' workers when it would take more", async () => {
    const clock = fakeClock();
    const count = 40;
    // Just under and just over the threshold: (count - PROBE_POINTS) indices at costMs each.
    const cheap = Math.floor((WORTH_A_WORKER * 1000) / (count - PROBE_POINTS)) - 1;
    const quick = harness({ first: 0, step: 1, count }, { clock, costMs: cheap, cores: 4 });
    expect(await quick.run).toEqual({ stopped: false });
    expect(quick.h.started).toBe(0);
    expect(quick.h.workersReported).toBeUndefined();
    expect(quick.h.runs.map((r) => r.index)).toEqual(indicesOf({ first: 0, step: 1, count }));

    const slow = harness({ first: 0, step: 1, count }, { clock, costMs: cheap + 2, cores: 4 });
    expect(await slow.run).toEqual({ stopped: false });
    expect(slow.h.started).toBe(4);
    expect(slow.h.workersReported).toBe(4);
    expect(slow.h.runs.filter((r) => r.where === "here").length).toBe(PROBE_POINTS);

    // One core: never a worker, however long the work.
    const single = harness({ first: 0, step: 1, count }, { clock, costMs: 1000, cores: 1 });
    await single.run;
    expect(single.h.started).toBe(0);
  });

  it("stops handing out work at the deadline and reports stopped, each index run at most once and none started after it", async () => {
    for (const workers of [undefined, 3]) {
      const clock = fakeClock();
      const deadline = clock.now + 25;
      const range = { first: 0, step: 1, count: 100 };
      const { h, run } = harness(range, { clock, costMs: 1, deadline, workers });
      expect(await run).toEqual({ stopped: true });
      const indices = h.runs.map((r) => r.index);
      expect(new Set(indices).size).toBe(indices.length);
      expect(indices.length).toBeGreaterThanOrEqual(25);
      expect(indices.length).toBeLessThan(100);
      expect(h.runs.every((r) => r.at < deadline)).toBe(true);
      expect(h.chunksAt.every((at) => at < deadline)).toBe(true);
      expect(h.results.length).toBe(indices.length);
      expect(h.terminated).toBe(h.started);
    }
    // Workers that would run whatever they are handed: the scheduler alone stops the work.
    const clock = fakeClock();
    const deadline = clock.now + 25;
    const { h, run } = harness({ first: 0, step: 1, count: 100 }, { clock, costMs: 1, deadline, workers: 3, workersIgnoreDeadline: true });
    expect(await run).toEqual({ stopped: true });
    expect(h.chunks.length).toBeGreaterThan(0);
    expect(h.chunksAt.every((at) => at < deadline)).toBe(true);
    expect(new Set(h.runs.map((r) => r.index)).size).toBe(h.runs.length);
  });

  it("fails the batch, and stops every worker, when a worker reports a failure, the caller's onResult throws, or a worker cannot start", async () => {
    /** 50 indices on 3 workers that run `run` (posting asynchronously, as a port does); counts the workers stopped. */
    const batch = (run: (index: number) => Promise<number>, options: { onResult?: (index: number) => void; cannotStart?: number } = {}) => {
      const counts = { started: 0, terminated: 0 };
      const done = schedule({ first: 0, step: 1, count: 50 }, {
        run: async (index) => index,
        cores: 2,
        deadline: Infinity,
        workers: 3,
        onResult: options.onResult ?? (() => {}),
        start: (listener) => {
          if (++counts.started === options.cannotStart) throw new Error("nested workers are not supported");
          const onChunk = serveChunks(run, Infinity, (message) => queueMicrotask(() => listener.message(message)));
          return { post: (chunk) => void onChunk(chunk), terminate: () => counts.terminated++ };
        },
      });
      return { done, counts };
    };
    const failing = batch(async (index) => {
      if (index === 30) throw new Error("box 30 broke");
      return index;
    });
    await expect(failing.done).rejects.toThrow("box 30 broke");
    expect(failing.counts.terminated).toBe(3);

    // An error of the caller's, thrown while it takes a worker's result.
    const refused = batch(async (index) => index, {
      onResult: (index) => {
        if (index === 40) throw new Error("point 40 is not a valid scenario");
      },
    });
    await expect(refused.done).rejects.toThrow("point 40");
    expect(refused.counts.terminated).toBe(3);

    // A worker that cannot be started: the one started before it is stopped.
    const unstartable = batch(async (index) => index, { cannotStart: 2 });
    await expect(unstartable.done).rejects.toThrow("nested workers");
    expect(unstartable.counts.terminated).toBe(1);
  });
});

describe("inIndexOrder", () => {
  it("passes results on in index order, each once, with the count passed, whatever order they arrive in", () => {
    fc.assert(
      fc.property(
        rangeArbitrary.chain((range) => fc.tuple(fc.constant(range), fc.shuffledSubarray(indicesOf(range), { minLength: range.count, maxLength: range.count }))),
        ([range, arrival]) => {
          const passed: [number, number][] = [];
          const take = inIndexOrder<{ index: number }>(range, (result, done) => passed.push([result.index, done]));
          arrival.forEach((index, k) => {
            take({ index });
            // Passed so far: exactly the longest prefix of the range that has arrived.
            const arrived = new Set(arrival.slice(0, k + 1));
            let prefix = 0;
            while (prefix < range.count && arrived.has(rangeIndex(range, prefix))) prefix++;
            expect(passed.length).toBe(prefix);
          });
          expect(passed).toEqual(indicesOf(range).map((index, j) => [index, j + 1]));
        },
      ),
      { seed: SEED + 72, numRuns: 200 },
    );
  });
});
