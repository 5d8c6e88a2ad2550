// Child process of the jax-wasm adapter: eager grad of the full scalar graph, which may exhaust the heap.
// Prints {"grads": [...], "ms": median of timed runs} on success.

import { defaultDevice, grad, init, numpy as np } from "@jax-js/jax";
import { scalarLeaves } from "../data.js";
import { median } from "../stats.js";
import { scalarGraph, scalarOf } from "./jax-shared.js";

const iterations = Number(process.argv[2]);
await init("wasm");
defaultDevice("wasm");
const leaves = scalarLeaves();
const gradOf = grad((ws: np.Array[]) => scalarGraph(ws, iterations));
const once = () => Float64Array.from(gradOf(Array.from(leaves, (v) => np.array(v))), scalarOf);

once(); // warm-up
const times: number[] = [];
let grads = new Float64Array(0);
for (let r = 0; r < 3; r++) {
  const t0 = performance.now();
  grads = once();
  times.push(performance.now() - t0);
}
process.stdout.write(JSON.stringify({ grads: Array.from(grads), ms: median(times) }));
