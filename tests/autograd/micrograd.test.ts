// micrograd's two test expressions, which reuse nodes (what naive recursion gets wrong), against torch.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { tensor } from "../../src/index.js";

const fixture = JSON.parse(
  readFileSync(new URL("../fixtures/micrograd.json", import.meta.url), "utf8"),
) as {
  sanity: { x: number; y: number; dx: number };
  moreOps: { a: number; b: number; g: number; da: number; db: number };
};
const close = (actual: number, expected: number) =>
  assert.ok(Math.abs(actual - expected) <= 1e-12 * Math.abs(expected), `${actual} vs ${expected}`);

test("sanity check: y = h + q + q·x with z reused", () => {
  const x = tensor(fixture.sanity.x, { dtype: "float64", requiresGrad: true });
  const z = x.mul(2).add(2).add(x);
  const q = z.relu().add(z.mul(x));
  const h = z.mul(z).relu();
  const y = h.add(q).add(q.mul(x));
  y.backward();
  close(y.item(), fixture.sanity.y);
  close(x.grad!.item(), fixture.sanity.dx);
});

test("more ops: c and d reassigned from themselves, powers, division, relu", () => {
  const a = tensor(fixture.moreOps.a, { dtype: "float64", requiresGrad: true });
  const b = tensor(fixture.moreOps.b, { dtype: "float64", requiresGrad: true });
  let c = a.add(b);
  let d = a.mul(b).add(b.pow(3));
  c = c.add(c).add(1);
  c = c.add(1).add(c).add(a.neg());
  d = d.add(d.mul(2)).add(b.add(a).relu());
  d = d.add(d.mul(3)).add(b.sub(a).relu());
  const e = c.sub(d);
  const f = e.pow(2);
  let g = f.div(2);
  g = g.add(f.reciprocal().mul(10));
  g.backward();
  close(g.item(), fixture.moreOps.g);
  close(a.grad!.item(), fixture.moreOps.da);
  close(b.grad!.item(), fixture.moreOps.db);
});
