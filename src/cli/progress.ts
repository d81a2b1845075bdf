/** A progress bar on stderr for long work, only when stderr is a terminal. */
import cliProgress from "cli-progress";
import type { Progress } from "../solvers/search.js";

/** Work shorter than this (seconds) shows no bar at all. */
const SHOW_AFTER = 0.5;

export interface ProgressReporter {
  readonly onProgress?: (progress: Progress) => void;
  stop(): void;
}

export function progressBar(unit: string): ProgressReporter {
  if (!process.stderr.isTTY) return { stop() {} };
  let bar: cliProgress.SingleBar | undefined;
  /** The bar's shape: a bar and an ETA need a known total; without one, a count. */
  let shape = "";
  return {
    onProgress(progress) {
      if (!bar && progress.seconds < SHOW_AFTER) return;
      const what = progress.unit ?? unit;
      const known = progress.total > 0;
      if (!bar || shape !== `${what}/${known}`) {
        bar?.stop();
        shape = `${what}/${known}`;
        bar = new cliProgress.SingleBar(
          {
            stream: process.stderr,
            format: known
              ? `solving |{bar}| {percentage}% | {value}/{total} ${what} | {found} found | ETA {eta_formatted}`
              : `solving | {value} ${what} | {found} found | {duration_formatted}`,
            hideCursor: true,
            clearOnComplete: true,
          },
          cliProgress.Presets.shades_classic,
        );
        bar.start(known ? progress.total : 0, 0, { found: 0 });
      }
      bar.update(progress.done, { found: progress.found });
    },
    stop() {
      bar?.stop();
    },
  };
}
