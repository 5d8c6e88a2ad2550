// Autograd in five lines: build a function of tensors, call backward(), read the gradients.
import { tensor } from "descentjs";

const w = tensor(
  [
    [0.5, -1.0],
    [2.0, 0.3],
  ],
  { requiresGrad: true },
);
const x = tensor([1.0, 2.0]);
const loss = w.matmul(x).tanh().square().sum(); // L = Σ tanh(Wx)²
loss.backward();

console.log("L =", loss.item().toFixed(6));
console.log("dL/dW =", w.grad!.toString());
