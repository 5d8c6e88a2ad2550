// descent itself, written with raw tensors and a hand-written SGD momentum, as a user of the library would;
// mnist_epoch also through its user-facing path: nn.mlp, optim.SGD, fit and evaluate.

import { SCALAR_ACC0, type MnistEpochData, type TrainData } from "../data.js";
import { scalarIndices } from "../reference.js";
import type { EpochCase, Peer, ScalarCase, SgemmCase, TrainCase } from "./peer.js";
// Types only: the module itself is imported in setUp.
import type { Tensor } from "../../src/index.js";

type Descent = typeof import("../../src/index.js");

/** Loaded in setUp, so that the other peers still run while the engine is missing or broken. */
let d: Descent;

/** Which kernels a descent peer runs on: a backend and, for wasm, a thread count (all cores if unset). */
export interface DescentConfig {
  name: string;
  backend: "wasm" | "js";
  threads?: number;
}

export function descentPeer(config: DescentConfig): Peer {
  return {
    name: config.name,

    async setUp() {
      try {
        d = await import("../../src/index.js");
      } catch (error) {
        return `pending: src/index.ts could not be loaded (${(error as Error).message.split("\n")[0]})`;
      }
      d.setBackend(config.backend);
      if (config.backend === "wasm") await d.setThreads(config.threads ?? d.getThreads());
      return null;
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

    mnistEpoch: (data) => [eagerEpochCase(data), fitEpochCase(data)],
  };
}

/** torch.optim.SGD with momentum: buf = grad on the first step, then buf = momentum·buf + grad; p −= lr·buf. */
function momentumStep(
  params: readonly Tensor[],
  buffers: Map<Tensor, Tensor>,
  momentum: number,
  lr: number,
): void {
  d.noGrad(() => {
    for (const p of params) {
      const g = gradOf(p);
      let buf = buffers.get(p);
      if (buf === undefined) {
        buf = g.clone();
        buffers.set(p, buf);
      } else {
        buf.mul_(momentum).add_(g);
      }
      p.sub_(buf, { alpha: lr });
      p.grad = null;
    }
  });
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

  const step = (): Tensor => {
    const value = loss();
    value.backward();
    momentumStep(params, buffers, data.momentum, data.lr);
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

/** The digits as descent tensors, shared by both mnist_epoch cases. */
function mnistTensors(data: MnistEpochData): {
  train: { x: Tensor; y: Tensor };
  test: { x: Tensor; y: Tensor };
} {
  return {
    train: {
      x: d.tensor(data.trainX, { shape: [data.trainSize, data.features] }),
      y: d.tensor(data.trainY, { dtype: "int32" }),
    },
    test: {
      x: d.tensor(data.testX, { shape: [data.testSize, data.features] }),
      y: d.tensor(data.testY, { dtype: "int32" }),
    },
  };
}

/** mnist_epoch with raw tensors and a hand-written SGD momentum, as trainCase does for mlp_train. */
function eagerEpochCase(data: MnistEpochData): EpochCase {
  const { train, test } = mnistTensors(data);
  const initial = data.layers.map((l) => ({
    w: d.tensor(l.w, { shape: [l.fanIn, l.fanOut] }),
    b: d.tensor(l.b),
  }));
  const layers = initial.map((l) => ({
    w: l.w.clone().requiresGrad_(),
    b: l.b.clone().requiresGrad_(),
  }));
  const params = layers.flatMap((l) => [l.w, l.b]);
  const starts = initial.flatMap((l) => [l.w, l.b]);
  const buffers = new Map<Tensor, Tensor>();
  const forward = (x: Tensor): Tensor => {
    let h = x;
    layers.forEach((layer, i) => {
      h = h.matmul(layer.w).add(layer.b);
      if (i < layers.length - 1) h = h.relu();
    });
    return h;
  };
  const step = (s: number): number => {
    const xb = train.x.narrow(0, s * data.batch, data.batch);
    const yb = train.y.narrow(0, s * data.batch, data.batch).unsqueeze(1);
    const loss = forward(xb).logSoftmax(1).gather(1, yb).mean().neg();
    loss.backward();
    momentumStep(params, buffers, data.momentum, data.lr);
    return loss.item();
  };
  return {
    mode: "eager",
    reset() {
      d.noGrad(() => params.forEach((p, i) => p.copy_(starts[i]!)));
      for (const p of params) p.grad = null;
      buffers.clear();
    },
    train(steps) {
      const losses: number[] = [];
      for (let s = 0; s < steps; s++) losses.push(step(s));
      return losses;
    },
    accuracy: () => d.noGrad(() => forward(test.x).argmax(1).eq(test.y).float().mean().item()),
    dispose() {},
  };
}

/**
 * mnist_epoch as the README's MNIST example writes it: nn.mlp with the weights loaded by loadStateDict,
 * optim.SGD, fit (one epoch, no shuffle) and evaluate. fit also computes the gradient norm and the
 * training accuracy every step, and yields to the event loop every 25 ms: all part of this path.
 */
function fitEpochCase(data: MnistEpochData): EpochCase {
  const { train, test } = mnistTensors(data);
  const sizes = [data.features, ...data.layers.map((l) => l.fanOut)];
  const model = d.nn.mlp(sizes);
  // torch's nn.Linear keeps weight as [out, in]: the transpose of the workload's [in, out].
  const state: Record<string, Tensor> = {};
  data.layers.forEach((l, i) => {
    state[`${2 * i}.weight`] = d
      .tensor(l.w, { shape: [l.fanIn, l.fanOut] })
      .transpose(0, 1)
      .clone();
    state[`${2 * i}.bias`] = d.tensor(l.b);
  });
  let optimizer = new d.optim.SGD(model.parameters(), { lr: data.lr, momentum: data.momentum });
  return {
    mode: "fit (nn.mlp, optim.SGD, evaluate)",
    reset() {
      model.loadStateDict(state);
      model.zeroGrad();
      optimizer = new d.optim.SGD(model.parameters(), { lr: data.lr, momentum: data.momentum });
    },
    async train(steps) {
      const rows = steps * data.batch;
      const part =
        steps === data.steps
          ? train
          : { x: train.x.narrow(0, 0, rows), y: train.y.narrow(0, 0, rows) };
      const history = await d.fit(model, part, {
        loss: "cross-entropy",
        optimizer,
        epochs: 1,
        batchSize: data.batch,
        shuffle: false,
      });
      return history.steps.map((r) => r.loss);
    },
    accuracy() {
      const accuracy = d.evaluate(model, test).metrics.accuracy;
      if (accuracy === undefined) throw new Error("evaluate returned no accuracy");
      return accuracy;
    },
    dispose() {},
  };
}
