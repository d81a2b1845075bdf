/** `openrace compare FILE`: binary, tiered and continuous equilibria side by side. */
import { compareGames } from "../analysis/compare.js";
import { formatNumber, levelLabel } from "../analysis/reading.js";
import { loadScenario } from "../io/scenario-file.js";
import { EXIT, exitStatus } from "./errors.js";
import { jsonText } from "../analysis/documents.js";
import { formatTable } from "./table.js";
import type { SolveResult } from "../solvers/solve.js";

export async function compareCommand(file: string, options: { json?: boolean; timeLimit?: number }): Promise<number> {
  const { name, game } = loadScenario(file);
  const comparison = await compareGames(game, { timeLimit: options.timeLimit });
  const status = exitStatus(...comparison.games.map((g) => g.result));
  if (options.json) {
    const games = comparison.games.map(({ game: kind, tiers, result, shown }) => ({
      game: kind,
      tiers,
      method: result.method,
      complete: result.complete,
      stopReason: result.stopReason,
      exists: result.exists,
      equilibria: result.equilibria,
      shown: shown?.profile ?? null,
      welfare: result.welfare,
    }));
    process.stdout.write(jsonText({ scenario: name, players: comparison.players, games }));
    return status;
  }
  const header = ["lab", ...comparison.games.flatMap((g) => [`${g.game}: openness`, "capability"])];
  const complete = status === EXIT.ok;
  const rows = comparison.players.map((id, i) => [
    id,
    ...comparison.games.flatMap((g) => (g.shown ? [levelLabel(g.shown.profile[i], game), formatNumber(g.shown.capabilities[i])] : ["-", "-"])),
  ]);
  const summary = (label: string, value: (g: (typeof comparison.games)[number]) => string) => [label, ...comparison.games.flatMap((g) => [value(g), ""])];
  rows.push(
    summary("", () => ""),
    summary("equilibria", (g) => (g.game === "continuous" ? continuousCount(g.result) : `${g.result.equilibria.length}${g.result.complete ? "" : " found (search incomplete)"}`)),
    summary("welfare shown", (g) => (g.welfareShown === null ? "-" : formatNumber(g.welfareShown))),
    summary("welfare range", (g) => {
      const w = g.result.welfare;
      return w && w.worstEquilibrium !== null && w.bestEquilibrium !== null ? `${formatNumber(w.worstEquilibrium)} to ${formatNumber(w.bestEquilibrium)}` : "-";
    }),
    summary("labs open", (g) => (g.shown ? String(g.shown.profile.filter((v) => v > 0).length) : "-")),
  );
  const lines = [
    `${name}: what partial openness changes`,
    `Discrete games show their highest-welfare equilibrium${complete ? "" : " (of those found, where the search is incomplete)"}; the continuous game the certified one found (the higher-welfare one when a second was found).`,
    "",
    formatTable(header, rows, header.map((_, c) => (c === 0 || c % 2 === 1 ? "left" : "right"))),
    "",
  ];
  process.stdout.write(lines.join("\n"));
  return status;
}

/** The continuous column's count: as far as the uniqueness check (solve-continuous.ts) took it. */
function continuousCount(result: SolveResult): string {
  if (result.equilibria.length === 0) return "none found";
  if (result.unique === true) return "1 (proven the only one)";
  return `${result.equilibria.length} found (${result.unique === false ? "at least two exist" : "others may exist"})`;
}
