/**
 * Normalisation and lookup layers, composed from existing ops (no new primitives): LayerNorm
 * (torch.nn.LayerNorm), BatchNorm1d with running statistics (torch.nn.BatchNorm1d) and Embedding
 * (torch.nn.Embedding).
 */
import { ArgumentError, ShapeError, formatShape } from "../errors.js";
import { noGrad } from "../autograd/grad-mode.js";
import { ones, tensor, zeros } from "../tensor/create.js";
import type { RandomOptions } from "../tensor/create.js";
import type { Tensor } from "../tensor/tensor.js";
import { normal_ } from "./init.js";
import { Module } from "./module.js";
import { Parameter } from "./parameter.js";
import { viewOf } from "../autograd/kernels.js";

/** Options of LayerNorm (torch's keywords in camelCase). */
export interface LayerNormOptions {
  /** Added to the variance before the square root (default 1e-5). */
  eps?: number;
  /** Learn a per-element scale (weight, ones) and shift (bias, zeros); default true. */
  elementwiseAffine?: boolean;
  /** With elementwiseAffine, learn the shift too (default true). */
  bias?: boolean;
}

/**
 * Normalises over the last dimensions (`normalizedShape`) of each sample: (x − mean) / √(var + ε),
 * var biased, then · weight + bias. PyTorch: `torch.nn.LayerNorm`.
 *
 * @example
 * ```ts
 * const norm = new nn.LayerNorm([4]);
 * norm.forward(randn([2, 4])); // each row: mean 0, variance 1
 * ```
 */
export class LayerNorm extends Module {
  /** The trailing dims normalised over. PyTorch: `normalized_shape`. */
  readonly normalizedShape: readonly number[];
  /** Added to the variance before the square root. */
  readonly eps: number;
  /** The learned scale, of normalizedShape (ones at first); null without elementwiseAffine. */
  readonly weight: Parameter | null;
  /** The learned shift, of normalizedShape (zeros at first); null without it. */
  readonly bias: Parameter | null;

  constructor(normalizedShape: number | readonly number[], options: LayerNormOptions = {}) {
    super();
    const shape = typeof normalizedShape === "number" ? [normalizedShape] : normalizedShape.slice();
    if (shape.length === 0 || !shape.every((n) => Number.isSafeInteger(n) && n > 0)) {
      throw new ArgumentError(
        `LayerNorm: normalizedShape must be positive integers, got ${JSON.stringify(normalizedShape)}`,
      );
    }
    this.normalizedShape = shape;
    this.eps = options.eps ?? 1e-5;
    const affine = options.elementwiseAffine ?? true;
    this.weight = this.registerParameter("weight", affine ? new Parameter(ones(shape)) : null);
    this.bias = this.registerParameter(
      "bias",
      affine && (options.bias ?? true) ? new Parameter(zeros(shape)) : null,
    );
  }

  forward(x: Tensor): Tensor {
    const k = this.normalizedShape.length;
    const tail = x.shape.slice(x.ndim - k);
    if (x.ndim < k || tail.join() !== this.normalizedShape.join()) {
      throw new ShapeError(
        `LayerNorm: input of shape ${formatShape(x.shape)} does not end in the normalized shape ${formatShape(this.normalizedShape)}`,
      );
    }
    const dims = Array.from({ length: k }, (_v, i) => x.ndim - k + i);
    const centered = x.sub(x.mean(dims, true));
    const variance = centered.square().mean(dims, true);
    let y = centered.mul(variance.add(this.eps).rsqrt());
    if (this.weight) y = y.mul(this.weight);
    if (this.bias) y = y.add(this.bias);
    return y;
  }

  protected override extraRepr(): string {
    return `(${this.normalizedShape.join(", ")}${this.normalizedShape.length === 1 ? "," : ""}), eps=${this.eps}, elementwise_affine=${this.weight !== null}`;
  }
}

/** Options of BatchNorm1d (torch's keywords in camelCase). */
export interface BatchNormOptions {
  /** Added to the variance before the square root (default 1e-5). */
  eps?: number;
  /** Weight of the new batch in the running statistics (default 0.1); null: a cumulative average. */
  momentum?: number | null;
  /** Learn a per-feature scale and shift (default true). */
  affine?: boolean;
  /** Keep running statistics for evaluation (default true); without, eval uses the batch's. */
  trackRunningStats?: boolean;
}

/**
 * Batch normalisation over the batch (and length) of [N, C] or [N, C, L] inputs: in training,
 * (x − batch mean) / √(batch var + ε) with the biased variance, and running statistics updated as
 * torch does (the unbiased variance, weight `momentum`); in eval, the running statistics.
 * PyTorch: `torch.nn.BatchNorm1d`. Buffers `running_mean`, `running_var`, `num_batches_tracked`
 * (int32 here, int64 in torch) are saved in the state dict under torch's names.
 *
 * @example
 * ```ts
 * const bn = new nn.BatchNorm1d(3);
 * bn.forward(randn([8, 3])); // training: batch statistics, running ones updated
 * bn.eval().forward(randn([2, 3])); // evaluation: running statistics
 * ```
 */
export class BatchNorm1d extends Module {
  /** Added to the variance before the square root. */
  readonly eps: number;
  /** Weight of each new batch in the running statistics; null: a cumulative average. */
  readonly momentum: number | null;
  /** The learned per-feature scale [C] (ones at first); null without affine. */
  readonly weight: Parameter | null;
  /** The learned per-feature shift [C] (zeros at first); null without affine. */
  readonly bias: Parameter | null;
  /** The buffer `running_mean` [C], used in eval; null without trackRunningStats. */
  readonly runningMean: Tensor | null;
  /** The buffer `running_var` [C] (unbiased), used in eval; null without trackRunningStats. */
  readonly runningVar: Tensor | null;
  /** The buffer `num_batches_tracked`: a 0-d int32 count of training batches seen. */
  readonly numBatchesTracked: Tensor | null;

  constructor(
    /** C, the number of features (channels). PyTorch: `num_features`. */
    readonly numFeatures: number,
    options: BatchNormOptions = {},
  ) {
    super();
    if (!Number.isSafeInteger(numFeatures) || numFeatures <= 0)
      throw new ArgumentError(
        `BatchNorm1d: numFeatures must be a positive integer, got ${numFeatures}`,
      );
    this.eps = options.eps ?? 1e-5;
    this.momentum = options.momentum === undefined ? 0.1 : options.momentum;
    const affine = options.affine ?? true;
    this.weight = this.registerParameter(
      "weight",
      affine ? new Parameter(ones([numFeatures])) : null,
    );
    this.bias = this.registerParameter("bias", affine ? new Parameter(zeros([numFeatures])) : null);
    const track = options.trackRunningStats ?? true;
    this.runningMean = track ? this.registerBuffer("running_mean", zeros([numFeatures])) : null;
    this.runningVar = track ? this.registerBuffer("running_var", ones([numFeatures])) : null;
    this.numBatchesTracked = track
      ? this.registerBuffer("num_batches_tracked", tensor(0, { dtype: "int32" }))
      : null;
  }

  forward(x: Tensor): Tensor {
    if ((x.ndim !== 2 && x.ndim !== 3) || x.shape[1] !== this.numFeatures) {
      throw new ShapeError(
        `BatchNorm1d: expected input of shape [N, ${this.numFeatures}] or [N, ${this.numFeatures}, L], got ${formatShape(x.shape)}`,
      );
    }
    const dims = x.ndim === 2 ? [0] : [0, 2];
    // [C] → broadcastable against x: [C] for [N, C], [C, 1] for [N, C, L]
    const perFeature = (t: Tensor) => (x.ndim === 2 ? t : t.unsqueeze(1));
    const useBatch = this.training || this.runningMean === null;
    let mean: Tensor;
    let variance: Tensor;
    if (useBatch) {
      const count = x.numel() / this.numFeatures;
      if (this.training && count <= 1) {
        throw new ShapeError(
          `BatchNorm1d: expected more than 1 value per channel when training, got input of shape ${formatShape(x.shape)}`,
        );
      }
      mean = x.mean(dims);
      variance = x.var(dims, { correction: 0 });
      if (this.training && this.runningMean && this.runningVar && this.numBatchesTracked)
        this.updateRunningStats(mean, variance, count);
    } else {
      mean = this.runningMean!;
      variance = this.runningVar!;
    }
    let y = x.sub(perFeature(mean)).mul(perFeature(variance.add(this.eps).rsqrt()));
    if (this.weight) y = y.mul(perFeature(this.weight));
    if (this.bias) y = y.add(perFeature(this.bias));
    return y;
  }

  private updateRunningStats(mean: Tensor, variance: Tensor, count: number): void {
    noGrad(() => {
      this.numBatchesTracked!.add_(1);
      const m = this.momentum ?? 1 / this.numBatchesTracked!.item();
      const unbiased = variance.mul(count / (count - 1));
      this.runningMean!.mul_(1 - m).add_(mean.detach().mul(m));
      this.runningVar!.mul_(1 - m).add_(unbiased.detach().mul(m));
    });
  }

  protected override extraRepr(): string {
    return `${this.numFeatures}, eps=${this.eps}, momentum=${this.momentum}, affine=${this.weight !== null}, track_running_stats=${this.runningMean !== null}`;
  }
}

/** Options of Embedding. */
export interface EmbeddingOptions extends RandomOptions {
  /** This index's row gets no gradient (and starts at zeros), e.g. for padding. */
  paddingIdx?: number;
}

/**
 * A lookup table of `numEmbeddings` vectors of size `embeddingDim`, initialised from N(0, 1):
 * int32 indices of any shape → float vectors of shape [...indices, embeddingDim].
 * PyTorch: `torch.nn.Embedding`.
 *
 * @example
 * ```ts
 * const embed = new nn.Embedding(10, 3);
 * embed.forward(tensor([[1, 2], [4, 9]], { dtype: "int32" })).shape; // [2, 2, 3]
 * ```
 */
export class Embedding extends Module {
  /** The table [numEmbeddings, embeddingDim], drawn from N(0, 1). */
  readonly weight: Parameter;
  /** The row that gets no gradient (made non-negative), or null. PyTorch: `padding_idx`. */
  readonly paddingIdx: number | null;

  constructor(
    /** How many vectors the table holds: indices run from 0 to numEmbeddings − 1. */
    readonly numEmbeddings: number,
    /** The size of each vector. */
    readonly embeddingDim: number,
    options: EmbeddingOptions = {},
  ) {
    super();
    for (const [name, value] of [
      ["numEmbeddings", numEmbeddings],
      ["embeddingDim", embeddingDim],
    ] as const) {
      if (!Number.isSafeInteger(value) || value <= 0)
        throw new ArgumentError(`Embedding: ${name} must be a positive integer, got ${value}`);
    }
    let padding = options.paddingIdx ?? null;
    if (padding !== null) {
      if (!Number.isSafeInteger(padding) || padding >= numEmbeddings || padding < -numEmbeddings)
        throw new ArgumentError(
          `Embedding: paddingIdx must be within numEmbeddings (${numEmbeddings}), got ${padding}`,
        );
      if (padding < 0) padding += numEmbeddings;
    }
    this.paddingIdx = padding;
    const weight = zeros([numEmbeddings, embeddingDim]);
    normal_(weight, 0, 1, options);
    if (padding !== null)
      viewOf(weight).fill(0, padding * embeddingDim, (padding + 1) * embeddingDim);
    this.weight = this.registerParameter("weight", new Parameter(weight));
  }

  forward(indices: Tensor): Tensor {
    if (indices.dtype !== "int32") {
      throw new ArgumentError(
        `Embedding: indices must be an int32 tensor, got ${indices.dtype}; create them with { dtype: "int32" }`,
      );
    }
    const flat = indices.reshape([-1]);
    let rows = this.weight.indexSelect(0, flat);
    if (this.paddingIdx !== null) {
      // the padding row's value, without a gradient (torch skips it in the backward pass)
      const keep = flat.ne(this.paddingIdx).unsqueeze(1);
      rows = rows.where(keep, rows.detach());
    }
    return rows.reshape([...indices.shape, this.embeddingDim]);
  }

  protected override extraRepr(): string {
    return `${this.numEmbeddings}, ${this.embeddingDim}${this.paddingIdx !== null ? `, padding_idx=${this.paddingIdx}` : ""}`;
  }
}
