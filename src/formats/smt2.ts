/**
 * The pure-equilibrium conditions of MODEL.md section 2 in SMT-LIB 2 (logic QF_LRA), so that
 * z3, cvc5 or any SMT solver can decide an instance on its own: the script is satisfiable
 * exactly when the game has a pure equilibrium (with `nonTrivial`, one where some lab opens),
 * and a model names one.
 *
 * Choices are Booleans: `o_k` (player k, 0-based as in the lp export, opens) in the binary
 * game, `o_k_l` (player k plays tier l, exactly one per player) with tiers; levels below a
 * lab's minimum are excluded. Openness x_k, capabilities p_j and every payoff term are
 * defined from them (`define-fun`), as in MODEL.md section 1. For player i, `M_i` is the
 * strongest rival's capability (at least every rival's, at most some rival's: exactly the
 * maximum) and `F_i_t` the same maximum when i moves to tier t; the equilibrium condition is
 * then linear: `(a_i - k_i)(t - x_i) - (F_i_t - M_i) <= tol` for every tier t i may choose.
 *
 * Numbers are written as the shortest decimal that reads back as the game's double (the
 * value the user wrote), and the solver's rational arithmetic is exact; the tolerance is the
 * game's (1e-9 S). The two arithmetics can disagree only on a gain within rounding error
 * (about 1e-16 S) of the tolerance itself.
 */
import { allowedLevels, isBinary, type Game } from "../model/game.js";
import { nfgNumber } from "./nfg.js";

/** A rational literal of SMT-LIB 2 (negative numbers as `(- v)`). */
function literal(v: number): string {
  if (!Number.isFinite(v)) throw new RangeError(`${v} cannot be written to SMT-LIB`);
  const text = nfgNumber(Math.abs(v));
  const decimal = text.includes(".") ? text : `${text}.0`;
  return v < 0 ? `(- ${decimal})` : decimal;
}

/** `(+ t1 t2 ...)` with the degenerate cases SMT-LIB needs spelled out. */
function sum(terms: string[]): string {
  if (terms.length === 0) return "0.0";
  return terms.length === 1 ? terms[0] : `(+ ${terms.join(" ")})`;
}

function product(coefficient: number, term: string): string {
  return coefficient === 1 ? term : `(* ${literal(coefficient)} ${term})`;
}

export interface Smt2Options {
  /** Only equilibria where some lab opens (some lab above tier 0). */
  readonly nonTrivial?: boolean;
  readonly name?: string;
}

export function writeSmt2(game: Game, options: Smt2Options = {}): string {
  const { n, tiers, ids, capability, communityGain: a, openCost: k, spillover: B, rivals, tolerance } = game;
  const binary = isBinary(tiers);
  const out: string[] = [];
  const comment = (text: string) => out.push(...text.split("\n").map((line) => `; ${line}`));
  comment(`${options.name ?? "openrace"}: pure Nash equilibria${options.nonTrivial ? " where some lab opens" : ""} (MODEL.md section 2)`);
  comment("sat exactly when such an equilibrium exists; a model names one (check-sat, get-model).");
  comment(binary ? "o_k true: player k opens" : `o_k_l true: player k plays tier l (tiers ${tiers.join(", ")})`);
  ids.forEach((id, i) => comment(`player ${i}: ${id}`));
  out.push("(set-logic QF_LRA)");

  // Choices and openness.
  const levels = ids.map((_, i) => allowedLevels(game, i).map((y) => tiers.indexOf(y)));
  const chooses = (i: number, l: number) => (binary ? (l === 1 ? `o_${i}` : `(not o_${i})`) : `o_${i}_${l}`);
  for (let i = 0; i < n; i++) {
    if (binary) {
      out.push(`(declare-fun o_${i} () Bool)`);
      if (levels[i].length === 1) out.push(`(assert ${chooses(i, levels[i][0])})`);
      out.push(`(define-fun x_${i} () Real (ite o_${i} 1.0 0.0))`);
      continue;
    }
    tiers.forEach((_, l) => out.push(`(declare-fun o_${i}_${l} () Bool)`));
    const allowed = levels[i].map((l) => chooses(i, l));
    // Exactly one allowed level.
    out.push(`(assert ${allowed.length === 1 ? allowed[0] : `(or ${allowed.join(" ")})`})`);
    for (let l = 0; l < tiers.length; l++) {
      if (!levels[i].includes(l)) out.push(`(assert (not ${chooses(i, l)}))`);
      for (let m = l + 1; m < tiers.length; m++) out.push(`(assert (not (and ${chooses(i, l)} ${chooses(i, m)})))`);
    }
    const terms = levels[i].filter((l) => tiers[l] !== 0).map((l) => `(ite ${chooses(i, l)} ${literal(tiers[l])} 0.0)`);
    out.push(`(define-fun x_${i} () Real ${sum(terms)})`);
  }

  // Capabilities: p_j = c_j + a_j x_j + sum_i B[i][j] x_i.
  for (let j = 0; j < n; j++) {
    const terms = [literal(capability[j])];
    if (a[j] !== 0) terms.push(product(a[j], `x_${j}`));
    for (let i = 0; i < n; i++) if (i !== j && B[i * n + j] !== 0) terms.push(product(B[i * n + j], `x_${i}`));
    out.push(`(define-fun p_${j} () Real ${sum(terms)})`);
  }

  /** Declares `name` as the maximum of the terms. */
  const maximum = (name: string, terms: string[]) => {
    out.push(`(declare-fun ${name} () Real)`);
    for (const t of terms) out.push(`(assert (>= ${name} ${t}))`);
    out.push(`(assert ${terms.length === 1 ? `(<= ${name} ${terms[0]})` : `(or ${terms.map((t) => `(<= ${name} ${t})`).join(" ")})`})`);
  };

  const tol = literal(tolerance);
  for (let i = 0; i < n; i++) {
    comment(`player ${i} (${ids[i]}): no deviation gains more than the tolerance`);
    const ri = Array.from(rivals[i]);
    maximum(`M_${i}`, ri.map((j) => `p_${j}`));
    const net = a[i] - k[i];
    for (const t of levels[i]) {
      const shift = `(- ${literal(tiers[t])} x_${i})`;
      maximum(
        `F_${i}_${t}`,
        ri.map((j) => (B[i * n + j] === 0 ? `p_${j}` : `(+ p_${j} ${product(B[i * n + j], shift)})`)),
      );
      const gain = `(- ${net === 0 ? "0.0" : product(net, shift)} (- F_${i}_${t} M_${i}))`;
      out.push(`(assert (<= ${gain} ${tol}))`);
    }
  }

  if (options.nonTrivial) {
    const open = ids.flatMap((_, i) => levels[i].filter((l) => tiers[l] > 0).map((l) => chooses(i, l)));
    out.push(`(assert ${open.length === 0 ? "false" : open.length === 1 ? open[0] : `(or ${open.join(" ")})`})`);
  }
  out.push("(check-sat)", "");
  return out.join("\n");
}
