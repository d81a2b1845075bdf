/** Bundled example files (scenarios, policies) as the page offers them: text to load, by name. */

export interface Example {
  /** The file's name without `.json`. */
  readonly key: string;
  readonly name: string;
  /** The file's JSON, reformatted, without `$schema`. */
  readonly text: string;
}

/** The files (path -> text, from `import.meta.glob`), sorted by name with `first` first. */
export function bundledExamples(files: Record<string, string>, first?: string): Example[] {
  return Object.entries(files)
    .map(([path, text]) => {
      const key = path.replace(/^.*\/|\.json$/g, "");
      const value = JSON.parse(text) as Record<string, unknown>;
      // `$schema` points into the repository; it means nothing in a download from the page.
      delete value.$schema;
      return { key, name: String(value.name ?? key), text: JSON.stringify(value, null, 2) };
    })
    .sort((a, b) => (a.key === first ? -1 : b.key === first ? 1 : a.name.localeCompare(b.name)));
}

/** The example whose JSON is this text's (`$schema` and layout aside), if any. */
export function matchingExample(examples: readonly Example[], text: string): Example | undefined {
  const canonical = (t: string) => {
    const value = JSON.parse(t) as Record<string, unknown>;
    if (value && typeof value === "object") delete value.$schema;
    return JSON.stringify(value);
  };
  let wanted: string;
  try {
    wanted = canonical(text);
  } catch {
    return undefined;
  }
  return examples.find((e) => canonical(e.text) === wanted);
}
