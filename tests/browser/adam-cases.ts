// The float64 Adam/AdamW runs of tests/fixtures/optim.json as a plain function, so that Node and
// a browser run the very same code (tests/browser/adam-chromium.test.ts bundles this file).
import { optim, tensor, zeros, type Tensor } from "../../src/index.js";

export interface AdamCase {
  name: string;
  optimizer: "Adam" | "AdamW";
  problem: "least_squares" | "rosenbrock";
  options: Record<string, unknown>;
}

/** Each case's parameters after every step, as the hex of their float64 bits (exact). */
export function runAdamCases(
  cases: readonly AdamCase[],
  problem: { A: number[]; b: number[] },
  steps: number,
): Record<string, string[]> {
  const A = tensor(problem.A, { dtype: "float64" }).reshape(8, 3);
  const b = tensor(problem.b, { dtype: "float64" });
  const problems = {
    least_squares: {
      init: () => [zeros([3], { dtype: "float64" }), zeros([1], { dtype: "float64" })],
      loss: ([w, c]: Tensor[]) => A.matmul(w!).add(c!).sub(b).square().mean(),
    },
    rosenbrock: {
      init: () => [tensor([-1.2, 1], { dtype: "float64" })],
      loss: ([p]: Tensor[]) => {
        const x = p!.narrow(0, 0, 1);
        const y = p!.narrow(0, 1, 1);
        return x.neg().add(1).square().add(y.sub(x.square()).square().mul(100)).sum();
      },
    },
  };
  const out: Record<string, string[]> = {};
  for (const c of cases) {
    const { init, loss } = problems[c.problem];
    const params = init().map((p) => p.requiresGrad_());
    const Optimizer = c.optimizer === "Adam" ? optim.Adam : optim.AdamW;
    const optimizer = new Optimizer(params, c.options);
    const sign = c.options.maximize ? -1 : 1;
    const bits: string[] = [];
    for (let step = 0; step < steps; step++) {
      optimizer.zeroGrad();
      loss(params).mul(sign).backward();
      optimizer.step();
      for (const p of params) bits.push(hex(p.data as Float64Array));
    }
    out[c.name] = bits;
  }
  return out;
}

function hex(values: Float64Array): string {
  return Array.from(new Uint8Array(values.buffer, values.byteOffset, values.byteLength), (byte) =>
    byte.toString(16).padStart(2, "0"),
  ).join("");
}
