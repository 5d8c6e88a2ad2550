// The backward engine's contract: accumulation, reuse, retainGraph, noGrad, detach, hooks, depth.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  AutogradError,
  autogradGrad,
  detectAnomaly,
  noGrad,
  enableGrad,
  isGradEnabled,
  ones,
  onesLike,
  tensor,
  zeros,
  AnomalyError,
} from "../../src/index.js";
import { apply, defineOp } from "../../src/autograd/op.js";
import { assertClose } from "../helpers.js";

describe("backward", () => {
  test("leaf .grad accumulates over backward calls until zeroed", () => {
    const x = tensor([1, 2, 3], { requiresGrad: true });
    x.mul(2).sum().backward();
    x.mul(3).sum().backward();
    assertClose(x.grad!, [5, 5, 5]);
    x.grad = null;
    x.square().sum().backward();
    assertClose(x.grad!, [2, 4, 6]);
    x.grad!.zero_();
    x.sum().backward();
    assertClose(x.grad!, [1, 1, 1]);
  });

  test("a node used many times gets the sum of its gradients", () => {
    const x = tensor(3, { requiresGrad: true, dtype: "float64" });
    const y = x.mul(x).add(x.mul(x)).mul(x); // 2x³
    y.backward();
    assertClose(x.grad!, [54]);
    // diamond: a feeds b and c, both feed d
    const a = tensor(2, { requiresGrad: true, dtype: "float64" });
    const b = a.mul(3);
    const c = a.exp();
    const d = b.mul(c).add(b);
    d.backward();
    assertClose(a.grad!, [3 * Math.exp(2) + 3 * 2 * Math.exp(2) + 3], { rtol: 1e-12, atol: 0 });
  });

  test("backward(gradient) on a non-scalar computes gradientᵀ·J", () => {
    const x = tensor([1, 2, 3], { requiresGrad: true });
    x.square().backward(tensor([1, 0.5, 2]));
    assertClose(x.grad!, [2, 2, 12]);
  });

  test("backward on a non-scalar without a gradient names the shape and the fix", () => {
    const x = tensor([1, 2], { requiresGrad: true });
    assert.throws(
      () => x.mul(2).backward(),
      (e: Error) => {
        assert.ok(e instanceof AutogradError);
        assert.match(e.message, /scalar/);
        assert.match(e.message, /\[2\]/);
        assert.match(e.message, /onesLike/);
        return true;
      },
    );
  });

  test("backward on a tensor that does not require grad explains what to do", () => {
    assert.throws(() => tensor([1, 2]).sum().backward(), /requiresGrad_/);
  });

  test("a second backward needs retainGraph, with a clear error otherwise", () => {
    const x = tensor(2, { requiresGrad: true });
    const y = x.exp().mul(x);
    y.backward(null, { retainGraph: true });
    y.backward();
    assertClose(x.grad!, [2 * 3 * Math.exp(2)], { rtol: 1e-6, atol: 0 });
    assert.throws(() => y.backward(), /retainGraph/);
  });

  test("a chain of 1,000,000 ops backpropagates without a stack overflow", () => {
    const x = tensor(1, { requiresGrad: true, dtype: "float64" });
    let y = x;
    for (let i = 0; i < 1_000_000; i++) y = y.add(1);
    y.backward();
    assertClose(x.grad!, [1]);
    assert.equal(y.item(), 1_000_001);
  });

  test("retainGrad keeps the gradient of an intermediate tensor", () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const h = x.mul(3).retainGrad();
    h.square().sum().backward();
    assertClose(h.grad!, [6, 12]);
    assertClose(x.grad!, [18, 36]);
  });
});

describe("gradient storage", () => {
  // The engine sums repeated contributions in place into tensors it made itself, and a leaf may
  // keep such a tensor as its .grad without a copy. Nothing else may share that storage: every
  // .grad, hook argument and returned gradient must keep its values when another is modified.

  /** Every pair of distinct tensors in `ts` has distinct storage. */
  function assertDistinctStorage(ts: readonly { data: ArrayLike<number> }[], label: string): void {
    for (let i = 0; i < ts.length; i++) {
      for (let j = i + 1; j < ts.length; j++) {
        if (ts[i] !== ts[j]) assert.notEqual(ts[i]!.data, ts[j]!.data, `${label}: ${i} and ${j}`);
      }
    }
  }

  test("leaves reached through shared gradients (add, sub, broadcast, reuse) own their .grad", () => {
    const a = tensor([1, 2, 3], { requiresGrad: true });
    const b = tensor([4, 5, 6], { requiresGrad: true });
    const c = tensor([0.5], { requiresGrad: true });
    const d = tensor(2, { requiresGrad: true });
    // a and b get the same dOut from add; a also gets two more contributions; c and d broadcast
    const z = a.add(b).add(a.mul(d)).sub(c).add(a);
    z.sum().backward();
    const grads = [a.grad!, b.grad!, c.grad!, d.grad!];
    assertDistinctStorage(grads, "leaf grads");
    const before = grads.map((g) => Array.from(g.data));
    for (const g of grads) g.add_(100); // what an optimizer might do
    grads.forEach((g, i) =>
      assertClose(
        g,
        before[i]!.map((v) => v + 100),
      ),
    );
    assertClose(a.grad!, [104, 104, 104]);
    assertClose(b.grad!, [101, 101, 101]);
    assertClose(c.grad!, [97]);
    assertClose(d.grad!, [106]);
  });

  test("a gradient a hook kept is not changed by later accumulation or in-place updates", () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const seen: { data: Float32Array | Float64Array | Int32Array | Uint8Array }[] = [];
    x.registerHook((g) => {
      seen.push(g);
    });
    const y = x.mul(2).add(x.mul(3)).add(x); // three contributions, summed by the engine
    y.sum().backward();
    assertClose(x.grad!, [6, 6]);
    assert.equal(seen.length, 1);
    assert.notEqual(seen[0]!.data, x.grad!.data);
    x.grad!.mul_(0);
    assertClose(seen[0]!.data, [6, 6]);
    x.mul(x).sum().backward(); // accumulates into .grad in place
    assertClose(seen[0]!.data, [6, 6]);
    assertClose(x.grad!, [2, 4]);
  });

  test("a retained non-leaf gradient does not share storage with the gradients it feeds", () => {
    const x = tensor([1, 2, 3], { requiresGrad: true });
    const h = x.mul(2).add(x.mul(5)); // h's gradient is summed from two uses below
    h.retainGrad();
    const out = h.mul(3).add(h).sum();
    out.backward();
    assertClose(h.grad!, [4, 4, 4]);
    assertClose(x.grad!, [28, 28, 28]);
    assert.notEqual(h.grad!.data, x.grad!.data);
    h.grad!.fill_(-1);
    assertClose(x.grad!, [28, 28, 28]);
  });

  // The pass keeps a computed gradient uncopied only from STEAL_MIN_ELEMENTS (1,024) elements of
  // its node's gradient (below, copying is cheaper than tracking), so these tensors are that big.
  const N = 1024;
  const ramp = (n: number, from = 0) => Array.from({ length: n }, (_, i) => ((i + from) % 7) - 3);
  const constant = (n: number, v: number) => new Array<number>(n).fill(v);

  test("a product's gradient becomes .grad uncopied; changing it changes no other tensor", () => {
    const x = tensor(ramp(N), { shape: [32, 32] });
    const w = tensor(ramp(N, 3), { shape: [32, 32], requiresGrad: true });
    const h = x.matmul(w);
    const [xBefore, wBefore, hBefore] = [x.tolist(), w.tolist(), h.tolist()];
    h.sum().backward(); // w.grad = xᵀ·1, a new product only the engine holds
    const columnSums = Array.from({ length: 32 }, (_, i) =>
      ramp(N).reduce((acc, v, j) => acc + (j % 32 === i ? v : 0), 0),
    );
    assertClose(
      w.grad!,
      columnSums.flatMap((v) => constant(32, v)),
    );
    w.grad!.mul_(0);
    assert.deepEqual([x.tolist(), w.tolist(), h.tolist()], [xBefore, wBefore, hBefore]);
  });

  test("a rule's result returned for two inputs, or an input passed back, is copied", () => {
    // one new tensor for both inputs: each leaf needs its own
    const Twin = defineOp<undefined, string>({
      name: "twin",
      forward: ([a, b]) => a!.add(b!),
      backward: (dOut) => {
        const g = dOut.mul(2);
        return [g, g.reshape(g.shape)];
      },
    });
    const a = tensor(ramp(N), { requiresGrad: true });
    const b = tensor(ramp(N, 1), { requiresGrad: true });
    apply(Twin, [a, b], undefined).sum().backward();
    assert.notEqual(a.grad!.data, b.grad!.data);
    a.grad!.fill_(0);
    assertClose(b.grad!, constant(N, 2));
    // a tensor the rule did not make (a constant it was given) is not the rule's to hand out
    const k = tensor(ramp(N, 2));
    const Passed = defineOp<{ k: typeof k }, string>({
      name: "passed",
      forward: ([x]) => x!.mul(1),
      backward: (_dOut, _inputs, _out, attrs) => [attrs.k],
    });
    const x = tensor(constant(N, 1), { requiresGrad: true });
    apply(Passed, [x], { k }).sum().backward();
    assert.notEqual(x.grad!.data, k.data);
    x.grad!.fill_(0);
    assertClose(k, ramp(N, 2));
  });

  test("a gradient passed on through add and reshape stays apart from what a caller holds", () => {
    // y's gradient (from mul) goes on through add and reshape to x alone: the pass may hand it
    // on, but not once autogradGrad returns it for y, nor when a hook has seen it
    for (const order of ["h first", "u first"]) {
      const x = tensor(ramp(N), { requiresGrad: true });
      const u = x.mul(2);
      const h = u.reshape([N]).add(1);
      const hTerm = h.mul(3).sum();
      const uTerm = u.mul(4).sum();
      const out = order === "h first" ? hTerm.add(uTerm) : uTerm.add(hTerm);
      const [gh, gu] = autogradGrad([out], [h, u]);
      assertClose(gh!, constant(N, 3));
      assertClose(gu!, constant(N, 7));
    }
    const x = tensor(ramp(N), { requiresGrad: true });
    const y = x.add(tensor(constant(N, 5)));
    const seen: { data: ArrayLike<number> }[] = [];
    y.registerHook((g) => {
      seen.push(g);
    });
    y.mul(2).sum().backward();
    assert.notEqual(x.grad!.data, seen[0]!.data);
    x.grad!.fill_(0);
    assertClose(seen[0]!.data, constant(N, 2));
    const z = tensor(ramp(N), { requiresGrad: true });
    z.add(1).reshape([N, 1]).mul(3).sum().backward(); // passed on twice: z's .grad, uncopied
    assertClose(z.grad!, constant(N, 3));
  });

  test("gradients held across many training steps keep their values", () => {
    // Every step's grads are kept; later steps (and in-place updates of later grads) must not
    // write into earlier ones.
    const w = tensor(
      [
        [0.5, -0.25],
        [0.125, 1],
      ],
      { requiresGrad: true },
    );
    const b = tensor([0.1, -0.1], { requiresGrad: true });
    const x = tensor([
      [1, 2],
      [3, 4],
      [5, 6],
    ]);
    const kept: { grads: Float32Array[]; values: number[][] }[] = [];
    for (let step = 0; step < 50; step++) {
      const h = x.matmul(w).add(b).tanh();
      h.mul(h).add(h).sum().backward();
      const grads = [w.grad!, b.grad!];
      assertDistinctStorage(grads, `step ${step}`);
      kept.push({
        grads: grads.map((g) => g.data as Float32Array),
        values: grads.map((g) => Array.from(g.data)),
      });
      noGrad(() => {
        w.sub_(w.grad!.mul(0.01));
        b.sub_(b.grad!.mul(0.01));
        w.grad!.zero_();
        b.grad!.zero_();
      });
      w.grad = null;
      b.grad = null;
    }
    const storages = new Set(kept.flatMap((k) => k.grads));
    assert.equal(storages.size, 2 * kept.length, "every step's grads have their own storage");
    // zeroed in place each step, and never written again afterwards
    for (const k of kept) for (const g of k.grads) assert.ok(g.every((v) => v === 0));
  });
});

describe("recording", () => {
  test("noGrad records nothing and restores the mode, also after a throw", () => {
    const x = tensor([1], { requiresGrad: true });
    const y = noGrad(() => x.mul(2));
    assert.equal(y.requiresGrad, false);
    assert.equal(y.gradFn, null);
    assert.throws(() =>
      noGrad(() => {
        throw new Error("boom");
      }),
    );
    assert.equal(isGradEnabled(), true);
    noGrad(() => assert.equal(enableGrad(() => x.mul(2)).requiresGrad, true));
  });

  test("detach cuts the graph but shares the values", () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const d = x.mul(2).detach();
    assert.equal(d.requiresGrad, false);
    const y = x.mul(d).sum();
    y.backward();
    assertClose(x.grad!, [2, 4]);
  });

  test("ops on tensors without requiresGrad build no graph", () => {
    const y = tensor([1, 2]).exp().sum();
    assert.equal(y.gradFn, null);
    assert.equal(y.requiresGrad, false);
  });

  test("gradFn names the op that made the tensor", () => {
    const x = tensor([1, 2], { requiresGrad: true });
    assert.equal(x.mul(2).gradFn!.name, "mul");
    assert.equal(x.matmul(x).gradFn!.name, "reshape");
    assert.equal(x.isLeaf, true);
  });

  test("requiresGrad_ on an int tensor is refused with the fix", () => {
    assert.throws(() => tensor([1, 2], { dtype: "int32" }).requiresGrad_(), /float/);
  });

  test("in-place ops on a leaf that requires grad are refused outside noGrad", () => {
    const w = tensor([1, 2], { requiresGrad: true });
    assert.throws(() => w.sub_(1), /noGrad/);
    noGrad(() => w.sub_(1));
    assertClose(w, [0, 1]);
  });
});

describe("hooks", () => {
  test("a hook sees the gradient and may replace it", () => {
    const x = tensor([1, 2, 3], { requiresGrad: true });
    const h = x.mul(2);
    const seen: number[][] = [];
    h.registerHook((g) => {
      seen.push(Array.from(g.toTypedArray()));
      return g.mul(10);
    });
    h.sum().backward();
    assert.deepEqual(seen, [[1, 1, 1]]);
    assertClose(x.grad!, [20, 20, 20]);
  });

  test("a leaf hook runs once with the summed gradient; remove() detaches it", () => {
    const x = tensor([1, 2], { requiresGrad: true });
    let calls = 0;
    const handle = x.registerHook(() => {
      calls++;
    });
    x.mul(2).add(x).sum().backward();
    assert.equal(calls, 1);
    assertClose(x.grad!, [3, 3]);
    handle.remove();
    x.sum().backward();
    assert.equal(calls, 1);
  });
});

describe("autogradGrad", () => {
  test("returns gradients without touching .grad", () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const [g] = autogradGrad(x.square().sum(), [x]);
    assertClose(g!, [2, 4]);
    assert.equal(x.grad, null);
  });

  test("unused inputs throw unless allowUnused", () => {
    const x = tensor([1], { requiresGrad: true });
    const z = tensor([1], { requiresGrad: true });
    assert.throws(() => autogradGrad(x.mul(2).sum(), [x, z]), /allowUnused/);
    const [gx, gz] = autogradGrad(x.mul(2).sum(), [x, z], { allowUnused: true });
    assertClose(gx!, [2]);
    assert.equal(gz, null);
  });

  test("gradient with respect to a non-leaf tensor", () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const h = x.mul(3);
    const [gh] = autogradGrad(h.square().sum(), [h]);
    assertClose(gh!, [6, 12]);
  });

  test("non-scalar outputs need gradOutputs", () => {
    const x = tensor([1, 2], { requiresGrad: true });
    assert.throws(() => autogradGrad(x.mul(2), [x]), /gradOutputs/);
    const [g] = autogradGrad(x.mul(2), [x], { gradOutputs: [onesLike(x)] });
    assertClose(g!, [2, 2]);
  });
});

describe("detectAnomaly", () => {
  test("forward: the first op producing NaN throws with its name", () => {
    const previous = detectAnomaly(true);
    try {
      assert.throws(
        () => tensor([-1, 1]).log(),
        (e: Error) => e instanceof AnomalyError && /'log'/.test(e.message),
      );
    } finally {
      detectAnomaly(previous);
    }
  });

  test("backward: an op whose gradient is infinite throws with its name", () => {
    const x = tensor([0, 1], { requiresGrad: true });
    const y = x.sqrt().sum(); // forward is finite; d/dx √x at 0 is infinite
    const previous = detectAnomaly(true);
    try {
      assert.throws(
        () => y.backward(),
        (e: Error) => e instanceof AnomalyError && /backward of 'sqrt'/.test(e.message),
      );
    } finally {
      detectAnomaly(previous);
    }
  });

  test("off by default", () => {
    assert.doesNotThrow(() => zeros([1]).log());
    assert.doesNotThrow(() => ones([1]).div(0));
  });
});
