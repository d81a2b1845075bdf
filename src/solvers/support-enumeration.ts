/**
 * Every mixed equilibrium of a two-lab race by support enumeration (Nisan et al., "Algorithmic
 * Game Theory", 2007, section 3.2; Gambit's `gambit-enummixed` enumerates the same set through
 * the vertices of the best-response polytopes). For each pair of supports (S1, S2), the
 * opponent's probabilities on its support must make the lab indifferent across its own:
 *     sum_{m in S2} A[k][m] y_m = v  (k in S1),   sum_m y_m = 1
 * (and the same for x with B). A unique solution with y, x >= 0 is a candidate; the
 * certificate decides whether no unplayed strategy does better.
 *
 * In a nondegenerate game (no mixture with support of size k has more than k pure best
 * responses) every equilibrium has supports of equal size with a unique solution, so this lists
 * every one. The check is exact to rounding: for every support S of one lab and every set T of
 * |S| + 1 levels of the other, no mixture on S may equalise the payoffs of T. A degenerate game
 * (ties, common in races) can have a continuum of equilibria: then the list holds those with
 * unique solutions (the pure ones among them) and the result says more may exist.
 * Limits: 2 labs, (2^L1 - 1)(2^L2 - 1) support pairs.
 */
import { certifyMixed, type MixedEquilibrium } from "../model/regret.js";
import type { PayoffTable } from "../model/table.js";
import { solveLinearSystem } from "./linear.js";
import { payoffSpread } from "./logit.js";

export interface SupportEnumeration {
  readonly equilibria: MixedEquilibrium[];
  /** True when the game is degenerate: a continuum of equilibria may exist. */
  readonly degenerate: boolean;
  readonly supports: number;
}

export function enumerateSupports(table: PayoffTable): SupportEnumeration {
  if (table.n !== 2) throw new RangeError("support enumeration is for two labs");
  const [L1, L2] = table.levels.map((l) => l.length);
  const R = payoffSpread(table);
  // u(player, k1, k2), normalised.
  const u = (p: number, k1: number, k2: number) => table.payoff[(k1 + k2 * L1) * 2 + p] / R;
  const equilibria: MixedEquilibrium[] = [];
  const seen = new Set<string>();
  let degenerate = false;
  let supports = 0;
  /** Mixtures on `theirs` that make `player` indifferent across `own`. */
  const indifference = (player: number, own: number[], theirs: number[]) => {
    const rows = own.map((k) => [...theirs.map((m) => (player === 0 ? u(0, k, m) : u(1, m, k))), -1]);
    rows.push([...theirs.map(() => 1), 0]);
    const rhs = [...own.map(() => 0), 1];
    const solved = solveLinearSystem(rows, rhs, { pivot: 1e-12, residual: 1e-10 });
    const y = Array.from(solved.x.subarray(0, theirs.length));
    return { consistent: solved.consistent, unique: solved.rank === theirs.length + 1, y, nonNegative: y.every((v) => v >= -1e-12) };
  };
  /** The unique solution when there is one and it is a mixture; null otherwise. */
  const uniqueMixture = (player: number, own: number[], theirs: number[]): number[] | null => {
    const r = indifference(player, own, theirs);
    return r.consistent && r.unique && r.nonNegative ? r.y : null;
  };
  const subsets = (L: number) => Array.from({ length: (1 << L) - 1 }, (_, m) => Array.from({ length: L }, (_, k) => k).filter((k) => (m + 1) & (1 << k)));
  // Nondegeneracy: |S| + 1 best responses to a mixture on S (a non-unique solution counts too).
  for (const [player, ownL, theirL] of [[0, L1, L2], [1, L2, L1]] as const)
    for (const S of subsets(theirL))
      for (const T of subsets(ownL).filter((T) => T.length === S.length + 1)) {
        const r = indifference(player, T, S);
        if (r.consistent && (!r.unique || r.nonNegative)) degenerate = true;
      }
  for (const S1 of subsets(L1)) {
    for (const S2 of subsets(L2)) {
      supports++;
      if (!degenerate && S1.length !== S2.length) continue;
      const y = uniqueMixture(0, S1, S2);
      const x = y && uniqueMixture(1, S2, S1);
      if (!y || !x) continue;
      const spread = (S: number[], q: number[], L: number) => {
        const out = new Array<number>(L).fill(0);
        S.forEach((k, r) => (out[k] = Math.max(0, q[r])));
        const total = out.reduce((a, b) => a + b, 0);
        return out.map((v) => v / total);
      };
      const sigma = [spread(S1, x, L1), spread(S2, y, L2)];
      const eq = certifyMixed(table, sigma);
      if (!eq) continue;
      const key = sigma.map((q) => q.map((v) => v.toFixed(9)).join(",")).join(";");
      if (seen.has(key)) continue;
      seen.add(key);
      equilibria.push(eq);
    }
  }
  return { equilibria, degenerate, supports };
}
