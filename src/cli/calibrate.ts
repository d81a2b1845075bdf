/** `openrace calibrate [DATA.csv]`: how many observed release decisions the model reproduces. */
import { join } from "node:path";
import { calibrate } from "../analysis/calibrate.js";
import { calibrationSpec } from "../analysis/charts.js";
import { jsonText } from "../analysis/documents.js";
import { writeChart } from "../io/render.js";
import { BUNDLED_RELEASES, readReleases } from "../io/releases.js";
import { ensureDir, writeFileAtomic } from "../io/write.js";
import { EXIT } from "./errors.js";

export async function calibrateCommand(file: string | undefined, options: { json?: boolean; out?: string }): Promise<number> {
  const releases = readReleases(file ?? BUNDLED_RELEASES);
  if (options.out) ensureDir(options.out); // before the work, so that a bad folder fails fast
  const result = await calibrate(releases);
  const json = jsonText(result);
  if (options.out) {
    ensureDir(options.out);
    writeFileAtomic(join(options.out, "calibration.json"), json);
    const rows = result.periods.flatMap((p) => p.labs.map((lab, k) => [p.period, lab, p.capability[k].toFixed(4), p.observed[k], p.predicted[k]].join(",")));
    writeFileAtomic(join(options.out, "calibration.csv"), ["period,lab,capability_z,observed,predicted", ...rows].join("\n") + "\n");
    await writeChart(calibrationSpec(result.periods), ["svg", "png"].map((ext) => join(options.out!, `calibration.${ext}`)));
  }
  if (options.json) {
    process.stdout.write(json);
    return EXIT.ok;
  }
  const p = result.fit.parameters;
  const pct = (n: number) => `${n} of ${result.decisions} (${Math.round((100 * n) / result.decisions)}%)`;
  process.stdout.write(
    [
      `Calibration on ${result.decisions} release decisions in ${result.periods.length} half-years (${file ?? "bundled data/releases.csv"})`,
      `Fitted parameters: absorptive spillover ${p.absorptive}, community gain ${p.communityGain}, API-revenue cost ${p.apiCost} per unit of lead.`,
      `Open/closed reproduced: fit ${pct(result.fit.correct)}; leave one period out ${pct(result.leaveOnePeriodOut.correct)}.`,
      `Exact tier (closed / weights / open): fit ${pct(result.fit.correctTier)}; leave one period out ${pct(result.leaveOnePeriodOut.correctTier)}.`,
      `Baselines: everyone closed ${pct(result.baselines.allClosed)}; open iff not the leader ${pct(result.baselines.openIfNotLeader)}.`,
      "",
    ].join("\n"),
  );
  return EXIT.ok;
}
