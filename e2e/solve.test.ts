/**
 * Solving in the browser: the worked example's two equilibria, the tiered and continuous games,
 * HiGHS (WebAssembly) for the MIP methods, best-by-objective, and the explain panel; every
 * answer compared with the same core run here in Node.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildGame, describeIncentive, explainProfile, solveContinuous, solveDiscrete, solveMixed } from "../src/index.js";
import { nodeProfiles, nodeScenario, readExample, saveDownload, shownProfiles, solved } from "./browser.js";
import { scenarioLink, startExplorer, statusSays, type Explorer } from "./chromium.js";

let explorer: Explorer;
beforeAll(async () => {
  explorer = await startExplorer();
});
afterAll(async () => {
  await explorer?.close();
});

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
    expect(await shownProfiles(page)).toEqual(await nodeProfiles(text));
    expect(await shownProfiles(page)).toEqual(["0,0,1", "0,1,1"]);
    await page.close();
  });

  it("explains a lab's incentive term by term, as explain does", async () => {
    const page = await explorer.open();
    await solved(page);
    await page.locator("table.detail").getByRole("button", { name: "underdog" }).click();
    const game = buildGame(nodeScenario(readExample("three-lab-race")));
    const incentive = explainProfile(game, [0, 0, 1]).incentives[2];
    await expect.poll(() => page.locator("#explain").textContent()).toContain(describeIncentive(incentive));
    expect(await page.locator("#explain h4").textContent()).toBe("Why underdog is open");
    // The second equilibrium, picked from the table, is shown lab by lab.
    await page.getByRole("button", { name: "Show equilibrium 2" }).click();
    await expect.poll(() => page.locator("#detail-title").textContent()).toBe("Equilibrium 2: challenger, underdog open");
    await page.close();
  });

  it("the table shows each lab's choice, capability or payoff", async () => {
    const page = await explorer.open();
    await solved(page);
    const firstRow = () => page.locator('[data-profile="0,0,1"] td.level').allTextContents();
    expect(await firstRow()).toEqual(["closed", "closed", "open"]);
    await page.getByLabel("capability", { exact: true }).check();
    await expect.poll(firstRow).toEqual(["10", "9", "10"]);
    await page.getByLabel("payoff", { exact: true }).check();
    await expect.poll(firstRow).toEqual(["0", "-1", "0"]);
    expect(await shownProfiles(page)).toEqual(["0,0,1", "0,1,1"]);
    await page.close();
  });
});

describe("games and methods", () => {
  it("tiered: the open-weights example's middle tier", async () => {
    const text = readExample("open-weights");
    const page = await explorer.open(scenarioLink(text));
    await solved(page);
    expect(await shownProfiles(page)).toEqual(await nodeProfiles(text));
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
    expect(await shownProfiles(page)).toEqual(await nodeProfiles(text, solveContinuous));
    expect(Number((await shownProfiles(page))[0].split(",")[0])).toBeCloseTo(2 / 3, 9);
    // The uniqueness check (HiGHS's dual bound, in WebAssembly) proves it the only one.
    expect((await page.locator("#results").textContent())?.replace(/\s+/g, " ")).toContain("This is the only equilibrium (proven:");
    await page.close();
  });

  it("the MIP methods run HiGHS (WebAssembly) in the browser", async () => {
    const text = readExample("behind-labs-open");
    const page = await explorer.open(`${scenarioLink(text)}&method=mip`);
    const status = await solved(page);
    expect(status).toContain("method mip");
    expect(await shownProfiles(page)).toEqual(await nodeProfiles(text));
    // The continuous game's KKT MIP too.
    await page.selectOption("#game", "continuous");
    await expect.poll(() => page.locator("#solve-status").textContent(), { timeout: 20_000 }).toMatch(/continuous game · method mip/);
    expect(await shownProfiles(page)).toEqual(await nodeProfiles(text, solveContinuous, { method: "mip" }));
    expect(page.errors).toEqual([]);
    await page.close();
  });

  it("non-trivial, and best by an objective", async () => {
    const text = readExample("three-lab-race");
    const page = await explorer.open(`${scenarioLink(text)}&which=best&objective=welfare&sense=min`);
    await solved(page);
    expect(await shownProfiles(page)).toEqual(await nodeProfiles(text, solveDiscrete, { objective: "welfare", sense: "min" }));
    expect(await page.locator("#results").textContent()).toContain("Lowest welfare over the equilibria: 29.");
    await page.selectOption("#which", "nontrivial");
    await expect.poll(() => page.locator("#objective-fields").isHidden()).toBe(true);
    await expect.poll(() => shownProfiles(page)).toEqual(["0,0,1", "0,1,1"]);
    expect(page.url()).toContain("which=nontrivial");
    await page.close();
  });
});

describe("downloads", () => {
  it("results as solve --json's document and as CSV; the chart as SVG and PNG; the scenario as a file", async () => {
    const page = await explorer.open();
    await solved(page);
    await page.waitForSelector("#capability-chart svg");
    const save = (button: import("playwright-core").Locator) => saveDownload(page, button);
    const json = await save(page.locator("#download-results-json"));
    expect(json.name).toBe("three-lab-race-equilibria.json");
    const document = JSON.parse(json.bytes.toString("utf8"));
    const node = await solveDiscrete(buildGame(nodeScenario(readExample("three-lab-race"))));
    expect(Object.keys(document)).toEqual(["scenario", "game", "players", "tiers", "method", "complete", "stopReason", "exists", "equilibria", "welfare", "stats"]);
    expect(document.scenario).toBe("Three-lab race");
    expect(document.equilibria).toEqual(node.equilibria);
    expect(document.welfare).toEqual(node.welfare);

    const csv = (await save(page.locator("#download-results-csv"))).bytes.toString("utf8").trim().split("\n");
    expect(csv[0]).toBe("equilibrium,leader_openness,challenger_openness,underdog_openness,leader_capability,challenger_capability,underdog_capability,leader_payoff,challenger_payoff,underdog_payoff,nonTrivial,exploitability");
    expect(csv[1]).toBe("1,0,0,1,10,9,10,0,-1,0,true,0");

    const tools = page.locator("#capability-chart .chart-tools");
    const svg = await save(tools.getByRole("button", { name: "SVG" }));
    expect(svg.name).toBe("three-lab-race-capabilities-1.svg");
    // Equilibrium 1 of the node solve's count, (0, 0, 1): the underdog opens.
    expect(svg.bytes.toString("utf8")).toMatch(new RegExp(`^<svg[\\s\\S]*Equilibrium 1 of ${node.equilibria.length}: underdog opens[\\s\\S]*</svg>$`));
    const png = await save(tools.getByRole("button", { name: "PNG" }));
    expect(png.name).toBe("three-lab-race-capabilities-1.png");
    expect([...png.bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

    const file = await save(page.locator("#download-scenario"));
    expect(file.name).toBe("three-lab-race.json");
    const { $schema: _, ...example } = JSON.parse(readExample("three-lab-race"));
    expect(JSON.parse(file.bytes.toString("utf8"))).toEqual(example);

    // The sweep, as sweep --json and sweep --out's CSV.
    await statusSays(page, "line-status", /41 points solved/);
    const sweep = JSON.parse((await save(page.locator("#download-line-json"))).bytes.toString("utf8"));
    expect(sweep.sweep.vary).toEqual([{ path: "spillover.absorptive", from: 0, to: 1, steps: 41 }]);
    expect(sweep.points).toHaveLength(41);
    const sweepCsv = (await save(page.locator("#download-line-csv"))).bytes.toString("utf8");
    expect(sweepCsv.split("\n")[0]).toMatch(/^index,spillover.absorptive,exists,equilibria,welfare_min/);
    await page.close();
  });

  it("uploads a scenario file", async () => {
    const page = await explorer.open();
    await solved(page);
    await page.locator("#upload").setInputFiles({ name: "race.json", mimeType: "application/json", buffer: Buffer.from(readExample("costly-leader")) });
    await expect.poll(() => shownProfiles(page)).toEqual(await nodeProfiles(readExample("costly-leader")));
    expect(await page.getByLabel("Scenario name").inputValue()).toBe(nodeScenario(readExample("costly-leader")).name);
    await page.close();
  });
});

describe("no pure equilibrium (matching pennies)", () => {
  it("shows the mixed equilibrium's probabilities, as solve --concept mixed finds them", async () => {
    const text = readExample("matching-pennies");
    const page = await explorer.open(scenarioLink(text));
    const status = await solved(page);
    expect(status).toMatch(/^No equilibrium/);
    const section = page.locator("section.mixed");
    await section.waitFor();
    const [mixed] = solveMixed(buildGame(nodeScenario(text))).equilibria;
    const ids = nodeScenario(text).players.map((p) => p.id);
    for (const [i, id] of ids.entries()) {
      const cells = await section.locator(`tr[data-lab="${id}"] td[data-probability]`).evaluateAll((tds) => tds.map((td) => Number(td.getAttribute("data-probability"))));
      expect(cells).toHaveLength(2);
      cells.forEach((q, l) => expect(q).toBeCloseTo(mixed.strategies[i][l], 9));
    }
    expect(await section.locator("p.reading").textContent()).toMatch(/^No pure equilibrium; in the mixed equilibrium alpha opens with probability 0\.50, beta opens with probability 0\.50/);
    expect(page.errors).toEqual([]);
    await page.close();
  });
});
