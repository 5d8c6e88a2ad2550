// The minimisation runs whose bits Node and Chromium must agree on: gallery functions and typed
// expressions through x^n, exp, log, log1p, sin, cos, sigmoid, Adam's bias correction and seeded
// noise, on the wasm and js backends, plus det-math's own values. Imported by the Node side of
// minimize-chromium.test.ts and bundled for its page; every number is returned as float64 hex.
import * as d from "../../src/index.js";
import * as det from "../../src/util/det-math.js";

/** Each value's float64 bits as 16 hex digits (so NaN, −0 and the last bit all compare). */
function hex(values: readonly number[]): string {
  const bytes = new Uint8Array(Float64Array.from(values).buffer);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

const trajectoryBits = (result: d.MinimizeResult): string =>
  hex(result.trajectory.flatMap((p) => [...p.x, p.value, ...p.grad, p.gradNorm]));

const ONE_D: [string, number, d.MinimizeOptions][] = [
  ["quartic", 3, { optimizer: "gd", lr: 0.01, maxIters: 300 }],
  ["double-well", -0.3, { optimizer: "momentum", lr: 0.01, maxIters: 300 }],
  ["double-well", 1.5, { optimizer: "gd", lr: 0.01, noise: 0.05, seed: 7, maxIters: 300 }],
  ["log(1 + x^2) + sin(3x) + 0.1exp(x/2)", 2, { optimizer: "adam", lr: 0.05, maxIters: 300 }],
  ["x^3 - 3x + cos(x) + log1p(x^2)", 0.7, { optimizer: "rmsprop", lr: 0.01, maxIters: 300 }],
  ["sigmoid(x)^2 + softplus(x - 1) + x^-2", 1.3, { optimizer: "gd", lr: 0.1, maxIters: 200 }],
];

const TWO_D: [string, [number, number]][] = [
  ["six-hump-camel", [-1.5, 0.8]],
  ["rastrigin", [2.3, -1.7]],
  ["ackley", [1.8, 2.2]],
  ["plateau", [0.9, -0.6]],
  ["himmelblau", [0.5, 0.5]],
];

/** Inputs for the scalar functions: a seeded draw scaled with × only (10 ** u would differ). */
function inputs(): number[] {
  const g = new d.Generator(13);
  const scales = [1e-3, 0.1, 1, 3, 10, 100, 700, 1e5];
  return Array.from({ length: 4000 }, (_, i) => (g.nextFloat64() - 0.5) * 2 * scales[i % 8]!);
}

export function computeMinimize(): Record<string, string> {
  const out: Record<string, string> = {};
  const xs = inputs();
  for (const f of ["exp", "log", "log1p", "sin", "cos", "sigmoid"] as const) {
    const g = det[f];
    out[`det.${f}`] = hex(xs.map((v) => g(f === "log" ? Math.abs(v) : v)));
  }
  out["det.powi"] = hex(xs.map((v, i) => det.powi(v, (i % 13) - 3)));
  for (const backend of ["wasm", "js"] as const) {
    d.setBackend(backend);
    for (const [f, x0, options] of ONE_D)
      out[`${backend} ${f} from ${x0} (${String(options.optimizer)})`] = trajectoryBits(
        d.minimize(f, x0, options),
      );
    for (const [f, x0] of TWO_D) {
      const runs = d.race(f, x0, ["gd", "momentum", "nesterov", "rmsprop", "adam"], {
        maxIters: 150,
      });
      for (const run of runs) out[`${backend} ${f} ${run.label}`] = trajectoryBits(run.result);
    }
    // a contour grid: the numbers path, no tensors
    const grid = d.parseExpression(d.galleryFunction("ackley")!.expression);
    out[`${backend} ackley grid`] = hex(
      xs.slice(0, 400).map((v, i) => grid.evaluateNumber({ x: v / 1e3, y: xs[i + 1]! / 1e3 })),
    );
  }
  d.setBackend("wasm");
  return out;
}
