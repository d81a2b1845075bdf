/**
 * Sweeps keep bounded memory (issue 12, point 2): points go to disk as they finish and every
 * output reads them back one at a time. These tests check the mechanism, not a timing: the
 * store writes each point when it is added and gives them back in index order, and the JSON
 * and CSV writers pull one point per piece they write, with text equal to the whole document's.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { sweepCsv, sweepCsvLines, sweepJsonChunks } from "../src/analysis/documents.js";
import { solvePoint, sweepSpec, type SweepDocument, type SweepPoint } from "../src/analysis/sweep.js";
import { PointStore } from "../src/io/sweep-store.js";
import { validateScenario } from "../src/model/validate.js";

const scenario = (() => {
  const r = validateScenario(JSON.parse(readFileSync("examples/three-lab-race.json", "utf8")));
  if (!r.ok) throw new Error("example invalid");
  return r.value;
})();
const spec = sweepSpec("race", scenario, [{ path: "spillover.absorptive", from: 0, to: 1.5, steps: 12 }], "discrete", false);

async function points(): Promise<SweepPoint[]> {
  const out: SweepPoint[] = [];
  for (let k = 0; k < spec.size; k++) out.push((await solvePoint(spec, scenario, k)) as SweepPoint);
  return out;
}

/** An iterable that counts how many points have been taken from it. */
function counted(list: SweepPoint[]) {
  const state = { taken: 0 };
  const iterable = {
    *[Symbol.iterator]() {
      for (const p of list) {
        state.taken++;
        yield p;
      }
    },
  };
  return { iterable, state };
}

describe("sweep outputs stream", () => {
  it("the point store writes each point to disk when added and reads them back in index order", async () => {
    const all = await points();
    const store = new PointStore();
    const file = store.file;
    expect(statSync(file).size).toBe(0);
    // Out of order, as workers finish them.
    const order = [5, 0, 11, 3, 1, 2, 4, 10, 6, 7, 9, 8];
    let size = 0;
    for (const k of order) {
      store.add(all[k]);
      const now = statSync(file).size;
      expect(now).toBeGreaterThan(size);
      size = now;
    }
    expect(store.size).toBe(12);
    expect([...store.points()]).toEqual(all);
    // Each pass reads the file again: the store keeps places, not points.
    expect([...store.points()].map((p) => p.index)).toEqual(all.map((p) => p.index));
    store.close();
    expect(existsSync(file)).toBe(false);
  });

  it("sweep.json and sweep.csv are written one point per piece, equal to the whole document", async () => {
    const all = await points();
    const document: SweepDocument = { sweep: spec, complete: true, points: all };
    const json = counted(all);
    let pieces = 0;
    let text = "";
    for (const chunk of sweepJsonChunks({ ...document, points: json.iterable })) {
      pieces++;
      // Never more than one point ahead of what has been written.
      expect(json.state.taken).toBeLessThanOrEqual(pieces);
      text += chunk;
    }
    expect(text).toBe(`${JSON.stringify(document, null, 2)}\n`);
    const csv = counted(all);
    let lines = 0;
    let csvText = "";
    for (const line of sweepCsvLines({ sweep: spec, points: csv.iterable })) {
      lines++;
      expect(csv.state.taken).toBeLessThanOrEqual(lines);
      csvText += line;
    }
    expect(csvText).toBe(sweepCsv(document));
    expect(lines).toBe(all.length + 1);
  });

  it("an empty sweep is still the document JSON.stringify writes", () => {
    const document = { sweep: spec, complete: false, points: [] };
    expect([...sweepJsonChunks(document)].join("")).toBe(`${JSON.stringify(document, null, 2)}\n`);
  });
});
