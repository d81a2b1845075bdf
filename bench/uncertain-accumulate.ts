/**
 * Memory of `uncertain`'s accumulators alone: feeds N synthetic evaluations (patterned events
 * and metrics, no solves) of the benchmark's 8-lab tiered plan into one state, and prints the
 * size of its document. Run by bench/uncertain.ts under GNU time for the peak RSS. Argument 2,
 * "sensitivity", adds the Sobol accumulators (fixed-size arrays: (200 + 1) x (5 + 2 d) numbers
 * per outcome).
 */
import { makePlan, emptyState, accumulate, UncertainModel, uncertainDocument } from "../src/analysis/uncertain.js";
import { randomScenario } from "../src/generators/random.js";
import { validateScenario } from "../src/model/validate.js";

const n = Number(process.argv[2]);
const parsed = validateScenario(randomScenario({ players: 8, seed: 1, tiers: [0, 0.5, 1] }));
if (!parsed.ok) throw new Error("invalid");
const scenario = parsed.value;
const distributions = [0, 1, 2, 3, 4].map((i) => ({ path: `players.lab${i}.communityGain`, distribution: { uniform: [0, 3] as [number, number] } }));
const plan = makePlan("bench", { scenario }, distributions, { samples: n, seed: 1, qmc: false, sensitivity: process.argv[3] === "sensitivity", game: "discrete" });
const model = new UncertainModel(plan, { scenario });
const state = emptyState(model);
const evaluation = (k: number, j: number) => ({
  complete: true,
  events: plan.events.map((_, e) => ((k * 31 + j * 7 + e) % 5) < 2),
  // Continuous values: every sample a new one, so the metrics' exact count maps overflow early.
  metrics: plan.metrics.map((_, m) => Math.sin(k + m + j) * 10 + 20),
});
for (let k = 0; k < n; k++) accumulate(state, model, { index: k, evaluations: Array.from({ length: plan.sensitivity ? distributions.length + 2 : 1 }, (_, j) => evaluation(k, j)) });
process.stdout.write(`${JSON.stringify(uncertainDocument(state, n, true)).length}\n`);
