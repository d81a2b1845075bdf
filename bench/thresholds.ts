/**
 * Thresholds, margins and design (issue 13): breakpoints along one number of a 20-lab race in
 * under 2 s; margins of every number of a 20-lab equilibrium in under 1 s; one-lever design on
 * a 10-lab race in under 1 s, two levers in under 10 s. Beside each, what a grid sweep of the
 * same accuracy (1e-6) would cost: the cost of one grid point is measured, then multiplied.
 * Also (no goal): the cost of refine's completeness proof on the 20-lab races, and `design
 * --require some` by the piece search on 30-lab races (two targets).
 */
import { design, design2, designByLines, parseTarget } from "../src/analysis/design.js";
import { margins } from "../src/analysis/margins.js";
import { ParameterLine } from "../src/analysis/parametric.js";
import { parameterPaths, type Subject } from "../src/analysis/parameters.js";
import { validatePolicy } from "../src/analysis/policy.js";
import { thresholds } from "../src/analysis/thresholds.js";
import { randomScenario } from "../src/generators/random.js";
import { isEquilibrium } from "../src/model/certificate.js";
import { validateScenario } from "../src/model/validate.js";
import { solveDiscrete } from "../src/solvers/solve.js";
import { fmt, busyBefore, loadLine, machineLine, timed } from "./common.js";
import { writeSection } from "./report.js";

const ACCURACY = 1e-6;

function subjectOf(players: number, seed: number, policy?: object): Subject {
  const parsed = validateScenario(randomScenario({ players, seed }));
  if (!parsed.ok) throw new Error("instance");
  const checked = policy ? validatePolicy(policy) : undefined;
  if (checked && !checked.ok) throw new Error("policy");
  return { scenario: parsed.value, ...(checked?.ok ? { policy: checked.value } : {}) };
}

/** Seconds per complete solve along the line (median over a few values of the range). */
async function solveCost(subject: Subject, path: string, from: number, to: number): Promise<number> {
  const line = new ParameterLine(subject, path);
  const values = Array.from({ length: 9 }, (_, k) => from + ((to - from) * (k + 0.5)) / 9);
  const { seconds } = await timed(1, async () => {
    for (const v of values) await solveDiscrete(line.gameAt(v), { welfare: false });
  });
  return seconds / values.length;
}

const years = (s: number) => (s > 3.15e7 ? `${(s / 3.15e7).toPrecision(2)} years` : s > 86400 ? `${(s / 86400).toPrecision(2)} days` : s > 3600 ? `${(s / 3600).toPrecision(2)} h` : `${fmt(s)} s`);

export async function thresholdsSuite(): Promise<void> {
  const startLoad = await busyBefore();
  const rows: string[] = [];
  const seeds = [1, 2, 3];
  /** Worst seconds per task, against its goal. */
  const worst = { breakpoints: 0, margins: 0, design1: 0, design2: 0 };
  const goals = { breakpoints: 2, margins: 1, design1: 1, design2: 10 };
  // Breakpoints along one number, 20 labs.
  for (const seed of seeds) {
    const subject = subjectOf(20, seed);
    const [path, from, to] = ["players.lab0.communityGain", 0, 6] as const;
    const { seconds, result } = await timed(3, () => thresholds(subject, path, from, to, { prove: false }));
    const grid = ((to - from) / ACCURACY) * (await solveCost(subject, path, from, to));
    rows.push(`| breakpoints, 20 labs, ${path} in [0, 6] | ${seed} | ${result.breakpoints.length} breakpoints, ${result.stats.solves} solves (${result.method}, before the proof) | ${fmt(seconds)} | ${years(grid)} |`);
    console.error(rows.at(-1));
    // The command's default: refine, then the completeness proof. This is what the goal measures.
    const proved = await timed(3, () => thresholds(subject, path, from, to));
    const proof = proved.result.stats.proof!;
    worst.breakpoints = Math.max(worst.breakpoints, proved.seconds);
    rows.push(
      `| the same with the completeness proof (interval branch and propagate) | ${seed} | ${proved.result.proven ? "proven" : `**not proven** (${proof.stopped})`}: ${proof.nodes} nodes, ${proof.added} profiles added, proof ${fmt(proof.seconds)} s | ${fmt(proved.seconds)} | - |`,
    );
    console.error(rows.at(-1));
  }
  // Margins of every number of an equilibrium, 20 labs.
  for (const seed of seeds) {
    const subject = subjectOf(20, seed);
    const game = new ParameterLine(subject, "players.lab0.capability").gameAt(subject.scenario.players[0].capability);
    const eq = (await solveDiscrete(game, { welfare: false })).equilibria[0];
    if (!eq) {
      rows.push(`| margins, 20 labs | ${seed} | no pure equilibrium | - | - |`);
      continue;
    }
    const { seconds, result } = await timed(3, () => margins(subject, eq.profile));
    worst.margins = Math.max(worst.margins, seconds);
    // A grid scan checks the profile (one certificate) at each point of each number's range (+-10).
    const paths = parameterPaths(subject);
    const check = await timed(1, () => {
      for (let k = 0; k < 200; k++) isEquilibrium(game, eq.profile);
    });
    const grid = paths.length * (20 / ACCURACY) * (check.seconds / 200);
    rows.push(`| margins of every number, 20 labs | ${seed} | ${result.margins.length} numbers | ${fmt(seconds)} | ${years(grid)} (certificate per point, range +-10) |`);
    console.error(rows.at(-1));
  }
  // Design: one lever (a levy on every lab), 10 labs; two numbers: the levy and lab0's gain.
  for (const seed of seeds) {
    const subject = subjectOf(10, seed, { levers: [{ type: "levy", amount: 0 }] });
    const target = parseTarget("none", { ids: subject.scenario.players.map((p) => p.id) });
    if (!target.ok) throw new Error("target");
    const one = await timed(3, () => design(subject, "levers[0].amount", -3, 3, "none", target.value, "every"));
    worst.design1 = Math.max(worst.design1, one.seconds);
    const grid = (6 / ACCURACY) * (await solveCost(subject, "levers[0].amount", -3, 3));
    rows.push(`| design, one lever, 10 labs: levy for "none" | ${seed} | ${one.result.found ? `value ${fmt(one.result.value!)}` : "not reachable"} | ${fmt(one.seconds)} | ${years(grid)} |`);
    console.error(rows.at(-1));
    const ranges: Parameters<typeof design2>[1] = [
      { path: "levers[0].amount", from: -3, to: 3 },
      { path: "players.lab0.communityGain", from: 0, to: 6 },
    ];
    const two = await timed(1, () => design2(subject, ranges, [1, 1], "none", target.value, "every"));
    worst.design2 = Math.max(worst.design2, two.seconds);
    const r2 = two.result;
    const how = `${r2.method}${r2.proven ? ", proven" : ", **not proven**"}, ${r2.method === "arrangement" ? `${r2.cells} polygons, ${r2.candidates} points` : `${r2.candidates} lines`}`;
    rows.push(
      `| design, two numbers, 10 labs: levy and lab0's gain | ${seed} | ${r2.found ? `cost ${fmt(r2.distance!)}${r2.attained ? "" : " (a limit)"}` : "not reachable"} (${how}) | ${fmt(two.seconds)} | ${years((6 / ACCURACY) ** 2 * (await solveCost(subject, "levers[0].amount", -3, 3)))} |`,
    );
    console.error(rows.at(-1));
    // The line search it replaces (no proof), for comparison.
    const lines = await timed(1, () => designByLines(subject, ranges, [1, 1], "none", target.value, "every"));
    rows.push(`| the same by the line search (no proof of optimality) | ${seed} | ${lines.result.found ? `cost ${fmt(lines.result.distance!)}` : "not found"}, ${lines.result.candidates} lines | ${fmt(lines.seconds)} | - |`);
    console.error(rows.at(-1));
  }
  // `design --require some` by the piece search, 30 labs (above the exhaustive limit).
  let worstSome = 0;
  for (const seed of seeds) {
    for (const goal of ["none", "lab0>=1"]) {
      const subject = subjectOf(30, seed, { levers: [{ type: "levy", amount: 0 }] });
      const target = parseTarget(goal, { ids: subject.scenario.players.map((p) => p.id) });
      if (!target.ok) throw new Error("target");
      const some = await timed(1, () => design(subject, "levers[0].amount", -3, 3, goal, target.value, "some"));
      worstSome = Math.max(worstSome, some.seconds);
      const r = some.result;
      rows.push(`| design --require some, 30 labs: levy for "${goal}" in some equilibrium | ${seed} | ${r.found ? `value ${fmt(r.value!)}` : "not reachable"} (${r.method}) | ${fmt(some.seconds)} | - |`);
      console.error(rows.at(-1));
    }
  }
  writeSection(
    "thresholds",
    `## Thresholds, margins and design (goals: breakpoints of a 20-lab race < 2 s, margins < 1 s, one-lever design on 10 labs < 1 s, two < 10 s)

Machine and date: ${machineLine()}. ${loadLine(startLoad)} In-process (no start-up), medians of 3 runs
(two-number design: 1 run). "Grid at 1e-6" is what a sweep of the same accuracy would cost:
the cost of one complete solve (for margins: one certificate) is measured at 9 values of the
range and multiplied by the number of grid points (range / 1e-6; squared for two numbers): an
extrapolation, not a run.

| task | seed | result | seconds | grid at 1e-6 |
|---|---|---|---|---|
${rows.join("\n")}

Worst against the goals: ${(Object.keys(goals) as (keyof typeof goals)[])
      .map((k) => `${k} ${fmt(worst[k])} s (goal ${goals[k]} s, ${worst[k] < goals[k] ? "met" : "**not met**"})`)
      .join("; ")}. The two-number design is exact over the plane's arrangement (every one of the
2^10 profiles examined on each polygon, docs/model.md "Design"): its time grows with the
polygons the refinement needs; the line search it replaced runs one thresholds search per line.
The first breakpoints row of each seed measures refine's candidates and certifying solves alone;
the second, what the command does by default (and what the goal measures): refine, then the
completeness proof that makes them every breakpoint (branch and propagate over each piece's
interval data, docs/model.md), medians of 3 runs. \`design --require some\` on 30 labs (the piece search: every profile that is an equilibrium
somewhere along each piece, those meeting the target kept): worst ${fmt(worstSome)} s.`,
  );
}
