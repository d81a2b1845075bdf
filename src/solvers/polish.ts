/**
 * Polishing an approximate continuous equilibrium into an exact one (the continuous-game
 * issue: "fix the combinatorial structure and solve the resulting linear system").
 *
 * At an equilibrium each lab's openness is a best response of one of three kinds
 * (`intervalBestResponse`): its minimum (0 unless mandated), 1, or a kink of its rivals' upper envelope, where two rival
 * lines cross. A crossing of rivals l and r means p_l(x) = p_r(x): a linear equation in x.
 * So, given each lab's regime, equilibria satisfy a linear system. Often many labs share a
 * kink (they all keep the same two leaders tied), so the system is underdetermined: we move
 * the current point the least distance onto it, x_U <- x_U - A^T (A A^T)^+ (A x_U - b) over
 * the kink labs U, one equation per distinct pair. We read the regimes off the best
 * responses at the current point, project, and repeat until the certificate holds: an
 * active-set iteration that lands exactly, not merely within a solver's 1e-6. A lab on a
 * flat stretch (its payoff level along a segment) keeps its openness.
 */
import { exploitability } from "../model/certificate.js";
import { intervalBestResponse } from "../model/continuous.js";
import type { Game } from "../model/game.js";
import { capabilities } from "../model/payoff.js";
import { solveLinearSystem } from "./linear.js";

export interface PolishResult {
  readonly profile: number[];
  readonly exploitability: number;
  readonly rounds: number;
}

/** The most exact point reachable from x; `exploitability <= game.tolerance` when certified. */
export function polish(game: Game, start: ArrayLike<number>, maxRounds = 25): PolishResult {
  const { n, capability: c, communityGain: a, spillover: B } = game;
  const clip = (v: number, i: number) => Math.min(1, Math.max(game.minimum[i], v));
  let x = Array.from(start, clip);
  let best = { profile: x, exploitability: exploitability(game, x, "interval"), rounds: 0 };
  // Past the tolerance we keep going while it helps: a certificate far below the tolerance
  // survives the rounding of whoever reads the profile back.
  for (let round = 1; round <= maxRounds && best.exploitability > game.tolerance * 1e-6; round++) {
    const p = capabilities(game, x);
    const next = [...x];
    const unknowns: number[] = [];
    const pairs: [number, number][] = [];
    for (let i = 0; i < n; i++) {
      const br = intervalBestResponse(game, p, x, i);
      if (br.regime === "low") next[i] = game.minimum[i];
      else if (br.regime === "high") next[i] = 1;
      else if (br.regime === "kink") {
        unknowns.push(i);
        pairs.push([br.left, br.right]);
      }
    }
    if (unknowns.length > 0) {
      const column = new Map(unknowns.map((i, k) => [i, k]));
      const distinct = [...new Map(pairs.map(([l, r]) => [l < r ? `${l},${r}` : `${r},${l}`, [l, r] as const])).values()];
      // Row per distinct pair: p_l - p_r = (c_l - c_r) + a_l x_l - a_r x_r + sum_s (B_sl - B_sr) x_s,
      // split into the unknowns' coefficients and the residual at the current point.
      const A = distinct.map(() => new Float64Array(unknowns.length));
      const residual = new Float64Array(distinct.length);
      distinct.forEach(([l, r], row) => {
        let value = c[l] - c[r];
        for (let s = 0; s < n; s++) {
          const v = (s === l ? a[l] : B[s * n + l]) - (s === r ? a[r] : B[s * n + r]);
          if (v === 0) continue;
          value += v * next[s];
          const k = column.get(s);
          if (k !== undefined) A[row][k] += v;
        }
        residual[row] = value;
      });
      const G = A.map((ri) => Float64Array.from(A, (rj) => ri.reduce((acc, v, k) => acc + v * rj[k], 0)));
      // Dependent rows get 0 (the least-norm answer for these Gram matrices when consistent).
      const solved = solveLinearSystem(G, residual);
      const lambda = solved.x;
      if (solved.consistent)
        unknowns.forEach((i, k) => {
          let shift = 0;
          A.forEach((row, r) => (shift += row[k] * lambda[r]));
          next[i] = clip(next[i] - shift, i);
        });
    }
    x = next;
    const e = exploitability(game, x, "interval");
    if (e < best.exploitability) best = { profile: x, exploitability: e, rounds: round };
    else if (e === best.exploitability) break;
  }
  return best;
}
