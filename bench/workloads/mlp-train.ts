// (d) mlp_train: MLP 784-256-128-10 ReLU, batch 128, softmax cross-entropy, loss read every step.

import { runTraining } from "./train.js";
import type { Workload } from "./workload.js";

export const mlpTrain: Workload = {
  name: "mlp_train",
  letter: "d",
  unit: "samples/s",
  run(peer, inputs, timing) {
    const spec = {
      workload: this.name,
      unit: this.unit,
      stepsPerCall: 1,
      checkSteps: 9,
      workPerStep: inputs.mlp.batch,
    };
    return runTraining(spec, peer, inputs.mlp, timing);
  },
};
