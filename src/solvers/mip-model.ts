/**
 * The equilibrium MIP of MODEL.md section 3, as a solver-neutral model (written to LP/MPS by
 * `formats/`, solved with HiGHS by `mip.ts`). Its feasible points, projected on the openness
 * variables, are exactly the pure equilibria (non-trivial ones with `nonTrivial`).
 *
 * Binary game, per player i (x_i binary):
 *   M_i >= p_j(x)                          for rivals j that can be the strongest
 *   F_i =  max_j term_j,  term_j = q_j + B_ij (1 - x_i)   (i's capability after flipping)
 *          F_i >= term_j;  F_i <= term_j + Big_ij (1 - z_ij);  sum_j z_ij = 1
 *   F_i - M_i >= (a_i - k_i)(1 - 2 x_i) - tol          (flipping gains at most tol)
 * Tiered game: one-hot x_i_l per level, X_i = sum_l t_l x_i_l, and one F_i_m per other level m
 * with term_j = q_j + B_ij t_m and F_i_m - M_i >= (a_i - k_i)(t_m - X_i) - tol.
 *
 * Tightening (default): bounds come from the propagated box of `propagate.ts` (the dominance
 * presolve), so each Big_ij = max_l thi_l - tlo_j is derived per constraint from the spread of
 * possible capabilities; rivals that can never attain a maximum get no binary; players the
 * presolve fixed get no rows at all (their level is a best response everywhere in the box),
 * and deviations to removed levels are implied by those to kept ones. With `tighten: false`,
 * the plain formulation: the box of all allowed profiles, every rival, every player.
 *
 * Parametric (`along`: issue 13, the completeness proof of `thresholds` and `design --require
 * some`): on a piece of a line (analysis/parametric.ts) every game entry is affine in the
 * number, so with s in [0, 1] a column and G(s) = G0 + s (G1 - G0), every coefficient above is
 * e0 + s e1: its product with a binary indicator x is a column w = s x, linearised exactly by
 * the four McCormick rows (w <= x, w <= s, w >= s + x - 1, w >= 0), and a constant's slope moves
 * to the left-hand side as a multiple of s. The feasible points (x, s) are then the pure
 * equilibria of G(s). Bounds hold over the box and every s (each is bilinear, so extreme at
 * s = 0 or 1: taken over both ends); the presolve box is the interval propagation of
 * propagate.ts over every entry's range on the piece (it removes a level only where it is
 * beaten at every s); the tolerance is the larger end's (the scale S is convex in s: a
 * relaxation, which the exact certificate settles).
 */
import { isBinary, type Game } from "../model/game.js";
import type { ObjectiveName, Sense } from "../model/objectives.js";
import { scaleGame, scaleState, unitScaling, type Scaling } from "./mip-scale.js";
import { fullBox, Propagator, type DomainState } from "./propagate.js";

export interface MipVariable {
  readonly name: string;
  readonly lower: number;
  readonly upper: number;
  readonly integer: boolean;
}

export interface MipRow {
  readonly name: string;
  readonly indices: number[];
  readonly values: number[];
  readonly lower: number;
  readonly upper: number;
}

export interface MipModel {
  readonly name: string;
  /** Lines for the top of an exported file (index -> id map, what the model is). */
  readonly comments: string[];
  readonly variables: MipVariable[];
  readonly rows: MipRow[];
  readonly objective: { sense: Sense; indices: number[]; values: number[]; offset: number } | null;
  /** Column of each player's openness indicators: binary [x_k]; tiers [x_k_0, x_k_1, ...]. */
  readonly openness: number[][];
  /** The parametric model's column s in [0, 1] (with `along`). */
  readonly parameter?: number;
  /** False when the box is empty: no equilibrium at all (the model is then trivially infeasible). */
  readonly feasibleBox: boolean;
}

export interface MipModelOptions {
  readonly nonTrivial?: boolean;
  readonly tighten?: boolean;
  readonly objective?: { readonly objective: ObjectiveName; readonly sense: Sense };
  readonly name?: string;
  /** The game at the far end (s = 1) of a piece; the game given is the one at s = 0. */
  readonly along?: Game;
}

/** A linear expression: column -> coefficient. */
export type Terms = Map<number, number>;

/** Collects a model's columns and rows. */
export class Builder {
  readonly variables: MipVariable[] = [];
  readonly rows: MipRow[] = [];
  addVar(name: string, lower: number, upper: number, integer = false): number {
    this.variables.push({ name, lower, upper, integer });
    return this.variables.length - 1;
  }
  addRow(name: string, terms: Terms, lower: number, upper: number): void {
    const indices: number[] = [];
    const values: number[] = [];
    for (const [col, v] of terms) {
      if (v === 0) continue;
      indices.push(col);
      values.push(v);
    }
    this.rows.push({ name, indices, values, lower, upper });
  }
}

export const add = (terms: Terms, col: number, v: number) => terms.set(col, (terms.get(col) ?? 0) + v);

/**
 * Adds `scale` times lab i's openness (in the model's own columns) into `terms`, and `slope`
 * times the parameter s times it (parametric models only).
 */
export type AddOpenness = (terms: Terms, i: number, scale: number, slope?: number) => void;

/**
 * The variable part of p_j times `scale`, without lab e's term (e = -1: all terms); the
 * constant c_j is left to the caller's right-hand side. Shared by the discrete and the
 * continuous formulations, which differ only in how openness maps to columns.
 */
export function capabilityTermsOf(game: Game, addOpenness: AddOpenness, slope?: Game) {
  const { n, communityGain: a, spillover: B } = game;
  const da = slope?.communityGain;
  const dB = slope?.spillover;
  return (j: number, e: number, scale: number): Terms => {
    const terms: Terms = new Map();
    addOpenness(terms, j, scale * a[j], da ? scale * da[j] : 0);
    for (let l = 0; l < n; l++) {
      const d = dB ? dB[l * n + j] : 0;
      if (l !== j && l !== e && (B[l * n + j] !== 0 || d !== 0)) addOpenness(terms, l, scale * B[l * n + j], scale * d);
    }
    return terms;
  };
}

export function buildEquilibriumMip(original: Game, options: MipModelOptions = {}): MipModel {
  const tighten = options.tighten ?? true;
  const along = options.along;
  if (along && options.objective) throw new Error("buildEquilibriumMip: no objective in a parametric model");
  // The presolve runs on the game as given (along a piece: on every entry's range over it,
  // propagate.ts); the model's numbers are in scaled units.
  const propagator = along ? new Propagator(entrywise(Math.min, original, along), { upper: entrywise(Math.max, original, along) }) : new Propagator(original);
  const root = tighten ? propagator.root() : null;
  const ends = along ? [original, along] : [original];
  const scaling = unitScaling(ends);
  const games = ends.map((g) => scaleGame(g, scaling));
  const states = ends.map((g) => scaleState(root ?? fullBox(g), scaling));
  const game = games[0];
  // Bounds over the ends (and so over every s in between).
  const state: DomainState = {
    mask: states[0].mask,
    LO: states[0].LO.map((_, j) => Math.min(...states.map((st) => st.LO[j]))),
    HI: states[0].HI.map((_, j) => Math.max(...states.map((st) => st.HI[j]))),
  };
  const lowest = (f: (g: Game, st: DomainState) => number) => Math.min(...games.map((g, e) => f(g, states[e])));
  const highest = (f: (g: Game, st: DomainState) => number) => Math.max(...games.map((g, e) => f(g, states[e])));
  const { n, ids, tiers, capability: c, communityGain: a, openCost: k, spillover: B, rivals } = game;
  const slope = along ? slopeOf(games[0], games[1]) : undefined;
  const tolerance = Math.max(...games.map((g) => g.tolerance));
  const binary = isBinary(tiers);
  const box = (i: number) => propagator.bounds(state, i);
  const b = new Builder();
  const s = along ? b.addVar("s", 0, 1) : -1;
  /** w = s x for a binary column x (McCormick: exact for a binary), one per column. */
  const products = new Map<number, number>();
  const times = (col: number): number => {
    let w = products.get(col);
    if (w !== undefined) return w;
    w = b.addVar(`s_${b.variables[col].name}`, 0, 1);
    b.addRow(`${b.variables[w].name}_x`, new Map([[w, 1], [col, -1]]), -Infinity, 0);
    b.addRow(`${b.variables[w].name}_s`, new Map([[w, 1], [s, -1]]), -Infinity, 0);
    b.addRow(`${b.variables[w].name}_both`, new Map([[w, 1], [s, -1], [col, -1]]), -1, Infinity);
    products.set(col, w);
    return w;
  };
  /** Adds (value + slope s) times column col into terms. */
  const addAffine = (terms: Terms, col: number, value: number, d: number) => {
    add(terms, col, value);
    if (d !== 0) add(terms, times(col), d);
  };
  /** A right-hand side's slope in s, moved to the left-hand side. */
  const moveSlope = (terms: Terms, d: number) => d !== 0 && add(terms, s, -d);

  // Openness variables.
  const openness: number[][] = ids.map((_, i) => {
    const mask = state.mask[i];
    if (binary) {
      const [low, high] = box(i);
      return [b.addVar(`x_${i}`, low, high, true)];
    }
    return tiers.map((_, l) => b.addVar(`x_${i}_${l}`, 0, mask & (1 << l) ? 1 : 0, true));
  });
  /** Terms of X_i (openness of player i), times `scale` (+ `d` s), added into `terms`. */
  const addOpenness = (terms: Terms, i: number, scale: number, d = 0) => {
    if (binary) addAffine(terms, openness[i][0], scale, d);
    else tiers.forEach((t, l) => t !== 0 && addAffine(terms, openness[i][l], scale * t, d * t));
  };
  const capabilityTerms = capabilityTermsOf(game, addOpenness, slope);
  if (!binary) ids.forEach((_, i) => b.addRow(`onehot_${i}`, new Map(openness[i].map((col) => [col, 1])), 1, 1));

  for (let i = 0; i < n; i++) {
    const mask = state.mask[i];
    if (!(mask & (mask - 1))) continue; // one level: fixed by the presolve, or by a mandate
    const ri = Array.from(rivals[i]); // a plain array: Int32Array.map would truncate bounds
    const [lowX, highX] = box(i);
    const loMax = Math.max(...ri.map((j) => state.LO[j]));
    const hiMax = Math.max(...ri.map((j) => state.HI[j]));
    const M = b.addVar(`M_${i}`, loMax, hiMax);
    ri.forEach((j) => {
      // Never the strongest rival. The margin absorbs rounding in the bounds (hi can fall a hair
      // below lo for a nearly fixed player), which must never prune the true maximum.
      if (tighten && state.HI[j] < loMax - tolerance) return;
      const terms = capabilityTerms(j, -1, -1);
      add(terms, M, 1);
      if (slope) moveSlope(terms, slope.capability[j]);
      b.addRow(`strongest_${i}_${j}`, terms, c[j], Infinity);
    });
    const net = a[i] - k[i];
    const netSlope = slope ? slope.communityGain[i] - slope.openCost[i] : 0;
    // Deviations: binary, one flip; tiers, every kept level.
    const deviations = binary ? [null] : tiers.flatMap((t, m) => (mask & (1 << m) ? [m] : []));
    for (const m of deviations) {
      const tag = m === null ? `${i}` : `${i}_${m}`;
      // term_j = q_j + B_ij * shift, shift = 1 - x_i (binary) or t_m (tiers).
      const shiftLow = m === null ? 1 - highX : tiers[m];
      const shiftHigh = m === null ? 1 - lowX : tiers[m];
      // Bounds of term_j: those of q_j (p_j without i's term) plus B_ij shift.
      const tlo = ri.map((j) => lowest((g, st) => st.LO[j] - g.spillover[i * n + j] * lowX + g.spillover[i * n + j] * shiftLow));
      const thi = ri.map((j) => highest((g, st) => st.HI[j] - g.spillover[i * n + j] * highX + g.spillover[i * n + j] * shiftHigh));
      const floor = Math.max(...tlo);
      const ceiling = Math.max(...thi);
      const candidates = ri.flatMap((j, r) => (!tighten || thi[r] >= floor - tolerance ? [r] : []));
      const F = b.addVar(`F_${tag}`, floor, ceiling);
      const termOf = (r: number): [Terms, number] => {
        const j = ri[r];
        const terms = capabilityTerms(j, i, -1);
        add(terms, F, 1);
        let constant = c[j];
        const dc = slope ? slope.capability[j] : 0;
        const dB = slope ? slope.spillover[i * n + j] : 0;
        if (m === null) {
          addAffine(terms, openness[i][0], B[i * n + j], dB); // - B_ij * (1 - x_i) moved: +B_ij x_i
          constant += B[i * n + j];
          moveSlope(terms, dc + dB);
        } else {
          constant += B[i * n + j] * tiers[m];
          moveSlope(terms, dc + dB * tiers[m]);
        }
        return [terms, constant];
      };
      if (candidates.length === 1) {
        const [terms, constant] = termOf(candidates[0]);
        b.addRow(`deviation_${tag}_${ri[candidates[0]]}`, terms, constant, constant);
      } else {
        const pick: Terms = new Map();
        for (const r of candidates) {
          const j = ri[r];
          const [terms, constant] = termOf(r);
          b.addRow(`above_${tag}_${j}`, terms, constant, Infinity);
          const big = ceiling - tlo[r];
          const z = b.addVar(`z_${tag}_${j}`, 0, 1, true);
          const upper = new Map(terms);
          add(upper, z, big);
          b.addRow(`attained_${tag}_${j}`, upper, -Infinity, constant + big);
          add(pick, z, 1);
        }
        b.addRow(`pick_${tag}`, pick, 1, 1);
      }
      // Equilibrium: F - M >= net * (shift target - X_i) - tol.
      const ne: Terms = new Map([[F, 1], [M, -1]]);
      if (m === null) {
        addAffine(ne, openness[i][0], 2 * net, 2 * netSlope);
        moveSlope(ne, netSlope);
        b.addRow(`equilibrium_${tag}`, ne, net - tolerance, Infinity);
      } else {
        addOpenness(ne, i, net, netSlope);
        moveSlope(ne, netSlope * tiers[m]);
        b.addRow(`equilibrium_${tag}`, ne, net * tiers[m] - tolerance, Infinity);
      }
    }
  }

  if (options.nonTrivial) {
    const terms: Terms = new Map();
    ids.forEach((_, i) => (binary ? add(terms, openness[i][0], 1) : openness[i].forEach((col, l) => l > 0 && add(terms, col, 1))));
    b.addRow("nontrivial", terms, 1, Infinity);
  }

  const objective = options.objective ? addObjective(b, game, state, capabilityTerms, addOpenness, options.objective) : null;
  const comments = [
    `openrace equilibrium MIP${options.name ? ` for "${options.name}"` : ""}: feasible points = pure Nash equilibria` +
      (options.nonTrivial ? " where some lab opens" : ""),
    binary ? "x_k = 1: player k opens" : `x_k_l = 1: player k plays tier l (tiers ${tiers.join(", ")})`,
    ...ids.map((id, i) => `player ${i}: ${id}`),
    scalingComment(scaling),
  ];
  if (along) comments.splice(1, 0, "s in [0, 1]: the position along the piece (every game entry affine in s); s_<col> = s * <col>");
  return {
    name: options.name ?? "openrace",
    comments,
    variables: b.variables,
    rows: b.rows,
    objective,
    openness,
    ...(along ? { parameter: s } : {}),
    feasibleBox: root !== null || !tighten,
  };
}

/** The game of every entry's smallest (`pick` = Math.min) or largest value of two games. */
function entrywise(pick: (a: number, b: number) => number, g0: Game, g1: Game): Game {
  const of = (x: Float64Array, y: Float64Array) => Float64Array.from(x, (xi, k) => pick(xi, y[k]));
  return {
    ...g0,
    capability: of(g0.capability, g1.capability),
    communityGain: of(g0.communityGain, g1.communityGain),
    openCost: of(g0.openCost, g1.openCost),
    spillover: of(g0.spillover, g1.spillover),
    tolerance: Math.max(g0.tolerance, g1.tolerance),
  };
}

/** The slopes of every entry from g0 (s = 0) to g1 (s = 1). */
function slopeOf(g0: Game, g1: Game): Game {
  const minus = (x: Float64Array, y: Float64Array) => Float64Array.from(x, (xi, k) => y[k] - xi);
  return {
    ...g0,
    capability: minus(g0.capability, g1.capability),
    communityGain: minus(g0.communityGain, g1.communityGain),
    openCost: minus(g0.openCost, g1.openCost),
    spillover: minus(g0.spillover, g1.spillover),
  };
}

/** The line of an exported model that says its units (mip-scale.ts). */
export function scalingComment({ shift, unit }: Scaling): string {
  return `scaled units (same equilibria): capabilities measured from ${shift}, capability-like numbers and the tolerance divided by ${unit}`;
}

/** Objective rows and columns (MODEL.md section 3: "an objective to find the best or worst equilibrium"). */
export function addObjective(
  b: Builder,
  game: Game,
  state: DomainState,
  capabilityTerms: (j: number, e: number, scale: number) => Terms,
  addOpenness: (terms: Terms, i: number, scale: number) => void,
  goal: { objective: ObjectiveName; sense: Sense },
): MipModel["objective"] {
  const { n, capability: c } = game;
  const sense = goal.sense;
  const terms: Terms = new Map();
  let offset = 0;
  const LO = Array.from(state.LO);
  const HI = Array.from(state.HI);
  const maxHI = Math.max(...HI);
  const minLO = Math.min(...LO);
  /** A variable equal to a chosen p_j (T <= p_j + Big(1 - w_j), sum w = 1) when pushed up. */
  const chosenCapability = (name: string, exclude?: number[]): number => {
    const T = b.addVar(name, minLO, maxHI);
    const pick: Terms = new Map();
    for (let j = 0; j < n; j++) {
      const w = b.addVar(`${name}_w_${j}`, 0, 1, true);
      const row = capabilityTerms(j, -1, -1);
      add(row, T, 1);
      add(row, w, maxHI - LO[j]);
      b.addRow(`${name}_at_most_${j}`, row, -Infinity, c[j] + maxHI - LO[j]);
      add(pick, w, 1);
      if (exclude) exclude.push(w);
    }
    b.addRow(`${name}_pick`, pick, 1, 1);
    return T;
  };
  /** A variable >= every p_j except, optionally, one switched off by w_j. */
  const aboveAll = (name: string, off?: number[]): number => {
    const T = b.addVar(name, minLO, maxHI);
    for (let j = 0; j < n; j++) {
      const row = capabilityTerms(j, -1, -1);
      add(row, T, 1);
      if (off) add(row, off[j], HI[j] - minLO);
      b.addRow(`${name}_above_${j}`, row, c[j], Infinity);
    }
    return T;
  };
  switch (goal.objective) {
    case "welfare":
      for (let j = 0; j < n; j++) {
        offset += c[j];
        for (const [col, v] of capabilityTerms(j, -1, 1)) add(terms, col, v);
      }
      break;
    case "openness":
      for (let i = 0; i < n; i++) addOpenness(terms, i, 1);
      break;
    case "frontier":
      add(terms, sense === "max" ? chosenCapability("frontier") : aboveAll("frontier"), 1);
      break;
    case "lead":
      if (sense === "max") {
        const marks: number[] = [];
        add(terms, chosenCapability("top", marks), 1);
        add(terms, aboveAll("second", marks), -1);
      } else {
        // T1 >= every p_j (pushed down to the maximum); a binary v_j marks a lab at T1; T2 is
        // the capability of a different lab (pushed up to the runner-up).
        const T1 = aboveAll("top");
        const second: number[] = [];
        const T2 = chosenCapability("second", second);
        const pickTop: Terms = new Map();
        for (let j = 0; j < n; j++) {
          const v = b.addVar(`top_mark_${j}`, 0, 1, true);
          const big = maxHI - LO[j];
          const row = capabilityTerms(j, -1, 1);
          add(row, T1, -1);
          add(row, v, -big);
          b.addRow(`top_mark_${j}`, row, -c[j] - big, Infinity);
          add(pickTop, v, 1);
          b.addRow(`distinct_${j}`, new Map([[v, 1], [second[j], 1]]), -Infinity, 1);
        }
        b.addRow("top_pick", pickTop, 1, 1);
        add(terms, T1, 1);
        add(terms, T2, -1);
      }
      break;
  }
  return { sense, indices: [...terms.keys()], values: [...terms.values()], offset };
}
