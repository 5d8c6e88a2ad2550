// The smoke test (`npm run smoke`, a few seconds): a forward and backward checked against torch, a
// float64 gradcheck and a few training steps on every backend — run it while editing, and the
// full `npm test` before landing.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, test } from "node:test";
import { BACKENDS } from "./backends.js";
import {
  gradcheck,
  manualSeed,
  mseLoss,
  nn,
  optim,
  randn,
  setBackend,
  tensor,
} from "../src/index.js";

for (const backend of BACKENDS) {
  void describe(`smoke on the ${backend.name} backend`, () => {
    test("L = Σ tanh(Wx)² and its gradient match torch (examples/autograd.ts)", () => {
      const previous = setBackend(backend);
      try {
        const w = tensor(
          [
            [0.5, -1.0],
            [2.0, 0.3],
          ],
          { requiresGrad: true },
        );
        const loss = w
          .matmul(tensor([1.0, 2.0]))
          .tanh()
          .square()
          .sum();
        loss.backward();
        assert.equal(loss.item().toFixed(6), "1.797469");
        const g = w.grad!.toTypedArray();
        assert.ok(Math.abs(g[0]! + 0.32713) < 1e-4, `dL/dW[0][0] = ${g[0]}`);
      } finally {
        setBackend(previous);
      }
    });

    test("gradcheck of a composite in float64", () => {
      const previous = setBackend(backend);
      try {
        manualSeed(0);
        const x = randn([3, 4], { dtype: "float64" }).requiresGrad_();
        const result = gradcheck((t) => t.sin().mul(t.exp()).softmax(1).sum(0), [x]);
        assert.ok(result.ok, result.message);
      } finally {
        setBackend(previous);
      }
    });

    test("a few Adam steps lower an MLP's loss", () => {
      const previous = setBackend(backend);
      try {
        manualSeed(0);
        const model = new nn.Sequential(new nn.Linear(2, 8), new nn.Tanh(), new nn.Linear(8, 1));
        const x = randn([32, 2]);
        const y = x.sum(1, true).sin();
        const optimizer = new optim.Adam(model.parameters(), { lr: 0.05 });
        const losses: number[] = [];
        for (let step = 0; step < 20; step++) {
          optimizer.zeroGrad();
          const loss = mseLoss(model.forward(x), y);
          loss.backward();
          optimizer.step();
          losses.push(loss.item());
        }
        assert.ok(losses[19]! < losses[0]! / 2, `loss ${losses[0]} -> ${losses[19]}`);
      } finally {
        setBackend(previous);
      }
    });
  });
}

test("the PyTorch fixtures file is present and names its torch version", () => {
  const file = JSON.parse(readFileSync(new URL("fixtures/ops.json", import.meta.url), "utf8")) as {
    torch: string;
    cases: unknown[];
  };
  assert.match(file.torch, /^\d+\.\d+/);
  assert.ok(file.cases.length > 100);
});
