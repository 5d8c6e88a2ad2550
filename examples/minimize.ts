// The lecture's first half: gradient descent on a plain function, then a race of optimizers.
import { minimize, race } from "descentjs";

// Minimize the quartic x⁴ − 3x³ + 2 from x = 3 with plain gradient descent.
const result = minimize("x^4 - 3x^3 + 2", [3], { optimizer: "gd", lr: 0.01 });
console.log(
  `quartic: x = ${result.x[0]!.toFixed(6)} after ${result.iterations} steps (${result.reason})`,
);

// Race three optimizers on Rosenbrock's banana valley from one start, each at the learning rate
// the gallery gives it for this function (at lr 0.01 plain GD diverges here: the valley's walls
// are steep).
for (const { label, result: r } of race("rosenbrock", [-1.5, 2], ["gd", "momentum", "adam"], {
  maxIters: 5000,
})) {
  console.log(
    `${label.padEnd(20)} ended at (${r.x.map((v) => v.toFixed(4)).join(", ")}), f = ${r.value.toExponential(2)}, ${r.reason} after ${r.iterations}`,
  );
}
