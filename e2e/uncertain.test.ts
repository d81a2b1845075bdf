/**
 * Under uncertainty in the page: a number marked uncertain over a range is sampled in the worker
 * and each lab's probability to open is the one `uncertain` computes in Node for the same plan
 * (same seed, same samples); a long run is cancelled at once and keeps what it had.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { markUncertain, nodeScenario, nodeUncertainLabs, readExample, solved } from "./browser.js";
import { startExplorer, statusSays, type Explorer } from "./chromium.js";

let explorer: Explorer;
beforeAll(async () => {
  explorer = await startExplorer();
});
afterAll(async () => {
  await explorer?.close();
});

/** The core's answer in Node for the plan the page builds. */
const nodeProbabilities = (samples: number) => nodeUncertainLabs(nodeScenario(readExample("three-lab-race")), "players.underdog.communityGain", 0.5, 4, samples);

const cellP = (page: import("playwright-core").Page, lab: string, outcome: string) => page.locator(`tr[data-lab="${lab}"] td[data-outcome="${outcome}"]`).getAttribute("data-p");

const markGain = (page: import("playwright-core").Page, samples: string) => markUncertain(page, "players.underdog.communityGain", "0.5", "4", samples);

describe("under uncertainty", () => {
  it("samples an uncertain gain in the worker: the probabilities the core gives in Node", async () => {
    const page = await explorer.open();
    await solved(page);
    await markGain(page, "200");
    await page.locator("#uncertain-run").click();
    await statusSays(page, "uncertain-status", /Done: 200 samples/);
    const expected = await nodeProbabilities(200);
    for (const lab of ["leader", "challenger", "underdog"])
      for (const outcome of ["opensInEvery", "opensInSome"] as const) expect(Number(await cellP(page, lab, outcome))).toBe(expected[lab][outcome].p);
    // The set of equilibria changes at gain 1 and 3: the leader opens in some equilibrium only below 1 (1/7 of the range).
    expect(Math.abs(Number(await cellP(page, "leader", "opensInSome")) - 1 / 7)).toBeLessThan(0.1);
    await page.waitForSelector("#uncertain-chart svg");
    expect(page.errors).toEqual([]);
    await page.close();
  });

  it("cancels a long run at once, keeping the samples done", async () => {
    const page = await explorer.open();
    await solved(page);
    await markGain(page, "100000");
    await page.locator("#uncertain-run").click();
    await statusSays(page, "uncertain-status", /\d+ of 100000 samples/);
    await page.locator("#uncertain-cancel").click();
    await statusSays(page, "uncertain-status", /Stopped after \d+ of 100000 samples/, 2_000);
    expect(await page.locator('tr[data-lab="leader"]').count()).toBe(1);
    expect(page.errors).toEqual([]);
    await page.close();
  });

  it("refuses a range whose ends are the wrong way round", async () => {
    const page = await explorer.open();
    await solved(page);
    await markGain(page, "10");
    await page.locator(".uncertain-to").first().fill("0.1");
    await page.locator("#uncertain-run").click();
    await expect.poll(() => page.locator("#uncertain-error").textContent()).toContain("players.underdog.communityGain");
    await page.close();
  });
});
