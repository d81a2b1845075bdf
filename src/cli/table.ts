/** Plain-text tables for the terminal: aligned columns, two spaces apart. */
export type Align = "left" | "right";

export function formatTable(header: string[], rows: string[][], align: Align[], indent = "  "): string {
  const width = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
  const line = (cells: string[]) =>
    indent +
    cells
      .map((cell, c) => (align[c] === "right" ? cell.padStart(width[c]) : cell.padEnd(width[c])))
      .join("  ")
      .trimEnd();
  const rule = width.map((w, c) => (header[c] ? "-".repeat(w) : ""));
  return [line(header), line(rule), ...rows.map(line)].join("\n");
}
