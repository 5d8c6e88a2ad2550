/**
 * Datasets (torch.utils.data): a `Dataset<T>` is anything with a `length` and `get(i)`.
 * `TensorDataset` wraps tensors that share their first (sample) dim, `Subset` picks samples by
 * index, and `randomSplit` cuts a dataset into random non-overlapping subsets the way
 * torch.utils.data.random_split does (one randperm, then consecutive slices).
 */
import { ArgumentError, ShapeError, formatShape } from "../errors.js";
import { Tensor } from "../tensor/tensor.js";
import { defaultGenerator, Generator } from "../tensor/random.js";
import { indexSelect } from "../autograd/ops/indexing.js";
import { narrow, stack } from "../autograd/ops/movement.js";

/** A map-style dataset: `length` samples, sample `i` read with `get(i)` (0 ≤ i < length). */
export interface Dataset<T> {
  /** How many samples there are. */
  readonly length: number;
  /** Sample `i`; negative indices count from the end in descent's own datasets. */
  get(i: number): T;
}

/**
 * What a batch of samples of type T becomes when the DataLoader puts them together (torch's
 * default_collate): tensors are stacked along a new first dim, tuples of tensors are stacked
 * position by position (a tuple of batched tensors of the same length), anything else is returned
 * as a plain array.
 */
export type Batch<T> = [T] extends [Tensor]
  ? Tensor
  : [T] extends [readonly Tensor[]]
    ? { -readonly [K in keyof T]: Tensor }
    : T[];

/**
 * A dataset that can read many samples at once. `getBatch(indices)` must return what collating
 * `indices.map(get)` would give (see `Batch`), only faster; the DataLoader uses it when present.
 */
export interface BatchDataset<T> extends Dataset<T> {
  /** The samples at `indices`, collated. */
  getBatch(indices: Int32Array): Batch<T>;
}

/** Whether `dataset` has a `getBatch` method (TensorDataset, and a Subset of one, do). */
export function hasGetBatch<T>(dataset: Dataset<T>): dataset is BatchDataset<T> {
  return typeof (dataset as Partial<BatchDataset<T>>).getBatch === "function";
}

/** torch's default_collate for the cases descent knows: see `Batch`. */
export function collate<T>(samples: readonly T[]): Batch<T> {
  const first = samples[0];
  if (first instanceof Tensor) return stack(samples as unknown as Tensor[]) as Batch<T>;
  if (Array.isArray(first) && first.length > 0 && first.every((t) => t instanceof Tensor)) {
    const rows = samples as unknown as readonly Tensor[][];
    return first.map((_t, k) => stack(rows.map((row) => row[k]!))) as Batch<T>;
  }
  return samples.slice() as Batch<T>;
}

/** Checks that `dataset` looks like a Dataset (for plain-JS callers); returns its length. */
export function checkDataset(op: string, dataset: unknown): number {
  const d = dataset as Partial<Dataset<unknown>> | null | undefined;
  if (
    typeof d !== "object" ||
    d === null ||
    typeof d.get !== "function" ||
    !Number.isInteger(d.length) ||
    d.length! < 0
  ) {
    throw new ArgumentError(
      `${op}: expected a dataset (an object with a non-negative integer 'length' and a 'get(i)' method)`,
    );
  }
  return d.length!;
}

/** Checks one sample index; negative indices count from the end, as in Python. */
function sampleIndex(op: string, i: number, length: number): number {
  const k = i < 0 ? i + length : i;
  if (!Number.isInteger(i) || k < 0 || k >= length) {
    throw new ArgumentError(
      `${op}: index ${i} is out of range for a dataset of ${length} samples (valid: 0 to ${length - 1}, or negative from the end)`,
    );
  }
  return k;
}

/**
 * Tensors that share their first dim, the sample dim (torch.utils.data.TensorDataset): sample `i`
 * is `[t0[i], t1[i], ...]`. `getBatch` gathers a batch with one indexSelect per tensor. The
 * type keeps the number of tensors, so `const [xb, yb] = batch` needs no `!`.
 *
 * @example
 * ```ts
 * const ds = new data.TensorDataset(x, y); // x [N, 2], y [N]: samples and batches are [x, y]
 * const [x0, y0] = ds.get(0); // shapes [2] and []
 * ```
 */
export class TensorDataset<T extends Tensor[] = Tensor[]> implements BatchDataset<T> {
  /** The tensors, as given (not copied). */
  readonly tensors: Readonly<T>;

  /** One or more tensors with the same size in their first dim; throws naming the shapes if not. */
  constructor(...tensors: T) {
    if (tensors.length === 0) {
      throw new ArgumentError("TensorDataset: expected at least one tensor");
    }
    tensors.forEach((t, i) => {
      if (!(t instanceof Tensor)) {
        throw new ArgumentError(`TensorDataset: argument ${i} is not a Tensor`);
      }
      if (t.shape.length === 0) {
        throw new ShapeError(
          `TensorDataset: tensor ${i} is 0-d (shape []); every tensor needs a first dim, the sample dim`,
        );
      }
    });
    const n = tensors[0]!.shape[0]!;
    if (tensors.some((t) => t.shape[0] !== n)) {
      throw new ShapeError(
        `TensorDataset: the tensors must have the same size in their first dim (the sample dim), ` +
          `got shapes ${tensors.map((t) => formatShape(t.shape)).join(", ")}`,
      );
    }
    this.tensors = tensors;
  }

  /** N, the size of the tensors' first dim. */
  get length(): number {
    return this.tensors[0]!.shape[0]!;
  }

  /** Sample i: row i of every tensor (each without the sample dim). */
  get(i: number): T {
    const k = sampleIndex("TensorDataset.get", i, this.length);
    return this.tensors.map((t) => narrow(t, 0, k, 1).reshape(t.shape.slice(1))) as T;
  }

  /**
   * The rows at `indices` of every tensor, batch dim first: one indexSelect per tensor. The
   * indices 0, 1, ..., N−1 in order (an unshuffled full batch) return the tensors themselves.
   */
  getBatch(indices: Int32Array): Batch<T> {
    const n = this.length;
    if (indices.length === n && isIdentity(indices)) return this.tensors.slice() as Batch<T>;
    const index = new Tensor(indices, [indices.length]);
    return this.tensors.map((t) => indexSelect(t, 0, index)) as Batch<T>;
  }
}

function isIdentity(indices: Int32Array): boolean {
  for (let i = 0; i < indices.length; i++) if (indices[i] !== i) return false;
  return true;
}

/**
 * The samples of `dataset` at `indices`, in that order (torch.utils.data.Subset). Batches of a
 * Subset of a TensorDataset are gathered straight from the underlying tensors.
 */
export class Subset<T> implements BatchDataset<T> {
  /** The dataset the samples come from. */
  readonly dataset: Dataset<T>;
  /** The indices into `dataset`, in this subset's order. */
  readonly indices: Int32Array;

  /** The samples of `dataset` at `indices` (each checked to be in range). */
  constructor(dataset: Dataset<T>, indices: ArrayLike<number>) {
    const n = checkDataset("Subset", dataset);
    const idx = new Int32Array(indices.length);
    for (let i = 0; i < indices.length; i++) {
      const v = indices[i]!;
      if (!Number.isInteger(v) || v < 0 || v >= n) {
        throw new ArgumentError(
          `Subset: index ${v} (at position ${i}) is out of range for a dataset of ${n} samples (valid: 0 to ${n - 1})`,
        );
      }
      idx[i] = v;
    }
    this.dataset = dataset;
    this.indices = idx;
  }

  /** How many indices the subset has. */
  get length(): number {
    return this.indices.length;
  }

  /** Sample `indices[i]` of the underlying dataset. */
  get(i: number): T {
    return this.dataset.get(this.indices[sampleIndex("Subset.get", i, this.length)]!);
  }

  /** The samples at these positions of the subset, gathered in one batch when the dataset can. */
  getBatch(indices: Int32Array): Batch<T> {
    const mapped = new Int32Array(indices.length);
    for (let i = 0; i < indices.length; i++) {
      const k = indices[i]!;
      if (k < 0 || k >= this.indices.length) sampleIndex("Subset.getBatch", k, this.length);
      mapped[i] = this.indices[k]!;
    }
    if (hasGetBatch(this.dataset)) return this.dataset.getBatch(mapped);
    return collate(Array.from(mapped, (k) => this.dataset.get(k)));
  }
}

/** Where random draws come from: a seed (a fresh Generator), a Generator, or a fallback. */
export interface RandomSource {
  /** Seeds a new Generator (MT19937 equal to torch.Generator().manual_seed(seed)). */
  seed?: number;
  /** A Generator to draw from (advanced by the draws). */
  generator?: Generator;
}

/** The generator of `options`: a new one from `seed`, the given one, or `fallback`. */
export function resolveGenerator(
  op: string,
  options: RandomSource,
  fallback: Generator | null,
): Generator | null {
  if (options.seed !== undefined && options.generator !== undefined) {
    throw new ArgumentError(`${op}: give either seed or generator, not both`);
  }
  if (options.generator !== undefined) {
    if (!(options.generator instanceof Generator)) {
      throw new ArgumentError(`${op}: generator must be a Generator`);
    }
    return options.generator;
  }
  if (options.seed !== undefined) {
    if (!Number.isSafeInteger(options.seed) || options.seed < 0) {
      throw new ArgumentError(
        `${op}: seed must be a non-negative safe integer, got ${String(options.seed)}`,
      );
    }
    return new Generator(options.seed);
  }
  return fallback;
}

/** The split sizes for `lengths` (counts, or fractions summing to 1), as torch computes them. */
export function splitLengths(op: string, n: number, lengths: readonly number[]): number[] {
  if (lengths.length === 0) throw new ArgumentError(`${op}: expected at least one length`);
  const total = lengths.reduce((a, b) => a + b, 0);
  // torch: math.isclose(sum(lengths), 1) and sum(lengths) <= 1 means fractions
  if (Math.abs(total - 1) <= 1e-9 && total <= 1) {
    const sizes = lengths.map((f, i) => {
      if (!(f >= 0 && f <= 1)) {
        throw new ArgumentError(`${op}: fraction ${f} at position ${i} is not between 0 and 1`);
      }
      return Math.floor(n * f);
    });
    const remainder = n - sizes.reduce((a, b) => a + b, 0);
    // one more to each split in turn (round-robin) until the remainder is used up
    for (let i = 0; i < remainder; i++) sizes[i % sizes.length]! += 1;
    return sizes;
  }
  lengths.forEach((l, i) => {
    if (!Number.isInteger(l) || l < 0) {
      throw new ArgumentError(
        `${op}: length ${l} at position ${i} must be a non-negative integer (or give fractions that sum to 1)`,
      );
    }
  });
  if (total !== n) {
    throw new ArgumentError(
      `${op}: the lengths [${lengths.join(", ")}] sum to ${total} but the dataset has ${n} samples`,
    );
  }
  return lengths.slice();
}

/**
 * Splits a dataset into non-overlapping random subsets (torch.utils.data.random_split).
 * `lengths` are sample counts summing to the dataset's length, or fractions summing to 1: each
 * split then gets floor(N·fraction) samples and the remaining ones go one each to the first
 * splits in turn. Torch's algorithm: one randperm(N) from the generator, cut into consecutive
 * slices — so with `seed: s` the subsets hold exactly the indices that
 * `random_split(ds, lengths, generator=torch.Generator().manual_seed(s))` gives. Without seed or
 * generator it draws from the default generator, like torch (seed it with `manualSeed`).
 *
 * @example const [train, test] = randomSplit(ds, [0.8, 0.2], { seed: 0 });
 */
export function randomSplit<T>(
  dataset: Dataset<T>,
  lengths: readonly number[],
  options: RandomSource = {},
): Subset<T>[] {
  const n = checkDataset("randomSplit", dataset);
  const sizes = splitLengths("randomSplit", n, lengths);
  const generator = resolveGenerator("randomSplit", options, defaultGenerator)!;
  const perm = generator.permutation(n);
  const out: Subset<T>[] = [];
  let offset = 0;
  for (const size of sizes) {
    out.push(new Subset(dataset, perm.subarray(offset, offset + size)));
    offset += size;
  }
  return out;
}
