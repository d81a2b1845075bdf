/**
 * Sweep points on disk as they finish, so that a sweep's memory does not grow with its grid:
 * each point is appended (compact JSON) to a temporary file and only its place in the file is
 * kept; the points are read back one at a time, in index order, to write the outputs.
 */
import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { SweepPoint } from "../analysis/sweep.js";

export class PointStore {
  private readonly dir = mkdtempSync(join(tmpdir(), "openrace-sweep-"));
  /** The temporary file (removed by `close`). */
  readonly file = join(this.dir, "points.jsonl");
  private readonly fd = openSync(this.file, "w+");
  private end = 0;
  /** Per point index: where its JSON starts in the file and how long it is. */
  private readonly places = new Map<number, [number, number]>();

  get size(): number {
    return this.places.size;
  }

  add(point: SweepPoint): void {
    const bytes = Buffer.from(`${JSON.stringify(point)}\n`);
    writeSync(this.fd, bytes, 0, bytes.length, this.end);
    this.places.set(point.index, [this.end, bytes.length - 1]);
    this.end += bytes.length;
  }

  /** The points, in index order, read back one at a time (each pass reads the file again). */
  *points(): Generator<SweepPoint> {
    const indices = [...this.places.keys()].sort((a, b) => a - b);
    for (const index of indices) {
      const [at, length] = this.places.get(index)!;
      const buffer = Buffer.alloc(length);
      readSync(this.fd, buffer, 0, length, at);
      yield JSON.parse(buffer.toString("utf8")) as SweepPoint;
    }
  }

  /** Removes the temporary file. */
  close(): void {
    closeSync(this.fd);
    rmSync(this.dir, { recursive: true, force: true });
  }
}
