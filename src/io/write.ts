/** Writing outputs: whole or not at all (a temporary file renamed into place). */
import { mkdirSync, renameSync, unlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
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
  const json = `${JSON.stringify(document, null, 2)}\n`;
  if (options.out) {
    try {
      mkdirSync(options.out, { recursive: true });
    } catch (error) {
      throw new InputError(`openrace: cannot create ${options.out}: ${(error as Error).message}`);
    }
    writeFileAtomic(join(options.out, name), json);
    await files(options.out);
  }
  if (options.json || !options.out) process.stdout.write(options.json ? json : summary());
}
