// The storage seam enforces itself: a read of a tensor's storage (`.data`, `._storage`, or
// destructuring them) anywhere in src/, cli/ or web/src/ outside src/autograd/kernels.ts and the
// Tensor class is a lint error, while the same property of another object is not; the page, a
// consumer of the package, may not import the seam at all. The broken snippets are linted in
// memory with the project's own ESLint config.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { ESLint } from "eslint";

const root = fileURLToPath(new URL("../../", import.meta.url));
const RULE = "storage-seam/no-raw-storage";
const eslint = new ESLint({ cwd: root });

/** The lines that `rule` flags when `file` has `from` replaced by `to`. */
async function flagged(file: string, from: string, to: string, rule = RULE): Promise<number[]> {
  const original = readFileSync(`${root}${file}`, "utf8");
  assert.ok(original.includes(from), `${file} no longer contains ${JSON.stringify(from)}`);
  const [result] = await eslint.lintText(original.replace(from, to), {
    filePath: `${root}${file}`,
  });
  const fatal = result!.messages.filter((m) => m.fatal === true);
  assert.deepEqual(fatal, [], `${file} did not lint`);
  return result!.messages.filter((m) => m.ruleId === rule).map((m) => m.line);
}

const BINARY_LOSS = "src/nn/losses/binary.ts";
const LOOP = "for (const v of viewOf(input)) {";

test("the seam's own reads pass", async () => {
  assert.deepEqual(await flagged(BINARY_LOSS, LOOP, LOOP), []);
});

test("a direct .data read of a tensor in src/ fails", async () => {
  assert.equal((await flagged(BINARY_LOSS, LOOP, "for (const v of input.data) {")).length, 1);
});

test("destructuring the storage, or reading ._storage, fails too", async () => {
  const destructured = "const { data } = input;\n  for (const v of data) {";
  assert.equal((await flagged(BINARY_LOSS, LOOP, destructured)).length, 1);
  const handle = "for (const v of input._storage as unknown as number[]) {";
  assert.equal((await flagged(BINARY_LOSS, LOOP, handle)).length, 1);
});

test("a tensor subclass (Parameter) in cli/ fails; .data of a plain object does not", async () => {
  const file = "cli/tour/accumulation.ts";
  const read = "[m.weight.item(), m.bias!.item()]";
  assert.equal((await flagged(file, read, "[m.weight.data[0]!, m.bias!.item()]")).length, 1);
  const plain = "[({ data: [1] }).data[0]!, m.bias!.item()]";
  assert.deepEqual(await flagged(file, read, plain), []);
});

const PAGE = "web/src/engine/mnist.ts";

test("the playground (web/src) reads tensors through the public methods only", async () => {
  const read = "const labels = y.toTypedArray();";
  assert.deepEqual(await flagged(PAGE, read, read), []);
  assert.equal((await flagged(PAGE, read, "const labels = y.data;")).length, 1);
});

test("the playground may not import the seam's internal functions", async () => {
  const from = 'import type { MnistData } from "../../../src/data/index.js";';
  const seam = `${from}\nimport { viewOf } from "../../../src/autograd/kernels.js";\nvoid viewOf;`;
  assert.deepEqual(await flagged(PAGE, from, from, "no-restricted-imports"), []);
  assert.equal((await flagged(PAGE, from, seam, "no-restricted-imports")).length, 1);
});
