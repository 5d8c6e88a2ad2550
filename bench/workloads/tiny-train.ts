// (c) tiny_train: MLP 2-16-16-1 tanh on 200 points, full batch, blocks of 200 steps: per-op overhead of training.

import { runTraining } from "./train.js";
import type { Workload } from "./workload.js";

export const tinyTrain: Workload = {
  name: "tiny_train",
  letter: "c",
  unit: "steps/s",
  run(peer, inputs, timing) {
    const spec = {
      workload: this.name,
      unit: this.unit,
      stepsPerCall: 200,
      checkSteps: 199,
      workPerStep: 1,
    };
    return runTraining(spec, peer, inputs.tiny, timing);
  },
};
