/**
 * Beyond pure equilibria (issue 16): a certified mixed equilibrium of a 10-lab binary race
 * (goal: under 2 s) and the welfare-best correlated equilibrium of a 12-lab race (goal: under
 * 5 s), on random races (`randomScenario`) and on races built around the matching-pennies
 * gadget of examples/matching-pennies.json (plus random labs racing among themselves), which
 * have no pure equilibrium in the binary game.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { solveCorrelated, solveDiscrete, solveMixed, type Game, type ScenarioInput } from "../src/index.js";
import { writeNfg } from "../src/formats/nfg.js";
import { mixedRegret } from "../src/model/regret.js";
import { payoffTable } from "../src/model/table.js";
import { randomScenario } from "../src/generators/random.js";
import { fmt, gameOf, busyBefore, loadLine, machineLine, timed } from "./common.js";
import { writeSection } from "./report.js";

const GADGET = JSON.parse(readFileSync(new URL("../examples/matching-pennies.json", import.meta.url), "utf8")) as ScenarioInput & {
  players: { id: string; rivals?: string[] }[];
  spilloverPairs: { from: string; to: string; value: number }[];
};

/**
 * The matching-pennies gadget plus n - 4 random labs (no spillover into the gadget): in the
 * binary game no pure equilibrium (with tiers the gadget may settle: the suite checks).
 */
function withoutPureEquilibrium(n: number, seed: number, tiers?: number[]): ScenarioInput {
  const extra = randomScenario({ players: n - 4, seed, ...(tiers ? { tiers } : {}) });
  const ids = extra.players.map((_, k) => `extra${k}`);
  const matrix = extra.spillover as number[][];
  return {
    name: `matching-pennies gadget, ${n} labs, seed ${seed}`,
    players: [
      ...GADGET.players,
      ...extra.players.map((p, k) => ({ ...p, id: ids[k], rivals: ids.filter((_, l) => l !== k) })),
    ],
    spillover: 0,
    spilloverPairs: [
      ...GADGET.spilloverPairs,
      ...matrix.flatMap((row, i) => row.flatMap((v, j) => (i !== j && v > 0 ? [{ from: ids[i], to: ids[j], value: v }] : []))),
    ],
    ...(tiers ? { tiers } : {}),
  };
}

interface Instance {
  readonly kind: string;
  readonly seed: number;
  readonly input: ScenarioInput;
}

const instances = (n: number, tiers?: number[]): Instance[] =>
  [1, 2, 3].flatMap((seed) => [
    { kind: "random", seed, input: randomScenario({ players: n, seed, ...(tiers ? { tiers } : {}) }) },
    { kind: "gadget", seed, input: withoutPureEquilibrium(n, seed, tiers) },
  ]);

/**
 * Gambit's \`gambit-logit\` (the reference implementation of the logit branch), where it is at
 * hand: OPENRACE_GAMBIT_LOGIT or \`gambit-logit\` on the PATH. Gambit is neither in Debian nor
 * on npm, so CI has none; it builds from source (github.com/gambitproject/gambit).
 */
const GAMBIT_LOGIT = process.env.OPENRACE_GAMBIT_LOGIT ?? (spawnSync("sh", ["-c", "command -v gambit-logit"], { encoding: "utf8" }).stdout.trim() || null);

/**
 * gambit-logit's terminal equilibrium of the game's .nfg: its wall time, the exact regret of
 * its profile (our certificate) and its largest difference from our equilibrium's probabilities.
 */
function gambitLogit(game: Game, ours: readonly (readonly number[])[], dir: string): string {
  const file = join(dir, "race.nfg");
  writeFileSync(file, writeNfg(game, "bench"));
  const started = performance.now();
  const r = spawnSync(GAMBIT_LOGIT!, ["-q", "-e", "-d", "15", file], { encoding: "utf8", maxBuffer: 1 << 26 });
  const seconds = (performance.now() - started) / 1000;
  const line = r.stdout.split("\n").find((l) => l.startsWith("NE,"));
  if (r.status !== 0 || !line) return `failed | - | -`;
  const flat = line.split(",").slice(1).map(Number);
  let k = 0;
  const sigma = game.ids.map(() => game.tiers.map(() => flat[k++]));
  const regret = mixedRegret(payoffTable(game, Infinity), sigma);
  const diff = Math.max(...sigma.flatMap((q, i) => q.map((v, l) => Math.abs(v - (ours[i]?.[l] ?? NaN)))));
  return `${fmt(seconds)} | ${regret.toExponential(1)} | ${diff.toExponential(1)}`;
}

export async function mixedSuite(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "openrace-bench-"));
  const load = await busyBefore();
  const mixedRows: string[] = [];
  let worstMixed = 0;
  for (const [n, tiers] of [[10, undefined], [12, undefined], [8, [0, 0.5, 1]]] as const) {
    for (const { kind, seed, input } of instances(n, tiers as number[] | undefined)) {
      const game = gameOf(input);
      const pure = (await solveDiscrete(game, { first: true, welfare: false })).exists ? "yes" : "no";
      const t = await timed(3, () => solveMixed(game));
      const r = t.result;
      const eq = r.equilibria[0];
      if (n === 10) worstMixed = Math.max(worstMixed, t.seconds);
      const mixing = eq ? eq.strategies.filter((q) => q.filter((v) => v > 0).length > 1).length : 0;
      const gambit = GAMBIT_LOGIT && eq ? ` ${gambitLogit(game, eq.strategies, dir)} |` : "";
      mixedRows.push(
        `| ${n} | ${game.tiers.length} | ${kind} | ${seed} | ${pure} | ${r.stats.profiles} | ${r.stats.steps} | ${eq ? eq.regret.toExponential(1) : "none"} | ${mixing} | ${fmt(t.seconds)} |${gambit}`,
      );
      console.error(mixedRows.at(-1));
    }
  }
  const ceRows: string[] = [];
  let worstCe = 0;
  for (const n of [12, 14]) {
    for (const { kind, seed, input } of instances(n)) {
      const game = gameOf(input);
      const pure = (await solveDiscrete(game, { first: true, welfare: false })).exists ? "yes" : "no";
      const cells: string[] = [];
      for (const coarse of [false, true]) {
        const t = await timed(1, () => solveCorrelated(game, { coarse }));
        const r = t.result;
        if (n === 12 && !coarse) worstCe = Math.max(worstCe, t.seconds);
        const eq = r.equilibria[0];
        cells.push(`${r.stats.profiles} | ${eq.distribution.length} | ${eq.regret.toExponential(1)} | ${fmt(t.seconds)}`);
      }
      ceRows.push(`| ${n} | ${kind} | ${seed} | ${pure} | ${cells.join(" | ")} |`);
      console.error(ceRows.at(-1));
    }
  }
  writeSection(
    "mixed",
    `## Beyond pure equilibria: mixed and correlated equilibria

Machine and date: ${machineLine()}. ${loadLine(load)}
Instances: *random* from \`randomScenario\`; *gadget*: the matching-pennies gadget of
\`examples/matching-pennies.json\` plus random labs racing among themselves (binary: no pure
equilibrium, alpha and beta must mix; with tiers the gadget can settle). *pure NE*: whether the
race has a pure equilibrium (\`solve --first\`).

### Mixed equilibrium (goal: 10 binary labs in under 2 s)

\`solve --concept mixed\`: the logit branch from the centroid, polished on its support by
Newton's method. Worst at 10 labs: **${fmt(worstMixed)} s** (medians of 3 runs). *steps*: accepted
path steps; *regret*: the exact certificate of the equilibrium (tolerance 1e-9 S); *mixing*:
labs with more than one level played. ${
      GAMBIT_LOGIT
        ? `*gambit-logit*: Gambit's \`gambit-logit -e\` on the race's \`export --to nfg\` file (${spawnSync(GAMBIT_LOGIT, ["-v"], { encoding: "utf8" }).stdout.trim().split("\n")[0] || "version unknown"}), wall time of the
whole program (reading the file included), the exact regret of its terminal profile by our
certificate, and the largest difference between its probabilities and ours.`
        : "Gambit's `gambit-logit` was not at hand for this run (it is neither in Debian nor on npm; set OPENRACE_GAMBIT_LOGIT to a build of it to add the comparison); `export --to nfg` writes these races for it."
    }

| labs | levels | race | seed | pure NE | profiles | steps | regret | mixing | seconds |${GAMBIT_LOGIT ? " gambit-logit s | its regret | max difference |" : ""}
|---|---|---|---|---|---|---|---|---|---|${GAMBIT_LOGIT ? "---|---|---|" : ""}
${mixedRows.join("\n")}

### Welfare-best correlated equilibrium (goal: 12 labs in under 5 s)

\`solve --concept correlated\` and \`--concept coarse-correlated\` (welfare max), one run each:
HiGHS on the LP over profiles (correlated: after removing strictly dominated levels; coarse: all
profiles). Worst correlated at 12 labs: **${fmt(worstCe)} s**. *columns*: profiles in the LP;
*support*: profiles with positive probability; *regret*: the incentive constraints recomputed
from the payoff formula. The first row's correlated time includes loading HiGHS's WebAssembly
module (once per process).

| labs | race | seed | pure NE | CE columns | CE support | CE regret | CE seconds | CCE columns | CCE support | CCE regret | CCE seconds |
|---|---|---|---|---|---|---|---|---|---|---|---|
${ceRows.join("\n")}`,
  );
  rmSync(dir, { recursive: true, force: true });
}
