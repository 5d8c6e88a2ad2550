/**
 * DataLoader (torch.utils.data.DataLoader without worker processes): mini-batches and epochs.
 * Each `for (const batch of loader)` is one epoch that visits every sample exactly once (all but
 * the last incomplete batch with `dropLast`).
 */
import { ArgumentError } from "../errors.js";
import { defaultGenerator, Generator } from "../tensor/random.js";
import {
  checkDataset,
  collate,
  hasGetBatch,
  resolveGenerator,
  type Batch,
  type Dataset,
  type RandomSource,
} from "./dataset.js";

/** How a {@link DataLoader} batches, orders and collates. PyTorch: DataLoader's keyword arguments. */
export interface DataLoaderOptions<T, B> extends RandomSource {
  /**
   * Samples per batch (default 1: stochastic gradient descent). `"full"` (or the dataset's
   * length) gives one batch with every sample: full-batch gradient descent.
   */
  batchSize?: number | "full";
  /** Reorders the samples at the start of every epoch (default false). */
  shuffle?: boolean;
  /** Drops the last batch when it is smaller than batchSize (default false). */
  dropLast?: boolean;
  /**
   * Puts a list of samples together into a batch. By default a dataset's own `getBatch` is used
   * (TensorDataset: one indexSelect per tensor), otherwise `collate` (tensors are stacked).
   */
  collate?: (samples: T[]) => B;
}

/**
 * Iterates over a dataset in batches (torch.utils.data.DataLoader, in the calling thread).
 *
 * For a TensorDataset each batch is an array of tensors, one per dataset tensor, batch dim first,
 * each gathered with one indexSelect. `length` is the number of batches per epoch:
 * ceil(N / batchSize), or floor(N / batchSize) with `dropLast`.
 *
 * Randomness, the same draws as torch:
 * - Every epoch (every new iteration) first draws one 64-bit number (two 32-bit draws) from the
 *   loader's generator, the default generator if it has none — torch's DataLoader draws its
 *   `_base_seed` this way for worker seeding, even when it does not shuffle.
 * - With `shuffle` the order is then `randperm(N)` from that generator (a new one each epoch);
 *   once the epoch has used it up, torch's RandomSampler draws a second randperm(N) that it
 *   throws away, and so does this loader (not when the loop stops early). So
 *   `new DataLoader(ds, { batchSize, shuffle: true, seed: s })` visits the samples in exactly
 *   the order of torch's
 *   `DataLoader(ds, batch_size, shuffle=True, generator=torch.Generator().manual_seed(s))`,
 *   epoch after epoch. With `generator: g` the same holds for a torch generator in g's state.
 * - Shuffling without seed or generator follows torch's RandomSampler: it draws a 64-bit seed
 *   from the default generator and shuffles with a fresh generator seeded by it; after
 *   `manualSeed(s)` that is torch's order after `torch.manual_seed(s)`.
 * The orders are equal as long as the generators are in equal states, i.e. as long as every
 * other draw from them matched torch's too. (Checked against torch 1.13 in tests/data.)
 * Unlike torch, an empty dataset (N = 0) is allowed: it has no batches.
 *
 * @example
 * ```ts
 * manualSeed(0);
 * const x = randn([100, 2]);
 * const y = randint(0, 2, [100]);
 * const loader = new data.DataLoader(new data.TensorDataset(x, y), {
 *   batchSize: 32,
 *   shuffle: true,
 *   seed: 0,
 * });
 * loader.length; // 4 batches per epoch: 32, 32, 32, 4
 * for (let epoch = 0; epoch < 10; epoch++) {
 *   for (const [xb, yb] of loader) {
 *     // xb: [32, 2], yb: [32] (the last batch: 4)
 *   }
 * }
 * ```
 */
export class DataLoader<T, B = Batch<T>> implements Iterable<B> {
  /** The dataset it batches. */
  readonly dataset: Dataset<T>;
  /** Samples per batch, or "full" for one batch of everything. */
  readonly batchSize: number | "full";
  /** Whether each epoch reorders the samples. */
  readonly shuffle: boolean;
  /** Whether the last, smaller batch is dropped. */
  readonly dropLast: boolean;
  /** The loader's own generator (from `seed` or `generator`), or null: the default generator. */
  readonly generator: Generator | null;
  /** How many epochs have started (iterations begun) so far. */
  epoch = 0;
  private readonly collateFn: ((samples: T[]) => B) | undefined;

  constructor(dataset: Dataset<T>, options: DataLoaderOptions<T, B> = {}) {
    checkDataset("DataLoader", dataset);
    const batchSize = options.batchSize ?? 1;
    if (batchSize !== "full" && (!Number.isSafeInteger(batchSize) || batchSize < 1)) {
      throw new ArgumentError(
        `DataLoader: batchSize must be a positive integer or "full", got ${typeof batchSize === "string" ? JSON.stringify(batchSize) : String(batchSize)}`,
      );
    }
    if (options.collate !== undefined && typeof options.collate !== "function") {
      throw new ArgumentError("DataLoader: collate must be a function");
    }
    this.dataset = dataset;
    this.batchSize = batchSize;
    this.shuffle = options.shuffle ?? false;
    this.dropLast = options.dropLast ?? false;
    this.generator = resolveGenerator("DataLoader", options, null);
    this.collateFn = options.collate;
  }

  /** The number of batches in one epoch: ceil(N / batchSize), floor with dropLast. */
  get length(): number {
    const n = this.dataset.length;
    if (n === 0) return 0;
    const b = this.batchSize === "full" ? n : this.batchSize;
    return this.dropLast ? Math.floor(n / b) : Math.ceil(n / b);
  }

  /**
   * One epoch as batches of sample indices (torch's BatchSampler over its sampler), with the
   * draws described on the class, at the moments torch makes them.
   */
  *batchIndices(): IterableIterator<Int32Array> {
    const n = checkDataset("DataLoader", this.dataset);
    this.epoch++;
    const generator = this.generator ?? defaultGenerator;
    // torch's _base_seed: one random64() per epoch, drawn whether or not it shuffles
    generator.nextUint32();
    generator.nextUint32();
    const order = this.shuffle ? this.shuffled(n) : identity(n);
    // torch's RandomSampler draws a second randperm(N) once its first is used up, and keeps none
    // of it (`randperm(n)[:num_samples % n]`); that only shows when the generator is the loader's
    const spare = () => {
      if (this.shuffle && this.generator !== null) this.generator.permutation(n);
    };
    const b = this.batchSize === "full" ? Math.max(n, 1) : this.batchSize;
    for (let start = 0; start < n; start += b) {
      const end = Math.min(start + b, n);
      if (end - start < b) {
        spare(); // the sampler ran out while filling the last batch
        if (!this.dropLast) yield order.subarray(start, end);
        return;
      }
      yield order.subarray(start, end);
    }
    spare(); // the sampler runs out when the batch after the last full one is asked for
  }

  /** One epoch of batches. */
  *[Symbol.iterator](): Iterator<B> {
    for (const indices of this.batchIndices()) yield this.fetch(indices);
  }

  /** The batch of the samples at `indices`, as an epoch would give it (draws nothing). */
  batchOf(indices: Int32Array): B {
    return this.fetch(indices);
  }

  /** The shuffled order of a new epoch: randperm(N) like torch's RandomSampler. */
  private shuffled(n: number): Int32Array {
    if (this.generator !== null) return this.generator.permutation(n);
    // RandomSampler without a generator: seed = random64() mod 2^63 from the default generator,
    // of which MT19937 uses the low 32 bits: the second draw
    defaultGenerator.nextUint32();
    const seed = defaultGenerator.nextUint32();
    return new Generator(seed).permutation(n);
  }

  private fetch(indices: Int32Array): B {
    if (this.collateFn !== undefined) {
      return this.collateFn(Array.from(indices, (i) => this.dataset.get(i)));
    }
    if (hasGetBatch(this.dataset)) return this.dataset.getBatch(indices) as B;
    return collate(Array.from(indices, (i) => this.dataset.get(i))) as B;
  }
}

function identity(n: number): Int32Array {
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  return order;
}
