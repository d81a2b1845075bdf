/**
 * Hard instances (the conflict-learning issue), all anchors side by side in one run:
 *  - SAT races from random 3-SAT at clause ratio 4.26 (40, 60 and 100 variables, satisfiable
 *    and not): non-trivial existence by auto, against z3 on the SMT-LIB export, the plain MIP
 *    of MODEL.md with HiGHS, and cadical on the DIMACS formula (the limit we measure against);
 *  - dense races (no lab fixed by dominance): all equilibria at 30 and 40 labs, non-trivial
 *    existence at 60;
 *  - all equilibria of a 40-lab tiered race from the benchmark distribution.
 * Every answer is checked against cadical (SAT races) or against the other methods.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Search, solveDiscrete, writeSmt2, type Game, type ScenarioInput, type SolveOptions, type SolveResult } from "../src/index.js";
import { randomScenario } from "../src/generators/random.js";
import { formatDimacs, randomCnf, satScenario, type Cnf } from "../src/generators/sat.js";
import { mipEquilibria } from "../src/solvers/mip.js";
import { Propagator } from "../src/solvers/propagate.js";
import { dominancePresolve } from "../src/solvers/dominance.js";
import { fmt, gameOf, busyBefore, loadLine, machineLine, median } from "./common.js";
import { writeSection } from "./report.js";

/** Seconds any single run may take (ours, z3, the MIP). */
const LIMIT = 60;
/** Seconds each dense 40-lab race of the other seeds may take on every core, past the goal's limit. */
const LONG_LIMIT = 300;
const RATIO = 4.26;
/** Satisfiable and unsatisfiable formulas per size. */
const PER_ANSWER = 2;

const seconds = (start: number) => (performance.now() - start) / 1000;
const show = (e: boolean | null) => (e === null ? "unknown" : e ? "yes" : "no");
const orLimit = (s: number | null) => (s === null ? `> ${LIMIT}` : fmt(s));

/** CPU seconds (user + system) of this process since `from`. */
const cpuSince = (from: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(from);
  return (used.user + used.system) / 1e6;
};

/** Runs a program under GNU time: its wall and CPU seconds, output and exit status. */
function external(command: string, args: string[], dir: string, input?: string, limit = LIMIT) {
  const times = join(dir, "time.txt");
  const start = performance.now();
  const result = spawnSync("/usr/bin/time", ["-f", "%U %S", "-o", times, command, ...args], {
    input,
    encoding: "utf8",
    maxBuffer: 1 << 28,
    timeout: (limit + 5) * 1000,
  });
  if (result.error && !("code" in result.error && result.error.code === "ETIMEDOUT"))
    throw new Error(`${command}: ${result.error.message} (apt-get install ${command} time)`);
  const [user, system] = readFileSync(times, "utf8").trim().split("\n").at(-1)!.split(" ").map(Number);
  return { seconds: seconds(start), cpu: user + system, stdout: result.stdout ?? "", status: result.status };
}

interface Timing {
  /** Wall seconds, null when the limit was reached first. */
  readonly seconds: number | null;
  readonly cpu: number;
}

function cadical(cnf: Cnf, dir: string): Timing & { sat: boolean } {
  const run = external("cadical", ["-q"], dir, formatDimacs(cnf));
  if (run.status !== 10 && run.status !== 20) throw new Error(`cadical exited with ${run.status}`);
  return { sat: run.status === 10, seconds: run.seconds, cpu: run.cpu };
}

/** z3 on the SMT-LIB export (its own time limit; null when it ran out). */
function z3(game: Game, dir: string): Timing & { sat: boolean | null } {
  const file = join(dir, "race.smt2");
  writeFileSync(file, writeSmt2(game, { nonTrivial: true }));
  const run = external("z3", ["-smt2", `-T:${LIMIT}`, file], dir);
  const verdict = run.stdout.trim().split("\n")[0];
  if (verdict !== "sat" && verdict !== "unsat") return { sat: null, seconds: null, cpu: run.cpu };
  return { sat: verdict === "sat", seconds: run.seconds, cpu: run.cpu };
}

async function plainMip(game: Game): Promise<Timing & { exists: boolean | null }> {
  const search = new Search(game, { nonTrivial: true, first: true, timeLimit: LIMIT });
  const start = performance.now();
  const cpu = process.cpuUsage();
  await mipEquilibria(game, search, { plain: true });
  return { exists: search.exists, seconds: search.complete ? seconds(start) : null, cpu: cpuSince(cpu) };
}

/** A solve's wall seconds (null: it did not finish) and CPU seconds (every thread of this process). */
async function timed(solve: () => Promise<SolveResult>) {
  const start = performance.now();
  const cpu = process.cpuUsage();
  const result = await solve();
  return { result, seconds: result.complete ? seconds(start) : null, cpu: cpuSince(cpu) };
}

/** What bench/solve-run.mjs prints of a solve. */
interface Summary {
  readonly complete: boolean;
  readonly exists: boolean | null;
  readonly method: string;
  readonly count: number;
  readonly seconds: number;
  readonly cpu: number;
}

/**
 * Our solve of a scenario in a plain Node process (bench/solve-run.mjs, the built package):
 * its solver seconds (null: it did not finish) and CPU seconds (every thread of the process,
 * during the solve). `cores`: with `solve`'s worker threads.
 */
function ours(input: ScenarioInput, options: { nonTrivial?: boolean; first?: boolean }, dir: string, cores = false, limit = LIMIT): Timing & { result: Summary } {
  const file = join(dir, "race.json");
  writeFileSync(file, JSON.stringify(input));
  const runner = fileURLToPath(new URL("./solve-run.mjs", import.meta.url));
  const run = external("node", [runner, file, JSON.stringify({ ...options, timeLimit: limit, cores })], dir, undefined, limit);
  if (run.status !== 0) throw new Error(`solve-run exited with ${run.status}`);
  const result = JSON.parse(run.stdout) as Summary;
  return { result, seconds: result.complete ? result.seconds : null, cpu: result.cpu };
}

/** A dense race: every lab spills over to every other, no open costs, community gains up to 1. */
const denseRace = (players: number, seed: number) => randomScenario({ players, seed, maxCommunityGain: 1, costProbability: 0, spilloverDensity: 1 });

/** Wall seconds (or "> LIMIT") and, in brackets, CPU seconds. */
const both = (t: Timing) => `${orLimit(t.seconds)} (${fmt(t.cpu)})`;

export async function hardSuite(): Promise<void> {
  const startLoad = await busyBefore();
  const dir = mkdtempSync(join(tmpdir(), "openrace-bench-"));
  const sections: string[] = [
    `## Hard instances: SAT races, dense races, a tiered race

Machine and date: ${machineLine()}. ${loadLine(startLoad)} CPU seconds, which other jobs inflate much less, are in brackets. Each run
has a ${LIMIT} s limit; "> ${LIMIT}" means it did not finish. Times are, for ours, the solver
time of the built package in a plain Node process (as \`npx openrace\` runs; the suite itself runs
under tsx, whose loader slows the solver, worker threads by about a sixth), and for z3, cadical
and the plain MIP their wall time; in brackets, CPU seconds (user + system; ours, of the solve
in every thread, not Node's start-up).`,
  ];
  try {
    // SAT races.
    const rows: string[] = [];
    const oursBySize = new Map<number, number[]>();
    const cpuBySize = new Map<number, number[]>();
    const speedups: string[] = [];
    for (const variables of [40, 60, 100]) {
      const clauses = Math.round(RATIO * variables);
      const counts = { true: 0, false: 0 };
      for (let seed = 1; counts.true < PER_ANSWER || counts.false < PER_ANSWER; seed++) {
        const cnf = randomCnf({ variables, clauses, seed });
        const reference = cadical(cnf, dir);
        if (counts[`${reference.sat}`] >= PER_ANSWER) continue;
        counts[`${reference.sat}`]++;
        const input = satScenario(cnf);
        const game = gameOf(input);
        const mine = ours(input, { nonTrivial: true, first: true }, dir);
        if (mine.result.exists !== null && mine.result.exists !== reference.sat)
          throw new Error(`SAT ${variables}/${clauses} seed ${seed}: we say ${mine.result.exists}, cadical ${reference.sat}`);
        const solved = mine.seconds;
        oursBySize.set(variables, [...(oursBySize.get(variables) ?? []), solved ?? Infinity]);
        cpuBySize.set(variables, [...(cpuBySize.get(variables) ?? []), mine.cpu]);
        const smt = z3(game, dir);
        if (smt.sat !== null && smt.sat !== reference.sat) throw new Error(`z3 disagrees with cadical on seed ${seed}`);
        const mip = variables <= 60 ? await plainMip(game) : null;
        if (mip && mip.exists !== null && mip.exists !== reference.sat) throw new Error(`the plain MIP disagrees with cadical on seed ${seed}`);
        if (variables === 40 && solved !== null) {
          // By solver time (the issue's measure) and by CPU time (which the others' load moves
          // less; ours then includes the JIT compiling on other threads, a fresh process's cost
          // in a solve this short). One that ran out is a lower bound.
          const ratio = (t: Timing | null, by: (t: Timing) => number) =>
            t ? `${t.seconds === null ? "> " : ""}${Number((by(t) / by(mine)).toPrecision(2))}x` : "not run";
          const wall = (t: Timing) => t.seconds ?? LIMIT;
          speedups.push(`seed ${seed}: ${ratio(smt, wall)} / ${ratio(mip, wall)} (CPU ${ratio(smt, (t) => t.cpu)} / ${ratio(mip, (t) => t.cpu)})`);
        }
        rows.push(
          `| ${variables} | ${clauses} | ${seed} | ${game.n} | ${show(reference.sat)} | ${show(mine.result.exists)} | ${mine.result.method} | ${both(mine)} | ${both(smt)} | ${mip ? both(mip) : "not run"} | ${both(reference)} |`,
        );
        console.error(rows.at(-1));
      }
    }
    const finite = (s: number) => (Number.isFinite(s) ? s : null);
    const summary = [...oursBySize].map(([v, times]) => {
      const cpu = cpuBySize.get(v)!;
      return `${v} variables, ours: median ${orLimit(finite(median(times)))} s (CPU ${fmt(median(cpu))} s), worst ${orLimit(finite(Math.max(...times)))} s (CPU ${fmt(Math.max(...cpu))} s)`;
    });
    sections.push(`### SAT races at clause ratio ${RATIO} (docs/sat-reduction.md)

Non-trivial existence (\`solve --nontrivial --first\`, auto; the method that decided is named),
${PER_ANSWER} satisfiable and ${PER_ANSWER} unsatisfiable formulas per size (the first seeds of
each kind). *cadical* decides the DIMACS formula itself and is the reference every other answer
was checked against. *z3* decides the SMT-LIB export (\`export --to smt2 --nontrivial\`), *plain
MIP* is MODEL.md section 3 as written, solved by HiGHS (\`mipEquilibria(game, search, { plain: true })\`;
not run at 100 variables).

${summary.map((s) => `- ${s}`).join("\n")}
- At 40 variables, the time of z3 / ours and of the plain MIP / ours, by solver (wall) time
  and, in brackets, by CPU time ("> r": it did not finish in the limit, so r is a lower bound):
  ${speedups.join("; ")}.
- cadical's CPU time shows as 0 below the 0.01 s resolution of GNU time.

| variables | clauses | seed | labs | formula SAT (cadical) | non-trivial NE | decided by | ours: s (CPU s) | z3: s (CPU s) | plain MIP: s (CPU s) | cadical: s (CPU s) |
|---|---|---|---|---|---|---|---|---|---|---|
${rows.join("\n")}`);

    // Dense races.
    const dense: string[] = [];
    const fixedBy = (propagator: Propagator) => Array.from(propagator.root()?.mask ?? [], (m) => (m & (m - 1) ? 0 : 1)).reduce((a: number, b) => a + b, 0);
    /** Every equilibrium, in this thread and on every core (solve's default: worker threads). */
    const allBoth = (input: ScenarioInput) => {
      const one = ours(input, {}, dir);
      const cores = ours(input, {}, dir, true);
      const count = (r: typeof one) => `${r.result.count}${r.result.complete ? "" : " found (incomplete)"}`;
      if (one.result.complete && cores.result.complete && one.result.count !== cores.result.count)
        throw new Error("the parallel search disagrees with the one-thread search");
      return { one, cores, answer: `${count(one)} / ${count(cores)}`, timings: `${both(one)} | ${both(cores)}` };
    };
    for (const [players, seed, question] of [[30, 1, "all"], [30, 2, "all"], [30, 3, "all"], [40, 1, "all"], [60, 1, "non-trivial"]] as const) {
      const input = denseRace(players, seed);
      const game = gameOf(input);
      const fixed = `${fixedBy(new Propagator(game, { pairwise: false }))} | ${fixedBy(new Propagator(game))}`;
      if (question === "all") {
        const run = allBoth(input);
        dense.push(`| ${players} | ${seed} | all equilibria | ${fixed} | ${run.answer} | ${run.one.result.method} | ${run.timings} |`);
      } else {
        const mine = ours(input, { nonTrivial: true, first: true }, dir);
        dense.push(`| ${players} | ${seed} | non-trivial existence | ${fixed} | ${show(mine.result.exists)} | ${mine.result.method} | ${both(mine)} | - |`);
      }
      console.error(dense.at(-1));
    }
    // Other 40-lab races past the goal's limit, on every core: how far from it their searches are.
    const toTheEnd = [2, 3].map((seed) => {
      const longer = ours(denseRace(40, seed), {}, dir, true, LONG_LIMIT);
      const reached = longer.result.complete
        ? `all ${longer.result.count} equilibria in ${fmt(longer.result.seconds)} s (${fmt(longer.cpu)} CPU s)`
        : `${longer.result.count} equilibria found, unfinished after ${LONG_LIMIT} s (${fmt(longer.cpu)} CPU s)`;
      console.error(`dense 40, seed ${seed}, every core, limit ${LONG_LIMIT} s: ${reached}`);
      return `seed ${seed}: ${reached}`;
    });
    sections.push(`### Dense races (no lab fixed by the absolute dominance bounds)

\`generate random --players N --seed S --max-community-gain 1 --cost-probability 0 --spillover-density 1\`,
solved by auto, in one thread and then on every core (\`solve\`'s default for a long search of
every equilibrium: the search tree split into boxes searched by worker threads, docs/model.md,
"Parallel search"). *Fixed, absolute*: labs the dominance presolve fixes with the absolute bounds of
MODEL.md section 3 alone; *fixed, presolve*: with the pairwise bounds too (docs/model.md,
"Dominance presolve and propagation"), as every method now runs it. Answers: one thread / all cores.

| labs | seed | question | fixed, absolute | fixed, presolve | answer | decided by | one thread: s (CPU s) | all cores: s (CPU s) |
|---|---|---|---|---|---|---|---|---|
${dense.join("\n")}

The 40-lab races of seeds 2 and 3 on every core with a ${LONG_LIMIT} s limit: ${toTheEnd.join("; ")}.`);

    // Dense races with open costs: non-trivial existence, where the answer is often "no" (a proof of absence).
    const costly: string[] = [];
    for (const seed of [1, 2, 3])
      for (const maxOpenCost of [1, 1.5]) {
        const input = randomScenario({ players: 60, seed, maxCommunityGain: 1, costProbability: 1, maxOpenCost, spilloverDensity: 1 });
        const game = gameOf(input);
        const mine = ours(input, { nonTrivial: true, first: true }, dir);
        costly.push(`| 60 | ${seed} | ${maxOpenCost} | ${fixedBy(new Propagator(game))} | ${show(mine.result.exists)} | ${mine.result.method} | ${both(mine)} |`);
        console.error(costly.at(-1));
      }
    sections.push(`### Dense races with open costs: non-trivial existence and proofs of absence

\`generate random --players 60 --seed S --max-community-gain 1 --cost-probability 1 --max-open-cost K --spillover-density 1\`,
\`solve --nontrivial --first\` (auto). "no" is a proof that no equilibrium has a lab opening.

| labs | seed | max open cost | fixed, presolve | non-trivial NE | decided by | s (CPU s) |
|---|---|---|---|---|---|---|
${costly.join("\n")}`);

    // The tiered race.
    const tieredRace = randomScenario({ players: 40, seed: 1, tiers: [0, 0.5, 1] });
    const tiered = gameOf(tieredRace);
    const tier = allBoth(tieredRace);
    const tierRow = `| 40 | 0, 0.5, 1 | ${fixedBy(new Propagator(tiered))} | ${tier.answer} | ${tier.one.result.method} | ${tier.timings} |`;
    console.error(tierRow);
    sections.push(`### A tiered race, all equilibria

\`generate random --players 40 --seed 1 --tiers 0,0.5,1\` (the benchmark distribution), every
equilibrium (\`solve\`), auto, in one thread and on every core. Answers: one thread / all cores.

| labs | tiers | fixed by the presolve | equilibria | decided by | one thread: s (CPU s) | all cores: s (CPU s) |
|---|---|---|---|---|---|---|
${tierRow}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  writeSection("hard", sections.join("\n\n"));
}

/** Seconds each method may take in the portfolio comparison. */
const METHOD_LIMIT = 20;

/**
 * `npm run bench -- portfolio`: auto against every exact method on the hard families (issue 15:
 * auto must never be much slower than the fastest exact method). Each method runs alone with a
 * METHOD_LIMIT s limit; the ratio is auto's CPU time over the fastest method's.
 */
export async function portfolioSuite(): Promise<void> {
  const startLoad = await busyBefore();
  const instances: { name: string; game: Game; options: SolveOptions }[] = [
    ...[1, 2].map((seed) => ({ name: `SAT race, 40 variables, 170 clauses, seed ${seed}`, game: gameOf(satScenario(randomCnf({ variables: 40, clauses: 170, seed }))), options: { nonTrivial: true, first: true } })),
    { name: "random race, 120 labs, seed 1", game: gameOf(randomScenario({ players: 120, seed: 1 })), options: { nonTrivial: true, first: true } },
    { name: "dense race, 60 labs, seed 1", game: gameOf(denseRace(60, 1)), options: { nonTrivial: true, first: true } },
    { name: "dense race, 30 labs, seed 1 (all)", game: gameOf(denseRace(30, 1)), options: {} },
    { name: "tiered race, 32 labs, seed 5 (all)", game: gameOf(randomScenario({ players: 32, seed: 5, tiers: [0, 0.5, 1] })), options: {} },
  ];
  const methods = ["enumerate", "propagate", "conflict", "mip", "auto"] as const;
  const rows: string[] = [];
  for (const { name, game, options } of instances) {
    const cells: string[] = [];
    const cpu = new Map<string, number>();
    for (const method of methods) {
      const bits = dominancePresolve(game).levels.reduce((b, l) => b + Math.log2(l.length), 0);
      if (method === "enumerate" && bits > 30) {
        cells.push("not run");
        continue;
      }
      const t = await timed(() => solveDiscrete(game, { welfare: false, timeLimit: METHOD_LIMIT, method, ...options }));
      cells.push(`${t.seconds === null ? `> ${METHOD_LIMIT}` : fmt(t.seconds)} (${fmt(t.cpu)})${method === "auto" ? ` ${t.result.method}` : ""}`);
      if (t.seconds !== null) cpu.set(method, t.cpu);
    }
    const fastest = Math.min(...[...cpu].filter(([m]) => m !== "auto").map(([, c]) => c));
    const ratio = !cpu.has("auto") ? "auto did not finish" : Number.isFinite(fastest) ? `${Number((cpu.get("auto")! / fastest).toPrecision(2))}x` : "only auto finished";
    rows.push(`| ${name} | ${game.n} | ${cells.join(" | ")} | ${ratio} |`);
    console.error(rows.at(-1));
  }
  writeSection(
    "portfolio",
    `## auto against every exact method (issue 15)

Machine and date: ${machineLine()}. ${loadLine(startLoad)} Each method alone, in one thread, with a
${METHOD_LIMIT} s limit ("> ${METHOD_LIMIT}": it did not finish); seconds and, in brackets, CPU seconds. Existence
questions are \`--nontrivial --first\`; "(all)" lists every equilibrium. *auto* names the method that
decided; *auto / fastest* is its CPU time over the fastest other method's. Enumeration runs only where
at most 2^30 profiles are left after the presolve.

| instance | labs | enumerate | propagate | conflict | mip | auto | auto / fastest |
|---|---|---|---|---|---|---|---|
${rows.join("\n")}`,
  );
}
