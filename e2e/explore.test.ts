/**
 * Exploring: the slider sets a scenario number, re-solves, and moves the line chart; the phase
 * diagram colours regions by who opens; shared links reopen the same state; a long solve is
 * cancelled and the page answers at once.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildGame, Propagator, randomScenario, solveDiscrete, validateScenario, type ScenarioInput } from "../src/index.js";
import { nodeProfiles, readExample, shownProfiles, solved } from "./browser.js";
import { scenarioLink, startExplorer, statusSays, type Explorer } from "./chromium.js";

let explorer: Explorer;
beforeAll(async () => {
  explorer = await startExplorer();
});
afterAll(async () => {
  await explorer?.close();
});

const lineChart = (page: import("playwright-core").Page) => page.locator("#line-chart svg").evaluate((svg) => svg.outerHTML);

describe("the slider", () => {
  it("sets the number, re-solves, and moves the chart", async () => {
    const page = await explorer.open();
    await solved(page);
    await statusSays(page, "line-status", /41 points solved/);
    await page.waitForSelector("#line-chart svg");
    expect(await page.locator("#line-path").inputValue()).toBe("spillover.absorptive");
    const before = await lineChart(page);
    expect(before).toContain("spillover.absorptive");

    // Move it to the far right by keyboard: the absorptive rate becomes 1.
    await page.locator("#slider").focus();
    await page.keyboard.press("End");
    await expect.poll(() => page.getByLabel("Absorptive rate r").inputValue()).toBe("1");
    expect(await page.locator("#slider-value").textContent()).toBe("1");
    const scenario = JSON.parse(readExample("three-lab-race"));
    scenario.spillover = { absorptive: 1 };
    const expected = await nodeProfiles(scenario);
    await expect.poll(() => shownProfiles(page)).toEqual(expected);
    expect(expected).not.toEqual(["0,0,1", "0,1,1"]);
    await expect.poll(() => lineChart(page)).not.toBe(before);
    // The link follows the slider.
    expect(decodeURIComponent(page.url())).toContain("#scenario=");
    const linked = JSON.parse(Buffer.from(new URL(page.url()).hash.match(/scenario=([^&]*)/)![1], "base64url").toString("utf8"));
    expect(linked.spillover).toEqual({ absorptive: 1 });

    // Dragging (a value set directly) re-solves too.
    const middle = await lineChart(page);
    await page.locator("#slider").fill("4");
    await expect.poll(() => page.getByLabel("Absorptive rate r").inputValue()).toBe("0.1");
    scenario.spillover = { absorptive: 0.1 };
    await expect.poll(() => shownProfiles(page)).toEqual(await nodeProfiles(scenario));
    await expect.poll(() => lineChart(page)).not.toBe(middle);
    expect(page.errors).toEqual([]);
    await page.close();
  });

  it("varies a lab's gain over a chosen range; the phase diagram shows who opens", async () => {
    const page = await explorer.open();
    await solved(page);
    await page.selectOption("#line-path", "players.underdog.communityGain");
    await page.locator("#line-to").fill("6");
    await page.locator("#line-to").press("Tab");
    await statusSays(page, "line-status", /41 points solved/);
    await expect.poll(() => page.locator("#line-chart svg").evaluate((svg) => svg.textContent)).toContain("players.underdog.communityGain");
    expect(page.url()).toContain("line=players.underdog.communityGain=0:6:41");
    // The phase diagram draws itself for a race this small.
    await statusSays(page, "phase-status", /441 points solved/, 30_000);
    await expect.poll(() => page.locator("#phase-chart svg").evaluate((svg) => svg.textContent)).toContain("labs that open");
    const labels = await page.locator("#phase-chart svg").evaluate((svg) => svg.textContent ?? "");
    expect(labels).toContain("underdog");
    await page.close();
  });
});

describe("shared links", () => {
  it("a link reopens the same scenario, settings and results", async () => {
    const page = await explorer.open();
    await solved(page);
    await page.getByLabel("Community gain of underdog (lab 3)").fill("2.5");
    await page.getByLabel("Open cost of challenger (lab 2)").fill("0.25");
    await page.selectOption("#which", "nontrivial");
    await solved(page);
    await expect.poll(() => page.url()).toContain("which=nontrivial");
    const link = page.url();
    const profiles = await shownProfiles(page);
    const json = await page.locator("#json").inputValue();

    const again = await explorer.open(new URL(link).hash);
    await solved(again);
    expect(await shownProfiles(again)).toEqual(profiles);
    expect(await again.locator("#json").inputValue()).toBe(json);
    expect(await again.getByLabel("Community gain of underdog (lab 3)").inputValue()).toBe("2.5");
    expect(await again.locator("#which").inputValue()).toBe("nontrivial");
    expect(decodeURIComponent(again.url()).replace(/scenario=[^&]*/, "")).toBe(decodeURIComponent(link).replace(/scenario=[^&]*/, ""));
    expect(again.url()).toBe(link);
    expect(profiles).toEqual(await nodeProfiles(json, solveDiscrete, { nonTrivial: true }));
    await page.close();
    await again.close();
  });

  it("accepts padding, and UTF-8 names; a bad link says so", async () => {
    const scenario = JSON.parse(readExample("three-lab-race"));
    scenario.name = "Course à l'IA — 三";
    const padded = Buffer.from(JSON.stringify(scenario), "utf8").toString("base64").replace(/\+/g, "-").replace(/\//g, "_");
    const page = await explorer.open(`#scenario=${padded}`);
    await solved(page);
    expect(await page.getByLabel("Scenario name").inputValue()).toBe("Course à l'IA — 三");
    expect(await shownProfiles(page)).toEqual(["0,0,1", "0,1,1"]);

    await page.goto(`${explorer.url}#scenario=%%%not-base64`);
    await expect.poll(() => page.locator("#link-status").textContent()).toContain("cannot be read");
    await page.close();
  });
});

describe("cancelling", () => {
  // A dense 28-lab race that the dominance presolve barely reduces: 2^k profiles to enumerate
  // (minutes), k the labs it leaves free (computed by the core, as the page does).
  const big: ScenarioInput = randomScenario({ players: 28, seed: 1, maxCommunityGain: 1, maxSpillover: 2, spilloverDensity: 1, costProbability: 0 });
  const parsedBig = validateScenario(big);
  if (!parsedBig.ok) throw new Error("invalid race");
  const free = Array.from(new Propagator(buildGame(parsedBig.value)).root()!.mask).filter((m) => m & (m - 1)).length;
  const profilesText = (2 ** free).toLocaleString("en");

  it("a long solve shows progress, is cancelled, and the page answers at once", async () => {
    const page = await explorer.open(`${scenarioLink(JSON.stringify(big))}&method=enumerate`);
    await page.waitForSelector("#progress-box:not([hidden])", { timeout: 15_000 });
    expect(free).toBeGreaterThanOrEqual(22);
    await expect.poll(() => page.locator("#solve-progress-text").textContent()).toContain(`% of ${profilesText} profiles checked`);
    // The main thread is free while the worker solves.
    const started = Date.now();
    await page.evaluate(() => 1 + 1);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(await page.locator("#cancel-solve").isEnabled()).toBe(true);
    await page.locator("#cancel-solve").click();
    await expect.poll(() => page.locator("#solve-status").textContent()).toMatch(/^Solve cancelled/);
    expect(await page.locator("#progress-box").isHidden()).toBe(true);
    expect(await page.locator("#cancel-solve").isDisabled()).toBe(true);
    expect(await shownProfiles(page)).toEqual([]);
    // And it works again: the worked example, solved by a fresh worker.
    await page.selectOption("#example", "three-lab-race");
    await expect.poll(() => shownProfiles(page)).toEqual(["0,0,1", "0,1,1"]);
    await page.close();
  });

  it("an edit that breaks the scenario stops a long solve and says why nothing is solved", async () => {
    const page = await explorer.open(`${scenarioLink(JSON.stringify(big))}&method=enumerate`);
    await page.waitForSelector("#progress-box:not([hidden])", { timeout: 15_000 });
    await page.getByLabel("Community gain of lab0 (lab 1)").fill("-1");
    await expect.poll(() => page.locator("#solve-status").textContent()).toMatch(/^Not solved: the scenario has a problem/);
    expect(await page.locator("#progress-box").isHidden()).toBe(true);
    await page.close();
  });
});

describe("named tiers and shared numbers (issue 12)", () => {
  it("the tables and the line chart use a tier's name; a field of every lab is a slider choice", async () => {
    const page = await explorer.open(scenarioLink(readExample("open-weights")));
    await solved(page);
    expect(await shownProfiles(page)).toEqual(await nodeProfiles(readExample("open-weights")));
    await expect.poll(() => page.locator("[data-profile]").first().textContent()).toContain("open weights");
    expect(await page.locator("[data-profile]").first().textContent()).not.toContain("50% open");
    const options = await page.locator("#line-path option").evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
    expect(options).toContain("players.*.communityGain");
    expect(options).toContain("spilloverPairs.frontier.newcomer");
    await statusSays(page, "line-status", /points solved/);
    await expect.poll(() => lineChart(page)).toContain("open weights in every equilibrium");
  });
});
