// Pieces shared by the jax-wasm adapter and its child-process probe.

import { numpy as np } from "@jax-js/jax";
import { SCALAR_ACC0 } from "../data.js";
import { scalarIndices } from "../reference.js";

/** acc = tanh(acc * w[k % 100] + w[(7k + 3) % 100]); consumes `ws` as jax-js ownership requires. */
export function scalarGraph(ws: np.Array[], iterations: number): np.Array {
  let acc = np.array(SCALAR_ACC0);
  for (let k = 0; k < iterations; k++) {
    const [m, a] = scalarIndices(k);
    acc = np.tanh(acc.mul(ws[m]!.ref).add(ws[a]!.ref));
  }
  ws.forEach((w) => w.dispose());
  return acc;
}

/**
 * Reads (and so consumes) a float32 array. jax-js types its data as a union naming Float16Array,
 * which Node 20's TypeScript lib lacks, so the type is narrowed here at run time.
 */
export function floatsOf(a: np.Array): Float32Array {
  const data: unknown = a.dataSync();
  if (!(data instanceof Float32Array)) throw new Error(`expected float32 data, got ${a.dtype}`);
  return data;
}

export const scalarOf = (a: np.Array): number => floatsOf(a)[0]!;
