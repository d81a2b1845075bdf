/** Writing outputs: whole or not at all (a temporary file renamed into place). */
import { renameSync, unlinkSync, writeFileSync } from "node:fs";
import { InputError } from "../cli/errors.js";

export function writeFileAtomic(path: string, text: string | Uint8Array): void {
  const temporary = `${path}.${process.pid}.tmp`;
  try {
    writeFileSync(temporary, text);
    renameSync(temporary, path);
  } catch (error) {
    try {
      unlinkSync(temporary);
    } catch {
      // nothing was written
    }
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === "ENOENT" ? "no such directory" : code === "EACCES" ? "permission denied" : (error as Error).message;
    throw new InputError(`openrace: cannot write ${path}: ${why}`);
  }
}

/** Prints to stdout, or writes the file when `out` is given. */
export function emit(text: string, out?: string): void {
  if (out === undefined) process.stdout.write(text);
  else writeFileAtomic(out, text);
}
