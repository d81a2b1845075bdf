/** Messages between the page and its solver worker. */
import type { MixedResult, PointOptions, PointOutcome, Progress, Scenario, SolveResult, Subject, SweepSpec, UncertainDocument, UncertainPlan } from "../../src/index.js";
import type { SolveSettings } from "./settings.js";

/** Solve one scenario, under its policy if any (both validated by the page). */
export interface SolveRequest {
  readonly kind: "solve";
  readonly subject: Subject;
  readonly settings: SolveSettings;
}

/** Solve every point of a grid (on the pool's workers), reporting the points in index order. */
export interface SweepRequest {
  readonly kind: "sweep";
  /** The sweep as the page built it (sweepSpec), for this scenario. */
  readonly spec: SweepSpec;
  readonly scenario: Scenario;
  /** The method, and the time limit of each point. */
  readonly options: PointOptions;
  /** Pool workers asked for (default: one per core, when the points look worth it). */
  readonly workers?: number;
}

/** Sample a plan (`openrace uncertain`'s; on the pool's workers), reporting the statistics so far, in index order, from time to time. */
export interface UncertainRequest {
  readonly kind: "uncertain";
  readonly plan: UncertainPlan;
  readonly subject: Subject;
  /** The method, and the time limit of each sample. */
  readonly options: PointOptions;
  /** Pool workers asked for (default: one per core, when the samples look worth it). */
  readonly workers?: number;
}

export type Request = SolveRequest | SweepRequest | UncertainRequest;

/** A solve's result; with no pure equilibrium on a small race, also a mixed one (issue 16). */
export type SolveReply = SolveResult & { readonly mixed?: MixedResult };

export type Reply =
  | { readonly id: number; readonly kind: "progress"; readonly progress: Progress }
  | { readonly id: number; readonly kind: "point"; readonly point: PointOutcome; readonly done: number; readonly total: number }
  | { readonly id: number; readonly kind: "result"; readonly result: SolveReply }
  | { readonly id: number; readonly kind: "uncertain"; readonly document: UncertainDocument; readonly done: number; readonly total: number }
  | { readonly id: number; readonly kind: "done" }
  | { readonly id: number; readonly kind: "error"; readonly message: string };
