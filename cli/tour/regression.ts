/** The 1-feature line fit shared by chapters 5 and 6, and its (w, b) pictures. */
import { data } from "../../src/index.js";

/** The 1-feature regression of chapters 5 and 6: y = 2x + 1 + 0.3·ε, 128 points. */
export function regression() {
  const n = 128;
  const { x, y } = data.linearRegression(n, { seed: 0, noise: 0.3 });
  const xs = Array.from(x.data);
  const ys = Array.from(y.data);
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

/** contourPlot2d labels its axes x and y; here they are the parameters w and b. */
export function wbAxes(svg: string): string {
  return svg
    .replace(/(<g class="axis axis-x">.*?class="axis-label"[^>]*>)x(<\/text>)/, "$1w (slope)$2")
    .replace(
      /(<g class="axis axis-y">.*?class="axis-label"[^>]*>)y(<\/text>)/,
      "$1b (intercept)$2",
    );
}

export const START = { w: -1.5, b: -1.5 };
