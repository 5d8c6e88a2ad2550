// The computation whose bits Node and Chromium must agree on: the wasm backend's own math and its
// matrix product on fixed inputs. Imported by the Node test and bundled for the browser page.
import * as d from "../../src/index.js";

export interface Results {
  [name: string]: number[];
}

/**
 * 2,000 inputs spread over the functions' interesting ranges, a fixed seeded draw made with + and ×
 * only (`10 ** u` would itself differ between engines).
 */
function inputs(): number[] {
  const g = new d.Generator(2026);
  const scales = [0.01, 0.1, 0.5, 1, 2, 5, 10, 30, 100];
  return Array.from({ length: 2000 }, (_, i) => (g.nextFloat64() - 0.5) * 2 * scales[i % 9]!);
}

export function compute(): Results {
  d.setBackend("wasm");
  const xs = inputs();
  const out: Results = {};
  for (const dtype of ["float32", "float64"] as const) {
    const x = d.tensor(xs, { dtype });
    const positive = x.abs();
    out[`exp ${dtype}`] = x.exp().toArray() as number[];
    out[`log ${dtype}`] = positive.log().toArray() as number[];
    out[`log1p ${dtype}`] = positive.log1p().toArray() as number[];
    out[`tanh ${dtype}`] = x.tanh().toArray() as number[];
    out[`sigmoid ${dtype}`] = x.sigmoid().toArray() as number[];
    out[`erf ${dtype}`] = x.erf().toArray() as number[];
    out[`sin ${dtype}`] = x.sin().toArray() as number[];
    out[`cos ${dtype}`] = x.cos().toArray() as number[];
  }
  const a = d.tensor(xs.slice(0, 67 * 29), { shape: [67, 29] });
  const b = d.tensor(xs.slice(100, 100 + 29 * 41), { shape: [29, 41] });
  out["matmul float32"] = (a.matmul(b).toArray() as number[][]).flat();
  out["matmul transposed"] = (a.transpose(0, 1).matmul(a).toArray() as number[][]).flat();
  return out;
}
