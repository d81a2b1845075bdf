/**
 * `solve --game continuous`: a certified pure equilibrium of the continuous game (openness in
 * [0, 1]), which always exists (MODEL.md section 2).
 *
 * `auto`: damped best-response dynamics, then extragradient, each polished to an exact
 * certificate; if neither certifies in its budget, the KKT MIP. With an objective, the KKT MIP
 * (the optimum over all equilibria). `--nontrivial`: when the equilibrium found has everyone
 * closed, the MIP maximises openness; a maximum of 0 proves every equilibrium trivial.
 */
import { certify } from "../model/certificate.js";
import type { Game } from "../model/game.js";
import { OBJECTIVES, type ObjectiveName, type Sense } from "../model/objectives.js";
import { iterateContinuous, type IterativeMethod } from "./iterate.js";
import { buildContinuousMip } from "./kkt-mip.js";
import { CheckedMip } from "./mip.js";
import { polish } from "./polish.js";
import { Search } from "./search.js";
import { UnsupportedError, wantsWelfare, welfareSummary, type SolveOptions, type SolveResult, type WelfareExtreme } from "./solve.js";

/** Seconds `auto` gives each iterative method before it tries the MIP. */
const ITERATE_BUDGET = 5;
/** Trace entries kept in the result (evenly spaced). */
const TRACE_POINTS = 50;

export async function solveContinuous(game: Game, options: SolveOptions = {}): Promise<SolveResult> {
  const requested = options.method ?? "auto";
  if (requested === "enumerate" || requested === "propagate")
    throw new UnsupportedError(`--method ${requested} is for the discrete game; the continuous game takes auto, iterate or mip`);
  const goal = options.objective ? { objective: options.objective, sense: options.sense ?? "max" } : undefined;
  const search = new Search(game, { ...options, first: true });
  const stats: Record<string, unknown> = { presolveFixed: 0 };
  let method: SolveResult["method"] = requested === "mip" || goal ? "mip" : "best-response";

  const viaMip = async (objective = goal) => {
    const found = await continuousMip(game, search.deadlineMs, objective);
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
  const equilibria = search.equilibria.filter((e) => !options.nonTrivial || e.nonTrivial);
  const objective = goal
    ? { name: goal.objective, sense: goal.sense, value: equilibria[0] ? OBJECTIVES[goal.objective].value(equilibria[0].profile, equilibria[0].capabilities) : null }
    : undefined;
  const complete = search.complete && (equilibria.length > 0 || options.nonTrivial === true);
  const welfare = wantsWelfare(options) ? await welfareSummary(game, search, continuousExtreme(game), "interval") : undefined;
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
    ...(objective ? { objective } : {}),
    ...(welfare ? { welfare } : {}),
    stats: { seconds: search.seconds, ...stats, rejected: search.rejected } as SolveResult["stats"],
  };
}

interface MipOutcome {
  readonly status: "found" | "time-limit" | "error";
  /** The certified equilibrium nearest the MIP's solution; null if none. */
  readonly profile: number[] | null;
  /**
   * False when certifying moved the MIP's solution further than NEAR in some coordinate: the
   * equilibrium listed may then be another one, and an objective's optimum is not proven.
   */
  readonly faithful: boolean;
  readonly message?: string;
  readonly columns: number;
  readonly rows: number;
}

/** How far (in openness) certifying may move the MIP's solution and still be that solution. */
const NEAR = 1e-6;

/** One KKT-MIP solve, polished (or, failing that, iterated) to an exact certificate. */
async function continuousMip(game: Game, deadline: number, objective?: { objective: ObjectiveName; sense: Sense }): Promise<MipOutcome> {
  // The deadline covers building and loading too: for hundreds of labs they take seconds.
  const model = buildContinuousMip(game, { objective, deadline });
  const size = { columns: model?.variables.length ?? 0, rows: model?.rows.length ?? 0 };
  if (!model || Date.now() > deadline) return { status: "time-limit", profile: null, faithful: false, ...size };
  const mip = new CheckedMip(model, true);
  try {
    const run = await mip.run(deadline);
    if (run.status === "time-limit") return { status: "time-limit", profile: null, faithful: false, ...size };
    if (run.status !== "optimal") return { status: "error", profile: null, faithful: false, message: run.message, ...size };
    const start = model.openness.map((cols) => run.values![cols[0]]);
    let polished = polish(game, start);
    if (polished.exploitability > game.tolerance) {
      const again = iterateContinuous(game, { start: polished.profile, deadline });
      if (again.exploitability < polished.exploitability) polished = { ...again, rounds: 0 };
    }
    const certified = polished.exploitability <= game.tolerance;
    const faithful = certified && polished.profile.every((v, i) => Math.abs(v - start[i]) <= NEAR);
    return { status: "found", profile: certified ? polished.profile : null, faithful, ...size };
  } finally {
    mip.dispose();
  }
}

/**
 * Continuous extremes: the KKT MIP with welfare as its objective, certified; the value counts
 * as the extreme only when certifying kept the MIP's optimum where it was.
 */
function continuousExtreme(game: Game): WelfareExtreme {
  return async (sense, budget) => {
    const found = await continuousMip(game, Date.now() + 1000 * budget, { objective: "welfare", sense });
    const eq = found.profile && found.faithful ? certify(game, found.profile, "interval") : null;
    return { value: eq ? OBJECTIVES.welfare.value(eq.profile, eq.capabilities) : null, complete: eq !== null };
  };
}

function thin(trace: number[]): number[] {
  if (trace.length <= TRACE_POINTS) return trace;
  const step = (trace.length - 1) / (TRACE_POINTS - 1);
  return Array.from({ length: TRACE_POINTS }, (_, k) => trace[Math.round(k * step)]);
}
