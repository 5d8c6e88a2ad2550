/**
 * torch.nn.init: in-place initialisers drawing from the default generator or a given one, with
 * torch's formulas (so seeded initial weights equal torch's).
 *
 * @packageDocumentation
 */
import { ArgumentError } from "../errors.js";
import { noGrad } from "../autograd/grad-mode.js";
import { fillInPlace, writableView } from "../autograd/kernels.js";
import { defaultGenerator, type Generator } from "../tensor/random.js";
import type { Tensor } from "../tensor/tensor.js";

/** The nonlinearities calculateGain knows, with torch's names. */
export type Nonlinearity = "linear" | "sigmoid" | "tanh" | "relu" | "leaky_relu";

/** Where an initialiser draws its random numbers. */
export interface RandomOptions {
  /** The generator to draw from (default: the global one that `manualSeed` seeds). */
  generator?: Generator;
}

function floatData(t: Tensor, op: string): Float32Array | Float64Array {
  if (t.dtype !== "float32" && t.dtype !== "float64") {
    throw new ArgumentError(`init.${op}: only float tensors can be initialised, got ${t.dtype}`);
  }
  if (t.requiresGrad && !t.isLeaf)
    throw new ArgumentError(`init.${op}: cannot initialise a non-leaf tensor`);
  return writableView(t, op) as Float32Array | Float64Array;
}

/**
 * The recommended gain for a nonlinearity: 1, 5/3 for tanh, √2 for relu, √(2/(1 + slope²)) for
 * leaky_relu. PyTorch: `torch.nn.init.calculate_gain`.
 */
export function calculateGain(nonlinearity: Nonlinearity, param?: number): number {
  switch (nonlinearity) {
    case "linear":
    case "sigmoid":
      return 1;
    case "tanh":
      return 5 / 3;
    case "relu":
      return Math.SQRT2;
    case "leaky_relu": {
      const slope = param ?? 0.01;
      return Math.sqrt(2 / (1 + slope * slope));
    }
    default:
      return nonlinearity satisfies never;
  }
}

/**
 * fan_in and fan_out of a weight [out, in, ...receptive field]: in·receptive and out·receptive.
 * PyTorch: `torch.nn.init._calculate_fan_in_and_fan_out`.
 */
export function fans(t: Tensor): {
  /** The inputs each output sees. */
  fanIn: number;
  /** The outputs each input feeds. */
  fanOut: number;
} {
  if (t.ndim < 2) {
    throw new ArgumentError(
      `init: fan in and fan out cannot be computed for a tensor with fewer than 2 dimensions (shape [${t.shape.join(", ")}])`,
    );
  }
  const receptive = t.shape.slice(2).reduce((a, b) => a * b, 1);
  return { fanIn: t.shape[1]! * receptive, fanOut: t.shape[0]! * receptive };
}

/** Fills t in place with U(a, b) draws; returns t. PyTorch: `torch.nn.init.uniform_`. */
export function uniform_(t: Tensor, a = 0, b = 1, options: RandomOptions = {}): Tensor {
  noGrad(() => (options.generator ?? defaultGenerator).fillUniform(floatData(t, "uniform_"), a, b));
  return t;
}

/** Fills t in place with N(mean, std²) draws; returns t. PyTorch: `torch.nn.init.normal_`. */
export function normal_(t: Tensor, mean = 0, std = 1, options: RandomOptions = {}): Tensor {
  noGrad(() =>
    (options.generator ?? defaultGenerator).fillNormal(floatData(t, "normal_"), mean, std),
  );
  return t;
}

/** Fills t in place with `value`; returns t. PyTorch: `torch.nn.init.constant_`. */
export function constant_(t: Tensor, value: number): Tensor {
  floatData(t, "constant_");
  fillInPlace(t, value);
  return t;
}

/** Fills t in place with zeros; returns t. PyTorch: `torch.nn.init.zeros_`. */
export const zeros_ = (t: Tensor): Tensor => constant_(t, 0);
/** Fills t in place with ones; returns t. PyTorch: `torch.nn.init.ones_`. */
export const ones_ = (t: Tensor): Tensor => constant_(t, 1);

/**
 * Fills t in place with U(−a, a), a = gain·√(6 / (fan_in + fan_out)) (Glorot & Bengio, 2010).
 * PyTorch: `torch.nn.init.xavier_uniform_`.
 */
export function xavierUniform_(t: Tensor, gain = 1, options: RandomOptions = {}): Tensor {
  const { fanIn, fanOut } = fans(t);
  // torch's order of operations, so that seeded values are equal to the bit
  const a = Math.sqrt(3) * (gain * Math.sqrt(2 / (fanIn + fanOut)));
  return uniform_(t, -a, a, options);
}

/**
 * Fills t in place with N(0, σ²), σ = gain·√(2 / (fan_in + fan_out)).
 * PyTorch: `torch.nn.init.xavier_normal_`.
 */
export function xavierNormal_(t: Tensor, gain = 1, options: RandomOptions = {}): Tensor {
  const { fanIn, fanOut } = fans(t);
  return normal_(t, 0, gain * Math.sqrt(2 / (fanIn + fanOut)), options);
}

/** Options of the Kaiming initialisers (torch's keywords in camelCase). */
export interface KaimingOptions extends RandomOptions {
  /** The negative slope of the rectifier after this layer (torch's a). */
  a?: number;
  /** Preserve the variance forward ("fanIn", the default) or backward ("fanOut"). */
  mode?: "fanIn" | "fanOut";
  /** The nonlinearity after this layer, for the gain (default "leaky_relu"). */
  nonlinearity?: Nonlinearity;
}

/**
 * Fills t in place with U(−b, b), b = gain·√(3 / fan) (He et al., 2015).
 * PyTorch: `torch.nn.init.kaiming_uniform_`.
 */
export function kaimingUniform_(t: Tensor, options: KaimingOptions = {}): Tensor {
  const { a = 0, mode = "fanIn", nonlinearity = "leaky_relu" } = options;
  const { fanIn, fanOut } = fans(t);
  const std = calculateGain(nonlinearity, a) / Math.sqrt(mode === "fanIn" ? fanIn : fanOut);
  const bound = Math.sqrt(3) * std; // torch's order of operations (bit-equal seeded values)
  return uniform_(t, -bound, bound, options);
}

/** Fills t in place with N(0, σ²), σ = gain / √fan. PyTorch: `torch.nn.init.kaiming_normal_`. */
export function kaimingNormal_(t: Tensor, options: KaimingOptions = {}): Tensor {
  const { a = 0, mode = "fanIn", nonlinearity = "leaky_relu" } = options;
  const { fanIn, fanOut } = fans(t);
  return normal_(
    t,
    0,
    calculateGain(nonlinearity, a) / Math.sqrt(mode === "fanIn" ? fanIn : fanOut),
    options,
  );
}
