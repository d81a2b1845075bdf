/**
 * The pure equilibria on a piece of a line, as one MIP over (x, s) (issue 13): the equilibrium
 * MIP of MODEL.md section 3 with every game entry affine in the position s in [0, 1] along the
 * piece (`buildEquilibriumMip` with `along`, parametric.ts's Piece). A feasible point is a
 * profile x and a value at which x is an equilibrium; with no-good cuts on the profiles already
 * known, "infeasible" says that no other profile is an equilibrium anywhere on the closed piece.
 *
 * HiGHS's answers are claims, settled as in `solvers/mip.ts`:
 *  - a profile found counts only when parametric.ts's exact computation gives it a non-empty
 *    equilibrium set on the piece; otherwise (the MIP's tolerance is the larger end's plus
 *    HiGHS's feasibility tolerance, a relaxation) it is cut off and the search goes on;
 *  - "infeasible" comes from solves with HiGHS's presolve off: the solve that `solvers/mip.ts`
 *    takes as the second opinion on an "infeasible" (HiGHS's presolve is where its wrong
 *    infeasibility claims came from; with it on, the proof also took twice as long on the
 *    20-lab benchmark races). That is the assumption of the proof, as for the MIP method's "no
 *    equilibrium": HiGHS's branch and bound is complete up to its feasibility tolerance, which
 *    on the unit-scaled model (mip-scale.ts) errs towards accepting near-equilibria, never
 *    towards cutting off true ones.
 */
import type { Profile } from "../model/game.js";
import { buildEquilibriumMip, type MipModel, type MipRow } from "../solvers/mip-model.js";
import { CheckedMip, noGood, readProfile } from "../solvers/mip.js";
import type { Interval, Piece } from "./parametric.js";

export type PieceFind =
  | { readonly status: "found"; readonly profile: Profile; readonly set: Interval[] }
  | { readonly status: "none" }
  | { readonly status: "time-limit" }
  | { readonly status: "error"; readonly message: string };

/** Openness of each player as linear terms of the model's indicators: level l of player i is on. */
export function levelIndicator(model: MipModel, tiers: readonly number[], i: number, l: number): { terms: Map<number, number>; constant: number } {
  const cols = model.openness[i];
  if (cols.length > 1) return { terms: new Map([[cols[l], 1]]), constant: 0 };
  // Binary: level 1 is x, level 0 is 1 - x.
  return l === 1 ? { terms: new Map([[cols[0], 1]]), constant: 0 } : { terms: new Map([[cols[0], -1]]), constant: 1 };
}

/** The no-good-cut search for the profiles that are equilibria somewhere on one piece. */
export class PieceMip {
  readonly model: MipModel;
  private readonly solver: CheckedMip;
  private readonly excluded = new Set<string>();
  private cuts = 0;
  /** HiGHS solves run, and profiles it offered that the exact computation refused. */
  solves = 0;
  spurious = 0;

  /** `rows` restrict the profiles (the target of `design`), in the model's columns. */
  constructor(
    readonly piece: Piece,
    rows: (model: MipModel) => MipRow[] = () => [],
  ) {
    this.model = buildEquilibriumMip(piece.gameOn(piece.lo), { along: piece.gameOn(piece.hi), name: "piece" });
    this.model.rows.push(...rows(this.model));
    this.solver = new CheckedMip(this.model);
    this.solver.presolveOn = false;
  }

  /** Cuts a profile off (a known candidate, or one refused). */
  exclude(x: Profile): void {
    const key = x.join(",");
    if (this.excluded.has(key)) return;
    this.excluded.add(key);
    this.solver.addRow(noGood(this.model, x, this.piece.game0.tiers, this.cuts++));
  }

  /** A profile not excluded with a non-empty exact equilibrium set on the piece, or proof that none is left. */
  async find(deadline: number): Promise<PieceFind> {
    for (;;) {
      const run = await this.solver.run(deadline);
      this.solves++;
      if (run.status === "time-limit") return { status: "time-limit" };
      if (run.status === "error") return { status: "error", message: run.message ?? "HiGHS failed twice" };
      if (run.status === "infeasible") return { status: "none" };
      const profile = readProfile(this.piece.game0, this.model, run.values!);
      this.exclude(profile);
      const set = this.piece.equilibriumSet(profile);
      if (set.length > 0) return { status: "found", profile, set };
      this.spurious++;
    }
  }

  dispose(): void {
    this.solver.dispose();
  }
}
