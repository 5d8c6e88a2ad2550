// Version counters: a backward that would read a tensor changed in place since its forward
// refuses (torch's "modified by an inplace operation"), for every in-place op and every way of
// sharing storage; a rule that needs only the shape still runs, as in torch.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { AutogradError, nn, noGrad, tensor, type Tensor } from "../../src/index.js";

const IN_PLACE: Record<string, (t: Tensor) => unknown> = {
  add_: (t) => t.add_(1),
  "add_ with alpha": (t) => t.add_(tensor([1, 1, 1]), { alpha: 2 }),
  sub_: (t) => t.sub_(tensor([1, 2, 3])),
  "sub_ with alpha": (t) => t.sub_(tensor([1, 1, 1]), { alpha: 0.5 }),
  mul_: (t) => t.mul_(100),
  div_: (t) => t.div_(2),
  clamp_: (t) => t.clamp_(0, 0.5),
  copy_: (t) => t.copy_(tensor([7, 8, 9])),
  fill_: (t) => t.fill_(3),
  zero_: (t) => t.zero_(),
  "init.uniform_": (t) => nn.init.uniform_(t),
  "init.normal_": (t) => nn.init.normal_(t),
  "init.constant_": (t) => nn.init.constant_(t, 2),
  "init.zeros_": (t) => nn.init.zeros_(t),
  "init.ones_": (t) => nn.init.ones_(t),
};

function assertModified(run: () => void, op: string, role: string): void {
  assert.throws(run, (error: unknown) => {
    assert.ok(error instanceof AutogradError, String(error));
    assert.match(error.message, /modified by an inplace operation/);
    assert.match(error.message, new RegExp(`backward of '${op}'`));
    assert.match(error.message, new RegExp(role));
    assert.match(error.message, /expected version 0/);
    return true;
  });
}

describe("version counters", () => {
  for (const [name, modify] of Object.entries(IN_PLACE)) {
    test(`${name} on a saved input makes backward refuse`, () => {
      const x = tensor([1, 2, 3], { requiresGrad: true });
      const w = tensor([1, 1, 1]);
      const y = x.mul(w).sum();
      modify(w);
      assert.ok(w.version >= 1);
      assertModified(() => y.backward(), "mul", "input 1");
      assert.equal(x.grad, null);
    });
  }

  test("the issue's repro: no silent gradient of 100", () => {
    const x = tensor([1, 2, 3], { requiresGrad: true });
    const w = tensor([1, 1, 1]);
    const y = x.mul(w).sum();
    w.mul_(100);
    assert.throws(() => y.backward(), /mul_/);
  });

  test("a saved output changed through detach() is caught (storage is shared)", () => {
    const x = tensor([0.5, 1], { requiresGrad: true });
    const e = x.exp();
    e.detach().add_(1);
    assertModified(() => e.sum().backward(), "exp", "output");
  });

  test("a change through a reshape of the saved tensor is caught", () => {
    const x = tensor([1, 2, 3, 4], { requiresGrad: true });
    const w = tensor([1, 2, 3, 4]);
    const y = x.mul(w).sum();
    w.reshape([2, 2]).mul_(2);
    assertModified(() => y.backward(), "mul", "input 1");
  });

  test("a leaf parameter changed under noGrad before backward is caught, and named", () => {
    const w = tensor([2, 3], { requiresGrad: true });
    w.label = "w";
    const y = w.square().sum();
    noGrad(() => w.sub_(tensor([1, 1])));
    assertModified(() => y.backward(), "square", "'w'");
  });

  test("rules that only need the shape still run (add, sum), as in torch", () => {
    const x = tensor([1, 2, 3], { requiresGrad: true });
    const b = tensor([1, 1, 1]);
    const y = x.add(b).sum();
    b.mul_(100);
    y.backward();
    assert.deepEqual(x.grad!.toArray(), [1, 1, 1]);
  });

  test("modifying after backward is fine, and the counter only grows", () => {
    const w = tensor([1, 2]);
    const x = tensor([3, 4], { requiresGrad: true });
    const y = x.mul(w).sum();
    y.backward();
    w.add_(1);
    w.add_(1);
    assert.equal(w.version, 2);
    assert.equal(w.detach().version, 2);
    assert.deepEqual(x.grad!.toArray(), [1, 2]);
  });

  test("an optimizer step between forward and backward is caught", async () => {
    const { optim } = await import("../../src/index.js");
    const w = tensor([1, 2], { requiresGrad: true });
    const loss = w.square().sum();
    w.grad = tensor([1, 1]);
    new optim.SGD([w], { lr: 0.1 }).step();
    assertModified(() => loss.backward(), "square", "input 0");
  });
});
