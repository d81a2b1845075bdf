/**
 * What the browser tests read from the page, and the same answers from the core here in Node.
 * The explorer itself is started by chromium.ts.
 */
import { readFileSync } from "node:fs";
import type { Locator, Page } from "playwright-core";
import {
  accumulate,
  buildGame,
  emptyState,
  makePlan,
  parseScenarioText,
  solveDiscrete,
  UncertainModel,
  uncertainDocument,
  validateScenario,
  type SampleOutcome,
  type Scenario,
  type SolveOptions,
} from "../src/index.js";

/** The profiles of the equilibria table, as its rows' `data-profile` attributes. */
export async function shownProfiles(page: Page): Promise<string[]> {
  return page.locator("[data-profile]").evaluateAll((rows) => rows.map((row) => row.getAttribute("data-profile") ?? ""));
}

/** Waits until a solve has finished (the status names the equilibria, or says why none). */
export async function solved(page: Page, timeout = 20_000): Promise<string> {
  await page.waitForFunction(() => /equilibri|Not solved|cancelled|error/.test(document.getElementById("solve-status")?.textContent ?? "") && !document.getElementById("results")?.hasAttribute("aria-busy"), undefined, { timeout });
  return (await page.locator("#solve-status").textContent()) ?? "";
}

/** Clicks a download button and reads the file the page saves: its suggested name and bytes. */
export async function saveDownload(page: Page, button: Locator): Promise<{ name: string; bytes: Buffer }> {
  const [download] = await Promise.all([page.waitForEvent("download"), button.click()]);
  const stream = await download.createReadStream();
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return { name: download.suggestedFilename(), bytes: Buffer.concat(chunks) };
}

export const readExample = (name: string) => readFileSync(new URL(`../examples/${name}.json`, import.meta.url), "utf8");

/** A scenario (JSON text, or a parsed value) validated by the core here in Node. */
export function nodeScenario(input: unknown): Scenario {
  const parsed = typeof input === "string" ? parseScenarioText(input) : validateScenario(input);
  if (!parsed.ok) throw new Error(`invalid scenario: ${JSON.stringify(parsed.problems)}`);
  return parsed.value;
}

/** The equilibria the core finds here in Node, as the page's `data-profile` strings (`solve --json`'s numbers). */
export async function nodeProfiles(input: unknown, solve = solveDiscrete, options: SolveOptions = {}): Promise<string[]> {
  const result = await solve(buildGame(nodeScenario(input)), options);
  return result.equilibria.map((e) => e.profile.map((v) => JSON.stringify(v)).join(","));
}

/** Marks one number uncertain in the page's panel, uniform on [from, to], with a number of samples (not yet run). */
export async function markUncertain(page: Page, path: string, from: string, to: string, samples: string): Promise<void> {
  await page.locator("#uncertain-add").click();
  await page.locator(".uncertain-path").first().selectOption(path);
  await page.locator(".uncertain-from").first().fill(from);
  await page.locator(".uncertain-to").first().fill(to);
  await page.locator("#uncertain-samples").fill(samples);
}

/** The probabilities `uncertain` computes in Node (seed 1, the page's defaults) for one number uniform on [from, to]. */
export async function nodeUncertainLabs(scenario: Scenario, path: string, from: number, to: number, samples: number) {
  const plan = makePlan(scenario.name ?? "scenario", { scenario }, [{ path, distribution: { uniform: [from, to] } }], { samples, seed: 1, qmc: false, sensitivity: false, game: "discrete" });
  const model = new UncertainModel(plan, { scenario });
  const state = emptyState(model);
  for (let k = 0; k < samples; k++) accumulate(state, model, (await model.evaluate(k)) as Extract<SampleOutcome, { evaluations: unknown }>);
  return uncertainDocument(state, samples, true).labs as Record<string, { opensInEvery: { p: number }; opensInSome: { p: number } }>;
}
