/**
 * The explorer in a real browser, for the browser tests and the web benchmark: web/dist served
 * by Vite's preview server on a free local port, and Debian's Chromium driven by playwright-core
 * (`.ci/run` installs the chromium package; Playwright's own browser downloads are never used).
 * No DOM types here (the benchmark is type-checked without them): code for the page is text.
 */
import { existsSync } from "node:fs";
import { chromium, type Browser, type Page } from "playwright-core";
import { preview, type PreviewServer } from "vite";

/** Debian's Chromium, as the browser tests and the web benchmark launch it (`.ci/run` installs it). */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
/** Headless, and quiet: no background connections (the machines have no open network). */
export const CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"];

const DIST = new URL("../web/dist/index.html", import.meta.url);

export interface Explorer {
  readonly url: string;
  readonly browser: Browser;
  /** A new page at the explorer (with an optional `#fragment`), errors and the workers it starts collected. */
  open(hash?: string, viewport?: { width: number; height: number }): Promise<ExplorerPage>;
  close(): Promise<void>;
}

/** A page of the explorer: the errors it logged, and every worker it started (the solver's and the pool's, nested ones too). */
export type ExplorerPage = Page & { errors: string[]; workersStarted: { url: string; closed: boolean }[] };

export async function startExplorer(): Promise<Explorer> {
  if (!existsSync(DIST)) throw new Error("web/dist is missing: run `npm run build:web` (npm run test:e2e does)");
  const server: PreviewServer = await preview({
    configFile: new URL("../web/vite.config.ts", import.meta.url).pathname,
    preview: { port: 0, host: "127.0.0.1", strictPort: false },
    logLevel: "silent",
  });
  const url = server.resolvedUrls?.local[0];
  if (!url) throw new Error("the preview server has no address");
  // Playwright gives each launch a fresh, empty profile directory of its own.
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  return {
    url,
    browser,
    async open(hash = "", viewport = { width: 1280, height: 800 }) {
      const page = (await browser.newPage({ viewport })) as ExplorerPage;
      page.errors = [];
      page.workersStarted = [];
      page.on("worker", (worker) => {
        const seen = { url: worker.url(), closed: false };
        page.workersStarted.push(seen);
        worker.on("close", () => (seen.closed = true));
      });
      page.on("pageerror", (error) => page.errors.push(error.message));
      page.on("console", (message) => {
        if (message.type() === "error") page.errors.push(message.text());
      });
      await page.goto(url + hash);
      return page;
    },
    async close() {
      await browser.close();
      await server.close();
    },
  };
}

/** The link fragment for a scenario (INTERFACE.md): base64url of its JSON text, no padding. */
export function scenarioLink(json: string): string {
  return `#scenario=${Buffer.from(json, "utf8").toString("base64url")}`;
}

/** Waits until the text of element `id` matches `pattern` (a sweep's status, say). */
export function statusSays(page: Page, id: string, pattern: RegExp, timeout = 30_000) {
  return page.waitForFunction(`${pattern}.test(document.getElementById(${JSON.stringify(id)})?.textContent ?? "")`, undefined, { timeout });
}
