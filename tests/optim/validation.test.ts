// Hyperparameters are checked at the boundary: non-finite or out-of-range values and unknown
// option names stop with torch's message (where torch has one), the range, or the closest name.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { ArgumentError, optim, zeros, type Tensor } from "../../src/index.js";

const p = (): Tensor[] => [zeros([2]).requiresGrad_()];

function assertRefused(run: () => unknown, ...words: RegExp[]): void {
  assert.throws(run, (error: unknown) => {
    assert.ok(error instanceof ArgumentError, `expected ArgumentError, got ${String(error)}`);
    for (const word of words) assert.match(error.message, word);
    return true;
  });
}

describe("optimizer hyperparameters", () => {
  const cases: [string, () => unknown, ...RegExp[]][] = [
    [
      "SGD lr Infinity",
      () => new optim.SGD(p(), { lr: Infinity }),
      /Invalid learning rate: Infinity/,
      /finite/,
    ],
    ["SGD lr NaN", () => new optim.SGD(p(), { lr: NaN }), /Invalid learning rate: NaN/],
    [
      "SGD momentum 1.5",
      () => new optim.SGD(p(), { momentum: 1.5 }),
      /Invalid momentum value: 1.5/,
      /\[0, 1\)/,
    ],
    ["SGD momentum 1", () => new optim.SGD(p(), { momentum: 1 }), /Invalid momentum value: 1/],
    ["SGD dampening 2", () => new optim.SGD(p(), { dampening: 2 }), /Invalid dampening value: 2/],
    [
      "SGD nesterov 'yes'",
      () => new optim.SGD(p(), { nesterov: "yes" as unknown as boolean }),
      /nesterov must be true or false/,
    ],
    [
      "RMSprop alpha 2",
      () => new optim.RMSprop(p(), { alpha: 2 }),
      /Invalid alpha value: 2/,
      /\[0, 1\]/,
    ],
    [
      "RMSprop momentum -1",
      () => new optim.RMSprop(p(), { momentum: -1 }),
      /Invalid momentum value: -1/,
    ],
    [
      "Adam betas not a pair",
      () => new optim.Adam(p(), { betas: [0.9] as unknown as [number, number] }),
      /betas must be a pair/,
    ],
    [
      "Adam eps Infinity",
      () => new optim.Adam(p(), { eps: Infinity }),
      /Invalid epsilon value: Infinity/,
    ],
    [
      "Adagrad lrDecay -1",
      () => new optim.Adagrad(p(), { lrDecay: -1 }),
      /Invalid lr_decay value: -1/,
    ],
    [
      "AdamW weightDecay Infinity",
      () => new optim.AdamW(p(), { weightDecay: Infinity }),
      /Invalid weight_decay value/,
    ],
    [
      "learningRate typo",
      () => new optim.SGD(p(), { learningRate: 0.1 } as never),
      /SGD: unknown option 'learningRate'/,
      /the options are lr, momentum/,
    ],
    [
      "torch's snake_case name",
      () => new optim.Adam(p(), { weight_decay: 0.1 } as never),
      /unknown option 'weight_decay' \(did you mean 'weightDecay'\?\)/,
    ],
    [
      "typo by one letter",
      () => new optim.SGD(p(), { momentun: 0.9 } as never),
      /did you mean 'momentum'/,
    ],
    [
      "unknown option in a parameter group",
      () => new optim.SGD([{ params: p(), lR: 0.1 } as never]),
      /SGD parameter group: unknown option 'lR' \(did you mean 'lr'\?\)/,
    ],
    [
      "GD rejects momentum",
      () => new optim.GD(p(), { momentun: 1 } as never),
      /unknown option 'momentun'/,
    ],
    [
      "unknown name",
      () => optim.createOptimizer("adan", p()),
      /unknown optimizer "adan" \(did you mean 'adam'\?\)/,
    ],
    [
      "named option not taken by adam",
      () => optim.createOptimizer("adam", p(), { momentum: 0.9 }),
      /Adam: unknown option 'momentum'/,
    ],
  ];
  for (const [name, run, ...words] of cases) test(name, () => assertRefused(run, ...words));

  test("options left undefined take the defaults", () => {
    const sgd = new optim.SGD(p(), { lr: 0.1, momentum: undefined });
    assert.equal(sgd.paramGroups[0]!.momentum, 0);
  });
});

describe("schedule hyperparameters", () => {
  const cases: [string, () => unknown, ...RegExp[]][] = [
    [
      "stepLR stepSize 2.5",
      () => optim.stepLR(0.1, { stepSize: 2.5 }),
      /stepSize must be a positive integer/,
    ],
    [
      "stepLR lr Infinity",
      () => optim.stepLR(Infinity, { stepSize: 1 }),
      /stepLR: invalid learning rate: Infinity/,
    ],
    [
      "stepLR unknown option",
      () => optim.stepLR(0.1, { stepSize: 1, gama: 0.5 } as never),
      /unknown option 'gama' \(did you mean 'gamma'\?\)/,
    ],
    [
      "exponentialLR gamma NaN",
      () => optim.exponentialLR(0.1, { gamma: NaN }),
      /invalid gamma: NaN/,
    ],
    [
      "multiStepLR milestones out of order",
      () => optim.multiStepLR(0.1, { milestones: [5, 2] }),
      /increasing/,
    ],
    [
      "cosineAnnealingLR etaMin -1",
      () => optim.cosineAnnealingLR(0.1, { tMax: 10, etaMin: -1 }),
      /invalid etaMin: -1/,
    ],
    [
      "linearLR totalIters 0",
      () => optim.linearLR(0.1, { totalIters: 0 }),
      /totalIters must be a positive integer/,
    ],
    [
      "oneCycleLR pctStart 1.5",
      () => optim.oneCycleLR(0.1, { totalSteps: 10, pctStart: 1.5 }),
      /pctStart between 0 and 1/,
    ],
    [
      "ReduceLROnPlateau factor 0",
      () => new optim.ReduceLROnPlateau(new optim.SGD(p()), { factor: 0 }),
      /invalid factor: 0/,
    ],
    [
      "ReduceLROnPlateau patience -1",
      () => new optim.ReduceLROnPlateau(new optim.SGD(p()), { patience: -1 }),
      /patience must be a non-negative integer/,
    ],
    [
      "ReduceLROnPlateau typo",
      () => new optim.ReduceLROnPlateau(new optim.SGD(p()), { patients: 3 } as never),
      /did you mean 'patience'/,
    ],
    [
      "LRScheduler with a schedule giving NaN",
      () => new optim.LRScheduler(new optim.SGD(p()), () => () => NaN),
      /returned a learning rate of NaN at step 0/,
    ],
  ];
  for (const [name, run, ...words] of cases) test(name, () => assertRefused(run, ...words));
});
