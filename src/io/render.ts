/**
 * Rendering Vega-Lite specs headlessly: SVG through a Vega view with no renderer, PNG from the
 * SVG with resvg (a prebuilt binary inside its npm package) and the bundled DejaVu Sans, so
 * the pictures are the same on every machine.
 */
import { createRequire } from "node:module";
import { Resvg } from "@resvg/resvg-js";
import * as vega from "vega";
import { compile, type TopLevelSpec } from "vega-lite";
import { InputError } from "../cli/errors.js";
import { writeFileAtomic } from "./write.js";

const require = createRequire(import.meta.url);
const FONT_FILES = ["DejaVuSans.ttf", "DejaVuSans-Bold.ttf"].map((f) => require.resolve(`dejavu-fonts-ttf/ttf/${f}`));

export async function toSvg(spec: Record<string, unknown>): Promise<string> {
  // Our specs are built as plain data; vega-lite validates them when it compiles.
  const view = new vega.View(vega.parse(compile(spec as unknown as TopLevelSpec).spec), { renderer: "none" });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

export function svgToPng(svg: string, scale = 2): Uint8Array {
  const resvg = new Resvg(svg, {
    fitTo: { mode: "zoom", value: scale },
    background: "white",
    font: { fontFiles: FONT_FILES, loadSystemFonts: false, defaultFontFamily: "DejaVu Sans" },
  });
  return resvg.render().asPng();
}

/**
 * Writes a chart to each PATH (.svg or .png, decided by the extension), rendered once, and its
 * Vega-Lite spec, data inline, beside them as `<chart>.vl.json` (the Vega editor opens it, and
 * programs can read what is drawn). Every chart written with `--out` or `--plot` goes through here.
 */
export async function writeChart(spec: Record<string, unknown>, paths: string | readonly string[]): Promise<void> {
  const files = typeof paths === "string" ? [paths] : paths;
  const bad = files.find((path) => !/\.(svg|png)$/i.test(path));
  if (bad !== undefined) throw new InputError(`openrace: ${bad}: expected a file name ending in .svg or .png`);
  const svg = await toSvg(spec);
  for (const path of files) writeFileAtomic(path, path.toLowerCase().endsWith(".svg") ? svg : svgToPng(svg));
  for (const path of new Set(files.map(specPath))) writeChartSpec(spec, path);
}

/** A chart's Vega-Lite spec, data inline, as a file. */
export function writeChartSpec(spec: Record<string, unknown>, path: string): void {
  writeFileAtomic(path, `${JSON.stringify(spec)}\n`);
}

/** Writes a chart already rendered (a report's SVG) and its spec beside it. */
export function writeRenderedChart(spec: Record<string, unknown>, svg: string, path: string): void {
  writeFileAtomic(path, svg);
  writeChartSpec(spec, specPath(path));
}

/** Where a chart's spec goes: `chart.svg` -> `chart.vl.json`. */
const specPath = (chart: string): string => chart.replace(/\.(svg|png)$/i, ".vl.json");
