// Train a 784-128-10 network on the MNIST digits shipped in the `mnist` package, then save it.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { evaluate, fit, manualSeed, nn, optim } from "descentjs";
import { loadCheckpoint, loadMnist, saveCheckpoint } from "descentjs/node";

const { train, test } = loadMnist({ trainSize: 8000, seed: 0 }); // 8,000 to learn from, 2,000 to test on
manualSeed(0); // the same initial weights as torch.manual_seed(0)
const model = nn.mlp([784, 128, 10]); // Sequential(Linear(784, 128), ReLU(), Linear(128, 10))
const optimizer = new optim.SGD(model.parameters(), { lr: 0.1, momentum: 0.9 });
const history = await fit(model, train, {
  loss: "cross-entropy",
  optimizer,
  epochs: 10,
  batchSize: 64,
});
const { metrics } = evaluate(model, test, { loss: "cross-entropy" });
console.log(
  `trained ${history.totalSteps} steps; accuracy on the 2,000 held-out digits: ${(100 * metrics.accuracy!).toFixed(2)}%`,
);

const path = join(mkdtempSync(join(tmpdir(), "descent-")), "mnist.safetensors");
await saveCheckpoint(path, { model: model.stateDict(), optimizer: optimizer.stateDict() });
const restored = nn.mlp([784, 128, 10]);
restored.loadStateDict((await loadCheckpoint(path)).model);
const again = evaluate(restored, test, { loss: "cross-entropy" }).metrics.accuracy!;
console.log(`saved to ${path}; the reloaded model scores ${(100 * again).toFixed(2)}% too`);
