/**
 * Beyond pure equilibria (issue 16): a certified mixed equilibrium of a 10-lab binary race
 * (goal: under 2 s) and the welfare-best correlated equilibrium of a 12-lab race (goal: under
 * 5 s), on random races (`randomScenario`) and on races built around the matching-pennies
 * gadget of examples/matching-pennies.json (plus random labs racing among themselves), which
 * have no pure equilibrium in the binary game.
 */
import { readFileSync } from "node:fs";
import { solveCorrelated, solveDiscrete, solveMixed, type ScenarioInput } from "../src/index.js";
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

export async function mixedSuite(): Promise<void> {
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
      mixedRows.push(
        `| ${n} | ${game.tiers.length} | ${kind} | ${seed} | ${pure} | ${r.stats.profiles} | ${r.stats.steps} | ${eq ? eq.regret.toExponential(1) : "none"} | ${mixing} | ${fmt(t.seconds)} |`,
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
labs with more than one level played. Gambit was not installed here, so there is no
\`gambit-logit\` column; \`export --to nfg\` writes these races for it.

| labs | levels | race | seed | pure NE | profiles | steps | regret | mixing | seconds |
|---|---|---|---|---|---|---|---|---|---|
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
}
