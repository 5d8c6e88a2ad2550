// nn.Module's contract, Linear's torch-equal initialisation, and a 4-8-3 MLP against torch.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, test } from "node:test";
import { Generator, manualSeed, nn, tensor, zeros, type Tensor } from "../../src/index.js";
import { assertClose } from "../helpers.js";

interface Sample {
  shape: number[];
  indices: number[];
  values: number[];
  sum: number;
  sumSquares: number;
}
interface Fixture {
  torch: string;
  init: {
    dtype: "float32" | "float64";
    seed: number;
    layers: [number, number][];
    params: Sample[];
  }[];
  mlp: {
    activation: "relu" | "tanh";
    state: Record<string, { shape: number[]; data: number[] }>;
    x: number[];
    y: number[];
    loss: number;
    grads: Record<string, number[]>;
  }[];
}
const fixture = JSON.parse(
  readFileSync(new URL("../fixtures/nn.json", import.meta.url), "utf8"),
) as Fixture;

describe(`Linear's default initialisation equals torch ${fixture.torch}'s, bit for bit`, () => {
  for (const c of fixture.init) {
    test(`${c.dtype}, manualSeed(${c.seed})`, () => {
      manualSeed(c.seed);
      const layers = c.layers.map(([i, o]) => new nn.Linear(i, o, { dtype: c.dtype }));
      const params = layers.flatMap((l) => [l.weight, l.bias!]);
      params.forEach((p, k) => {
        const s = c.params[k]!;
        assert.deepEqual(p.shape, s.shape);
        s.indices.forEach((i, j) => assert.equal(p.data[i], s.values[j], `param ${k}[${i}]`));
        let sum = 0;
        let squares = 0;
        for (const v of p.data) {
          sum += v;
          squares += v * v;
        }
        assert.ok(
          Math.abs(sum - s.sum) <= 1e-9 * Math.max(1, Math.abs(s.sum)),
          `param ${k} sum ${sum} vs ${s.sum}`,
        );
        assert.ok(
          Math.abs(squares - s.sumSquares) <= 1e-12 * s.sumSquares,
          `param ${k} sum of squares`,
        );
      });
    });
  }
});

describe("a 4-8-3 MLP: loss and every parameter gradient equal torch's (float64, 1e-10)", () => {
  for (const c of fixture.mlp) {
    test(c.activation, () => {
      const model = nn.mlp([4, 8, 3], { activation: c.activation, dtype: "float64" });
      const state = Object.fromEntries(
        Object.entries(c.state).map(([k, v]) => [
          k,
          tensor(v.data, { dtype: "float64" }).reshape(v.shape),
        ]),
      );
      model.loadStateDict(state);
      const x = tensor(c.x, { dtype: "float64" }).reshape([6, 4]);
      const y = tensor(c.y, { dtype: "int32" });
      const logits = model.forward(x);
      const loss = logits.logSoftmax(1).gather(1, y.unsqueeze(1)).mean().neg();
      assertClose(loss, [c.loss], { rtol: 1e-12, atol: 0 });
      loss.backward();
      for (const [name, p] of model.namedParameters()) {
        assertClose(p.grad!, c.grads[name]!, { rtol: 1e-10, atol: 1e-14 }, name);
      }
    });
  }
});

describe("Module", () => {
  class Net extends nn.Module {
    readonly encoder = this.registerModule("encoder", nn.mlp([3, 5, 2]));
    readonly scale = this.registerParameter("scale", new nn.Parameter(tensor([2])));
    forward(x: Tensor): Tensor {
      return this.encoder.forward(x).mul(this.scale);
    }
  }

  test("named parameters use torch's key names, in registration order", () => {
    const net = new Net();
    assert.deepEqual(
      net.namedParameters().map(([k]) => k),
      // own parameters first, then each child's, as torch
      ["scale", "encoder.0.weight", "encoder.0.bias", "encoder.2.weight", "encoder.2.bias"],
    );
    assert.deepEqual(
      Object.keys(net.stateDict()),
      net.namedParameters().map(([k]) => k),
    );
    assert.equal(net.parameters().length, 5);
    assert.equal(net.modules().length, 5);
  });

  test("train() and eval() switch every descendant; dropout only acts in training", () => {
    const model = nn.mlp([4, 16, 2], { dropout: 0.5, generator: new Generator(0) });
    const x = tensor([[1, 2, 3, 4]]);
    model.eval();
    assert.ok(model.modules().every((m) => !m.training));
    const a = model.forward(x).toArray();
    assert.deepEqual(model.forward(x).toArray(), a);
    model.train();
    const dropped = (model.at(2) as nn.Dropout).forward(zeros([1000]).add(1));
    const kept = Array.from(dropped.toTypedArray()).filter((v) => v !== 0);
    assert.ok(kept.length > 400 && kept.length < 600);
    assert.ok(kept.every((v) => v === 2));
  });

  test("loadStateDict is strict, checks shapes, and changes nothing on error", () => {
    const model = nn.mlp([2, 3, 1]);
    const before = model.stateDict()["0.weight"]!.toArray();
    assert.throws(
      () => model.loadStateDict({ "0.weight": zeros([3, 2]) }),
      /missing keys: 0\.bias, 2\.weight, 2\.bias/,
    );
    const bad = { ...model.stateDict(), "0.weight": zeros([2, 3]) };
    assert.throws(
      () => model.loadStateDict(bad),
      /"0\.weight" has shape \[2, 3\] in the state but \[3, 2\]/,
    );
    assert.deepEqual(model.stateDict()["0.weight"]!.toArray(), before);
    const loose = model.loadStateDict(
      { "0.bias": zeros([3]), extra: zeros([1]) },
      { strict: false },
    );
    assert.deepEqual(loose.unexpectedKeys, ["extra"]);
    assert.deepEqual(model.stateDict()["0.bias"]!.toArray(), [0, 0, 0]);
  });

  test("toString prints a tree like torch", () => {
    assert.equal(
      nn.mlp([4, 8, 3]).toString(),
      "Sequential(\n  (0): Linear(in_features=4, out_features=8, bias=true)\n  (1): ReLU()\n  (2): Linear(in_features=8, out_features=3, bias=true)\n)",
    );
  });

  test("Linear checks the input's last dimension", () => {
    assert.throws(
      () => new nn.Linear(3, 2).forward(zeros([5, 4])),
      /linear: input of shape \[5, 4\] does not fit weight \[2, 3\]/,
    );
    assert.deepEqual(new nn.Linear(3, 2).forward(zeros([3])).shape, [2]);
    assert.deepEqual(new nn.Linear(3, 2).forward(zeros([7, 5, 3])).shape, [7, 5, 2]);
  });

  test("zeroGrad on a module", () => {
    const model = nn.mlp([2, 2]);
    model
      .forward(tensor([[1, 2]]))
      .sum()
      .backward();
    assert.ok(model.parameters().every((p) => p.grad !== null));
    model.zeroGrad();
    assert.ok(model.parameters().every((p) => p.grad === null));
  });
});
