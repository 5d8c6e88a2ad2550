/** The 1-feature line fit shared by chapters 5 and 6, and its (w, b) pictures. */
import { data } from "../../src/index.js";

/** The 1-feature regression of chapters 5 and 6: y = 2x + 1 + 0.3·ε, 128 points. */
export function regression() {
  const n = 128;
  const { x, y } = data.linearRegression(n, { seed: 0, noise: 0.3 });
  const xs = Array.from(x.toTypedArray());
  const ys = Array.from(y.toTypedArray());
  /** The mean squared error of the line w·x + b on the first `m` points, in plain JS. */
  const mse = (w: number, b: number, m = n) => {
    let s = 0;
    for (let i = 0; i < m; i++) {
      const r = w * xs[i]! + b - ys[i]!;
      s += r * r;
    }
    return s / m;
  };
  let sx = 0;
  let sy = 0;
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    sx += xs[i]!;
    sy += ys[i]!;
    sxx += xs[i]! * xs[i]!;
    sxy += xs[i]! * ys[i]!;
  }
  const w = (n * sxy - sx * sy) / (n * sxx - sx * sx);
  const best = { w, b: (sy - w * sx) / n };
  return { n, x: x.double(), y: y.double(), mse, best };
}

/** contourPlot2d's axis titles for the parameters w and b of the line w·x + b. */
export const WB_AXES = { xLabel: "w (slope)", yLabel: "b (intercept)" } as const;

export const START = { w: -1.5, b: -1.5 };
