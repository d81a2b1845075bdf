/**
 * Editing a scenario: problems are shown at their fields with the validator's own path and
 * message (what `openrace validate` prints), nothing is solved while any remains, and the table,
 * spillover and tier edits reach the solver.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseScenarioText, validateScenario } from "../src/index.js";
import { nodeProfiles, readExample, shownProfiles, solved } from "./browser.js";
import { startExplorer, type Explorer } from "./chromium.js";

let explorer: Explorer;
beforeAll(async () => {
  explorer = await startExplorer();
});
afterAll(async () => {
  await explorer?.close();
});

/** The worked example with one change, as the validator sees it. */
function problemsOf(change: (scenario: Record<string, any>) => void) {
  const value = JSON.parse(readExample("three-lab-race"));
  change(value);
  const parsed = validateScenario(value);
  if (parsed.ok) throw new Error("expected problems");
  return parsed.problems;
}

describe("validation in the page", () => {
  it("a broken field shows the validator's path and message next to it, and nothing is solved", async () => {
    const page = await explorer.open();
    await solved(page);
    const field = page.getByLabel("Community gain of leader (lab 1)");
    await field.fill("-1");
    const [expected] = problemsOf((s) => (s.players[0].communityGain = -1));
    expect(expected.path).toBe("players[0].communityGain");
    const error = page.locator(`[data-error-path="${expected.path}"]`);
    await expect.poll(() => error.count()).toBe(1);
    expect(await error.textContent()).toBe(`${expected.path}: ${expected.message}`);
    // Next to its field: right under the field's row of the labs table, and the field says it is
    // invalid and is described by the message (for screen readers).
    expect(await field.getAttribute("aria-invalid")).toBe("true");
    expect(await field.locator("xpath=ancestor::tr[1]/following-sibling::tr[1]").locator(`[data-error-path="${expected.path}"]`).count()).toBe(1);
    expect((await field.getAttribute("aria-describedby"))?.split(" ")).toContain(await error.getAttribute("id"));
    await expect.poll(() => page.locator("#solve-status").textContent()).toMatch(/^Not solved/);
    expect(await shownProfiles(page)).toEqual([]);
    // The summary lists it; fixing the field brings the equilibria back.
    expect(await page.locator("#problem-summary").textContent()).toContain(`${expected.path}: ${expected.message}`);
    await field.fill("1");
    await expect.poll(() => shownProfiles(page)).toEqual(["0,0,1", "0,1,1"]);
    expect(await page.locator("[data-error-path]").count()).toBe(0);
    await page.close();
  });

  it("text in a number field, unknown rivals and bad tiers: every problem, each with its path", async () => {
    const page = await explorer.open();
    await solved(page);
    await page.getByLabel("Capability of challenger (lab 2)").fill("nine");
    await page.getByLabel("Rivals of underdog (lab 3)").fill("leader, nobody");
    await page.getByLabel("Openness levels (tiers)").fill("0, 2");
    const expected = problemsOf((s) => {
      s.players[1].capability = "nine";
      s.players[2].rivals = ["leader", "nobody"];
      s.tiers = [0, 2];
    });
    expect(expected.map((p) => p.path)).toEqual(expect.arrayContaining(["players[1].capability", "players[2].rivals[1]", "tiers[1]"]));
    await expect.poll(() => page.locator("[data-error-path]").count()).toBe(expected.length);
    for (const problem of expected) {
      const shown = page.locator(`[data-error-path="${problem.path}"]`);
      expect(await shown.textContent()).toBe(`${problem.path}: ${problem.message}`);
    }
    expect(await shownProfiles(page)).toEqual([]);
    await page.close();
  });

  it("JSON with a syntax error, and an unknown field pasted as JSON", async () => {
    const page = await explorer.open();
    await solved(page);
    await page.locator("#json-pane summary").click();
    await page.locator("#json").fill('{"players": [');
    const syntax = page.locator('[data-error-path=""]');
    await expect.poll(() => syntax.count()).toBe(1);
    const parsed = parseScenarioText('{"players": [');
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(await syntax.textContent()).toBe(parsed.problems[0].message);
    await expect.poll(() => page.locator("#solve-status").textContent()).toMatch(/syntax error/);

    const typo = JSON.parse(readExample("three-lab-race"));
    typo.players[1].capabilty = 9;
    await page.locator("#json").fill(JSON.stringify(typo, null, 2));
    const [problem] = problemsOf((s) => (s.players[1].capabilty = 9));
    const shown = page.locator(`[data-error-path="${problem.path}"]`);
    await expect.poll(() => shown.count()).toBe(1);
    expect(await shown.textContent()).toBe(`${problem.path}: ${problem.message}`);
    expect(problem.message).toContain("did you mean");
    await page.close();
  });
});

describe("editing", () => {
  it("adds and removes labs, switches the spillover to a matrix, and solves what it shows", async () => {
    const page = await explorer.open();
    await solved(page);
    await page.getByRole("button", { name: "Add a lab" }).click();
    await expect.poll(() => page.getByLabel("Lab id of lab4 (lab 4)").inputValue()).toBe("lab4");
    await page.getByLabel("Pair by pair (matrix)").check();
    await page.getByLabel("What underdog gains when leader opens").fill("2");
    await page.getByRole("button", { name: "Remove challenger" }).click();
    const raw = JSON.parse(await page.locator("#json").inputValue());
    expect(raw.players.map((p: { id: string }) => p.id)).toEqual(["leader", "underdog", "lab4"]);
    expect(raw.spillover).toHaveLength(3);
    expect(raw.spillover[0][1]).toBe(2);
    expect(validateScenario(raw).ok).toBe(true);
    await expect.poll(() => shownProfiles(page)).toEqual(await nodeProfiles(raw));
    await page.close();
  });

  it("is usable from the keyboard: a field, the solve button and an equilibrium, by Tab and Enter", async () => {
    const page = await explorer.open();
    await solved(page);
    await page.getByLabel("Capability of leader (lab 1)").focus();
    await page.keyboard.press("Control+A");
    await page.keyboard.type("10.5");
    await expect.poll(() => page.locator("#json").inputValue()).toContain('"capability": 10.5');
    await page.locator("#solve").focus();
    await page.keyboard.press("Enter");
    await solved(page);
    await page.getByRole("button", { name: "Show equilibrium 1" }).focus();
    await page.keyboard.press("Tab");
    // Focus moves on to the next control, and every control has a name.
    const unnamed = await page.evaluate(() =>
      [...document.querySelectorAll("input, select, textarea, button")]
        .filter((el) => !(el as HTMLElement).closest("[hidden]") && (el as HTMLInputElement).type !== "hidden")
        .filter((el) => {
          const labelled = (el as HTMLInputElement).labels?.length || el.getAttribute("aria-label") || el.getAttribute("aria-labelledby");
          return !labelled && !(el.textContent ?? "").trim();
        })
        .map((el) => el.outerHTML.slice(0, 80)),
    );
    expect(unnamed).toEqual([]);
    await page.close();
  });
});
