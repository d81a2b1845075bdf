/**
 * Free MPS text of a MIP model: integer columns between INTORG/INTEND markers, every integer
 * column with explicit bounds (readers differ on the default bounds of unbounded integers),
 * OBJSENSE for maximisation, `*` comment lines at the top.
 */
import type { MipModel } from "../solvers/mip-model.js";
import { num } from "./lp.js";

export function writeMps(model: MipModel): string {
  const out: string[] = model.comments.map((c) => `* ${c}`);
  out.push(`NAME ${model.name.replace(/\s+/g, "_") || "openrace"}`);
  if (model.objective?.sense === "max") out.push("OBJSENSE", "    MAX");
  if (model.objective && model.objective.offset !== 0) out.push(`* objective constant (add to the reported value): ${num(model.objective.offset)}`);
  // Ranged rows do not occur in our models: each row is an equality or one-sided.
  const kind = model.rows.map((r) => (r.lower === r.upper ? "E" : r.lower === -Infinity ? "L" : "G"));
  out.push("ROWS", " N obj", ...model.rows.map((r, k) => ` ${kind[k]} ${r.name}`));

  // Column-wise entries.
  const entries: [string, number][][] = model.variables.map(() => []);
  model.objective?.indices.forEach((col, k) => entries[col].push(["obj", model.objective!.values[k]]));
  model.rows.forEach((row) => row.indices.forEach((col, k) => entries[col].push([row.name, row.values[k]])));
  out.push("COLUMNS");
  let inInteger = false;
  let marker = 0;
  model.variables.forEach((v, col) => {
    if (v.integer !== inInteger) {
      out.push(` MARKER${marker++} 'MARKER' '${v.integer ? "INTORG" : "INTEND"}'`);
      inInteger = v.integer;
    }
    const list = entries[col].length ? entries[col] : [["obj", 0] as [string, number]];
    for (const [row, value] of list) out.push(` ${v.name} ${row} ${num(value)}`);
  });
  if (inInteger) out.push(` MARKER${marker++} 'MARKER' 'INTEND'`);

  out.push("RHS");
  model.rows.forEach((row, k) => {
    const rhs = kind[k] === "L" ? row.upper : row.lower;
    if (rhs !== 0) out.push(` RHS ${row.name} ${num(rhs)}`);
  });

  out.push("BOUNDS");
  for (const v of model.variables) {
    if (v.integer && v.lower === 0 && v.upper === 1) out.push(` BV BND ${v.name}`);
    else if (v.lower === v.upper) out.push(` FX BND ${v.name} ${num(v.lower)}`);
    else if (v.lower === -Infinity && v.upper === Infinity) out.push(` FR BND ${v.name}`);
    else {
      out.push(v.lower === -Infinity ? ` MI BND ${v.name}` : ` LO BND ${v.name} ${num(v.lower)}`);
      if (v.upper !== Infinity) out.push(` UP BND ${v.name} ${num(v.upper)}`);
    }
  }
  out.push("ENDATA", "");
  return out.join("\n");
}
