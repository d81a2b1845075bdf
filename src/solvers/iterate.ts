/**
 * Iterative methods for the continuous game (MODEL.md section 3: "faster heuristics; they must
 * report their exploitability"): damped best-response dynamics and extragradient on the
 * variational inequality of the players' pseudo-gradient. Every few iterations the iterate is
 * polished (`polish.ts`); a certified point ends the run. Either way the exploitability trace
 * is returned, and the caller learns whether it converged.
 */
import { bestResponse } from "../model/certificate.js";
import type { Game } from "../model/game.js";
import { capabilities } from "../model/payoff.js";
import { polish } from "./polish.js";

export const ITERATIVE_METHODS = ["best-response", "extragradient"] as const;
export type IterativeMethod = (typeof ITERATIVE_METHODS)[number];

export interface IterateOptions {
  readonly method?: IterativeMethod;
  readonly maxIterations?: number;
  /** Polish every this many iterations. */
  readonly polishEvery?: number;
  /** Absolute deadline (Date.now() ms). */
  readonly deadline?: number;
  readonly start?: ArrayLike<number>;
}

export interface IterateResult {
  readonly profile: number[];
  readonly exploitability: number;
  readonly certified: boolean;
  readonly iterations: number;
  /** Exploitability of the iterate (before polishing), every iteration. */
  readonly trace: number[];
}

export function iterateContinuous(game: Game, options: IterateOptions = {}): IterateResult {
  const { method = "best-response", maxIterations = 200, polishEvery = 5, deadline = Infinity } = options;
  let x = options.start ? Array.from(options.start) : Array.from(game.minimum);
  const trace: number[] = [];
  let best = { profile: x, exploitability: Infinity };
  const step = extragradientStep(game);
  for (let t = 0; t < maxIterations; t++) {
    const p = capabilities(game, x);
    const responses = x.map((_, i) => bestResponse(game, p, x, i, "interval"));
    const e = Math.max(0, ...responses.map((r) => r.gain));
    trace.push(e);
    if (e <= game.tolerance) return { profile: x, exploitability: e, certified: true, iterations: t, trace };
    if (t % polishEvery === polishEvery - 1 || t === 0) {
      const polished = polish(game, x);
      if (polished.exploitability < best.exploitability) best = polished;
      if (polished.exploitability <= game.tolerance)
        return { profile: polished.profile, exploitability: polished.exploitability, certified: true, iterations: t + 1, trace };
    }
    if (Date.now() > deadline) break;
    if (method === "best-response") {
      // Damped simultaneous best response: x <- x + alpha (BR(x) - x), alpha shrinking slowly.
      const alpha = 1 / Math.sqrt(t + 1);
      x = x.map((v, i) => v + alpha * (responses[i].level - v));
    } else x = step(x, 0.5 / Math.sqrt(t + 1));
  }
  return { profile: best.profile, exploitability: best.exploitability, certified: false, iterations: trace.length, trace };
}

/**
 * Extragradient on the variational inequality: F(x)_i = -(d u_i / d x_i)(x), the negated slope
 * of lab i's own payoff, (a_i - k_i) - B[i][j*] with j* its strongest rival line at x_i
 * (ties: the steeper line, the right derivative). Projected steps onto the box of [m_i, 1].
 */
function extragradientStep(game: Game) {
  const { n, spillover: B, rivals } = game;
  const slope = (x: number[]): number[] => {
    const p = capabilities(game, x);
    return x.map((_, i) => {
      let top = -Infinity;
      let steep = 0;
      for (const j of rivals[i]) {
        const b = B[i * n + j];
        if (p[j] > top || (p[j] === top && b > steep)) [top, steep] = [p[j], b];
      }
      return game.communityGain[i] - game.openCost[i] - steep;
    });
  };
  const clip = (v: number, i: number) => Math.min(1, Math.max(game.minimum[i], v));
  return (x: number[], eta: number): number[] => {
    const g = slope(x);
    const half = x.map((v, i) => clip(v + eta * g[i], i));
    const h = slope(half);
    return x.map((v, i) => clip(v + eta * h[i], i));
  };
}
