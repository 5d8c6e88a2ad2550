// powInt: beta ** step correctly rounded (tests/fixtures/pow.json from generate_pow.py, exact
// integer arithmetic in Python), for common betas and every step 1..10,000; edge cases; and how
// often the engine's `**` and CPython's (glibc's pow, 0.52 ulp) miss the correct rounding.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { powInt } from "../../src/optim/int-pow.js";

interface PowFixture {
  steps: number;
  samples: number[];
  betas: { beta: number; sha256: string; values: number[]; cpython_differs: number[] }[];
}

const fixture = JSON.parse(
  readFileSync(new URL("../fixtures/pow.json", import.meta.url), "utf8"),
) as PowFixture;

test("powInt(beta, step) is the correctly rounded power for steps 1..10,000", () => {
  for (const { beta, sha256, values } of fixture.betas) {
    fixture.samples.forEach((step, i) => {
      assert.equal(powInt(beta, step), values[i], `${beta} ** ${step}`);
    });
    const all = new Float64Array(fixture.steps);
    for (let step = 1; step <= fixture.steps; step++) all[step - 1] = powInt(beta, step);
    const digest = createHash("sha256").update(new Uint8Array(all.buffer)).digest("hex");
    assert.equal(digest, sha256, `all 10,000 powers of ${beta}`);
  }
});

test("how often the engine's ** and CPython's ** miss it (why powInt exists)", () => {
  let engine = 0;
  for (const { beta } of fixture.betas)
    for (let step = 1; step <= 1000; step++) if (beta ** step !== powInt(beta, step)) engine++;
  const cpython = fixture.betas.reduce((n, b) => n + b.cpython_differs.length, 0);
  console.log(
    `not correctly rounded: this engine's ** in ${engine} of ${1000 * fixture.betas.length} powers ` +
      `(steps ≤ 1000); CPython's ** in ${cpython} of ${fixture.steps * fixture.betas.length}`,
  );
  assert.ok(
    engine > 0,
    "this engine rounds every power correctly: powInt is only a safeguard here",
  );
});

test("edge cases: exact powers, signs, zero, infinity, underflow, overflow, bad exponents", () => {
  assert.equal(powInt(0.9, 0), 1);
  assert.equal(powInt(2, 10), 1024);
  assert.equal(powInt(0.5, 1074), 2 ** -1074);
  assert.equal(powInt(0.5, 1075), 0); // exactly half the smallest subnormal: ties to even
  assert.equal(powInt(-2, 3), -8);
  assert.equal(powInt(-0.5, 2), 0.25);
  assert.equal(powInt(0, 5), 0);
  assert.ok(Object.is(powInt(-0, 3), -0));
  assert.equal(powInt(Infinity, 2), Infinity);
  assert.ok(Number.isNaN(powInt(NaN, 2)));
  assert.equal(powInt(0.9, 100000), 0);
  assert.equal(powInt(10, 400), Infinity);
  assert.equal(powInt(3, 40), Number(3n ** 40n)); // 3^40 > 2^53: rounded once
  assert.throws(
    () => powInt(0.9, -1),
    /powInt: the exponent must be a non-negative safe integer, got -1/,
  );
  assert.throws(() => powInt(0.9, 1.5), /got 1.5/);
});
