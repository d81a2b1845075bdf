/**
 * Sweeps (goal of the insights issue): a 50 x 50 sweep of a 6-lab race, every discrete
 * equilibrium at each point, and the continuous equilibrium, in under 30 s each on 2 cores.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomScenario } from "../src/generators/random.js";
import { fmt, machineLine, median } from "./common.js";
import { writeSection } from "./report.js";

const MAIN = new URL("../dist/cli/main.js", import.meta.url).pathname;

export async function sweepSuite(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "openrace-bench-"));
  const rows: string[] = [];
  let worst = 0;
  for (const seed of [1, 2, 3]) {
    const file = join(dir, `six-${seed}.json`);
    writeFileSync(file, JSON.stringify(randomScenario({ players: 6, seed })));
    for (const game of ["discrete", "continuous"]) {
      const times: number[] = [];
      let points = 0;
      for (let run = 0; run < 3; run++) {
        const start = performance.now();
        const r = spawnSync(process.execPath, [MAIN, "sweep", file, "--game", game, "--vary", "spillover=0:2:50", "--vary", "players.lab0.communityGain=0:3:50", "--json"], { encoding: "utf8", maxBuffer: 1 << 30 });
        times.push((performance.now() - start) / 1000);
        if (r.status !== 0) throw new Error(r.stderr);
        points = JSON.parse(r.stdout).points.length;
      }
      const seconds = median(times);
      worst = Math.max(worst, seconds);
      rows.push(`| ${seed} | ${game} | ${points} | ${fmt(seconds)} |`);
      console.error(rows.at(-1));
    }
  }
  writeSection(
    "sweep",
    `## Sweeps (goal: a 50 x 50 sweep of a 6-lab race in under 30 s)

Machine and date: ${machineLine()}. \`openrace sweep FILE --game G --vary spillover=0:2:50 --vary
players.lab0.communityGain=0:3:50 --json\` on random 6-lab races, the whole command (start-up
included), medians of 3 runs. Worst: **${fmt(worst)} s**. At this cost per point the sweep stays in one
thread (workers start when the measured remaining work exceeds 3 s).

| seed | game | points | seconds |
|---|---|---|---|
${rows.join("\n")}`,
  );
}
