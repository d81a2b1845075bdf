/**
 * Exact thresholds in the explorer (issue 13): the slider marks the breakpoints of the number it
 * moves, as `openrace thresholds` computes them, and a picked lab's panel says what would change
 * its choice in the words `openrace explain` prints.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { choiceMargins, choiceSentence, thresholds, thresholdFinding } from "../src/index.js";
import { nodeScenario, readExample, solved } from "./browser.js";
import { startExplorer, type Explorer } from "./chromium.js";

let explorer: Explorer;
beforeAll(async () => {
  explorer = await startExplorer();
});
afterAll(async () => {
  await explorer?.close();
});

describe("thresholds in the explorer", () => {
  it("marks the exact breakpoints of the slider's number and reads them as the CLI does", async () => {
    const page = await explorer.open();
    await solved(page);
    const path = await page.locator("#line-path").inputValue();
    const [from, to] = [Number(await page.locator("#line-from").inputValue()), Number(await page.locator("#line-to").inputValue())];
    const scenario = nodeScenario(readExample("three-lab-race"));
    const expected = await thresholds({ scenario }, path, from, to);
    expect(expected.breakpoints.length).toBeGreaterThan(0);
    const marks = () => page.locator("#slider-breakpoints span").evaluateAll((spans) => spans.map((s) => Number(s.getAttribute("data-breakpoint"))));
    await expect.poll(marks).toEqual(expected.breakpoints);
    const finding = thresholdFinding(expected, scenario.players.map((p) => p.id), "the absorptive rate");
    await expect.poll(() => page.locator("#breakpoints-text").textContent()).toContain(finding[0]);
    // Another number: the marks follow.
    await page.locator("#line-path").selectOption("players.underdog.communityGain");
    const gain = await thresholds({ scenario }, "players.underdog.communityGain", Number(await page.locator("#line-from").inputValue()), Number(await page.locator("#line-to").inputValue()));
    await expect.poll(marks).toEqual(gain.breakpoints);
    expect(page.errors).toEqual([]);
    await page.close();
  });

  it("a picked lab's panel says what would change its choice, as explain does", async () => {
    const page = await explorer.open();
    await solved(page);
    await page.getByRole("button", { name: "Show equilibrium 2" }).click();
    await page.locator("table.detail").getByRole("button", { name: "leader" }).click();
    const scenario = nodeScenario(readExample("three-lab-race"));
    const sentence = choiceSentence("leader", 0, choiceMargins({ scenario }, [0, 1, 1], 0));
    await expect.poll(() => page.locator('#explain p.margins[data-lab="leader"]').textContent()).toBe(sentence);
    expect(sentence).toContain("leader stays closed while its gain is at most 2");
    expect(page.errors).toEqual([]);
    await page.close();
  });
});
