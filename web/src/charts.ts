/**
 * Charts in the page: the core's Vega-Lite specifications (src/analysis/charts.ts, the same the
 * command line renders), drawn by a Vega View as SVG, downloadable as SVG and PNG. Vega, Vega-Lite
 * and the DejaVu Sans font the command line uses are loaded with the first chart, so they cost
 * the page nothing until then.
 */
import fontUrl from "dejavu-fonts-ttf/ttf/DejaVuSans.ttf?url";
import { download, h, nextTask } from "./dom.js";

type Spec = Record<string, unknown>;
type VegaModules = [typeof import("vega"), typeof import("vega-lite")];

let modules: Promise<VegaModules> | null = null;

function loadVega(): Promise<VegaModules> {
  return (modules ??= Promise.all([import("vega"), import("vega-lite"), loadFont()]).then(([vega, vegaLite]) => [vega, vegaLite] as VegaModules));
}

async function loadFont(): Promise<void> {
  try {
    const font = new FontFace("DejaVu Sans", `url(${fontUrl})`);
    document.fonts.add(await font.load());
  } catch {
    // The charts fall back to the browser's sans-serif.
  }
}

/** A lab picked on a chart (the `lab` field of the item's datum). */
type PickHandler = (lab: string) => void;

/**
 * The spec at the width available: `stretch` charts (the sweep line) take the room there is,
 * the others only shrink; on narrow screens legends go below the plot.
 */
function fitToWidth(spec: Spec, available: number, stretch: boolean): Spec {
  const narrow = available < 560;
  const out = structuredClone(spec) as Spec & { config?: Record<string, Record<string, unknown>> };
  // Room for axes and labels, and for a legend on the right when there is space for it.
  const target = Math.max(180, Math.min(stretch ? 900 : Infinity, available - (narrow ? 90 : 250)));
  const visit = (s: Record<string, unknown>) => {
    if (typeof s.width === "number") s.width = stretch ? target : Math.min(s.width, target);
    if (s.spec) visit(s.spec as Record<string, unknown>);
    for (const key of ["vconcat", "hconcat", "layer"]) for (const child of (s[key] as Record<string, unknown>[] | undefined) ?? []) visit(child);
  };
  visit(out);
  if (narrow)
    out.config = {
      ...out.config,
      legend: { ...out.config?.legend, orient: "bottom", columns: 1 },
      // Long titles are cut (with an ellipsis) rather than widen the chart.
      title: { ...out.config?.title, fontSize: 12, limit: available - 20, subtitleFontSize: 10 },
    };
  return out;
}

const resized = new ResizeObserver((entries) => {
  for (const entry of entries) charts.get(entry.target)?.resized(entry.contentRect.width);
});
const charts = new WeakMap<Element, ChartView>();

export class ChartView {
  private view: import("vega").View | null = null;
  private generation = 0;
  private spec: Spec | null = null;
  /** A render is on its way (its view will replace the current one). */
  private drawing = false;
  private width = 0;
  readonly element: HTMLElement;
  private readonly buttons: HTMLButtonElement[];

  /**
   * `file`: the download name without extension; `label`: what the chart shows, for screen
   * readers (the data itself is in the tables next to each chart).
   */
  constructor(
    container: HTMLElement,
    private file: string,
    label: string,
    private readonly onPick?: PickHandler,
    private readonly stretch = false,
  ) {
    this.element = h("div", { class: "chart", role: "img", "aria-label": label });
    charts.set(this.element, this);
    resized.observe(this.element);
    const svg = h("button", { type: "button", class: "secondary small", disabled: true }, "SVG");
    const png = h("button", { type: "button", class: "secondary small", disabled: true }, "PNG");
    svg.addEventListener("click", () => void this.downloadSvg());
    png.addEventListener("click", () => void this.downloadPng());
    this.buttons = [svg, png];
    const tools = h("div", { class: "chart-tools" }, h("span", { class: "hint" }, "Download chart:"), svg, png);
    container.replaceChildren(this.element, tools);
  }

  setFile(file: string): void {
    this.file = file;
  }

  setLabel(label: string): void {
    this.element.setAttribute("aria-label", label);
  }

  /** Redraws at a new width when the width changed enough to matter. */
  resized(width: number): void {
    if (this.spec && Math.abs(width - this.width) > 40) void this.render(this.spec);
  }

  /** Draws a spec; a later call supersedes an earlier one still loading. */
  async render(spec: Spec): Promise<void> {
    const generation = ++this.generation;
    this.spec = spec;
    this.drawing = true;
    const [vega, vegaLite] = await loadVega();
    if (generation !== this.generation) return;
    this.width = this.element.clientWidth || 640;
    const fitted = fitToWidth(spec, this.width, this.stretch);
    const compiled = vegaLite.compile({ background: "white", ...fitted } as unknown as import("vega-lite").TopLevelSpec).spec;
    // Each step in its own task: a large chart never holds the page for long.
    await nextTask();
    if (generation !== this.generation) return;
    const runtime = vega.parse(compiled);
    await nextTask();
    if (generation !== this.generation) return;
    const holder = h("div");
    const view = new vega.View(runtime, { renderer: "svg", container: holder, hover: true });
    if (this.onPick) {
      const pick = this.onPick;
      view.addEventListener("click", (_event, item) => {
        const lab = (item as { datum?: { lab?: unknown } } | null | undefined)?.datum?.lab;
        if (typeof lab === "string") pick(lab);
      });
    }
    await view.runAsync();
    if (generation !== this.generation) {
      view.finalize();
      return;
    }
    this.view?.finalize();
    this.view = view;
    this.drawing = false;
    this.element.replaceChildren(...holder.childNodes);
    this.element.classList.toggle("pickable", Boolean(this.onPick));
    for (const b of this.buttons) b.disabled = false;
  }

  /**
   * Sets a parameter of the drawn chart (the sweep's marker) without drawing it again; false
   * when there is no drawn chart with that parameter, or a newer drawing is on its way.
   */
  setSignal(name: string, value: number): boolean {
    const view = this.view;
    if (!view || this.drawing) return false;
    try {
      view.signal(name, value);
    } catch {
      return false;
    }
    void view.runAsync();
    return true;
  }

  clear(message = ""): void {
    this.generation++;
    this.spec = null;
    this.drawing = false;
    this.view?.finalize();
    this.view = null;
    this.element.replaceChildren(message ? h("p", { class: "note" }, message) : "");
    for (const b of this.buttons) b.disabled = true;
  }

  /** The chart's SVG text (as the command line writes it), or null before the first draw. */
  private async svg(): Promise<string | null> {
    return this.view ? this.view.toSVG() : null;
  }

  private async downloadSvg(): Promise<void> {
    const svg = await this.svg();
    if (svg) download(`${this.file}.svg`, svg, "image/svg+xml");
  }

  private async downloadPng(): Promise<void> {
    if (!this.view) return;
    const url = await this.view.toImageURL("png", 2);
    const blob = await (await fetch(url)).blob();
    download(`${this.file}.png`, blob, "image/png");
  }
}
