// Loss functions: every case of tests/fixtures/losses.json (made by generate_losses.py with torch)
// replayed with descent, outputs and the gradients of sum(out * w) compared with torch's; then
// gradcheck on each loss, second derivatives, and the error messages.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, test } from "node:test";
import {
  ArgumentError,
  DTypeError,
  Generator,
  ShapeError,
  autogradGrad,
  enableGrad,
  grad,
  gradcheck,
  rand,
  randn,
  tensor,
  type Tensor,
} from "../../src/index.js";
import * as L from "../../src/nn/losses.js";
import { assertClose, assertTensor, type ExpectedValue } from "../helpers.js";

// ---- PyTorch fixtures -------------------------------------------------------------------------

interface FxTensor {
  shape: number[];
  dtype: "float32" | "float64" | "int32";
  data: ExpectedValue[];
  /** Gradient of sum(out * w) (flat); null: torch left it None; absent: not differentiated. */
  grad?: ExpectedValue[] | null;
}

interface FxCase {
  name: string;
  loss: string;
  options: Record<string, unknown>;
  input: FxTensor;
  target: FxTensor;
  out: FxTensor;
  w: FxTensor;
}

type Options = Record<string, unknown>;
type LossFn = (input: Tensor, target: Tensor, options: Options) => Tensor;

const LOSSES: Record<string, LossFn> = {
  mseLoss: L.mseLoss,
  l1Loss: L.l1Loss,
  huberLoss: L.huberLoss,
  smoothL1Loss: L.smoothL1Loss,
  crossEntropy: L.crossEntropy,
  nllLoss: L.nllLoss,
  binaryCrossEntropy: L.binaryCrossEntropy,
  bceWithLogits: L.bceWithLogits,
  hingeEmbeddingLoss: L.hingeEmbeddingLoss,
  multiMarginLoss: L.multiMarginLoss,
};

function isFxTensor(v: unknown): v is FxTensor {
  return typeof v === "object" && v !== null && "shape" in v && "data" in v;
}

function build(t: FxTensor): Tensor {
  return tensor(
    t.data.map((v) => (typeof v === "number" ? v : Number(v))),
    { dtype: t.dtype, shape: t.shape },
  );
}

function checkGrad(actual: Tensor, fx: FxTensor, label: string): void {
  const expected = fx.grad;
  if (expected === undefined) return;
  const g = actual.grad;
  if (expected === null) {
    // torch left it None: descent may leave it null or fill it with zeros
    if (g !== null)
      assertClose(g, new Array<number>(g.numel()).fill(0), { rtol: 0, atol: 0 }, label);
    return;
  }
  assert.ok(g !== null, `${label} is null, torch has one`);
  assertTensor(g, { shape: fx.shape, dtype: fx.dtype, data: expected }, label);
}

function runCase(c: FxCase): void {
  const fn = LOSSES[c.loss];
  if (fn === undefined) throw new Error(`no loss "${c.loss}" in the test's table`);
  const options: Options = {};
  for (const [k, v] of Object.entries(c.options)) options[k] = isFxTensor(v) ? build(v) : v;
  const input = build(c.input).requiresGrad_();
  const target = build(c.target);
  if (c.target.grad !== undefined) target.requiresGrad_();
  const out = fn(input, target, options);
  assertTensor(out, c.out, "output");
  out.mul(build(c.w)).sum().backward();
  checkGrad(input, c.input, "grad of input");
  checkGrad(target, c.target, "grad of target");
}

const fixtures = JSON.parse(
  readFileSync(new URL("../fixtures/losses.json", import.meta.url), "utf8"),
) as { torch: string; cases: FxCase[] };

void describe(`loss functions against PyTorch ${fixtures.torch}`, () => {
  const byLoss = new Map<string, FxCase[]>();
  for (const c of fixtures.cases) byLoss.set(c.loss, [...(byLoss.get(c.loss) ?? []), c]);
  for (const [loss, cases] of byLoss) {
    void describe(loss, () => {
      for (const c of cases) void test(c.name, () => runCase(c));
    });
  }
  void test("the fixtures cover every loss, both float dtypes and all three reductions", () => {
    assert.deepEqual([...byLoss.keys()].sort(), Object.keys(LOSSES).sort());
    for (const [loss, cases] of byLoss) {
      for (const dtype of ["float64", "float32"]) {
        for (const reduction of ["mean", "sum", "none"]) {
          assert.ok(
            cases.some((c) => c.input.dtype === dtype && c.options.reduction === reduction),
            `${loss} has no ${dtype} ${reduction} case`,
          );
        }
      }
    }
  });
});

// ---- gradcheck (float64, away from kinks) ---------------------------------------------------

const gen = new Generator(7);
const f64 = { dtype: "float64" as const, generator: gen };
const int32 = (data: number | number[] | number[][]) => tensor(data, { dtype: "int32" });
const REDUCTIONS: L.Reduction[] = ["mean", "sum", "none"];

function expectGradcheck(f: (...xs: Tensor[]) => Tensor, inputs: Tensor[]): void {
  const result = gradcheck(f, inputs);
  assert.ok(result.ok, result.message);
}

void describe("gradcheck", () => {
  // Differences away from 0 and from the Huber / smooth L1 thresholds.
  const x = tensor(
    [
      [0.3, -1.7, 2.6],
      [-0.45, 1.2, -3.1],
    ],
    { dtype: "float64" },
  );
  const y = tensor(
    [
      [-0.4, 0.35, 0.8],
      [0.9, 1.05, -1.2],
    ],
    { dtype: "float64" },
  );
  const logits = randn([4, 5], f64).mul(2);
  const classes = int32([1, -100, 4, 0]);
  const weight = rand([5], f64).add(0.5);

  for (const reduction of REDUCTIONS) {
    test(`regression losses, ${reduction}`, () => {
      expectGradcheck((a, b) => L.mseLoss(a, b, { reduction }), [x, y]);
      expectGradcheck((a, b) => L.l1Loss(a, b, { reduction }), [x, y]);
      expectGradcheck((a, b) => L.huberLoss(a, b, { reduction, delta: 0.5 }), [x, y]);
      expectGradcheck((a, b) => L.huberLoss(a, b, { reduction, delta: 2 }), [x, y]);
      expectGradcheck((a, b) => L.smoothL1Loss(a, b, { reduction, beta: 0.5 }), [x, y]);
      expectGradcheck((a, b) => L.smoothL1Loss(a, b, { reduction, beta: 0 }), [x, y]);
    });

    test(`crossEntropy and nllLoss, ${reduction}`, () => {
      const ce = (options: L.CrossEntropyOptions) => (a: Tensor) =>
        L.crossEntropy(a, classes, { reduction, ...options });
      expectGradcheck(ce({}), [logits]);
      expectGradcheck(ce({ weight }), [logits]);
      expectGradcheck(ce({ weight, labelSmoothing: 0.2 }), [logits]);
      expectGradcheck(
        (a) =>
          L.crossEntropy(
            a,
            int32([
              [0, 2],
              [1, -100],
            ]),
            { reduction, labelSmoothing: 0.1 },
          ),
        [randn([2, 3, 2], f64)],
      );
      const probabilities = rand([4, 5], f64).softmax(1);
      expectGradcheck(
        (a, q) => L.crossEntropy(a, q, { reduction, weight, labelSmoothing: 0.1 }),
        [logits, probabilities],
      );
      expectGradcheck((a) => L.nllLoss(a.logSoftmax(1), classes, { reduction, weight }), [logits]);
    });

    test(`binary losses, ${reduction}`, () => {
      const p = rand([3, 4], f64).mul(0.9).add(0.05);
      const q = rand([3, 4], f64);
      const w = rand([4], f64).add(0.5);
      expectGradcheck((a, b) => L.binaryCrossEntropy(a, b, { reduction, weight: w }), [p, q]);
      const z = randn([3, 4], f64).mul(3);
      expectGradcheck((a, b) => L.bceWithLogits(a, b, { reduction }), [z, q]);
      expectGradcheck(
        (a, b) => L.bceWithLogits(a, b, { reduction, weight: w, posWeight: w.mul(2) }),
        [z, q],
      );
    });

    test(`margin losses, ${reduction}`, () => {
      const d = tensor([0.3, 1.6, -0.4, 0.75, 2.2, 0.1], { dtype: "float64" });
      const s = tensor([1, -1, -1, -1, 1, -1], { dtype: "float64" });
      expectGradcheck((a) => L.hingeEmbeddingLoss(a, s, { reduction }), [d]);
      expectGradcheck((a) => L.hingeEmbeddingLoss(a, s, { reduction, margin: 0.5 }), [d]);
      const scores = tensor(
        [
          [0.1, 0.9, -0.3, 0.45],
          [1.3, 0.2, 0.65, -0.8],
          [-0.2, 0.05, 0.4, 1.1],
        ],
        { dtype: "float64" },
      );
      const t = int32([1, 0, 3]);
      for (const p of [1, 2] as const) {
        expectGradcheck((a) => L.multiMarginLoss(a, t, { reduction, p }), [scores]);
        expectGradcheck(
          (a) =>
            L.multiMarginLoss(a, t, { reduction, p, margin: 0.55, weight: weight.narrow(0, 0, 4) }),
          [scores],
        );
      }
    });
  }
});

// ---- second derivatives ---------------------------------------------------------------------

void describe("second derivatives", () => {
  test("grad of grad of mseLoss is the Hessian 2/n·I", () => {
    const x = tensor(
      [
        [0.5, -1],
        [2, 0.25],
      ],
      { dtype: "float64" },
    );
    const y = tensor(
      [
        [1, 1],
        [-1, 0],
      ],
      { dtype: "float64" },
    );
    const v = tensor(
      [
        [0.3, -0.7],
        [1.1, 2],
      ],
      { dtype: "float64" },
    );
    const dLoss = grad((a: Tensor) => L.mseLoss(a, y));
    assertClose(dLoss(x), x.sub(y).mul(2 / 4));
    // the directional derivative of the gradient along v: H·v = (2/n)·v
    const hv = grad((a: Tensor) => dLoss(a).mul(v).sum())(x);
    assertClose(hv, v.mul(2 / 4), { rtol: 1e-12, atol: 1e-12 });
  });

  test("the gradient of every smooth loss is itself differentiable (gradcheck of the gradient)", () => {
    // gradcheck evaluates f under noGrad for its finite differences: the gradient needs grad mode
    const gradientOf = (loss: (a: Tensor) => Tensor) => (a: Tensor) =>
      enableGrad(() => autogradGrad(loss(a), [a], { createGraph: true })[0]!);
    const logits = randn([3, 4], f64);
    const p = rand([3, 4], f64).mul(0.9).add(0.05);
    const q = rand([3, 4], f64);
    const classes = int32([2, 0, -100]);
    const w = rand([4], f64).add(0.5);
    const cases: [string, (a: Tensor) => Tensor, Tensor][] = [
      ["mseLoss", (a) => L.mseLoss(a, q), logits],
      ["huberLoss", (a) => L.huberLoss(a, q.mul(3), { delta: 0.8 }), logits],
      ["smoothL1Loss", (a) => L.smoothL1Loss(a, q.mul(3), { beta: 0.8 }), logits],
      [
        "crossEntropy",
        (a) => L.crossEntropy(a, classes, { weight: w, labelSmoothing: 0.1 }),
        logits,
      ],
      [
        "crossEntropy (probabilities)",
        (a) => L.crossEntropy(a, q.softmax(1), { weight: w }),
        logits,
      ],
      ["binaryCrossEntropy", (a) => L.binaryCrossEntropy(a, q, { weight: w }), p],
      ["bceWithLogits", (a) => L.bceWithLogits(a, q, { posWeight: w }), logits.mul(2)],
      ["multiMarginLoss p=2", (a) => L.multiMarginLoss(a, int32([1, 3, 0]), { p: 2 }), logits],
    ];
    for (const [name, loss, at] of cases) {
      const result = gradcheck(gradientOf(loss), [at]);
      assert.ok(result.ok, `${name}: ${result.message}`);
    }
  });

  test("binaryCrossEntropy's second derivative is y/x² + (1 − y)/(1 − x)²", () => {
    const x = tensor([0.2, 0.5, 0.9], { dtype: "float64" });
    const y = tensor([0, 0.3, 1], { dtype: "float64" });
    const d2 = grad((a: Tensor) =>
      grad((b: Tensor) => L.binaryCrossEntropy(b, y, { reduction: "sum" }))(a).sum(),
    )(x);
    const expected = [0, 1, 2].map((i) => {
      const [xi, yi] = [x.data[i]!, y.data[i]!];
      return yi / xi ** 2 + (1 - yi) / (1 - xi) ** 2;
    });
    assertClose(d2, expected, { rtol: 1e-12, atol: 1e-12 });
  });
});

// ---- behaviour ------------------------------------------------------------------------------

void describe("behaviour", () => {
  test("bceWithLogits equals binaryCrossEntropy of sigmoid where sigmoid does not saturate", () => {
    const z = randn([4, 3], f64).mul(2);
    const y = rand([4, 3], f64);
    assertClose(L.bceWithLogits(z, y), L.binaryCrossEntropy(z.sigmoid(), y), { rtol: 1e-12 });
  });

  test("bceWithLogits stays finite, with finite gradients, for logits of ±1000 in float32", () => {
    const z = tensor([1000, -1000, 1000, -1000], { requiresGrad: true });
    const out = L.bceWithLogits(z, tensor([1, 0, 0, 1]), { reduction: "none" });
    assertClose(out, [0, 0, 1000, 1000], { rtol: 0, atol: 0 });
    out.sum().backward();
    assertClose(z.grad!, [0, 0, 1, -1], { rtol: 0, atol: 0 });
  });

  test("crossEntropy with class indices equals nllLoss of logSoftmax, and the one-hot probabilities", () => {
    const logits = randn([6, 4], f64);
    const t = int32([0, 3, 1, 1, 2, 0]);
    const weight = rand([4], f64).add(0.5);
    const ce = L.crossEntropy(logits, t, { weight, reduction: "sum" });
    assertClose(ce, L.nllLoss(logits.logSoftmax(1), t, { weight, reduction: "sum" }));
    const oneHot = tensor(
      [0, 3, 1, 1, 2, 0].map((k) => [0, 1, 2, 3].map((c) => (c === k ? 1 : 0))),
      { dtype: "float64" },
    );
    assertClose(ce, L.crossEntropy(logits, oneHot, { weight, reduction: "sum" }));
  });

  test("reduction none keeps the per-element or per-sample shape", () => {
    const x = randn([2, 3, 4], f64);
    assert.deepEqual(L.mseLoss(x, x.mul(0.5), { reduction: "none" }).shape, [2, 3, 4]);
    assert.deepEqual(
      L.crossEntropy(
        x,
        int32([
          [0, 1, 2, 0],
          [2, 2, 1, 0],
        ]),
        { reduction: "none" },
      ).shape,
      [2, 4],
    );
    assert.deepEqual(
      L.crossEntropy(x.narrow(0, 0, 1).reshape([3, 4]), int32([0, 3, 1]), { reduction: "none" })
        .shape,
      [3],
    );
    assert.deepEqual(L.crossEntropy(randn([5], f64), int32(2), { reduction: "none" }).shape, []);
    assert.deepEqual(
      L.multiMarginLoss(randn([5], f64), int32([2]), { reduction: "none" }).shape,
      [1],
    );
    assert.deepEqual(L.mseLoss(x, x).shape, []);
  });

  test("binaryCrossEntropyWithLogits is bceWithLogits", () => {
    assert.equal(L.binaryCrossEntropyWithLogits, L.bceWithLogits);
  });
});

// ---- errors ---------------------------------------------------------------------------------

function throwsWith(
  fn: () => unknown,
  type: new (message?: string) => Error,
  pattern: RegExp,
): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof type, `expected a ${type.name}, got ${String(e)}`);
    assert.match(e.message, pattern);
    return true;
  });
}

void describe("errors", () => {
  const logits = randn([8, 10], f64);
  const classes = int32([0, 1, 2, 3, 4, 5, 6, 7]);

  test("crossEntropy: a target shape that fits neither class indices nor probabilities", () => {
    throwsWith(
      () => L.crossEntropy(logits, classes.reshape([8, 1])),
      ShapeError,
      /^crossEntropy: target of shape \[8, 1\] does not fit input \[8, 10\]: expected class indices of shape \[8\] or class probabilities of the input's shape \[8, 10\]$/,
    );
    throwsWith(
      () => L.nllLoss(randn([2, 3, 4], f64), int32([0, 1])),
      ShapeError,
      /^nllLoss: target of shape \[2\] does not fit input \[2, 3, 4\]: expected class indices of shape \[2, 4\]$/,
    );
    throwsWith(
      () => L.crossEntropy(randn([], f64), int32(0)),
      ShapeError,
      /needs a class dimension/,
    );
  });

  test("crossEntropy: class indices must be int32, probabilities float", () => {
    throwsWith(
      () => L.crossEntropy(logits, classes.double()),
      DTypeError,
      /^crossEntropy: class indices must be an int32 tensor, got float64; convert them with target\.to\("int32"\)/,
    );
    throwsWith(
      () => L.crossEntropy(logits, logits.int()),
      DTypeError,
      /crossEntropy: a target of the input's shape \[8, 10\] holds class probabilities and must be float32 or float64, got int32; class indices go in a target of shape \[8\]/,
    );
    throwsWith(
      () => L.nllLoss(logits, classes.float()),
      DTypeError,
      /^nllLoss: class indices must be an int32/,
    );
    throwsWith(
      () => L.crossEntropy(logits.int(), classes),
      DTypeError,
      /^crossEntropy: input must be float32 or float64, got int32/,
    );
  });

  test("a class index out of range names it and the valid range", () => {
    throwsWith(
      () => L.crossEntropy(logits, int32([0, 1, 2, 10, 4, 5, 6, 7])),
      ArgumentError,
      /^crossEntropy: target class 10 is out of range for input \[8, 10\] with 10 classes \(valid: 0 to 9, or ignoreIndex -100 to skip an element\)$/,
    );
    throwsWith(
      () => L.nllLoss(logits, int32([0, 1, 2, 3, -1, 5, 6, 7])),
      ArgumentError,
      /target class -1 is out of range/,
    );
    throwsWith(
      () => L.crossEntropy(logits, int32([0, 1, 2, 3, -100, 5, 6, 7]), { ignoreIndex: 3 }),
      ArgumentError,
      /target class -100 is out of range .*ignoreIndex 3/,
    );
    throwsWith(
      () => L.multiMarginLoss(logits, int32([0, 1, 2, 3, 4, 5, 6, 10])),
      ArgumentError,
      /^multiMarginLoss: target class 10 is out of range/,
    );
  });

  test("every loss rejects an unknown reduction", () => {
    const x = rand([8, 10], f64);
    const calls: [string, (o: { reduction: L.Reduction }) => Tensor][] = [
      ["mseLoss", (o) => L.mseLoss(x, x, o)],
      ["l1Loss", (o) => L.l1Loss(x, x, o)],
      ["huberLoss", (o) => L.huberLoss(x, x, o)],
      ["smoothL1Loss", (o) => L.smoothL1Loss(x, x, o)],
      ["crossEntropy", (o) => L.crossEntropy(x, classes, o)],
      ["nllLoss", (o) => L.nllLoss(x, classes, o)],
      ["binaryCrossEntropy", (o) => L.binaryCrossEntropy(x, x, o)],
      ["bceWithLogits", (o) => L.bceWithLogits(x, x, o)],
      ["hingeEmbeddingLoss", (o) => L.hingeEmbeddingLoss(x, x, o)],
      ["multiMarginLoss", (o) => L.multiMarginLoss(x, classes, o)],
    ];
    for (const [name, call] of calls) {
      throwsWith(
        () => call({ reduction: "avg" as L.Reduction }),
        ArgumentError,
        new RegExp(`^${name}: reduction must be "mean", "sum" or "none", got "avg"$`),
      );
    }
  });

  test("class weights, label smoothing and ignoreIndex are checked", () => {
    throwsWith(
      () => L.crossEntropy(logits, classes, { weight: rand([9], f64) }),
      ShapeError,
      /^crossEntropy: weight of shape \[9\] does not fit input \[8, 10\]: expected one weight per class, shape \[10\]$/,
    );
    throwsWith(
      () => L.nllLoss(logits, classes, { weight: int32([1, 1, 1, 1, 1, 1, 1, 1, 1, 1]) }),
      DTypeError,
      /^nllLoss: weight must be float32 or float64/,
    );
    throwsWith(
      () => L.crossEntropy(logits, classes, { labelSmoothing: 1.5 }),
      ArgumentError,
      /^crossEntropy: labelSmoothing must be in \[0, 1\], got 1\.5$/,
    );
    throwsWith(
      () => L.crossEntropy(logits, logits.softmax(1), { ignoreIndex: 0 }),
      ArgumentError,
      /ignoreIndex \(0\) applies to class-index targets only/,
    );
    throwsWith(
      () => L.multiMarginLoss(logits, classes, { weight: rand([10, 1], f64) }),
      ShapeError,
      /expected one weight per class, shape \[10\]/,
    );
  });

  test("elementwise losses want a target of the input's shape", () => {
    const x = rand([8, 1], f64);
    throwsWith(
      () => L.mseLoss(x, rand([8], f64)),
      ShapeError,
      /^mseLoss: target of shape \[8\] does not match input \[8, 1\]: give the target the input's shape, e.g\. target\.reshape\(\[8, 1\]\)$/,
    );
    throwsWith(
      () => L.bceWithLogits(x, rand([8, 2], f64)),
      ShapeError,
      /^bceWithLogits: target of shape \[8, 2\] does not match input \[8, 1\]/,
    );
    throwsWith(
      () => L.hingeEmbeddingLoss(x, rand([1, 8], f64)),
      ShapeError,
      /^hingeEmbeddingLoss: target of shape/,
    );
    throwsWith(
      () => L.mseLoss(int32([1, 2]), int32([1, 2])),
      DTypeError,
      /^mseLoss: input must be float32 or float64, got int32/,
    );
  });

  test("binary losses: probabilities in [0, 1], weights that broadcast to the input", () => {
    throwsWith(
      () => L.binaryCrossEntropy(tensor([0.5, 1.2]), tensor([0, 1])),
      ArgumentError,
      /^binaryCrossEntropy: every input value must be a probability in \[0, 1\], found 1\.2.*use bceWithLogits/,
    );
    throwsWith(
      () => L.binaryCrossEntropy(tensor([0.5, NaN]), tensor([0, 1])),
      ArgumentError,
      /found NaN/,
    );
    throwsWith(
      () => L.bceWithLogits(rand([4, 3], f64), rand([4, 3], f64), { posWeight: rand([4], f64) }),
      ShapeError,
      /^bceWithLogits: posWeight of shape \[4\] does not broadcast to the input's shape \[4, 3\]/,
    );
    throwsWith(
      () =>
        L.binaryCrossEntropy(rand([4, 3], f64), rand([4, 3], f64), {
          weight: rand([2, 4, 3], f64),
        }),
      ShapeError,
      /^binaryCrossEntropy: weight of shape \[2, 4, 3\] does not broadcast/,
    );
  });

  test("options out of range", () => {
    const x = rand([3], f64);
    throwsWith(
      () => L.huberLoss(x, x, { delta: 0 }),
      ArgumentError,
      /^huberLoss: delta must be a finite number > 0, got 0$/,
    );
    throwsWith(
      () => L.smoothL1Loss(x, x, { beta: -1 }),
      ArgumentError,
      /^smoothL1Loss: beta must be a finite number ≥ 0, got -1$/,
    );
    throwsWith(
      () => L.multiMarginLoss(logits, classes, { p: 3 as 1 }),
      ArgumentError,
      /^multiMarginLoss: p must be 1 or 2/,
    );
    throwsWith(
      () => L.multiMarginLoss(logits, classes.reshape([8, 1])),
      ShapeError,
      /^multiMarginLoss: target of shape \[8, 1\] does not fit input \[8, 10\]: expected class indices of shape \[8\]$/,
    );
    throwsWith(
      () => L.multiMarginLoss(randn([2, 3, 4], f64), int32([0, 1])),
      ShapeError,
      /must be scores of shape \[N, C\] or \[C\]/,
    );
  });
});
