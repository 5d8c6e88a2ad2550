// The PyTorch calls users reach for first, against torch (tests/fixtures/habits.json from
// generate_habits.py, float64): positional sizes, LayerNorm, BatchNorm1d (train/eval, running
// statistics), Embedding (padding_idx), jacobian and hessian; plus tolist, Module.to/double/float,
// F.dropout and the errors that name the right form.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, test } from "node:test";
import {
  cat,
  hessian,
  jacobian,
  linspace,
  manualSeed,
  nn,
  ones,
  tensor,
  Tensor,
} from "../../src/index.js";
import { assertClose } from "../helpers.js";

type Numbers = number[];
interface Fixture {
  x: { shape: number[]; values: Numbers };
  moves: { op: string; args: number[]; shape: number[]; y: Numbers; grad: Numbers }[];
  layer_norm: {
    shape: number[];
    normalized: number[];
    x: Numbers;
    weight: Numbers;
    bias: Numbers;
    y: Numbers;
    grad_x: Numbers;
    grad_weight: Numbers;
    grad_bias: Numbers;
  }[];
  batch_norm: {
    shape: number[];
    momentum: number | null;
    weight: Numbers;
    bias: Numbers;
    steps: {
      x: Numbers;
      y: Numbers;
      grad_x: Numbers;
      grad_weight: Numbers;
      grad_bias: Numbers;
      running_mean: Numbers;
      running_var: Numbers;
      num_batches_tracked: number;
    }[];
    eval_x: Numbers;
    eval_y: Numbers;
  }[];
  embedding: {
    padding_idx: number | null;
    weight: Numbers;
    indices: number[][];
    y: Numbers;
    grad_weight: Numbers;
  }[];
  jacobian: { x: Numbers; single: Numbers; matrix_x: Numbers; matrix: Numbers; pair: Numbers[] };
  hessian: { x: Numbers; single: Numbers; matrix: Numbers; pair: Numbers[][] };
}

const fx = JSON.parse(
  readFileSync(new URL("../fixtures/habits.json", import.meta.url), "utf8"),
) as Fixture;

const f64 = (values: Numbers, shape: readonly number[]) =>
  new Tensor(Float64Array.from(values), shape.slice());
/** Backpropagates sum(out · probe), probe = linspace(−1, 1) like the generator's. */
function probeBackward(out: Tensor): void {
  const probe = linspace(-1, 1, out.numel(), { dtype: "float64" }).reshape(out.shape.slice());
  out.mul(probe).sum().backward();
}

describe("positional sizes, as torch takes them", () => {
  for (const c of fx.moves) {
    test(`${c.op}(${c.args.join(", ")})`, () => {
      const x = f64(fx.x.values, fx.x.shape).requiresGrad_();
      const a = c.args;
      const y =
        c.op === "reshape"
          ? x.reshape(a[0]!, a[1]!)
          : c.op === "view"
            ? x.view(a[0]!, a[1]!)
            : c.op === "permute"
              ? x.permute(a[0]!, a[1]!, a[2]!)
              : c.op === "expand"
                ? x.slice(1, 0, 1).expand(...a)
                : x.repeat(...a);
      assert.deepEqual([...y.shape], c.shape);
      assertClose(y, c.y);
      probeBackward(y);
      assertClose(x.grad!, c.grad);
      // the array form gives the same
      if (c.op !== "expand" && !c.op.startsWith("repeat")) {
        const z = c.op === "permute" ? x.permute(a) : c.op === "view" ? x.view(a) : x.reshape(a);
        assertClose(z, c.y);
      }
    });
  }

  test("wrong forms name the right one", () => {
    const x = ones([2, 3]);
    assert.throws(
      () => x.reshape(2, [3] as never),
      /reshape: pass the sizes as numbers \(reshape\(2, 3\)\) or one array \(reshape\(\[2, 3\]\)\)/,
    );
    assert.throws(() => x.permute(1.5, 0), /permute: sizes must be integers, got 1.5/);
    assert.throws(() => x.repeat(2), /repeat: 1 repeat count for a 2-d tensor; pass at least 2/);
    assert.throws(
      () => x.sum({ dim: 0, keepdims: true } as never),
      /sum: unknown option "keepdims"; the options are dim, keepdim/,
    );
  });
});

describe("reductions take { dim, keepdim } like torch's keywords", () => {
  test("sum, mean, amax, argmax, logsumexp, softmax with an options object", () => {
    const x = tensor([
      [1, 5, 2],
      [7, 0, 3],
    ]);
    assert.deepEqual(x.sum({ dim: 1, keepdim: true }).tolist(), [[8], [10]]);
    assert.deepEqual(x.mean({ dim: 0 }).tolist(), [4, 2.5, 2.5]);
    assert.deepEqual(x.amax({ dim: 1 }).tolist(), [5, 7]);
    assert.deepEqual(x.argmax({ dim: 1 }).tolist(), [1, 0]);
    assert.deepEqual(x.max({ dim: 0 }).values.tolist(), [7, 5, 3]);
    assertClose(x.logsumexp({ dim: 1 }), x.logsumexp(1));
    assertClose(x.softmax({ dim: 1 }), x.softmax(1));
  });
});

test("tolist: nested arrays, a number for a 0-d tensor", () => {
  assert.deepEqual(
    tensor([
      [1, 2],
      [3, 4],
    ]).tolist(),
    [
      [1, 2],
      [3, 4],
    ],
  );
  assert.equal(tensor(2.5).tolist(), 2.5);
  assert.deepEqual(tensor([true, false]).tolist(), [true, false]);
});

describe("LayerNorm equals torch.nn.LayerNorm", () => {
  for (const c of fx.layer_norm) {
    test(`input ${c.shape.join("×")}, normalized ${c.normalized.join("×")}`, () => {
      const ln = new nn.LayerNorm(c.normalized).double();
      ln.loadStateDict({ weight: f64(c.weight, c.normalized), bias: f64(c.bias, c.normalized) });
      const x = f64(c.x, c.shape).requiresGrad_();
      const y = ln.forward(x);
      assertClose(y, c.y);
      probeBackward(y);
      assertClose(x.grad!, c.grad_x);
      assertClose(ln.weight!.grad!, c.grad_weight);
      assertClose(ln.bias!.grad!, c.grad_bias);
    });
  }
});

describe("BatchNorm1d equals torch.nn.BatchNorm1d: training, running statistics, eval", () => {
  for (const c of fx.batch_norm) {
    test(`input ${c.shape.join("×")}, momentum ${c.momentum}`, () => {
      const bn = new nn.BatchNorm1d(3, { momentum: c.momentum }).double();
      bn.loadStateDict({ ...bn.stateDict(), weight: f64(c.weight, [3]), bias: f64(c.bias, [3]) });
      for (const [i, s] of c.steps.entries()) {
        bn.zeroGrad();
        const x = f64(s.x, c.shape).requiresGrad_();
        const y = bn.forward(x);
        assertClose(y, s.y, {}, `step ${i} y`);
        probeBackward(y);
        assertClose(x.grad!, s.grad_x, {}, `step ${i} grad x`);
        assertClose(bn.weight!.grad!, s.grad_weight, {}, `step ${i} grad weight`);
        assertClose(bn.bias!.grad!, s.grad_bias, {}, `step ${i} grad bias`);
        const state = bn.stateDict();
        assertClose(state.running_mean!, s.running_mean, {}, `step ${i} running mean`);
        assertClose(state.running_var!, s.running_var, {}, `step ${i} running var`);
        assert.equal(state.num_batches_tracked!.item(), s.num_batches_tracked);
      }
      bn.eval();
      assertClose(bn.forward(f64(c.eval_x, c.shape)), c.eval_y, {}, "eval");
    });
  }

  test("one value per channel in training is an error, as in torch", () => {
    assert.throws(
      () => new nn.BatchNorm1d(2).forward(ones([1, 2])),
      /BatchNorm1d: expected more than 1 value per channel when training/,
    );
    assert.throws(
      () => new nn.BatchNorm1d(2).forward(ones([4, 3])),
      /BatchNorm1d: expected input of shape \[N, 2\] or \[N, 2, L\], got \[4, 3\]/,
    );
  });
});

describe("Embedding equals torch.nn.Embedding", () => {
  for (const c of fx.embedding) {
    test(`padding_idx ${c.padding_idx}`, () => {
      const emb = new nn.Embedding(
        5,
        3,
        c.padding_idx === null ? {} : { paddingIdx: c.padding_idx },
      ).double();
      emb.loadStateDict({ weight: f64(c.weight, [5, 3]) });
      const y = emb.forward(tensor(c.indices, { dtype: "int32" }));
      assert.deepEqual([...y.shape], [2, 3, 3]);
      assertClose(y, c.y);
      probeBackward(y);
      assertClose(emb.weight.grad!, c.grad_weight);
    });
  }

  test("a new padding row starts at zeros; float indices are refused", () => {
    manualSeed(0);
    const emb = new nn.Embedding(4, 2, { paddingIdx: -1 });
    assert.deepEqual(Array.from(emb.weight.data.subarray(6)), [0, 0]);
    assert.throws(
      () => emb.forward(tensor([1, 2])),
      /Embedding: indices must be an int32 tensor, got float32/,
    );
  });
});

describe("jacobian and hessian equal torch.autograd.functional's", () => {
  const x = () => f64(fx.jacobian.x, [3]);
  const m = () => f64(fx.jacobian.matrix_x, [2, 2]);
  test("jacobian of a vector function, a matrix function and a pair of inputs", () => {
    const J = jacobian((v) => {
      const [a, b, c] = [v.slice(0, 0, 1), v.slice(0, 1, 2), v.slice(0, 2, 3)];
      return cat([a.mul(b), b.sin(), c.pow(3), v.exp().sum().reshape(1)]);
    }, x());
    assert.deepEqual([...J.shape], [4, 3]);
    assertClose(J, fx.jacobian.single);
    const Jm = jacobian((a) => a.matmul(a.tanh()), m());
    assert.deepEqual([...Jm.shape], [2, 2, 2, 2]);
    assertClose(Jm, fx.jacobian.matrix);
    const [Ja, Jb] = jacobian(
      (a, b) =>
        a
          .slice(0, 0, 2)
          .mul(b)
          .sum(1)
          .add(a.slice(0, 2, 3)),
      [x(), m()],
    );
    assertClose(Ja!, fx.jacobian.pair[0]!);
    assertClose(Jb!, fx.jacobian.pair[1]!);
  });

  test("hessian of Rosenbrock-like, of a matrix function and of a pair", () => {
    const rosenbrock = (v: Tensor) => {
      const [a, b, c] = [v.slice(0, 0, 1), v.slice(0, 1, 2), v.slice(0, 2, 3)];
      return a
        .neg()
        .add(1)
        .square()
        .add(b.sub(a.square()).square().mul(100))
        .add(c.mul(a).sin())
        .sum();
    };
    const H = hessian(rosenbrock, x());
    assert.deepEqual([...H.shape], [3, 3]);
    assertClose(H, fx.hessian.single);
    assertClose(
      hessian((a) => a.matmul(a).sin().sum(), m()),
      fx.hessian.matrix,
    );
    const pair = hessian(
      (a, b) => {
        const u = a.slice(0, 0, 2);
        return u
          .matmul(b)
          .matmul(u)
          .mul(a.slice(0, 2, 3))
          .sum()
          .add(b.pow(3).sum());
      },
      [x(), m()],
    );
    pair.forEach((row, i) =>
      row.forEach((h, j) => assertClose(h, fx.hessian.pair[i]![j]!, {}, `H[${i}][${j}]`)),
    );
  });
});

describe("Module.to(dtype), double(), float()", () => {
  test("convert parameters, buffers and gradients in place, keeping the Parameter objects", () => {
    manualSeed(0);
    const model = new nn.Sequential(new nn.Linear(2, 3), new nn.BatchNorm1d(3));
    const [weight] = model.parameters();
    const before = Array.from(weight!.data);
    weight!.grad = ones([3, 2]);
    assert.equal(model.double(), model);
    assert.equal(model.parameters()[0], weight);
    assert.equal(weight!.dtype, "float64");
    assert.equal(weight!.grad.dtype, "float64");
    assert.deepEqual(Array.from(weight!.data), before);
    const state = model.stateDict();
    assert.equal(state["1.running_mean"]!.dtype, "float64");
    assert.equal(state["1.num_batches_tracked"]!.dtype, "int32");
    assert.equal(model.forward(ones([4, 2], { dtype: "float64" })).dtype, "float64");
    assert.equal(model.float().parameters()[1]!.dtype, "float32");
    assert.equal(model.to("float64").parameters()[1]!.dtype, "float64");
    assert.throws(
      () => model.to("int32" as never),
      /Module.to: only floating-point dtypes \("float32", "float64"\) are allowed, got "int32"/,
    );
  });
});

describe("nn.functional.dropout", () => {
  test("identity when not training or p = 0; zeros at p = 1; survivors scaled by 1/(1 − p)", () => {
    const x = ones([1000]);
    assert.equal(nn.functional.dropout(x, { p: 0.3, training: false }), x);
    assert.equal(nn.functional.dropout(x, { p: 0 }), x);
    assert.deepEqual(new Set(nn.functional.dropout(x, { p: 1 }).data), new Set([0]));
    manualSeed(0);
    const y = nn.functional.dropout(x, { p: 0.25 });
    const kept = Array.from(y.data).filter((v) => v !== 0);
    assert.ok(kept.every((v) => Math.abs(v - 1 / 0.75) < 1e-6));
    assert.ok(kept.length > 700 && kept.length < 800, `${kept.length} of 1000 kept`);
    assert.throws(
      () => nn.functional.dropout(x, { p: 1.5 }),
      /dropout probability has to be between 0 and 1, but got 1.5/,
    );
  });
});
