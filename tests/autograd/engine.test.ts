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
