/**
 * A policy in the explorer (issue 12, item 6): load one (a bundled example or typed JSON), and
 * everything the page computes applies it, as `--policy` does on the command line: the solve,
 * the slider on a lever's number (with its exact breakpoints), and the link. Every expected
 * answer is computed here by the core, in Node, on the policy-applied game.
 */
import { readFileSync } from "node:fs";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  accumulate,
  applyPolicy,
  buildGame,
  emptyState,
  makePlan,
  solveDiscrete,
  thresholds,
  UncertainModel,
  uncertainDocument,
  validatePolicy,
  type Policy,
  type SampleOutcome,
} from "../src/index.js";
import { nodeScenario, readExample, saveDownload, shownProfiles, solved } from "./browser.js";
import { startExplorer, statusSays, type Explorer } from "./chromium.js";

let explorer: Explorer;
beforeAll(async () => {
  explorer = await startExplorer();
});
afterAll(async () => {
  await explorer?.close();
});

const worked = () => nodeScenario(readExample("three-lab-race"));

function nodePolicy(input: unknown): Policy {
  const parsed = validatePolicy(input);
  if (!parsed.ok) throw new Error(`invalid policy: ${JSON.stringify(parsed.problems)}`);
  return parsed.value;
}

/** The equilibria of the worked example under the policy, as the page's `data-profile` strings. */
async function underPolicy(policy: Policy): Promise<string[]> {
  const result = await solveDiscrete(applyPolicy(buildGame(worked()), policy));
  return result.equilibria.map((e) => e.profile.map((v) => JSON.stringify(v)).join(","));
}

async function typePolicy(page: Page, policy: unknown): Promise<void> {
  await page.locator("#policy-section > summary").click();
  await page.locator("#policy-json").fill(JSON.stringify(policy, null, 2));
}

describe("a policy in the explorer", () => {
  it("a bundled policy applies to the solve, and the page says which", async () => {
    const page = await explorer.open();
    await solved(page);
    const before = await shownProfiles(page);
    expect(await page.locator("#policy-summary").textContent()).toBe("none");
    await page.locator("#policy-section > summary").click();
    await page.selectOption("#policy-example", "levy-and-licence");
    const policy = nodePolicy(JSON.parse(readFileSync(new URL("../examples/policies/levy-and-licence.json", import.meta.url), "utf8")));
    const expected = await underPolicy(policy);
    // The policy changes the answer here, so the check below can fail.
    expect(expected).not.toEqual(before);
    await expect.poll(() => shownProfiles(page)).toEqual(expected);
    expect(await page.locator("#solve-status").textContent()).toContain(`under policy ${policy.name}`);
    expect(await page.locator("#results .reading").textContent()).toContain(`Under policy ${policy.name}`);
    expect(await page.locator("#policy-summary").textContent()).toBe(policy.name);
    const applied = (await page.locator("#policy-applied").textContent()) ?? "";
    expect(applied).toContain(policy.name!);
    expect(applied).toContain(policy.description!);
    // The downloads say the policy: the results (solve --json's document, with the policy) and the policy itself.
    const results = await saveDownload(page, page.locator("#download-results-json"));
    expect(results.name).toBe("three-lab-race-under-large-lab-levy-with-a-licence-equilibria.json");
    const document = JSON.parse(results.bytes.toString("utf8"));
    expect(document.policy).toEqual(policy);
    expect(document.equilibria.map((e: { profile: number[] }) => e.profile.join(","))).toEqual(expected);
    const file = await saveDownload(page, page.locator("#download-policy"));
    expect(file.name).toBe("large-lab-levy-with-a-licence.json");
    expect(nodePolicy(JSON.parse(file.bytes.toString("utf8")))).toEqual(policy);
    // A lever's range that leaves its domain (a licence factor below 0): no breakpoints, and why.
    await page.selectOption("#line-path", "levers[2].factor");
    await page.locator("#line-from").fill("-1");
    await page.locator("#line-from").press("Tab");
    await expect.poll(() => page.locator("#breakpoints-text").textContent()).toMatch(/^Exact breakpoints: not computed, levers\[2\]\.factor = -1 is outside its domain/);
    await statusSays(page, "line-status", /where the values make the scenario or policy invalid \(policy\.levers\[2\]\.factor/);
    // Back to none: the race as described.
    await page.selectOption("#policy-example", "none");
    await expect.poll(() => shownProfiles(page)).toEqual(before);
    expect(await page.locator("#solve-status").textContent()).not.toContain("under policy");
    expect(page.errors).toEqual([]);
    await page.close();
  });

  it("uploads a policy file", async () => {
    const page = await explorer.open();
    await solved(page);
    const before = await shownProfiles(page);
    const subsidy = { name: "Leader subsidy", levers: [{ type: "subsidy", amount: 1.5, above: 9.5 }] };
    await page.locator("#policy-upload").setInputFiles({ name: "subsidy.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(subsidy)) });
    const expected = await underPolicy(nodePolicy(subsidy));
    // The subsidy changes the answer (the leader opens), so the check below can fail.
    expect(expected).not.toEqual(before);
    await expect.poll(() => shownProfiles(page)).toEqual(expected);
    expect(await page.locator("#policy-summary").textContent()).toBe("Leader subsidy");
    expect(await page.locator("#policy-example").inputValue()).toBe("");
    expect(page.errors).toEqual([]);
    await page.close();
  });

  it("an invalid policy shows each problem at its path and nothing is solved", async () => {
    const page = await explorer.open();
    await solved(page);
    await typePolicy(page, { name: "Broken", levers: [{ type: "levy", amount: "one" }] });
    await expect.poll(() => page.locator("#solve-status").textContent()).toMatch(/^Not solved: the policy has a problem/);
    const problem = page.locator('#policy-problems [data-error-path="policy.levers[0].amount"]');
    expect(await page.locator("#policy-summary").textContent()).toMatch(/not applied/);
    await expect.poll(() => problem.count()).toBe(1);
    expect(await problem.textContent()).toContain("expected");
    expect(await shownProfiles(page)).toEqual([]);
    expect(await page.locator("#line-status").textContent()).toContain("policy");
    // A syntax error: the same, at the policy itself.
    await page.locator("#policy-json").fill("{ levers: ");
    await expect.poll(() => page.locator('#policy-problems [data-error-path="policy"]').count()).toBe(1);
    expect(await shownProfiles(page)).toEqual([]);
    // A mandate above the scenario's highest tier fits no lab's choices in the discrete game
    // (policyProblems); the continuous game takes it.
    await page.getByLabel("Openness levels (tiers)").fill("0, 0.5");
    await page.locator("#policy-json").fill(JSON.stringify({ levers: [{ type: "mandate", minimum: 1 }] }));
    await expect.poll(() => page.locator('#policy-problems [data-error-path="policy.levers[0].minimum"]').count()).toBe(1);
    await expect.poll(() => page.locator("#solve-status").textContent()).toMatch(/^Not solved: the policy has a problem/);
    await page.selectOption("#game", "continuous");
    await expect.poll(() => page.locator("#policy-problems [data-error-path]").count()).toBe(0);
    await solved(page);
    expect(await page.locator("#solve-status").textContent()).toContain("under an unnamed policy");
    expect(page.errors).toEqual([]);
    await page.close();
  });

  it("the slider moves a lever's number: the policy box, the equilibria and the breakpoints follow", async () => {
    const page = await explorer.open();
    await solved(page);
    const levy = { name: "Flat levy", levers: [{ type: "levy", amount: 1 }] };
    await typePolicy(page, levy);
    await expect.poll(() => shownProfiles(page)).toEqual(await underPolicy(nodePolicy(levy)));
    await expect.poll(() => page.locator('#line-path option[value="levers[0].amount"]').textContent()).toBe("policy: levy amount (lever 1)");
    await page.selectOption("#line-path", "levers[0].amount");
    // The default range: 0 to max(2, twice the amount).
    expect(await page.locator("#line-from").inputValue()).toBe("0");
    expect(await page.locator("#line-to").inputValue()).toBe("2");
    // The exact breakpoints along the levy, as `thresholds --policy` finds them.
    const expected = await thresholds({ scenario: worked(), policy: nodePolicy(levy) }, "levers[0].amount", 0, 2);
    expect(expected.breakpoints.length).toBeGreaterThan(0);
    const marks = () => page.locator("#slider-breakpoints span").evaluateAll((spans) => spans.map((s) => Number(s.getAttribute("data-breakpoint"))));
    await expect.poll(marks).toEqual(expected.breakpoints);
    // Home: no levy. The policy's JSON, the equilibria and the link follow.
    const before = await shownProfiles(page);
    await page.locator("#slider").focus();
    await page.keyboard.press("Home");
    await expect.poll(() => page.locator("#policy-json").inputValue().then((t) => JSON.parse(t).levers[0].amount)).toBe(0);
    const moved = await underPolicy(nodePolicy({ ...levy, levers: [{ type: "levy", amount: 0 }] }));
    expect(moved).not.toEqual(before);
    await expect.poll(() => shownProfiles(page)).toEqual(moved);
    await expect.poll(() => page.url()).toContain("line=levers%5B0%5D.amount=0:2:41");
    // The line sweep runs over the levy, under the policy.
    await statusSays(page, "line-status", /41 points solved under policy Flat levy/);
    expect(page.errors).toEqual([]);
    await page.close();
  });

  it("the link carries the policy, and opening it restores it", async () => {
    const page = await explorer.open();
    await solved(page);
    expect(page.url()).not.toContain("policy=");
    const levy = { name: "Flat levy", levers: [{ type: "levy", amount: 3 }] };
    await typePolicy(page, levy);
    const expected = await underPolicy(nodePolicy(levy));
    await expect.poll(() => shownProfiles(page)).toEqual(expected);
    await expect.poll(() => page.url()).toContain("policy=");
    const link = page.url();
    const linked = JSON.parse(Buffer.from(new URL(link).hash.match(/policy=([^&]*)/)![1], "base64url").toString("utf8"));
    expect(linked).toEqual(levy);

    const again = await explorer.open(new URL(link).hash);
    await solved(again);
    expect(await shownProfiles(again)).toEqual(expected);
    expect(JSON.parse(await again.locator("#policy-json").inputValue())).toEqual(levy);
    expect(await again.locator("#policy-summary").textContent()).toBe("Flat levy");
    expect(await again.locator("#policy-section").getAttribute("open")).not.toBeNull();
    expect(await again.locator("#solve-status").textContent()).toContain("under policy Flat levy");
    expect(again.url()).toBe(link);
    // A bundled policy is recognised as such.
    await again.selectOption("#policy-example", "frontier-weights");
    await expect.poll(() => again.url()).not.toBe(link);
    const third = await explorer.open(new URL(again.url()).hash);
    await solved(third);
    expect(await third.locator("#policy-example").inputValue()).toBe("frontier-weights");
    for (const p of [page, again, third]) expect(p.errors).toEqual([]);
    for (const p of [page, again, third]) await p.close();
  });

  it("the phase diagram and the uncertain panel take lever numbers, under the policy", async () => {
    const levy = { name: "Flat levy", levers: [{ type: "levy", amount: 1 }] };
    const policy = nodePolicy(levy);
    const hash = `#scenario=${Buffer.from(readExample("three-lab-race")).toString("base64url")}&phaseX=levers%5B0%5D.amount=0:4:5&phaseY=players.underdog.communityGain=0:6:5&policy=${Buffer.from(JSON.stringify(levy)).toString("base64url")}`;
    const page = await explorer.open(hash);
    await solved(page);
    await statusSays(page, "phase-status", /25 points solved under policy Flat levy/, 30_000);
    expect(await page.locator("#phase-x-path").inputValue()).toBe("levers[0].amount");

    // The levy's amount uncertain, uniform on [0, 4]: the probabilities the core gives in Node.
    await page.locator("#uncertain-add").click();
    await page.locator(".uncertain-path").first().selectOption("levers[0].amount");
    await page.locator(".uncertain-from").first().fill("0");
    await page.locator(".uncertain-to").first().fill("4");
    await page.locator("#uncertain-samples").fill("100");
    await page.locator("#uncertain-run").click();
    await statusSays(page, "uncertain-status", /Done: 100 samples under policy Flat levy/);
    const subject = { scenario: worked(), policy };
    const plan = makePlan("Three-lab race", subject, [{ path: "levers[0].amount", distribution: { uniform: [0, 4] } }], { samples: 100, seed: 1, qmc: false, sensitivity: false, game: "discrete" });
    const model = new UncertainModel(plan, subject);
    const state = emptyState(model);
    for (let k = 0; k < 100; k++) accumulate(state, model, (await model.evaluate(k)) as Extract<SampleOutcome, { evaluations: unknown }>);
    const labs = uncertainDocument(state, 100, true).labs as Record<string, { opensInSome: { p: number } }>;
    // Without the levy the challenger opens in some equilibrium; with levies above 0 it does not.
    expect(labs.challenger.opensInSome.p).toBeLessThan(0.2);
    for (const lab of ["leader", "challenger", "underdog"])
      expect(Number(await page.locator(`tr[data-lab="${lab}"] td[data-outcome="opensInSome"]`).getAttribute("data-p"))).toBe(labs[lab].opensInSome.p);
    expect(page.errors).toEqual([]);
    await page.close();
  });
});
