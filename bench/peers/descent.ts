// descent itself, written with raw tensors and a hand-written SGD momentum, as a user of the library would.

import { SCALAR_ACC0, type TrainData } from "../data.js";
import { scalarIndices } from "../reference.js";
import type { Peer, ScalarCase, SgemmCase, TrainCase } from "./peer.js";
// Types only: the module itself is imported in setUp.
import type { Tensor } from "../../src/index.js";

type Descent = typeof import("../../src/index.js");

/** Loaded in setUp, so that the other peers still run while the engine is missing or broken. */
let d: Descent;

export function descentPeer(): Peer {
  return {
    name: "descent",

    async setUp() {
      try {
        d = await import("../../src/index.js");
        return null;
      } catch (error) {
        return `pending: src/index.ts could not be loaded (${(error as Error).message.split("\n")[0]})`;
      }
    },

    scalarAutograd(leaves, iterations): ScalarCase[] {
      const w = Array.from(leaves, (v) => d.tensor(v, { requiresGrad: true }));
      return [
        {
          mode: "eager",
          iterations,
          run() {
            for (const p of w) p.grad = null;
            let acc = d.tensor(SCALAR_ACC0);
            for (let k = 0; k < iterations; k++) {
              const [m, a] = scalarIndices(k);
              acc = acc.mul(w[m]!).add(w[a]!).tanh();
            }
            acc.backward();
            return Float64Array.from(w, (p) => gradOf(p).item());
          },
        },
      ];
    },

    sgemm(n, a, b): SgemmCase {
      const ta = d.tensor(a, { shape: [n, n] });
      const tb = d.tensor(b, { shape: [n, n] });
      return {
        mode: "eager",
        run() {
          const out = ta.matmul(tb).toTypedArray();
          if (!(out instanceof Float32Array))
            throw new Error(`matmul read back as ${out.constructor.name}`);
          return out;
        },
        dispose() {},
      };
    },

    train: (data) => trainCase(data),
  };
}

function gradOf(p: Tensor): Tensor {
  if (p.grad === null)
    throw new Error(`no gradient reached a leaf of shape [${p.shape.join(", ")}]`);
  return p.grad;
}

function trainCase(data: TrainData): TrainCase {
  const layers = data.layers.map((l) => ({
    w: d.tensor(l.w, { shape: [l.fanIn, l.fanOut], requiresGrad: true }),
    b: d.tensor(l.b, { requiresGrad: true }),
  }));
  const params = layers.flatMap((l) => [l.w, l.b]);
  const buffers = new Map<Tensor, Tensor>();
  const x = d.tensor(data.x, { shape: [data.batch, data.features] });
  const targets =
    data.outputs === 1
      ? d.tensor(data.targets, { shape: [data.batch, 1] })
      : d.tensor(data.targets, { dtype: "int32" }).unsqueeze(1);

  const loss = (): Tensor => {
    let h = x;
    layers.forEach((layer, i) => {
      h = h.matmul(layer.w).add(layer.b);
      if (i < layers.length - 1) h = data.activation === "tanh" ? h.tanh() : h.relu();
    });
    if (data.outputs === 1) {
      // BCE with logits, stably: max(z, 0) - z*y + log1p(exp(-|z|))
      return h.relu().sub(h.mul(targets)).add(h.abs().neg().exp().log1p()).mean();
    }
    return h.logSoftmax(1).gather(1, targets).mean().neg();
  };

  // torch.optim.SGD with momentum: buf = grad on the first step, then buf = momentum*buf + grad; p -= lr*buf
  const step = (): Tensor => {
    const value = loss();
    value.backward();
    d.noGrad(() => {
      for (const p of params) {
        const g = gradOf(p);
        let buf = buffers.get(p);
        if (buf === undefined) {
          buf = g.clone();
          buffers.set(p, buf);
        } else {
          buf.mul_(data.momentum).add_(g);
        }
        p.sub_(buf, { alpha: data.lr });
        p.grad = null;
      }
    });
    return value;
  };

  return {
    mode: "eager",
    run(steps) {
      let last = step();
      for (let s = 1; s < steps; s++) last = step();
      return last.item();
    },
    dispose() {},
  };
}
