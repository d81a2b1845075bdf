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
  return {
    onProgress(progress) {
      if (!bar) {
        if (progress.seconds < SHOW_AFTER) return;
        bar = new cliProgress.SingleBar(
          {
            stream: process.stderr,
            format: `solving |{bar}| {percentage}% | {value}/{total} ${unit} | {found} found | ETA {eta_formatted}`,
            hideCursor: true,
            clearOnComplete: true,
          },
          cliProgress.Presets.shades_classic,
        );
        bar.start(progress.total, 0, { found: 0 });
      }
      bar.update(progress.done, { found: progress.found });
    },
    stop() {
      bar?.stop();
    },
  };
}
