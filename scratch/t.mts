import fc from "fast-check";
import { solveDiscrete } from "../src/index.ts";
import { gameArbitrary } from "../test/helpers/arbitrary.ts";
import { naiveEquilibria } from "../test/helpers/naive.ts";
const games = fc.sample(gameArbitrary(), { seed: 5, numRuns: 150 });
let bad = 0; const t0 = Date.now();
for (const g of games) {
  const expected = JSON.stringify(naiveEquilibria(g));
  for (const method of ["propagate", "mip", "enumerate"] as const) {
    const r = await solveDiscrete(g, { method, welfare: false });
    const got = JSON.stringify(r.equilibria.map(e => e.profile));
    if (got !== expected) { bad++; if (bad < 4) console.log(method, "expected", expected, "got", got, g.tiers, r.stats); }
  }
  for (const method of ["propagate", "mip", "auto"] as const) {
    const r = await solveDiscrete(g, { method, first: true, nonTrivial: true, welfare: false });
    const exists = JSON.parse(expected).some((x: number[]) => x.some(v => v > 0));
    if (r.exists !== exists) { bad++; console.log("exists mismatch", method); }
  }
}
console.log("bad", bad, "ms", Date.now() - t0);
