/**
 * The uniform numbers behind `uncertain`'s samples. Sample k's numbers depend only on (seed, k),
 * so that any split of the samples over threads, shards or machines gives the same numbers.
 *
 *  - Independent (default): the samples come in blocks of BLOCK; block b's numbers are drawn in
 *    order from a 32-bit Mersenne Twister (@stdlib's mt19937) seeded with the array
 *    [seed, b, stream] (MT's init_by_array, so distinct keys never share a stream).
 *  - Quasi-random (`--qmc`): the Halton sequence (bases the first primes; Halton 1960) with
 *    SCRAMBLES independent Cranley-Patterson rotations (a uniform shift modulo 1: each rotated
 *    sequence is uniformly distributed, so estimates are unbiased and their spread over the
 *    rotations gives the standard error; Owen 2003, "Quasi-Monte Carlo sampling"). Sample k is
 *    point floor(k / SCRAMBLES) + 1 of rotation k mod SCRAMBLES. Halton is used for dimensions
 *    up to a few dozen; npm has no maintained Sobol generator with Joe-Kuo direction numbers
 *    (checked 2026-11).
 *
 * Each sample also draws BOOTSTRAP Poisson(1) weights, for the streaming (Poisson) bootstrap of
 * the Sobol indices (Hanley and MacGibbon 2006; Chamandy et al. 2012): a replicate's estimate
 * weights sample k by its weight, so the bootstrap needs no stored samples.
 */
import mt19937 from "@stdlib/random-base-mt19937";
import poisson from "@stdlib/random-base-poisson";

/** Samples per generator block. */
const BLOCK = 256;
/** Independent rotations of the Halton sequence under `--qmc`. */
export const SCRAMBLES = 16;
/** Bootstrap replicates of the Sobol indices. */
export const BOOTSTRAP = 200;

const STREAM = { design: 0, bootstrap: 1, rotation: 2 } as const;

// The factory's generators have `normalized` (53-bit uniforms in [0, 1)); its types omit it.
const generator = (seed: number, block: number, stream: number) =>
  mt19937.factory({ seed: new Uint32Array([seed >>> 0, Math.floor(seed / 2 ** 32) >>> 0, block, stream]) }) as unknown as { normalized: () => number };

/** A uniform in the open interval (0, 1) from one in [0, 1): quantile functions want no 0. */
const open = (u: number) => (Math.floor(u * 2 ** 53) + 0.5) / 2 ** 53;

const PRIMES = [2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59, 61, 67, 71, 73, 79, 83, 89, 97, 101, 103, 107, 109, 113];

/** The radical inverse of i in base b (the Halton coordinate). */
function radicalInverse(i: number, b: number): number {
  let result = 0;
  let f = 1 / b;
  for (let n = i; n > 0; n = Math.floor(n / b), f /= b) result += f * (n % b);
  return result;
}

export interface Design {
  /** Numbers per sample. */
  readonly dimension: number;
  readonly seed: number;
  readonly qmc: boolean;
}

/** The largest dimension `--qmc` supports (one prime base per coordinate). */
export const QMC_MAX_DIMENSION = PRIMES.length;

/**
 * Sample k's uniforms and bootstrap weights. Keeps the last block it drew, so that samples
 * taken in order cost one generator per block.
 */
export class Sampler {
  private block = -1;
  private weightBlock = -1;
  private uniforms = new Float64Array(0);
  private weights = new Uint8Array(0);
  private readonly rotations: Float64Array[] = [];

  constructor(readonly design: Design) {
    if (design.qmc) {
      if (design.dimension > QMC_MAX_DIMENSION) throw new RangeError(`--qmc supports up to ${QMC_MAX_DIMENSION} numbers per sample`);
      const rand = generator(design.seed, 0, STREAM.rotation);
      for (let r = 0; r < SCRAMBLES; r++) this.rotations.push(Float64Array.from({ length: design.dimension }, () => rand.normalized()));
    }
  }

  /** The group a sample's statistics belong to: its rotation under `--qmc`, else 0. */
  group(k: number): number {
    return this.design.qmc ? k % SCRAMBLES : 0;
  }

  get groups(): number {
    return this.design.qmc ? SCRAMBLES : 1;
  }

  uniformsOf(k: number): Float64Array {
    const d = this.design.dimension;
    if (this.design.qmc) {
      const shift = this.rotations[k % SCRAMBLES];
      const point = Math.floor(k / SCRAMBLES) + 1;
      return Float64Array.from(shift, (s, j) => open((radicalInverse(point, PRIMES[j]) + s) % 1));
    }
    this.load(k);
    const start = (k % BLOCK) * d;
    return this.uniforms.slice(start, start + d);
  }

  /** Sample k's Poisson(1) bootstrap weights (BOOTSTRAP of them). */
  weightsOf(k: number): Uint8Array {
    const block = Math.floor(k / BLOCK);
    if (block !== this.weightBlock) {
      this.weightBlock = block;
      const draw = poisson.factory(1, { prng: generator(this.design.seed, block, STREAM.bootstrap).normalized });
      // Poisson(1) exceeds 255 with probability below 1e-400: a byte holds every weight.
      this.weights = Uint8Array.from({ length: BLOCK * BOOTSTRAP }, () => draw());
    }
    const start = (k % BLOCK) * BOOTSTRAP;
    return this.weights.slice(start, start + BOOTSTRAP);
  }

  private load(k: number): void {
    const block = Math.floor(k / BLOCK);
    if (block === this.block) return;
    this.block = block;
    const rand = generator(this.design.seed, block, STREAM.design);
    this.uniforms = Float64Array.from({ length: BLOCK * this.design.dimension }, () => open(rand.normalized()));
  }
}
