// Plain float64 reference computations that every peer's first result is checked against.

import { SCALAR_ACC0, type TrainData } from "./data.js";

/** Index of the multiplier and of the addend at iteration k of scalar_autograd. */
export const scalarIndices = (k: number): [number, number] => [k % 100, (7 * k + 3) % 100];

/** acc = tanh(acc * w[k % 100] + w[(7k + 3) % 100]), and d acc / d w by a hand-written reverse pass. */
export function scalarReference(
  w: Float32Array,
  iterations: number,
): { value: number; grads: Float64Array } {
  const accs = new Float64Array(iterations + 1);
  accs[0] = SCALAR_ACC0;
  for (let k = 0; k < iterations; k++) {
    const [m, a] = scalarIndices(k);
    accs[k + 1] = Math.tanh(accs[k]! * w[m]! + w[a]!);
  }
  const grads = new Float64Array(w.length);
  let dAcc = 1;
  for (let k = iterations - 1; k >= 0; k--) {
    const [m, a] = scalarIndices(k);
    const out = accs[k + 1]!;
    const dPre = dAcc * (1 - out * out);
    grads[a]! += dPre;
    grads[m]! += dPre * accs[k]!;
    dAcc = dPre * w[m]!;
  }
  return { value: accs[iterations]!, grads };
}

/** One entry of A @ B (row-major n x n) and the sum of |a_ik b_kj|, which bounds its rounding error. */
export function matmulEntry(
  a: Float32Array,
  b: Float32Array,
  n: number,
  i: number,
  j: number,
): { value: number; scale: number } {
  let value = 0;
  let scale = 0;
  for (let k = 0; k < n; k++) {
    const p = a[i * n + k]! * b[k * n + j]!;
    value += p;
    scale += Math.abs(p);
  }
  return { value, scale };
}

/** The loss of the initial weights: BCE-with-logits for one output, softmax cross-entropy otherwise. */
export function initialLoss(data: TrainData): number {
  let h: Float64Array = Float64Array.from(data.x);
  let width = data.features;
  const activate = data.activation === "tanh" ? Math.tanh : (s: number) => Math.max(s, 0);
  data.layers.forEach((layer, index) => {
    const out = new Float64Array(data.batch * layer.fanOut);
    for (let r = 0; r < data.batch; r++) {
      for (let c = 0; c < layer.fanOut; c++) {
        let s = layer.b[c]!;
        for (let k = 0; k < width; k++) s += h[r * width + k]! * layer.w[k * layer.fanOut + c]!;
        out[r * layer.fanOut + c] = index === data.layers.length - 1 ? s : activate(s);
      }
    }
    h = out;
    width = layer.fanOut;
  });
  let total = 0;
  for (let r = 0; r < data.batch; r++) {
    if (width === 1) {
      const z = h[r]!;
      const y = data.targets[r]!;
      total += Math.max(z, 0) - z * y + Math.log1p(Math.exp(-Math.abs(z)));
    } else {
      const row = h.subarray(r * width, (r + 1) * width);
      const max = Math.max(...row);
      let sum = 0;
      for (const v of row) sum += Math.exp(v - max);
      total += max + Math.log(sum) - row[data.targets[r]!]!;
    }
  }
  return total / data.batch;
}
