/** Reading the observed releases (data/releases.csv; columns described in data/README.md). */
import { parse } from "csv-parse/sync";
import type { Release } from "../analysis/calibrate.js";
import { InputError } from "../cli/errors.js";
import type { Problem } from "../model/validate.js";
import { readText } from "./scenario-file.js";

/** The data shipped with openrace. */
export const BUNDLED_RELEASES = new URL("../../data/releases.csv", import.meta.url).pathname;

export function readReleases(file: string): Release[] {
  let records: Record<string, string>[];
  try {
    records = parse(readText(file), { columns: true, skip_empty_lines: true, trim: true });
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(`openrace: ${file}: not valid CSV (${(error as Error).message})`);
  }
  const problems: Problem[] = [];
  const required = ["period", "lab", "openness", "mmlu_5shot", "arena_elo"];
  const missing = required.filter((c) => records.length > 0 && !(c in records[0]));
  if (missing.length) throw new InputError(`openrace: ${file}: missing columns ${missing.join(", ")} (see data/README.md)`);
  const number = (text: string, line: number, column: string): number | null => {
    if (text === "") return null;
    const v = Number(text);
    if (!Number.isFinite(v)) problems.push({ path: `line ${line}`, message: `${column}: expected a number or nothing, got "${text}"` });
    return v;
  };
  const releases = records.map((r, k) => {
    const line = k + 2; // the header is line 1
    if (!/^\d{4}H[12]$/.test(r.period)) problems.push({ path: `line ${line}`, message: `period: expected YYYYH1 or YYYYH2, got "${r.period}"` });
    const openness = Number(r.openness);
    if (![0, 0.5, 1].includes(openness)) problems.push({ path: `line ${line}`, message: `openness: expected 0, 0.5 or 1, got "${r.openness}"` });
    return { period: r.period, lab: r.lab, model: r.model ?? "", openness, mmlu: number(r.mmlu_5shot, line, "mmlu_5shot"), elo: number(r.arena_elo, line, "arena_elo") };
  });
  if (problems.length) throw new InputError(`openrace: ${file} has ${problems.length} problem(s):`, problems);
  if (releases.length === 0) throw new InputError(`openrace: ${file}: no rows`);
  return releases;
}
