/**
 * The page on every core (issue 15): branch and propagate's subtrees, sweeps' points and
 * samples on Web Workers started by the solver worker (the core's pool, src/analysis/pool.ts;
 * web/src/pool.ts). The page lists exactly the equilibria the core lists in Node, says how many
 * workers ran, gives sweeps and samples exactly as one thread does, and Cancel ends the pool's
 * workers with the solver's.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomScenario, solveDiscrete, solvePoint, type SweepSpec } from "../src/index.js";
import { markUncertain, nodeProfiles, nodeScenario, nodeUncertainLabs, readExample, saveDownload, shownProfiles, solved } from "./browser.js";
import { scenarioLink, startExplorer, statusSays, type Explorer, type ExplorerPage } from "./chromium.js";

let explorer: Explorer;
/** The page's navigator.hardwareConcurrency: its default number of pool workers. */
let cores: number;
beforeAll(async () => {
  explorer = await startExplorer();
  const page = await explorer.open();
  cores = await page.evaluate(() => navigator.hardwareConcurrency);
  await page.close();
});
afterAll(async () => {
  await explorer?.close();
});

/** The pool's workers (web/src/pool-worker.ts) the page has started, and how many still run. */
function poolWorkers(page: ExplorerPage) {
  const started = () => page.workersStarted.filter((w) => /pool-worker/.test(w.url));
  return { started: () => started().length, running: () => started().filter((w) => !w.closed).length };
}

describe("the parallel search", () => {
  // A dense 22-lab race (`generate random --players 22 --seed 3 --max-community-gain 1
  // --cost-probability 0 --spillover-density 1`) whose tree the split cuts into 282 boxes.
  const race = JSON.stringify(randomScenario({ players: 22, seed: 3, maxCommunityGain: 1, costProbability: 0, spilloverDensity: 1 }));

  it("splits branch and propagate over the pool's workers and lists exactly the equilibria enumeration lists", async () => {
    // One worker per core, asked for (the default starts them only for a long search); two at least, so that the pool is used.
    const workers = Math.max(2, cores);
    const page = await explorer.open(`${scenarioLink(race)}&method=propagate&workers=${workers}`);
    const pool = poolWorkers(page);
    const status = await solved(page);
    const expected = await nodeProfiles(race, solveDiscrete, { method: "enumerate", welfare: false });
    expect(expected.length).toBeGreaterThan(1);
    expect(await shownProfiles(page)).toEqual(expected);
    expect(status).toMatch(new RegExp(`^${expected.length} equilibria · discrete game · method propagate · ${workers} workers ·`));
    expect(pool.started()).toBe(workers);
    // Their work done, the pool's workers are ended.
    await expect.poll(pool.running).toBe(0);
    expect(await page.locator("#workers").inputValue()).toBe(String(workers));
    expect(page.errors).toEqual([]);
    await page.close();
  });

  it("by default lists the same equilibria, and says how many workers it started (none for a search that looks short)", async () => {
    const page = await explorer.open(`${scenarioLink(race)}&method=propagate`);
    const pool = poolWorkers(page);
    const status = await solved(page);
    expect(await shownProfiles(page)).toEqual(await nodeProfiles(race, solveDiscrete, { method: "propagate", welfare: false }));
    // Whether the probe's first boxes make the rest look longer than 3 s depends on this machine's speed.
    const started = pool.started();
    expect(started === 0 || started === cores).toBe(true);
    expect(status).toContain(`method propagate · ${started === 0 ? "in one thread" : `${started} workers`} ·`);
    // A number of workers that is not one is refused in words, and not used.
    await page.getByText("Method and limits").click();
    await page.locator("#workers").fill("two");
    await page.locator("#workers").dispatchEvent("change");
    await expect.poll(() => page.locator("#limit-error").textContent()).toContain("Workers: a whole number from 1");
    await page.close();
  });

  it("Cancel during a split search ends the pool's workers too", async () => {
    // A dense 36-lab race whose search takes half a minute (348,411 nodes in one thread), so
    // that a pool worker is in the middle of a chunk of boxes when Cancel comes: it must end
    // anyway (serveChunks returns to its event loop between boxes).
    const long = JSON.stringify(randomScenario({ players: 36, seed: 1, maxCommunityGain: 1, costProbability: 0, spilloverDensity: 1 }));
    const page = await explorer.open(`${scenarioLink(long)}&method=propagate&workers=2`);
    const pool = poolWorkers(page);
    await expect.poll(() => pool.running(), { timeout: 20_000 }).toBe(2);
    await page.locator("#cancel-solve").click();
    await expect.poll(() => page.locator("#solve-status").textContent()).toMatch(/^Solve cancelled/);
    await expect.poll(pool.running).toBe(0);
    await page.close();
  });
});

describe("sweeps and sampling on the pool", () => {
  it("a line sweep and a sampling on two workers give exactly what one thread gives, in index order", async () => {
    const page = await explorer.open("#workers=2");
    const pool = poolWorkers(page);
    await solved(page);
    // The worked example's line sweep starts by itself: 41 points, 8 here and the rest on two workers.
    await statusSays(page, "line-status", /41 points solved/);
    const { bytes } = await saveDownload(page, page.locator("#download-line-json"));
    const document = JSON.parse(bytes.toString("utf8")) as { sweep: SweepSpec; points: unknown[] };
    const scenario = nodeScenario(readExample("three-lab-race"));
    const expected = [];
    for (let k = 0; k < document.sweep.size; k++) expected.push(await solvePoint(document.sweep, scenario, k, {}));
    expect(document.points).toEqual(JSON.parse(JSON.stringify(expected)));
    expect(pool.started()).toBeGreaterThanOrEqual(2);
    await expect.poll(pool.running).toBe(0);

    // Sampling an uncertain gain: 200 samples, the statistics of `uncertain` in Node.
    const before = pool.started();
    await markUncertain(page, "players.underdog.communityGain", "0.5", "4", "200");
    await page.locator("#uncertain-run").click();
    await statusSays(page, "uncertain-status", /Done: 200 samples/);
    // At least the sampling's two: other work the page starts meanwhile may start some too
    // (a CI run once counted 4 new workers here).
    expect(pool.started()).toBeGreaterThanOrEqual(before + 2);
    const labs = await nodeUncertainLabs(scenario, "players.underdog.communityGain", 0.5, 4, 200);
    for (const lab of ["leader", "challenger", "underdog"])
      for (const outcome of ["opensInEvery", "opensInSome"] as const)
        expect(Number(await page.locator(`tr[data-lab="${lab}"] td[data-outcome="${outcome}"]`).getAttribute("data-p"))).toBe(labs[lab][outcome].p);
    expect(page.errors).toEqual([]);
    await page.close();
  });
});
