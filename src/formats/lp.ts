/**
 * CPLEX LP text of a MIP model, canonical enough for every LP reader (HiGHS, Gurobi, CPLEX,
 * SCIP, CBC): constants only on the right-hand side, explicit bounds, lines wrapped well
 * under 255 characters (old readers fail on longer lines), and an explicit `End`.
 */
import type { MipModel, MipVariable } from "../solvers/mip-model.js";

const WIDTH = 200;

/** Shortest exact decimal of a double (round-trips through parseFloat). */
export const num = (v: number): string => (Object.is(v, -0) ? "0" : String(v));

function expression(names: string[], indices: number[], values: number[]): string[] {
  const parts = indices.map((col, k) => {
    const v = values[k];
    return `${v < 0 ? "-" : "+"} ${num(Math.abs(v))} ${names[col]}`;
  });
  return parts.length ? parts : [`+ 0 ${names[0]}`];
}

/** Joins terms into lines of at most WIDTH characters; continuation lines are indented. */
function wrap(head: string, parts: string[]): string {
  const lines: string[] = [];
  let line = head;
  for (const part of parts) {
    if (line.length + 1 + part.length > WIDTH) {
      lines.push(line);
      line = `   ${part}`;
    } else line += ` ${part}`;
  }
  lines.push(line);
  return lines.join("\n");
}

function bound(v: MipVariable): string {
  const lower = v.lower === -Infinity ? "-inf" : num(v.lower);
  const upper = v.upper === Infinity ? "+inf" : num(v.upper);
  if (v.lower === -Infinity && v.upper === Infinity) return ` ${v.name} free`;
  if (v.lower === v.upper) return ` ${v.name} = ${num(v.lower)}`;
  return ` ${lower} <= ${v.name} <= ${upper}`;
}

export function writeLp(model: MipModel): string {
  const names = model.variables.map((v) => v.name);
  const out: string[] = model.comments.map((c) => `\\ ${c}`);
  const objective = model.objective;
  out.push(objective?.sense === "max" ? "Maximize" : "Minimize");
  if (objective && objective.offset !== 0) out.push(`\\ objective constant (add to the reported value): ${num(objective.offset)}`);
  out.push(wrap(" obj:", objective ? expression(names, objective.indices, objective.values) : [`0 ${names[0]}`]));
  out.push("Subject To");
  for (const row of model.rows) {
    const parts = expression(names, row.indices, row.values);
    if (row.lower === row.upper) out.push(wrap(` ${row.name}:`, [...parts, "=", num(row.lower)]));
    else {
      if (row.lower !== -Infinity) out.push(wrap(` ${row.name}${row.upper !== Infinity ? "_lo" : ""}:`, [...parts, ">=", num(row.lower)]));
      if (row.upper !== Infinity) out.push(wrap(` ${row.name}${row.lower !== -Infinity ? "_hi" : ""}:`, [...parts, "<=", num(row.upper)]));
    }
  }
  out.push("Bounds");
  // Binaries get their 0/1 bounds from their section; every other variable states its own.
  const isBinary = (v: MipVariable) => v.integer && v.lower === 0 && v.upper === 1;
  for (const v of model.variables) if (!isBinary(v)) out.push(bound(v));
  const binaries = model.variables.filter(isBinary).map((v) => v.name);
  const generals = model.variables.filter((v) => v.integer && !isBinary(v)).map((v) => v.name);
  if (binaries.length) out.push("Binaries", wrap("", binaries).replace(/^ /, " "));
  if (generals.length) out.push("Generals", wrap("", generals).replace(/^ /, " "));
  out.push("End", "");
  return out.join("\n");
}
