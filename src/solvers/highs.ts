/**
 * HiGHS (WebAssembly, the `highs` npm package) behind one small interface. One module
 * instance is loaded lazily and shared; after a solver abort (the WASM state is then not safe,
 * see STACK.md) it is discarded and the next call loads a fresh one. The wall-clock limit is
 * enforced twice: HiGHS's own `time_limit`, and our interrupt callback inside the MIP search.
 */
import highsLoader, { type Highs, type InitOptions } from "highs";
import type { MipModel, MipRow } from "./mip-model.js";

type HighsModule = Highs;
type LoaderOptions = InitOptions | undefined;
// The package's types describe a CommonJS module; its ES build (what `import` loads, in Node
// and in bundlers) default-exports the loader itself.
const loadHighs = highsLoader as unknown as (options?: InitOptions) => Promise<Highs>;

let instance: Promise<HighsModule> | null = null;
let loaderOptions: LoaderOptions = undefined;

/** Where browsers find `highs.wasm` (e.g. `{ locateFile: (f) => url }`). */
export function configureHighs(options: LoaderOptions): void {
  loaderOptions = options;
  instance = null;
}

/** The shared HiGHS module (loaded on first use). */
export function highs(): Promise<HighsModule> {
  return (instance ??= loadHighs(loaderOptions));
}

/** `stopped`: the incumbent reached the caller's `stopAt` (its values are returned, optimality is not claimed). */
export type MipStatus = "optimal" | "infeasible" | "time-limit" | "stopped" | "error";

export interface MipRun {
  readonly status: MipStatus;
  /** Column values when a solution was found (at a time limit or a stop: the incumbent, if any). */
  readonly values?: Float64Array;
  readonly objective?: number;
  /**
   * HiGHS's MIP dual bound (`mip_dual_bound`): no feasible point has a better objective (an
   * upper bound when maximising), within HiGHS's tolerances. Read at an optimum and at a time
   * limit, when HiGHS reports one.
   */
  readonly bound?: number;
  readonly message?: string;
}

/** A MIP model loaded into HiGHS, re-solved as rows (cuts) are added. */
export class HighsMip {
  private constructor(
    private readonly module: HighsModule,
    private readonly model: ReturnType<HighsModule["createModel"]>,
  ) {}

  static async load(mip: MipModel): Promise<HighsMip> {
    const module = await highs();
    try {
      const starts = [0];
      const indices: number[] = [];
      const values: number[] = [];
      for (const row of mip.rows) {
        indices.push(...row.indices);
        values.push(...row.values);
        starts.push(indices.length);
      }
      const cost = new Float64Array(mip.variables.length);
      mip.objective?.indices.forEach((col, k) => (cost[col] = mip.objective!.values[k]));
      const model = module.createModel({
        numCols: mip.variables.length,
        numRows: mip.rows.length,
        sense: mip.objective?.sense === "max" ? module.constants.objectiveSense.maximize : module.constants.objectiveSense.minimize,
        offset: mip.objective?.offset ?? 0,
        colCost: cost,
        colLower: Float64Array.from(mip.variables, (v) => v.lower),
        colUpper: Float64Array.from(mip.variables, (v) => v.upper),
        rowLower: Float64Array.from(mip.rows, (r) => r.lower),
        rowUpper: Float64Array.from(mip.rows, (r) => r.upper),
        matrix: {
          format: "csr",
          numRows: mip.rows.length,
          numCols: mip.variables.length,
          starts: Int32Array.from(starts),
          indices: Int32Array.from(indices),
          values: Float64Array.from(values),
        },
        integrality: Int32Array.from(mip.variables, (v) => (v.integer ? 1 : 0)),
      });
      // Exact optima: the objectives compare equilibria, a relative gap would blur them.
      model.options.set({ output_flag: false, mip_rel_gap: 0, mip_abs_gap: 1e-9 });
      return new HighsMip(module, model);
    } catch (error) {
      instance = null;
      throw error;
    }
  }

  /**
   * Solves; `deadline` is an absolute time in ms (Date.now()), Infinity for none. `stopAt`
   * (maximising): stop as soon as an incumbent reaches this value.
   */
  run(deadline: number, stopAt?: number): MipRun {
    const { module, model } = this;
    const remaining = (deadline - Date.now()) / 1000;
    if (remaining <= 0) return { status: "time-limit" };
    try {
      if (Number.isFinite(remaining)) model.options.set("time_limit", Math.max(0.01, remaining));
      let reached = false;
      model.run({
        [module.constants.callbackType.mipInterrupt](event: { interrupt(): void; data: { mip_primal_bound?: number } }) {
          // (With no incumbent the primal bound is infinite: a stop needs a finite one.)
          const incumbent = event.data.mip_primal_bound;
          reached ||= stopAt !== undefined && incumbent !== undefined && Number.isFinite(incumbent) && incumbent >= stopAt;
          if (reached || Date.now() > deadline) event.interrupt();
        },
      } as Parameters<typeof model.run>[0]);
      const status = model.getModelStatus();
      const codes = module.constants.modelStatus;
      if (status === codes.optimal)
        return { status: "optimal", values: model.getSolution().colValue, objective: model.getObjectiveValue(), ...this.bound() };
      if (status === codes.infeasible) return { status: "infeasible" };
      if (status === codes.timeLimit || status === codes.interrupted) return { status: reached ? "stopped" : "time-limit", ...this.incumbent(), ...this.bound() };
      instance = null; // an unexpected status: the retry gets a fresh module
      return { status: "error", message: `HiGHS ended with model status ${status}` };
    } catch (error) {
      instance = null; // the WASM state may be corrupt: load a fresh module next time
      return { status: "error", message: error instanceof Error ? error.message : String(error) };
    }
  }

  /** The best solution of an unfinished MIP solve, when HiGHS has a feasible one. */
  private incumbent(): { values?: Float64Array; objective?: number } {
    // primal_solution_status 2: a feasible solution (HiGHS's kSolutionStatusFeasible).
    if (this.info("primal_solution_status") !== 2) return {};
    return { values: this.model.getSolution().colValue, objective: this.model.getObjectiveValue() };
  }

  /** The dual bound of the last MIP solve, when HiGHS has a finite one. */
  private bound(): { bound?: number } {
    const value = this.info("mip_dual_bound");
    return typeof value === "number" && Number.isFinite(value) ? { bound: value } : {};
  }

  /** An info value, or undefined where HiGHS has none (it throws then): extras never fail a solve. */
  private info(name: string): number | bigint | undefined {
    try {
      return this.model.info.get(name);
    } catch {
      return undefined;
    }
  }

  /** Switches HiGHS's presolve on or off for the next solves (a second opinion on a claim). */
  presolve(on: boolean): void {
    this.model.options.set("presolve", on ? "on" : "off");
  }

  addRow(row: MipRow): void {
    this.model.addRow(row.lower, row.upper, { indices: Int32Array.from(row.indices), values: Float64Array.from(row.values) });
  }

  dispose(): void {
    try {
      this.model.dispose();
    } catch {
      instance = null;
    }
  }
}
