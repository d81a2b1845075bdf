/**
 * Streaming statistics that merge exactly, for `uncertain` over any number of samples in
 * bounded memory, split over threads and shards in any way:
 *
 *  - counts (integers) for probabilities;
 *  - sums and sums of squares as Shewchuk's non-overlapping partials (Shewchuk 1997, "Adaptive
 *    precision floating-point arithmetic"; Python's math.fsum), so that the sum, rounded once at
 *    the end, does not depend on the order the samples were added or merged in;
 *  - quantiles from DDSketch's logarithmic buckets (Masson, Rim and Lee 2019, "DDSketch: a fast
 *    and fully-mergeable quantile sketch with relative-error guarantees", VLDB): a reported
 *    quantile is within relative error SKETCH_ACCURACY of the sample quantile of that rank. Its
 *    buckets are counts, so merged sketches are bucket for bucket the sketch of all the samples.
 *    Memory grows with the logarithm of the values' range, not with the number of samples.
 *    (Written here rather than taken from @datadog/sketches-js 2.1.1, whose merge drops negative
 *    values and whose module pulls protobufjs into browser bundles.) While a metric has taken at most EXACT_VALUES
 *    distinct values (counts of labs, or a game whose equilibria take few values), its values
 *    are counted exactly and its quantiles are exact sample quantiles; the count map is merged
 *    by union, so whether it overflowed does not depend on the split either.
 *
 * Statistics are kept per group: one group for independent samples (standard errors from the
 * binomial or the sample variance), one per rotation under `--qmc` (standard errors from the
 * spread of the rotations' estimates).
 */

/** Relative accuracy of the quantiles. */
export const SKETCH_ACCURACY = 0.001;
/** Distinct values counted exactly before quantiles come from the sketch alone. */
export const EXACT_VALUES = 256;

/** An exactly rounded running sum (Shewchuk's partials). */
export class ExactSum {
  constructor(private partials: number[] = []) {}

  add(x: number): void {
    let i = 0;
    for (let y of this.partials) {
      if (Math.abs(x) < Math.abs(y)) [x, y] = [y, x];
      const hi = x + y;
      const lo = y - (hi - x);
      if (lo !== 0) this.partials[i++] = lo;
      x = hi;
    }
    this.partials.length = i;
    this.partials.push(x);
  }

  merge(other: ExactSum): void {
    for (const p of other.partials) this.add(p);
  }

  /** The sum, correctly rounded (the final step of Python's fsum: half-way cases too). */
  get value(): number {
    const p = this.partials;
    let n = p.length;
    if (n === 0) return 0;
    let hi = p[--n];
    let lo = 0;
    while (n > 0) {
      const x = hi;
      const y = p[--n];
      hi = x + y;
      lo = y - (hi - x);
      if (lo !== 0) break;
    }
    if (n > 0 && ((lo < 0 && p[n - 1] < 0) || (lo > 0 && p[n - 1] > 0))) {
      const y = lo * 2;
      const x = hi + y;
      if (y === x - hi) hi = x;
    }
    return hi;
  }

  /**
   * The partials in a canonical form (the greedy expansion of the exact sum: each term the
   * correctly rounded rest), so that equal sums serialise equally whatever the order of adding.
   */
  toJSON(): number[] {
    const rest = new ExactSum([...this.partials]);
    const terms: number[] = [];
    for (let v = rest.value; v !== 0; v = rest.value) {
      terms.unshift(v);
      rest.add(-v);
    }
    return terms;
  }
}

/**
 * A probability with its standard error, the samples it is estimated from, and a 95% interval:
 * Wilson's score interval for independent samples (it stays honest at p = 0 or 1, where the
 * binomial se is 0), p -+ 1.96 se over the rotations under `--qmc`.
 */
export interface Estimate {
  readonly p: number | null;
  readonly se: number | null;
  readonly n: number;
  readonly interval95: [number, number] | null;
}

/** The Wilson score interval (95%) of a proportion p observed over n trials (Wilson, JASA 1927). */
export function wilson(p: number, n: number): [number, number] {
  const z = 1.959963984540054;
  const centre = (p + (z * z) / (2 * n)) / (1 + (z * z) / n);
  const half = ((z / (1 + (z * z) / n)) * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n)));
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}

/** Standard error of a mean over groups (rotations): the spread of the groups' means. */
function groupSe(means: number[]): number | null {
  if (means.length < 2) return null;
  const m = means.reduce((s, v) => s + v, 0) / means.length;
  const variance = means.reduce((s, v) => s + (v - m) ** 2, 0) / (means.length - 1);
  return Math.sqrt(variance / means.length);
}

/** Counts of an event per group. */
export class Proportion {
  constructor(
    readonly hits: number[],
    readonly n: number[],
  ) {}

  static empty(groups: number): Proportion {
    return new Proportion(new Array(groups).fill(0), new Array(groups).fill(0));
  }

  add(group: number, hit: boolean): void {
    this.n[group]++;
    if (hit) this.hits[group]++;
  }

  merge(other: Proportion): void {
    other.n.forEach((n, g) => {
      this.n[g] += n;
      this.hits[g] += other.hits[g];
    });
  }

  estimate(): Estimate {
    const n = this.n.reduce((s, v) => s + v, 0);
    if (n === 0) return { p: null, se: null, n, interval95: null };
    const p = this.hits.reduce((s, v) => s + v, 0) / n;
    if (this.n.length === 1) return { p, se: Math.sqrt((p * (1 - p)) / n), n, interval95: wilson(p, n) };
    const se = groupSe(this.n.flatMap((m, g) => (m > 0 ? [this.hits[g] / m] : [])));
    return { p, se, n, interval95: se === null ? null : [Math.max(0, p - 1.96 * se), Math.min(1, p + 1.96 * se)] };
  }

  toJSON() {
    return { hits: this.hits, n: this.n };
  }
}

/** Serialised sketch: the zero count and each sign's non-empty buckets as [key, count]. */
export interface SketchJson {
  readonly zero: number;
  readonly positive: [number, number][];
  readonly negative: [number, number][];
}

/** DDSketch's logarithmic mapping: |x| in (gamma^(k-1), gamma^k] falls in bucket k. */
class LogSketch {
  private static readonly gamma = (1 + SKETCH_ACCURACY) / (1 - SKETCH_ACCURACY);
  private static readonly logGamma = Math.log(LogSketch.gamma);
  zero = 0;
  readonly positive = new Map<number, number>();
  readonly negative = new Map<number, number>();

  add(x: number, count = 1): void {
    if (x === 0) this.zero += count;
    else {
      const buckets = x > 0 ? this.positive : this.negative;
      const key = Math.ceil(Math.log(Math.abs(x)) / LogSketch.logGamma);
      buckets.set(key, (buckets.get(key) ?? 0) + count);
    }
  }

  /** A bucket's value, within relative SKETCH_ACCURACY of every value in it. */
  private static value(key: number): number {
    return (2 * LogSketch.gamma ** key) / (LogSketch.gamma + 1);
  }

  get count(): number {
    let n = this.zero;
    for (const c of this.positive.values()) n += c;
    for (const c of this.negative.values()) n += c;
    return n;
  }

  /** The value at rank q (n - 1), from the most negative bucket up. */
  quantile(q: number): number {
    const rank = q * (this.count - 1);
    const ordered: [number, number][] = [
      ...[...this.negative].sort((a, b) => b[0] - a[0]).map(([k, c]): [number, number] => [-LogSketch.value(k), c]),
      ...(this.zero ? [[0, this.zero] as [number, number]] : []),
      ...[...this.positive].sort((a, b) => a[0] - b[0]).map(([k, c]): [number, number] => [LogSketch.value(k), c]),
    ];
    let seen = 0;
    for (const [x, c] of ordered) if ((seen += c) > rank) return x;
    return ordered.length ? ordered[ordered.length - 1][0] : NaN;
  }

  toJSON(): SketchJson {
    const sorted = (m: Map<number, number>) => [...m].sort((a, b) => a[0] - b[0]);
    return { zero: this.zero, positive: sorted(this.positive), negative: sorted(this.negative) };
  }

  /** Adds serialised buckets (a merge). */
  addBuckets(json: SketchJson): void {
    this.zero += json.zero;
    for (const [k, c] of json.positive) this.positive.set(k, (this.positive.get(k) ?? 0) + c);
    for (const [k, c] of json.negative) this.negative.set(k, (this.negative.get(k) ?? 0) + c);
  }
}

/** A Spread as JSON (an extreme is null before any value: JSON has no infinities). */
export interface SpreadJson {
  readonly n: number[];
  readonly sums: number[][];
  readonly squares: number[][];
  readonly min: number | null;
  readonly max: number | null;
  readonly sketch: SketchJson;
  /** Each distinct value and its count, while there are at most EXACT_VALUES of them (null after). */
  readonly values: [number, number][] | null;
}

/** A metric's distribution: exact sums per group, exact extremes, and a quantile sketch. */
export class Spread {
  private readonly sketch = new LogSketch();
  private exact: Map<number, number> | null = new Map();
  min = Infinity;
  max = -Infinity;

  constructor(
    readonly n: number[],
    readonly sums: ExactSum[],
    readonly squares: ExactSum[],
  ) {}

  static empty(groups: number): Spread {
    const make = () => Array.from({ length: groups }, () => new ExactSum());
    return new Spread(new Array(groups).fill(0), make(), make());
  }

  add(group: number, x: number): void {
    this.n[group]++;
    this.sums[group].add(x);
    this.squares[group].add(x * x);
    this.sketch.add(x);
    this.count(x, 1);
    this.min = Math.min(this.min, x);
    this.max = Math.max(this.max, x);
  }

  merge(other: Spread): void {
    other.n.forEach((n, g) => {
      this.n[g] += n;
      this.sums[g].merge(other.sums[g]);
      this.squares[g].merge(other.squares[g]);
    });
    this.sketch.addBuckets(other.sketch.toJSON());
    if (other.exact === null) this.exact = null;
    else for (const [x, c] of other.exact) this.count(x, c);
    this.min = Math.min(this.min, other.min);
    this.max = Math.max(this.max, other.max);
  }

  private count(x: number, c: number): void {
    if (this.exact === null) return;
    this.exact.set(x, (this.exact.get(x) ?? 0) + c);
    if (this.exact.size > EXACT_VALUES) this.exact = null;
  }

  /** The quantile at rank q (n - 1) (the sketch's convention): exact while the values are few, else the sketch's, clamped to the exact extremes. */
  quantile(q: number): number {
    if (this.exact !== null) {
      const rank = q * (this.n.reduce((s, v) => s + v, 0) - 1);
      let seen = 0;
      const sorted = [...this.exact].sort((a, b) => a[0] - b[0]);
      for (const [x, c] of sorted) if ((seen += c) > rank) return x;
      return sorted[sorted.length - 1][0];
    }
    return Math.min(this.max, Math.max(this.min, this.sketch.quantile(q)));
  }

  summary() {
    const n = this.n.reduce((s, v) => s + v, 0);
    if (n === 0) return null;
    const sum = new ExactSum();
    const squares = new ExactSum();
    this.sums.forEach((s) => sum.merge(s));
    this.squares.forEach((s) => squares.merge(s));
    const mean = sum.value / n;
    const variance = n > 1 ? Math.max(0, (squares.value - n * mean * mean) / (n - 1)) : 0;
    const se = this.n.length === 1 ? Math.sqrt(variance / n) : groupSe(this.n.flatMap((m, g) => (m > 0 ? [this.sums[g].value / m] : [])));
    // Distribution-free 95% interval of a quantile: the order statistics at ranks n q -+ 1.96 sqrt(n q (1 - q)).
    const interval = (q: number) => {
      const half = (1.96 * Math.sqrt(n * q * (1 - q))) / n;
      return [this.quantile(Math.max(0, q - half)), this.quantile(Math.min(1, q + half))];
    };
    return {
      n,
      mean,
      se,
      sd: Math.sqrt(variance),
      min: this.min,
      q05: this.quantile(0.05),
      q50: this.quantile(0.5),
      q95: this.quantile(0.95),
      max: this.max,
      interval95: { q05: interval(0.05), q50: interval(0.5), q95: interval(0.95) },
    };
  }

  toJSON(): SpreadJson {
    const sketch = this.sketch.toJSON();
    const finite = (x: number) => (Number.isFinite(x) ? x : null);
    return { n: [...this.n], sums: this.sums.map((s) => s.toJSON()), squares: this.squares.map((s) => s.toJSON()), min: finite(this.min), max: finite(this.max), sketch, values: this.exact && [...this.exact].sort((a, b) => a[0] - b[0]) };
  }

  static fromJSON(json: SpreadJson): Spread {
    const d = new Spread([...json.n], json.sums.map((p) => new ExactSum([...p])), json.squares.map((p) => new ExactSum([...p])));
    // JSON writes an infinite extreme (no value yet) as null.
    d.exact = json.values && new Map(json.values);
    d.min = json.min ?? Infinity;
    d.max = json.max ?? -Infinity;
    d.sketch.addBuckets(json.sketch);
    return d;
  }
}
