import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { solveDiscrete, type Game } from "../src/index.js";
import { writeLp } from "../src/formats/lp.js";
import { writeMps } from "../src/formats/mps.js";
import { OBJECTIVE_NAMES, OBJECTIVES, SENSES } from "../src/model/objectives.js";
import { highs } from "../src/solvers/highs.js";
import { buildEquilibriumMip, type MipModel } from "../src/solvers/mip-model.js";
import { gameArbitrary, SEED } from "./helpers/arbitrary.js";
import { naiveEquilibria } from "./helpers/naive.js";
import { capabilities } from "../src/model/payoff.js";

const profiles = (r: { equilibria: { profile: number[] }[] }) => r.equilibria.map((e) => e.profile);
const quiet = { welfare: false } as const;

describe("MIP, branch-and-propagate and auto against the naive reference", () => {
  it("list exactly the naive equilibria (binary, tiers, rival sets, costs, ties, none)", async () => {
    await fc.assert(
      fc.asyncProperty(gameArbitrary({ maxPlayers: 5 }), async (game) => {
        const expected = naiveEquilibria(game);
        for (const method of ["mip", "propagate", "auto"] as const) {
          const result = await solveDiscrete(game, { method, ...quiet });
          expect({ method, found: profiles(result) }).toEqual({ method, found: expected });
          expect(result.complete).toBe(true);
          expect(result.stats.rejected).toBe(0);
        }
      }),
      { seed: SEED, numRuns: 150 },
    );
  });

  it("the plain formulation of MODEL.md agrees with the tightened one", async () => {
    const { mipEquilibria } = await import("../src/solvers/mip.js");
    const { Search } = await import("../src/solvers/search.js");
    await fc.assert(
      fc.asyncProperty(gameArbitrary({ maxPlayers: 4 }), async (game) => {
        const search = new Search(game);
        await mipEquilibria(game, search, { plain: true });
        expect(search.equilibria.map((e) => e.profile).sort()).toEqual(naiveEquilibria(game).sort());
      }),
      { seed: SEED, numRuns: 60 },
    );
  });

  it("decide non-trivial existence and return a certified first equilibrium", async () => {
    await fc.assert(
      fc.asyncProperty(gameArbitrary({ maxPlayers: 5 }), async (game) => {
        const exists = naiveEquilibria(game).some((x) => x.some((v) => v > 0));
        for (const method of ["mip", "propagate", "auto", "enumerate"] as const) {
          const result = await solveDiscrete(game, { method, nonTrivial: true, first: true, ...quiet });
          expect({ method, exists: result.exists }).toEqual({ method, exists });
          for (const eq of result.equilibria) expect(eq.nonTrivial && eq.exploitability <= game.tolerance).toBe(true);
        }
      }),
      { seed: SEED + 1, numRuns: 150 },
    );
  });

  it("agree on the optimal value of every objective, both senses", async () => {
    await fc.assert(
      fc.asyncProperty(gameArbitrary({ maxPlayers: 4 }), fc.constantFrom(...OBJECTIVE_NAMES), fc.constantFrom(...SENSES), async (game, objective, sense) => {
        const values = naiveEquilibria(game).map((x) => OBJECTIVES[objective].value(x, capabilities(game, x)));
        const expected = values.length ? (sense === "max" ? Math.max(...values) : Math.min(...values)) : null;
        for (const method of ["mip", "propagate", "enumerate"] as const) {
          const result = await solveDiscrete(game, { method, objective, sense, ...quiet });
          const value = result.objective!.value;
          if (expected === null) expect(value).toBeNull();
          else expect({ method, objective, sense, value }).toEqual({ method, objective, sense, value: expect.closeTo(expected, 6) });
        }
      }),
      { seed: SEED + 2, numRuns: 120 },
    );
  });
});

/** Feasibility of a model read from text with every openness indicator fixed to a profile. */
async function feasibleAt(text: string, format: "lp" | "mps", model: MipModel, game: Game, x: number[]): Promise<boolean> {
  const module = await highs();
  const data = format === "lp" ? text : new TextEncoder().encode(text);
  const loaded = module.createModel({ format, data } as Parameters<typeof module.createModel>[0]);
  try {
    loaded.options.set({ output_flag: false });
    model.openness.forEach((cols, i) =>
      cols.forEach((col, l) => {
        const on = cols.length === 1 ? x[i] : game.tiers[l] === x[i] ? 1 : 0;
        // Rows, not bounds: the file's own bounds (players fixed by the presolve) must still
        // apply. Readers number columns by first appearance, so look each one up by name.
        loaded.addRow(on, on, { indices: [loaded.getColByName(model.variables[col].name)], values: [1] });
      }),
    );
    loaded.run();
    return loaded.getModelStatus() === module.constants.modelStatus.optimal;
  } finally {
    loaded.dispose();
  }
}

describe("exported LP and MPS files", () => {
  it("are feasible exactly at the pure equilibria (every profile checked with HiGHS)", async () => {
    await fc.assert(
      fc.asyncProperty(gameArbitrary({ maxPlayers: 3 }), fc.boolean(), fc.boolean(), async (game, nonTrivial, plain) => {
        const model = buildEquilibriumMip(game, { nonTrivial, tighten: !plain });
        const lp = writeLp(model);
        const mps = writeMps(model);
        expect(Math.max(...lp.split("\n").map((l) => l.length))).toBeLessThan(255);
        const equilibria = new Set(naiveEquilibria(game).filter((x) => !nonTrivial || x.some((v) => v > 0)).map(String));
        const all: number[][] = [[]];
        for (let i = 0; i < game.n; i++) all.splice(0, all.length, ...all.flatMap((p) => game.tiers.map((t) => [...p, t])));
        for (const x of all) {
          expect({ x, lp: await feasibleAt(lp, "lp", model, game, x) }).toEqual({ x, lp: equilibria.has(String(x)) });
          expect({ x, mps: await feasibleAt(mps, "mps", model, game, x) }).toEqual({ x, mps: equilibria.has(String(x)) });
        }
      }),
      { seed: SEED + 3, numRuns: 60 },
    );
  });

  it("name the openness variables x_k (x_k_l for tiers) and map indices to ids in a comment", () => {
    const game = fc.sample(gameArbitrary({ minPlayers: 3, maxPlayers: 3 }), { seed: SEED, numRuns: 1 })[0];
    const lp = writeLp(buildEquilibriumMip(game, { tighten: false }));
    expect(lp).toMatch(/^\\ player 0: lab0$/m);
    if (game.tiers.length === 2 && game.tiers[1] === 1) expect(lp).toMatch(/\bx_2\b/);
    else expect(lp).toMatch(/\bx_2_1\b/);
    expect(lp.trimEnd().endsWith("End")).toBe(true);
  });
});

describe("races with no pure equilibrium at all", () => {
  it("every method proves there is none", async () => {
    const { noEquilibriumArbitrary, gameOf } = await import("./helpers/arbitrary.js");
    await fc.assert(
      fc.asyncProperty(noEquilibriumArbitrary().map(gameOf), async (game) => {
        expect(naiveEquilibria(game)).toEqual([]);
        for (const method of ["enumerate", "propagate", "mip", "auto"] as const)
          for (const first of [false, true]) {
            const result = await solveDiscrete(game, { method, first, welfare: false });
            expect({ method, first, complete: result.complete, exists: result.exists, found: result.equilibria.length }).toEqual({
              method,
              first,
              complete: true,
              exists: false,
              found: 0,
            });
          }
      }),
      { seed: SEED + 4, numRuns: 80 },
    );
  });
});
