/**
 * The continuous game's equilibria as a MIP (MODEL.md section 3, "Continuous NE as a MIP").
 * Each lab's best response is the LP  max (a_i - k_i) x_i - t_i  s.t.  t_i >= p_j(x) for its
 * rivals j (p_j(x) = q_j + B_ij x_i), m_i <= x_i <= 1 (m_i: the lab's minimum, 0 unless
 * mandated). A point is an equilibrium iff every lab's KKT conditions hold:
 *   duals lambda_ij >= 0, sum_j lambda_ij = 1;  mu_i, nu_i >= 0 for x_i <= 1 and x_i >= m_i;
 *   stationarity  (a_i - k_i) - sum_j lambda_ij B_ij - mu_i + nu_i = 0;
 *   complementarity  lambda_ij > 0 only where t_i = p_j(x);  mu_i > 0 only if x_i = 1;
 *   nu_i > 0 only if x_i = m_i.
 * Complementarity goes through binaries and data-derived bounds: w_j (t - p_j <= Big_j
 * (1 - w_j), lambda_ij <= w_j, shared by the labs with the same candidate lines), u_i (mu_i <= max(0, a_i - k_i) u_i, x_i >= u_i), v_i
 * (nu_i <= max(0, max_j B_ij - (a_i - k_i)) v_i, x_i <= 1 - (1 - m_i) v_i). An equilibrium always exists,
 * so the model is always feasible; an objective picks the most or least open, highest or
 * lowest welfare, frontier or lead.
 *
 * Labs whose best response never depends on the others are fixed first: a_i - k_i < 0 means
 * x_i = m_i, a_i - k_i > max_j B_ij means x_i = 1. Bounds use differences of capabilities, which
 * are linear in x and maximised exactly over the box coordinate by coordinate: labs receive
 * spillover from the same openers, so max (p_l - p_j) is far below max p_l - min p_j. Thus
 * Big_ij = max_l max_box (p_l - p_j), and a rival that is always strictly below another gets
 * no dual, no binary and no row.
 *
 * `farthestFrom` (a certified equilibrium x*) replaces the objective by the L1 distance from
 * x*: per lab left free by the fixing above, d_i in [0, 1] and a binary s_i with
 * d_i <= x_i - x*_i + 2 (1 - s_i) and d_i <= x*_i - x_i + 2 s_i (so d_i <= |x_i - x*_i|, with
 * equality reachable), maximising sum_i d_i. Every exact equilibrium is a feasible point, so
 * the MIP's dual bound bounds its distance from x* (solve-continuous.ts reads it as a proof of
 * uniqueness). Fixed labs add nothing: they are forced in every equilibrium.
 */
import type { Game } from "../model/game.js";
import { capabilities } from "../model/payoff.js";
import type { ObjectiveName, Sense } from "../model/objectives.js";
import { add, addObjective, Builder, capabilityTermsOf, scalingComment, type MipModel, type Terms } from "./mip-model.js";
import { scaleGame, unitScaling } from "./mip-scale.js";

export interface ContinuousMipOptions {
  readonly objective?: { readonly objective: ObjectiveName; readonly sense: Sense };
  readonly name?: string;
  /** Date.now() after which building stops (null is returned): big races take seconds to build. */
  readonly deadline?: number;
  /** Maximise the L1 distance (in openness) from this equilibrium instead of an objective. */
  readonly farthestFrom?: readonly number[];
}

export function buildContinuousMip(game: Game, options: ContinuousMipOptions & { deadline: number }): MipModel | null;
export function buildContinuousMip(game: Game, options?: ContinuousMipOptions): MipModel;
export function buildContinuousMip(original: Game, options: ContinuousMipOptions = {}): MipModel | null {
  const late = () => options.deadline !== undefined && Date.now() > options.deadline;
  // The model's numbers are in scaled units (mip-scale.ts); openness is not scaled.
  const scaling = unitScaling(original, true);
  const game = scaleGame(original, scaling);
  const { n, ids, capability: c, communityGain: a, openCost: k, spillover: B, rivals, tolerance } = game;
  const net = Float64Array.from(ids, (_, i) => a[i] - k[i]);
  const low = Float64Array.from(game.minimum);
  const high = new Float64Array(n).fill(1);
  let LO: Float64Array = new Float64Array(n);
  let HI: Float64Array = new Float64Array(n);
  let gap = new Map<number, number>();
  /** max over the box of p_l(x) - p_j(x), by coordinates (memoised per box). */
  const maxDiff = (l: number, j: number): number => {
    const key = l * n + j;
    let v = gap.get(key);
    if (v !== undefined) return v;
    v = c[l] - c[j];
    for (let s = 0; s < n; s++) {
      const coefficient = (s === l ? a[l] : B[s * n + l]) - (s === j ? a[j] : B[s * n + j]);
      v += coefficient * (coefficient > 0 ? high[s] : low[s]);
    }
    gap.set(key, v);
    return v;
  };
  const candidatesOf: number[][] = [];
  // Fixed point: bounds of p over the box, each lab's candidate lines, and the labs whose best
  // response the candidates decide (slope always above or always below a_i - k_i).
  for (let changed = true; changed; ) {
    changed = false;
    gap = new Map();
    // Capabilities are non-decreasing in every openness: their bounds are the box's corners.
    LO = capabilities(game, low);
    HI = capabilities(game, high);
    for (let i = 0; i < n; i++) {
      if (late()) return null;
      const ri = Array.from(rivals[i]);
      const floor = Math.max(...ri.map((j) => LO[j]));
      // j can be the strongest rival only if no other rival is always strictly above it.
      candidatesOf[i] = ri.filter((j) => HI[j] >= floor - tolerance && ri.every((l) => l === j || maxDiff(j, l) >= -tolerance));
      if (low[i] === high[i]) continue;
      const slopes = candidatesOf[i].map((j) => B[i * n + j]);
      if (net[i] > Math.max(...slopes) + tolerance) [low[i], changed] = [1, true];
      else if (net[i] < Math.min(...slopes) - tolerance) [high[i], changed] = [low[i], true];
    }
  }

  const b = new Builder();
  const x = ids.map((_, i) => b.addVar(`x_${i}`, low[i], high[i]));
  const addOpenness = (terms: Terms, i: number, scale: number) => add(terms, x[i], scale);
  const capabilityTerms = capabilityTermsOf(game, addOpenness);

  // Labs with the same candidate lines share t (the max of those lines) and, per line, the
  // binary "this line attains the max": whether p_j = t does not depend on who is looking.
  // In a race where everyone races everyone, that is one group for almost all labs.
  const groups = new Map<string, { t: number; top: Map<number, number> }>();
  const groupOf = (candidates: number[]) => {
    const key = candidates.join(",");
    let group = groups.get(key);
    if (group) return group;
    const floor = Math.max(...candidates.map((j) => LO[j]));
    const ceiling = Math.max(...candidates.map((j) => HI[j]));
    const tag = groups.size;
    const t = b.addVar(`t_${tag}`, floor, ceiling);
    const top = new Map<number, number>();
    for (const j of candidates) {
      const above = capabilityTerms(j, -1, -1);
      add(above, t, 1);
      b.addRow(`above_${tag}_${j}`, above, c[j], Infinity);
      const w = b.addVar(`w_${tag}_${j}`, 0, 1, true);
      const big = Math.max(0, ...candidates.map((l) => (l === j ? 0 : maxDiff(l, j))));
      const tight = new Map(above);
      add(tight, w, big);
      b.addRow(`tight_${tag}_${j}`, tight, -Infinity, c[j] + big);
      top.set(j, w);
    }
    group = { t, top };
    groups.set(key, group);
    return group;
  };

  for (let i = 0; i < n; i++) {
    if (late()) return null;
    if (low[i] === high[i]) continue; // decided whatever the others do
    const candidates = candidatesOf[i];
    const group = groupOf(candidates);
    const weights: Terms = new Map();
    const stationarity: Terms = new Map();
    for (const j of candidates) {
      const lambda = b.addVar(`lambda_${i}_${j}`, 0, 1);
      b.addRow(`active_${i}_${j}`, new Map([[lambda, 1], [group.top.get(j)!, -1]]), -Infinity, 0);
      add(weights, lambda, 1);
      add(stationarity, lambda, B[i * n + j]);
    }
    b.addRow(`weights_${i}`, weights, 1, 1);
    const steepest = Math.max(...candidates.map((j) => B[i * n + j]));
    const mu = b.addVar(`mu_${i}`, 0, Math.max(0, net[i]));
    const nu = b.addVar(`nu_${i}`, 0, Math.max(0, steepest - net[i]));
    const u = b.addVar(`u_${i}`, 0, 1, true);
    const v = b.addVar(`v_${i}`, 0, 1, true);
    add(stationarity, mu, 1);
    add(stationarity, nu, -1);
    b.addRow(`stationarity_${i}`, stationarity, net[i], net[i]);
    b.addRow(`upper_${i}`, new Map([[mu, 1], [u, -Math.max(0, net[i])]]), -Infinity, 0);
    b.addRow(`at_one_${i}`, new Map([[x[i], 1], [u, -1]]), 0, Infinity);
    b.addRow(`lower_${i}`, new Map([[nu, 1], [v, -Math.max(0, steepest - net[i])]]), -Infinity, 0);
    b.addRow(`at_minimum_${i}`, new Map([[x[i], 1], [v, 1 - low[i]]]), -Infinity, 1);
  }
  const state = { mask: new Int32Array(n), LO, HI };
  const objective = options.farthestFrom
    ? addDistance(b, x, low, high, options.farthestFrom)
    : options.objective
      ? addObjective(b, game, state, capabilityTerms, addOpenness, options.objective)
      : null;
  const comments = [
    `openrace continuous-game KKT MIP${options.name ? ` for "${options.name}"` : ""}: feasible points = pure Nash equilibria, x_k in [m_k, 1]`,
    ...ids.map((id, i) => `player ${i}: ${id}`),
    scalingComment(scaling),
  ];
  return { name: options.name ?? "openrace", comments, variables: b.variables, rows: b.rows, objective, openness: x.map((col) => [col]), feasibleBox: true };
}

/** max sum_i |x_i - x*_i| over the labs left free, linearised with one binary per lab. */
function addDistance(b: Builder, x: number[], low: Float64Array, high: Float64Array, from: readonly number[]): MipModel["objective"] {
  const indices: number[] = [];
  for (let i = 0; i < x.length; i++) {
    if (low[i] === high[i]) continue;
    const d = b.addVar(`d_${i}`, 0, 1);
    const s = b.addVar(`s_${i}`, 0, 1, true);
    // s_i = 1: d_i <= x_i - x*_i (x_i above x*_i); s_i = 0: d_i <= x*_i - x_i. Both differences
    // lie in [-1, 1], so 2 relaxes the row that does not apply.
    b.addRow(`far_up_${i}`, new Map([[d, 1], [x[i], -1], [s, 2]]), -Infinity, 2 - from[i]);
    b.addRow(`far_down_${i}`, new Map([[d, 1], [x[i], 1], [s, -2]]), -Infinity, from[i]);
    indices.push(d);
  }
  return { sense: "max", indices, values: indices.map(() => 1), offset: 0 };
}
