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

/** Writes a chart to PATH (.svg, .png, or the Vega-Lite spec itself for .vl.json, decided by the extension). */
export async function writeChart(spec: Record<string, unknown>, path: string): Promise<void> {
  if (path.toLowerCase().endsWith(".vl.json")) return writeFileAtomic(path, `${JSON.stringify(spec, null, 2)}\n`);
  const svg = await toSvg(spec);
  if (path.toLowerCase().endsWith(".svg")) writeFileAtomic(path, svg);
  else if (path.toLowerCase().endsWith(".png")) writeFileAtomic(path, svgToPng(svg));
  else throw new InputError(`openrace: ${path}: expected a file name ending in .svg, .png or .vl.json`);
}
