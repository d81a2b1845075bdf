/**
 * `design --require some` on races above the exhaustive limit of thresholds.ts (issue 13).
 *
 * "Some equilibrium meets the target" at v means: some profile meeting the target's conditions
 * is an equilibrium at v. So on each piece of the range, every profile that is an equilibrium
 * somewhere on the piece is listed with its exact equilibrium set (piece-search.ts: branch and
 * propagate over the piece's interval data), and those meeting the target kept. The target
 * holds exactly on the union of their sets inside the pieces, and at the structural events and
 * the range's ends where a complete solve says so (the game may jump there). `holds` is that
 * union, and `value` its point nearest to `current`, confirmed by a complete solve there
 * (nudged by a few units of rounding when an end fell on the wrong side of a tie, as
 * thresholds.ts settles its breakpoints). Exact, with no solver tolerance; the cost grows with
 * the number of profiles that are equilibria somewhere on a piece.
 */
import { certify } from "../model/certificate.js";
import { compareProfiles } from "../solvers/solve.js";
import { inHold, meets, nearestHold, targetHolds, type Condition, type DesignResult, type HoldRange } from "./design.js";
import type { Subject } from "./parameters.js";
import { nudge, ParameterLine } from "./parametric.js";
import { pieceEquilibria } from "./piece-search.js";
import { completeSolveAt, TimeLimitError, type ThresholdsOptions } from "./thresholds.js";

type Profile = number[];

/** A stretch where the target holds, with the target profiles that make it hold. */
interface Stretch extends HoldRange {
  readonly profiles: Profile[];
}

export async function designSomeBySearch(
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
  let nodes = 0;
  // The points: the range's ends and the structural events, by complete solves.
  for (const v of cuts) {
    const eqs = await solveAt(line, v, deadline);
    const meeting = eqs.filter((x) => meets(x, conditions));
    if (meeting.length > 0) stretches.push({ from: v, to: v, fromIncluded: true, toIncluded: true, profiles: meeting });
  }
  // Inside each piece: every target profile that is an equilibrium somewhere on it.
  for (let k = 0; k + 1 < cuts.length; k++) {
    const piece = line.piece(cuts[k], cuts[k + 1]);
    options.onProgress?.(k, cuts.length - 1);
    const found = pieceEquilibria(piece, deadline);
    nodes += found.nodes;
    if (!found.complete) throw new TimeLimitError("time limit");
    for (const { profile, set } of found.profiles) {
      if (!meets(profile, conditions)) continue;
      for (const [a, b] of set) {
        // The piece's own ends belong to the points above (the game may jump there).
        const lo = Math.max(a, piece.lo);
        const hi = Math.min(b, piece.hi);
        if (hi <= piece.lo || lo >= piece.hi) continue;
        stretches.push({ from: lo, to: hi, fromIncluded: lo > piece.lo, toIncluded: hi < piece.hi, profiles: [[...profile]] });
      }
    }
  }
  const holds = union(stretches);
  const base = { path, target, require: "some" as const, current: line.current, method: "search" as const, proven: true, stats: { nodes } };
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
  value = nudge(value, (u) => inHold(range, u) && candidates.some((x) => certify(line.gameAt(u), x) !== null));
  const equilibria = await solveAt(line, value, deadline);
  attained = targetHolds(equilibria, conditions, "some");
  return { ...base, found: true, value, attained, holds: strip(holds), equilibria: attained ? equilibria : sorted(candidates) };
}

const solveAt = async (line: ParameterLine, v: number, deadline: number): Promise<Profile[]> => (await completeSolveAt(line, v, deadline)).map((e) => e.profile);

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

const strip = (holds: (HoldRange & { profiles: Profile[] })[]): HoldRange[] => holds.map(({ from, to, fromIncluded, toIncluded }) => ({ from, to, fromIncluded, toIncluded }));

const sorted = (profiles: Profile[]) => profiles.map((profile) => ({ profile })).sort(compareProfiles).map((e) => e.profile);
