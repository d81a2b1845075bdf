/**
 * Solving in the browser: the worked example's two equilibria, the tiered and continuous games,
 * HiGHS (WebAssembly) for the MIP methods, best-by-objective, and the explain panel; every
 * answer compared with the same core run here in Node.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildGame, describeIncentive, explainProfile, parseScenarioText, solveContinuous, solveDiscrete, type Scenario } from "../src/index.js";
import { readExample, scenarioLink, shownProfiles, solved, startExplorer, type Explorer } from "./browser.js";

let explorer: Explorer;
beforeAll(async () => {
  explorer = await startExplorer();
});
afterAll(async () => {
  await explorer?.close();
});

const scenarioOf = (text: string): Scenario => {
  const parsed = parseScenarioText(text);
  if (!parsed.ok) throw new Error("example is invalid");
  return parsed.value;
};
/** Profiles as `solve --json` writes them, joined as the page's data-profile. */
const profilesOf = (eqs: { profile: number[] }[]) => eqs.map((e) => e.profile.map((v) => JSON.stringify(v)).join(","));

describe("the worked example", () => {
  it("opens by default and shows exactly its two equilibria", async () => {
    const page = await explorer.open();
    const status = await solved(page);
    expect(await shownProfiles(page)).toEqual(["0,0,1", "0,1,1"]);
    expect(status).toMatch(/^2 equilibria/);
    expect(await page.locator("#json").inputValue()).toContain('"Three-lab race"');
    // The capability chart is drawn.
    await page.waitForSelector("#capability-chart svg");
    expect(page.errors).toEqual([]);
    await page.close();
  });

  it("from a #scenario= link, solves on load exactly as solve does", async () => {
    const text = readExample("three-lab-race");
    const page = await explorer.open(scenarioLink(text));
    await solved(page);
    const node = await solveDiscrete(buildGame(scenarioOf(text)));
    expect(await shownProfiles(page)).toEqual(profilesOf(node.equilibria));
    expect(await shownProfiles(page)).toEqual(["0,0,1", "0,1,1"]);
    await page.close();
  });

  it("explains a lab's incentive term by term, as explain does", async () => {
    const page = await explorer.open();
    await solved(page);
    await page.locator("table.detail").getByRole("button", { name: "underdog" }).click();
    const game = buildGame(scenarioOf(readExample("three-lab-race")));
    const incentive = explainProfile(game, [0, 0, 1]).incentives[2];
    await expect.poll(() => page.locator("#explain").textContent()).toContain(describeIncentive(incentive));
    expect(await page.locator("#explain h4").textContent()).toBe("Why underdog is open");
    // The second equilibrium, picked from the table, is shown lab by lab.
    await page.getByRole("button", { name: "Show equilibrium 2" }).click();
    await expect.poll(() => page.locator("#detail-title").textContent()).toBe("Equilibrium 2: challenger, underdog open");
    await page.close();
  });
});

describe("games and methods", () => {
  it("tiered: the open-weights example's middle tier", async () => {
    const text = readExample("open-weights");
    const page = await explorer.open(scenarioLink(text));
    await solved(page);
    const node = await solveDiscrete(buildGame(scenarioOf(text)));
    expect(await shownProfiles(page)).toEqual(profilesOf(node.equilibria));
    expect((await shownProfiles(page)).some((p) => p.split(",").includes("0.5"))).toBe(true);
    expect(await page.locator("#solve-status").textContent()).toContain("tiered");
    await page.close();
  });

  it("continuous: the costly leader opens two thirds", async () => {
    const text = readExample("costly-leader");
    const page = await explorer.open(scenarioLink(text));
    await solved(page);
    await page.selectOption("#game", "continuous");
    await expect.poll(() => page.locator("#solve-status").textContent()).toContain("continuous game");
    const node = await solveContinuous(buildGame(scenarioOf(text)));
    expect(await shownProfiles(page)).toEqual(profilesOf(node.equilibria));
    expect(Number((await shownProfiles(page))[0].split(",")[0])).toBeCloseTo(2 / 3, 9);
    await page.close();
  });

  it("the MIP methods run HiGHS (WebAssembly) in the browser", async () => {
    const text = readExample("behind-labs-open");
    const page = await explorer.open(`${scenarioLink(text)}&method=mip`);
    const status = await solved(page);
    expect(status).toContain("method mip");
    const node = await solveDiscrete(buildGame(scenarioOf(text)));
    expect(await shownProfiles(page)).toEqual(profilesOf(node.equilibria));
    // The continuous game's KKT MIP too.
    await page.selectOption("#game", "continuous");
    await expect.poll(() => page.locator("#solve-status").textContent(), { timeout: 20_000 }).toMatch(/continuous game · method mip/);
    const kkt = await solveContinuous(buildGame(scenarioOf(text)), { method: "mip" });
    expect(await shownProfiles(page)).toEqual(profilesOf(kkt.equilibria));
    expect(page.errors).toEqual([]);
    await page.close();
  });

  it("non-trivial, and best by an objective", async () => {
    const text = readExample("three-lab-race");
    const page = await explorer.open(`${scenarioLink(text)}&which=best&objective=welfare&sense=min`);
    await solved(page);
    const game = buildGame(scenarioOf(text));
    const worst = await solveDiscrete(game, { objective: "welfare", sense: "min" });
    expect(await shownProfiles(page)).toEqual(profilesOf(worst.equilibria));
    expect(await page.locator("#results").textContent()).toContain("Lowest welfare over the equilibria: 29.");
    await page.selectOption("#which", "nontrivial");
    await expect.poll(() => page.locator("#objective-fields").isHidden()).toBe(true);
    await expect.poll(() => shownProfiles(page)).toEqual(["0,0,1", "0,1,1"]);
    expect(page.url()).toContain("which=nontrivial");
    await page.close();
  });
});
