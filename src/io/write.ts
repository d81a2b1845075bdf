/** Writing outputs: whole or not at all (a temporary file renamed into place). */
import { closeSync, openSync, renameSync, unlinkSync, writeSync } from "node:fs";
import { InputError } from "../cli/errors.js";

export function writeFileAtomic(path: string, text: string | Uint8Array): void {
  writeChunksAtomic(path, [text]);
}

/** Writes text given in pieces (a large sweep), whole or not at all, never all in memory at once. */
export function writeChunksAtomic(path: string, chunks: Iterable<string | Uint8Array>): void {
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
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === "ENOENT" ? "no such directory" : code === "EACCES" ? "permission denied" : (error as Error).message;
    throw new InputError(`openrace: cannot write ${path}: ${why}`);
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
