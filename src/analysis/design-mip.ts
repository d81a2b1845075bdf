/**
 * `design --require some` on races above the exhaustive limit of thresholds.ts, by the
 * parametric equilibrium MIP (piece-mip.ts; issue 13, "a MIP with HiGHS is a good tool for
 * `some` on larger races").
 *
 * "Some equilibrium meets the target" at v means: some profile meeting the target's conditions
 * (linear rows on the openness indicators) is an equilibrium at v. So on each piece of the
 * range the MIP, restricted by those rows and cut by no-goods, lists every such profile that is
 * an equilibrium somewhere on the piece, each with its exact equilibrium set (parametric.ts);
 * "infeasible" ends the piece. The target holds exactly on the union of those sets inside the
 * pieces, and at the structural events and the range's ends where a complete solve says so
 * (the game may jump there). `holds` is that union, and `value` its point nearest to `current`,
 * confirmed by a complete solve there (nudged by a few units of rounding when an end fell on
 * the wrong side of a tie, as thresholds.ts settles its breakpoints). Listing every profile
 * rather than minimising |v - current| gives the complete `holds` of INTERFACE.md at the cost
 * of one solve per profile; the guarantee is the MIP's (piece-mip.ts).
 */
import { certify } from "../model/certificate.js";
type Profile = number[];
import type { MipModel, MipRow } from "../solvers/mip-model.js";
import { compareProfiles, solveDiscrete } from "../solvers/solve.js";
import { meets, nearestHold, targetHolds, type Condition, type DesignResult, type HoldRange } from "./design.js";
import type { Subject } from "./parameters.js";
import { nudge, ParameterLine } from "./parametric.js";
import { levelIndicator, PieceMip } from "./piece-mip.js";
import { TimeLimitError, type ThresholdsOptions } from "./thresholds.js";

/** A stretch where the target holds, with the target profiles that make it hold. */
interface Stretch extends HoldRange {
  readonly profiles: Profile[];
}

export async function designSomeByMip(
  subject: Subject,
  path: string,
  from: number,
  to: number,
  target: string,
  conditions: readonly Condition[],
  options: ThresholdsOptions = {},
): Promise<DesignResult> {
  const line = new ParameterLine(subject, path);
  const cuts = [from, ...line.events(from, to, from, to), to];
  const deadline = options.deadline ?? Infinity;
  const stretches: Stretch[] = [];
  let solves = 0;
  // The points: the range's ends and the structural events, by complete solves.
  for (const v of cuts) {
    const eqs = await solveAt(line, v, deadline);
    const meeting = eqs.filter((x) => meets(x, conditions));
    if (meeting.length > 0) stretches.push({ from: v, to: v, fromIncluded: true, toIncluded: true, profiles: meeting });
  }
  // Inside each piece: every target profile that is an equilibrium somewhere on it.
  for (let k = 0; k + 1 < cuts.length; k++) {
    const piece = line.piece(cuts[k], cuts[k + 1]);
    const mip = new PieceMip(piece, (model) => targetRows(model, piece.game0.tiers, conditions));
    try {
      for (;;) {
        options.onProgress?.(k, cuts.length - 1);
        const found = await mip.find(deadline);
        if (found.status === "none") break;
        if (found.status === "time-limit") throw new TimeLimitError("time limit");
        if (found.status === "error") throw new Error(`design: HiGHS failed (${found.message})`);
        for (const [a, b] of found.set) {
          // The piece's own ends belong to the points above (the game may jump there).
          const lo = Math.max(a, piece.lo);
          const hi = Math.min(b, piece.hi);
          if (hi <= piece.lo || lo >= piece.hi) continue;
          stretches.push({ from: lo, to: hi, fromIncluded: lo > piece.lo, toIncluded: hi < piece.hi, profiles: [[...found.profile]] });
        }
      }
    } finally {
      solves += mip.solves;
      mip.dispose();
    }
  }
  const holds = union(stretches);
  const base = { path, target, require: "some" as const, current: line.current, method: "mip" as const, proven: true, stats: { mipSolves: solves } };
  const best = nearestHold(holds, line.current ?? from);
  if (!best) return { ...base, found: false, value: null, attained: false, holds: [], equilibria: [] };
  const { range } = best;
  let { value, attained } = best;
  if (!attained) {
    // An open end: the profiles whose stretch ends there are equilibria just inside it.
    return { ...base, found: true, value, attained, holds: strip(holds), equilibria: sorted(range.profiles) };
  }
  // Confirmed by a complete solve at the value (moved by rounding units if an end fell on the wrong side of a tie).
  const candidates = range.profiles;
  value = nudge(value, (u) => inRange(range, u) && candidates.some((x) => certify(line.gameAt(u), x) !== null));
  const equilibria = await solveAt(line, value, deadline);
  attained = targetHolds(equilibria, conditions, "some");
  return { ...base, found: true, value, attained, holds: strip(holds), equilibria: attained ? equilibria : sorted(candidates) };
}

async function solveAt(line: ParameterLine, v: number, deadline: number): Promise<Profile[]> {
  const timeLimit = Number.isFinite(deadline) ? Math.max(0.001, (deadline - Date.now()) / 1000) : undefined;
  if (timeLimit !== undefined && Date.now() > deadline) throw new TimeLimitError("time limit");
  const result = await solveDiscrete(line.gameAt(v), { welfare: false, timeLimit });
  if (!result.complete) throw new TimeLimitError("time limit");
  return result.equilibria.map((e) => e.profile);
}

/** The target's conditions as rows on the openness indicators (`exists`: none). */
export function targetRows(model: MipModel, tiers: readonly number[], conditions: readonly Condition[]): MipRow[] {
  const rows: MipRow[] = [];
  /** Sum of indicators (terms and constant) of the given (player, level) pairs. */
  const sum = (pairs: [number, number][]) => {
    const terms = new Map<number, number>();
    let constant = 0;
    for (const [i, l] of pairs) {
      const ind = levelIndicator(model, tiers, i, l);
      for (const [col, v] of ind.terms) terms.set(col, (terms.get(col) ?? 0) + v);
      constant += ind.constant;
    }
    return { indices: [...terms.keys()], values: [...terms.values()], constant };
  };
  conditions.forEach((c, k) => {
    if (c.kind === "exists") return;
    if (c.kind === "level") {
      // The levels that break the condition are off.
      const bad = tiers.flatMap((t, l): [number, number][] => ((c.op === ">=" ? t >= c.value : c.op === "<=" ? t <= c.value : t === c.value) ? [] : [[c.player, l]]));
      if (bad.length === 0) return;
      const { indices, values, constant } = sum(bad);
      rows.push({ name: `target_${k}`, indices, values, lower: -Infinity, upper: -constant });
      return;
    }
    // Labs open = n - (labs at level 0).
    const n = model.openness.length;
    const { indices, values, constant } = sum(model.openness.map((_, i): [number, number] => [i, 0]));
    const closedAtLeast = n - c.value - constant; // closed = terms + constant
    rows.push(c.op === ">=" ? { name: `target_${k}`, indices, values, lower: -Infinity, upper: closedAtLeast } : { name: `target_${k}`, indices, values, lower: closedAtLeast, upper: Infinity });
  });
  return rows;
}

/** The union of stretches as disjoint ranges, ascending, each with the target profiles in it. */
function union(stretches: Stretch[]): (HoldRange & { profiles: Profile[] })[] {
  const sortedStretches = [...stretches].sort((a, b) => a.from - b.from || Number(b.fromIncluded) - Number(a.fromIncluded));
  const out: (HoldRange & { profiles: Profile[] })[] = [];
  for (const s of sortedStretches) {
    const last = out[out.length - 1];
    const touches = last && (s.from < last.to || (s.from === last.to && (last.toIncluded || s.fromIncluded)));
    if (!touches) {
      out.push({ ...s, profiles: [...s.profiles] });
      continue;
    }
    if (s.to > last.to || (s.to === last.to && s.toIncluded)) Object.assign(last, { to: s.to, toIncluded: s.toIncluded || (s.to === last.to && last.toIncluded) });
    for (const x of s.profiles) if (!last.profiles.some((y) => y.join() === x.join())) last.profiles.push(x);
  }
  return out;
}

function inRange(r: HoldRange, v: number): boolean {
  return (r.from < v || (r.fromIncluded && r.from === v)) && (v < r.to || (r.toIncluded && r.to === v));
}

const strip = (holds: (HoldRange & { profiles: Profile[] })[]): HoldRange[] => holds.map(({ from, to, fromIncluded, toIncluded }) => ({ from, to, fromIncluded, toIncluded }));

const sorted = (profiles: Profile[]) => profiles.map((profile) => ({ profile })).sort(compareProfiles).map((e) => e.profile);
