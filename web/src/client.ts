/**
 * One solver worker and the job it runs. The latest request wins: a request made while a job
 * is running waits for it when the job is young (quick solves, as when a slider moves), and
 * replaces it (the worker is terminated and a fresh one started) when it has run longer.
 * `cancel()` terminates the worker at once: the page never waits for a solver.
 */
import type { PointOutcome, Progress, UncertainDocument } from "../../src/index.js";
import type { Reply, Request, SolveReply } from "./protocol.js";

/** How a job ended when it did not finish: cancelled, or replaced by a newer request. */
export class JobStopped extends Error {
  constructor(readonly reason: "cancelled" | "superseded") {
    super(reason);
  }
}

interface JobHandlers {
  onProgress?(progress: Progress): void;
  onPoint?(point: PointOutcome, done: number, total: number): void;
  onUncertain?(document: UncertainDocument, done: number, total: number): void;
}

interface Job {
  readonly id: number;
  readonly request: Request;
  readonly handlers: JobHandlers;
  readonly resolve: (result: SolveReply | null) => void;
  readonly reject: (error: Error) => void;
  started: number;
}

/** A running job younger than this is left to finish when a new request arrives. */
const PATIENCE_MS = 250;

export class SolverClient {
  private worker: Worker | null = null;
  private running: Job | null = null;
  private queued: Job | null = null;
  private nextId = 1;

  get busy(): boolean {
    return this.running !== null;
  }

  /** Runs a request; resolves with the result (a solve) or null (a sweep or sampling, when done). */
  run(request: Request, handlers: JobHandlers = {}): Promise<SolveReply | null> {
    return new Promise((resolve, reject) => {
      const job: Job = { id: this.nextId++, request, handlers, resolve, reject, started: 0 };
      this.queued?.reject(new JobStopped("superseded"));
      this.queued = null;
      if (!this.running) this.start(job);
      else if (performance.now() - this.running.started > PATIENCE_MS) {
        this.stop("superseded");
        this.start(job);
      } else this.queued = job;
    });
  }

  /**
   * Stops whatever runs or waits; their promises reject with JobStopped(reason): "cancelled"
   * when the user asked, "superseded" when the page moved on (nothing to report then).
   */
  cancel(reason: JobStopped["reason"] = "cancelled"): void {
    this.queued?.reject(new JobStopped(reason));
    this.queued = null;
    this.stop(reason);
  }

  private stop(reason: JobStopped["reason"]): void {
    if (!this.running) return;
    this.worker?.terminate();
    this.worker = null;
    const job = this.running;
    this.running = null;
    job.reject(new JobStopped(reason));
  }

  private start(job: Job): void {
    this.running = job;
    job.started = performance.now();
    this.ensureWorker().postMessage({ id: job.id, request: job.request });
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(new URL("./worker.ts", import.meta.url), { type: "module", name: "openrace-solver" });
    worker.onmessage = (event: MessageEvent<Reply>) => this.receive(event.data);
    worker.onerror = (event) => {
      event.preventDefault();
      this.fail(event.message || "the solver worker failed to start");
    };
    this.worker = worker;
    return worker;
  }

  private receive(reply: Reply): void {
    const job = this.running;
    if (!job || reply.id !== job.id) return;
    switch (reply.kind) {
      case "progress":
        job.handlers.onProgress?.(reply.progress);
        return;
      case "point":
        job.handlers.onPoint?.(reply.point, reply.done, reply.total);
        return;
      case "uncertain":
        job.handlers.onUncertain?.(reply.document, reply.done, reply.total);
        return;
      case "result":
        this.finish(() => job.resolve(reply.result));
        return;
      case "done":
        this.finish(() => job.resolve(null));
        return;
      case "error":
        this.fail(reply.message);
        return;
    }
  }

  private fail(message: string): void {
    const job = this.running;
    // A worker that failed may be in any state: start the next job on a fresh one.
    this.worker?.terminate();
    this.worker = null;
    this.finish(() => job?.reject(new Error(message)));
  }

  private finish(settle: () => void): void {
    this.running = null;
    settle();
    const next = this.queued;
    this.queued = null;
    if (next) this.start(next);
  }
}
