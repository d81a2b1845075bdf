/**
 * `solve --game continuous`: a certified pure equilibrium of the continuous game (openness in
 * [0, 1]), which always exists (MODEL.md section 2).
 *
 * `auto`: damped best-response dynamics, then extragradient, each polished to an exact
 * certificate; if neither certifies in its budget, the KKT MIP. With an objective, the KKT MIP
 * (the optimum over all equilibria). `--nontrivial`: when the equilibrium found has everyone
 * closed, the MIP maximises openness; a maximum of 0 proves every equilibrium trivial.
 *
 * Uniqueness (no objective; `SolveOptions.uniqueness`): the KKT MIP's farthest equilibrium from
 * the one found (kkt-mip.ts `farthestFrom`). Its dual bound bounds the L1 distance of every
 * equilibrium from the first; at most UNIQUE_TOLERANCE per lab, confirmed by a second
 * solve with HiGHS's presolve off, proves the first the only one (`unique: true`). Otherwise
 * the MIP's point, certified like any KKT-MIP answer, is listed when it is another equilibrium
 * (`unique: false`). Races of more than UNIQUE_LABS labs, a spent time limit or a solver
 * failure leave `unique` out: nothing is claimed.
 */
import { certify, type Equilibrium } from "../model/certificate.js";
import type { Game } from "../model/game.js";
import { OBJECTIVES } from "../model/objectives.js";
import { iterateContinuous, type IterativeMethod } from "./iterate.js";
import { buildContinuousMip, type ContinuousMipOptions } from "./kkt-mip.js";
import { CheckedMip } from "./mip.js";
import { polish } from "./polish.js";
import { Search } from "./search.js";
import { UnsupportedError, wantsUniqueness, wantsWelfare, welfareSummary, type SolveOptions, type SolveResult, type UniquenessCheck, type WelfareExtreme } from "./solve.js";

/** Seconds `auto` gives each iterative method before it tries the MIP. */
const ITERATE_BUDGET = 5;
/** Trace entries kept in the result (evenly spaced). */
const TRACE_POINTS = 50;
/** Seconds the uniqueness check may take (both of its solves; within a time limit, at most what is left). */
const UNIQUE_BUDGET = 2;
/** Labs up to which the uniqueness check runs (docs/benchmarks.md: its cost grows fast past this). */
export const UNIQUE_LABS = 40;
/**
 * Distance (openness, per lab) below which the farthest
 * equilibrium's bound proves uniqueness. The bound is not exact zero for a unique equilibrium:
 * HiGHS accepts rows violated by its feasibility tolerances (1e-7 primal, 1e-6 for the MIP, on
 * rows of unit-size coefficients thanks to mip-scale.ts) and binaries within 1e-6 of 0 or 1,
 * which lets d_i = |x_i - x*_i| + 2 s_i reach about 2e-6 at x* itself; its gap tolerances
 * (absolute 1e-9, relative 0) add nothing at this scale. 1e-5 is above that fuzz and far below
 * any difference a reader sees (openness is printed to 4 decimals).
 */
const UNIQUE_TOLERANCE = 1e-5;
/** An incumbent this many tolerances from the first equilibrium ends the check (no proof can follow). */
const REFUTE = 100;

export async function solveContinuous(game: Game, options: SolveOptions = {}): Promise<SolveResult> {
  const requested = options.method ?? "auto";
  if (requested === "enumerate" || requested === "propagate" || requested === "conflict")
    throw new UnsupportedError(`--method ${requested} is for the discrete game; the continuous game takes auto, iterate or mip`);
  const goal = options.objective ? { objective: options.objective, sense: options.sense ?? "max" } : undefined;
  const search = new Search(game, { ...options, first: true });
  const stats: Record<string, unknown> = { presolveFixed: 0 };
  let method: SolveResult["method"] = requested === "mip" || goal ? "mip" : "best-response";

  const viaMip = async (objective = goal) => {
    const found = await continuousMip(game, search.deadlineMs, { objective });
    Object.assign(stats, { mipColumns: found.columns, mipRows: found.rows });
    if (found.status === "time-limit") search.stopReason = "time-limit";
    else if (found.status === "error") {
      search.stopReason = "solver-error";
      search.note = `HiGHS failed twice on the KKT MIP (${found.message ?? "no message"})`;
    } else if (objective && objective === goal && !found.faithful && found.profile) {
      // The optimum's certified neighbour is an equilibrium, but maybe not the optimal one.
      search.stopReason = "incomplete";
      search.note = "certifying the KKT MIP's optimum moved it: the equilibrium listed is certified, its optimality is not";
    }
    return found;
  };

  let profile: number[] | null = null;
  // (A warm start from a known equilibrium made HiGHS 1.6-3x slower here: it completes a
  // partial start with a sub-MIP. So the MIP starts cold.)
  if (method === "mip") profile = (await viaMip()).profile;
  else {
    const iterative: IterativeMethod[] = requested === "iterate" ? ["best-response"] : ["best-response", "extragradient"];
    for (const kind of iterative) {
      const budget = Math.min(search.deadlineMs, Date.now() + ITERATE_BUDGET * 1000);
      const run = iterateContinuous(game, { method: kind, deadline: requested === "iterate" ? search.deadlineMs : budget });
      Object.assign(stats, { iterations: run.iterations, trace: thin(run.trace), exploitabilityReached: run.exploitability });
      method = kind;
      if (run.certified) {
        profile = run.profile;
        break;
      }
    }
    if (!profile && requested === "auto" && Date.now() < search.deadlineMs) {
      method = "mip";
      profile = (await viaMip()).profile;
    }
    if (!profile && requested === "iterate") search.stopReason = "incomplete";
  }

  // No certified point without a reason recorded: the deadline passed, or polishing failed.
  if (!profile && search.stopReason === "exhausted") search.stopReason = Date.now() >= search.deadlineMs ? "time-limit" : "incomplete";
  if (profile) search.offer(profile, "interval");
  if (options.nonTrivial && profile && profile.every((v) => v === 0)) {
    // The equilibrium found is trivial: look for the most open one.
    const open = await viaMip({ objective: "openness", sense: "max" });
    method = "mip";
    if (open.profile?.some((v) => v > 0)) search.offer(open.profile, "interval");
    else if (open.status === "found" && !open.faithful) {
      // Only the true maximum of openness being 0 proves every equilibrium trivial.
      search.stopReason = "incomplete";
      search.note = "certifying the KKT MIP's most open equilibrium moved it: whether a non-trivial equilibrium exists is not proven";
    }
  }
  let unique: boolean | undefined;
  const first = search.equilibria.find((e) => !options.nonTrivial || e.nonTrivial);
  if (first && !goal && search.complete && wantsUniqueness(options)) {
    const check = await farthestEquilibrium(game, first.profile, Math.min(search.deadlineMs, Date.now() + UNIQUE_BUDGET * 1000));
    stats.uniqueness = check.summary;
    if (check.summary.status === "unique") unique = true;
    else if (check.profile) {
      search.offer(check.profile, "interval");
      // Listed only when certified, of the kind asked for, and another point.
      if (search.equilibria.some((e) => e !== first && (!options.nonTrivial || e.nonTrivial))) unique = false;
    }
  }
  const equilibria = search.equilibria.filter((e) => !options.nonTrivial || e.nonTrivial);
  const objective = goal
    ? { name: goal.objective, sense: goal.sense, value: equilibria[0] ? OBJECTIVES[goal.objective].value(equilibria[0].profile, equilibria[0].capabilities) : null }
    : undefined;
  const complete = search.complete && (equilibria.length > 0 || options.nonTrivial === true);
  const welfare = wantsWelfare(options) ? await welfareSummary(game, search, continuousExtreme(game, unique ? first : undefined), "interval") : undefined;
  return {
    game: "continuous",
    players: [...game.ids],
    tiers: [0, 1],
    method,
    complete,
    stopReason: search.stopReason,
    ...(search.note ? { note: search.note } : {}),
    exists: equilibria.length > 0 ? true : complete ? false : options.nonTrivial ? null : true,
    equilibria,
    ...(unique !== undefined ? { unique } : {}),
    ...(objective ? { objective } : {}),
    ...(welfare ? { welfare } : {}),
    stats: { seconds: search.seconds, ...stats, rejected: search.rejected } as SolveResult["stats"],
  };
}

interface MipOutcome {
  /** `stopped`, and `time-limit` with a profile: from an incumbent (only with `MipTarget.stopAt`). */
  readonly status: "found" | "stopped" | "time-limit" | "error";
  /** The certified equilibrium nearest the MIP's solution; null if none. */
  readonly profile: number[] | null;
  /**
   * False when certifying moved the MIP's solution further than NEAR in some coordinate: the
   * equilibrium listed may then be another one, and an objective's optimum is not proven.
   */
  readonly faithful: boolean;
  readonly message?: string;
  /** HiGHS's dual bound on the objective (with `confirmBelow`: the larger of both solves'). */
  readonly bound?: number;
  readonly columns: number;
  readonly rows: number;
}

/** What a KKT-MIP solve optimises, and when its bound needs a second opinion. */
interface MipTarget extends Pick<ContinuousMipOptions, "objective" | "farthestFrom"> {
  /** A dual bound at or below this is re-solved with the presolve off before it is believed. */
  readonly confirmBelow?: number;
  /** Maximising: stop at an incumbent this good, and certify incumbents of unfinished solves. */
  readonly stopAt?: number;
}

/** How far (in openness) certifying may move the MIP's solution and still be that solution. */
const NEAR = 1e-6;

/** One KKT-MIP solve, polished (or, failing that, iterated) to an exact certificate. */
async function continuousMip(game: Game, deadline: number, target: MipTarget = {}): Promise<MipOutcome> {
  // The deadline covers building and loading too: for hundreds of labs they take seconds.
  const model = buildContinuousMip(game, { objective: target.objective, farthestFrom: target.farthestFrom, deadline });
  const size = { columns: model?.variables.length ?? 0, rows: model?.rows.length ?? 0 };
  if (!model || Date.now() > deadline) return { status: "time-limit", profile: null, faithful: false, ...size };
  const mip = new CheckedMip(model, true);
  try {
    const run = await mip.run(deadline, target.stopAt);
    // An unfinished solve's incumbent is certified only for callers that asked for one (stopAt).
    const unfinished = run.status === "time-limit" || run.status === "stopped";
    if (unfinished && (target.stopAt === undefined || !run.values)) return { status: "time-limit", profile: null, faithful: false, ...size };
    if (!unfinished && run.status !== "optimal") return { status: "error", profile: null, faithful: false, message: run.message, ...size };
    let bound = unfinished ? undefined : run.bound;
    if (target.confirmBelow !== undefined && bound !== undefined && bound <= target.confirmBelow) {
      // A proof rests on the bound: the presolve-off solve must agree (as mip.ts does for "infeasible").
      mip.presolveOn = false;
      const again = await mip.run(deadline);
      if (again.status === "time-limit") return { status: "time-limit", profile: null, faithful: false, ...size };
      if (again.status !== "optimal") return { status: "error", profile: null, faithful: false, message: again.message, ...size };
      bound = again.bound === undefined ? undefined : Math.max(bound, again.bound);
    }
    const start = model.openness.map((cols) => run.values![cols[0]]);
    let polished = polish(game, start);
    if (polished.exploitability > game.tolerance) {
      const again = iterateContinuous(game, { start: polished.profile, deadline });
      if (again.exploitability < polished.exploitability) polished = { ...again, rounds: 0 };
    }
    const certified = polished.exploitability <= game.tolerance;
    const faithful = certified && polished.profile.every((v, i) => Math.abs(v - start[i]) <= NEAR);
    const status = run.status === "optimal" ? "found" : run.status;
    return { status, profile: certified ? polished.profile : null, faithful, ...(bound !== undefined ? { bound } : {}), ...size };
  } finally {
    mip.dispose();
  }
}

/**
 * Continuous extremes: the KKT MIP with welfare as its objective, certified; the value counts
 * as the extreme only when certifying kept the MIP's optimum where it was. `only`: the
 * equilibrium proven unique, which is both extremes.
 */
function continuousExtreme(game: Game, only?: Equilibrium): WelfareExtreme {
  return async (sense, budget) => {
    if (only) return { value: OBJECTIVES.welfare.value(only.profile, only.capabilities), complete: true };
    const found = await continuousMip(game, Date.now() + 1000 * budget, { objective: { objective: "welfare", sense } });
    const eq = found.profile && found.faithful ? certify(game, found.profile, "interval") : null;
    return { value: eq ? OBJECTIVES.welfare.value(eq.profile, eq.capabilities) : null, complete: eq !== null };
  };
}

/**
 * The equilibrium farthest from `from` (L1, openness), by the KKT MIP: a proof of uniqueness
 * when the (confirmed) dual bound is within the tolerance, else the MIP's certified point.
 */
async function farthestEquilibrium(game: Game, from: readonly number[], deadline: number): Promise<{ summary: UniquenessCheck; profile: number[] | null }> {
  const started = Date.now();
  const seconds = () => (Date.now() - started) / 1000;
  if (game.n > UNIQUE_LABS) return { summary: { status: "skipped", seconds: 0 }, profile: null };
  // (Labs the MIP's fixing decided add no distance; counting them loosens the tolerance by at most that many UNIQUE_TOLERANCE.)
  const tolerance = UNIQUE_TOLERANCE * game.n;
  let found: MipOutcome;
  try {
    // A second equilibrium needs not be the farthest: an incumbent REFUTE times the tolerance away
    // rules the proof out, and is certified at once.
    found = await continuousMip(game, deadline, { farthestFrom: from, confirmBelow: tolerance, stopAt: REFUTE * tolerance });
  } catch (error) {
    // Extra work: a failure here leaves uniqueness unknown, never the solve failed.
    return { summary: { status: "error", seconds: seconds(), message: error instanceof Error ? error.message : String(error) }, profile: null };
  }
  const other = found.profile?.some((v, i) => Math.abs(v - from[i]) > NEAR) ? found.profile : null;
  if (other) return { summary: { status: "refuted", ...(found.bound !== undefined ? { bound: found.bound } : {}), seconds: seconds() }, profile: other };
  if (found.status === "time-limit" || found.status === "error")
    return { summary: { status: found.status, seconds: seconds(), ...(found.message ? { message: found.message } : {}) }, profile: null };
  const bound = found.bound ?? null;
  const proven = found.status === "found" && bound !== null && bound <= tolerance;
  return { summary: { status: proven ? "unique" : "inconclusive", bound, seconds: seconds() }, profile: null };
}

function thin(trace: number[]): number[] {
  if (trace.length <= TRACE_POINTS) return trace;
  const step = (trace.length - 1) / (TRACE_POINTS - 1);
  return Array.from({ length: TRACE_POINTS }, (_, k) => trace[Math.round(k * step)]);
}
