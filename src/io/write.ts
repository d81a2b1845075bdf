/**
 * Writing outputs, one rule for every command: a missing folder on the way to an output (an
 * `--out DIR`, or the folder of an `--out FILE`) is created; what cannot be created or written
 * is bad input (exit 2, the path and why), and a file is written whole or not at all (a
 * temporary file renamed into place), from pieces when it is large (never all in memory).
 */
import { closeSync, mkdirSync, openSync, renameSync, unlinkSync, writeSync } from "node:fs";
import { dirname, join } from "node:path";
import { jsonText } from "../analysis/documents.js";
import { InputError } from "../cli/errors.js";

/** Why a file-system call failed, in a few words. */
function why(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === "ENOENT") return "no such directory";
  if (code === "EACCES" || code === "EPERM") return "permission denied";
  if (code === "ENOTDIR" || code === "EEXIST") return "a file is in the way";
  if (code === "EROFS") return "read-only file system";
  return (error as Error).message;
}

/** Creates the folder (and its parents) if missing. */
export function ensureDir(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (error) {
    throw new InputError(`openrace: cannot create the folder ${dir}: ${why(error)}`);
  }
}

export function writeFileAtomic(path: string, text: string | Uint8Array): void {
  writeChunksAtomic(path, [text]);
}

/** Writes text given in pieces (a large sweep), whole or not at all, never all in memory at once. */
export function writeChunksAtomic(path: string, chunks: Iterable<string | Uint8Array>): void {
  ensureDir(dirname(path));
  const temporary = `${path}.${process.pid}.tmp`;
  try {
    const fd = openSync(temporary, "w");
    try {
      for (const chunk of chunks) writeSync(fd, typeof chunk === "string" ? Buffer.from(chunk) : chunk);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, path);
  } catch (error) {
    try {
      unlinkSync(temporary);
    } catch {
      // nothing was written
    }
    if (error instanceof InputError) throw error;
    throw new InputError(`openrace: cannot write ${path}: ${why(error)}`);
  }
}

/** Writes text given in pieces to stdout, waiting for the pipe to drain. */
export async function writeChunksToStdout(chunks: Iterable<string>): Promise<void> {
  for (const chunk of chunks) if (!process.stdout.write(chunk)) await new Promise((resolve) => process.stdout.once("drain", resolve));
}

/** Prints to stdout, or writes the file when `out` is given. */
export function emit(text: string, out?: string): void {
  if (out === undefined) process.stdout.write(text);
  else writeFileAtomic(out, text);
}

/**
 * A batch command's document (sweep, uncertain): `--out DIR` writes it as DIR/`name` (DIR is
 * created) and lets `files` add the rest (CSV, charts); stdout gets the JSON with `--json`, the
 * summary when neither option is given.
 */
export async function emitDocument(
  document: unknown,
  options: { json?: boolean; out?: string },
  name: string,
  files: (dir: string) => Promise<void>,
  summary: () => string,
): Promise<void> {
  const json = jsonText(document);
  if (options.out) {
    ensureDir(options.out);
    writeFileAtomic(join(options.out, name), json);
    await files(options.out);
  }
  if (options.json || !options.out) process.stdout.write(options.json ? json : summary());
}
