/** Checks analytical gradients against central finite differences, in float64. */
import { ArgumentError } from "../errors.js";
import { Tensor } from "../tensor/tensor.js";
import { autogradGrad } from "./functional.js";
import { noGrad } from "./grad-mode.js";
import { itemOf, viewOf } from "./kernels.js";

/** Tolerances of gradcheck, as torch's keywords. */
export interface GradcheckOptions {
  /** The finite-difference step (default 1e-6). */
  eps?: number;
  /** The absolute tolerance (default 1e-5). */
  atol?: number;
  /** The relative tolerance (default 1e-3). */
  rtol?: number;
}

/** What gradcheck found: a verdict and the worst disagreement, instead of torch's exception. */
export interface GradcheckResult {
  /** Whether every element agreed within the tolerances. */
  ok: boolean;
  /** The largest |analytical − numerical| − rtol·|numerical| found (≤ atol when ok). */
  maxError: number;
  /** Where the worst disagreement is: which input, the flat index, and both values. */
  worst: {
    /** Which input (its position in `inputs`). */
    input: number;
    /** The flat (row-major) index within that input. */
    index: number;
    /** The gradient autograd computed there. */
    analytical: number;
    /** The central finite difference there. */
    numerical: number;
  } | null;
  /** A one-line verdict for people. */
  message: string;
}

/**
 * Differentiates `f` (any output shape; its sum is checked against a fixed random projection)
 * at `inputs` both ways. Inputs are converted to float64 first, as finite differences need it.
 * PyTorch: `torch.autograd.gradcheck` (which raises instead of returning a result).
 *
 * @example
 * ```ts
 * gradcheck((x) => x.tanh(), [randn([3])]).ok; // true
 * ```
 */
export function gradcheck(
  f: (...inputs: Tensor[]) => Tensor,
  inputs: readonly Tensor[],
  options: GradcheckOptions = {},
): GradcheckResult {
  const { eps = 1e-6, atol = 1e-5, rtol = 1e-3 } = options;
  if (inputs.length === 0) throw new ArgumentError("gradcheck: give at least one input tensor");
  const xs = inputs.map((x) => x.detach().double().clone().requiresGrad_());
  const out = f(...xs);
  // Project the output onto fixed weights so that every output element is checked at once.
  const weights = new Tensor(
    Float64Array.from({ length: out.numel() }, (_, i) => 1 + ((i * 7919) % 13) / 13),
    out.shape,
  );
  const scalar = (o: Tensor) => o.double().mul(weights).sum();
  const analytical = autogradGrad(scalar(out), xs, { allowUnused: true });
  let worst: GradcheckResult["worst"] = null;
  let maxError = -Infinity;
  noGrad(() => {
    xs.forEach((x, k) => {
      const data = viewOf(x) as Float64Array;
      for (let i = 0; i < data.length; i++) {
        const original = data[i]!;
        data[i] = original + eps;
        const plus = scalar(f(...xs)).item();
        data[i] = original - eps;
        const minus = scalar(f(...xs)).item();
        data[i] = original;
        const numerical = (plus - minus) / (2 * eps);
        const a = analytical[k] ? itemOf(analytical[k], i) : 0;
        const error = Math.abs(a - numerical) - rtol * Math.abs(numerical);
        if (error > maxError || Number.isNaN(error)) {
          maxError = Number.isNaN(error) ? Infinity : error;
          worst = { input: k, index: i, analytical: a, numerical };
        }
      }
    });
  });
  const ok = maxError <= atol;
  const w = worst as GradcheckResult["worst"];
  const message = w
    ? `${ok ? "gradients match" : "gradients differ"}: worst at input ${w.input}, index ${w.index}: ` +
      `analytical ${w.analytical}, numerical ${w.numerical}`
    : "no elements to check";
  return { ok, maxError: Math.max(maxError, 0), worst: w, message };
}
