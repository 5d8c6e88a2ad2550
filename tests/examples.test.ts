// Every example runs as a user would run it (importing "descentjs") and prints what it promises.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { test } from "node:test";

const expected: Record<string, RegExp[]> = {
  "mnist.ts": [
    /trained 1250 steps; accuracy on the 2,000 held-out digits: 9[5-9]\.\d\d%/,
    /the reloaded model scores 9[5-9]\.\d\d% too/,
  ],
  "autograd.ts": [/L = 1\.797469/, /dL\/dW = tensor\(\[\[-0\.3271, -0\.6543\],/],
  "minimize.ts": [
    /quartic: x = 2\.250000 after \d+ steps \(gradient-tolerance\)/,
    /momentum \(lr 0\.001\) +ended at \(1\.0000, 1\.0000\)/,
    /adam \(lr 0\.05\) +ended at \(1\.0000, 1\.0000\)/,
  ],
};

for (const file of readdirSync(new URL("../examples/", import.meta.url)).filter((f) =>
  f.endsWith(".ts"),
)) {
  test(`examples/${file}`, () => {
    // tsx follows tsconfig.json's "paths", which map "descentjs" to src/: no build needed.
    const run = spawnSync(process.execPath, ["--import", "tsx", `examples/${file}`], {
      encoding: "utf8",
      timeout: 120_000,
    });
    assert.equal(run.status, 0, run.stderr);
    for (const pattern of expected[file] ?? []) assert.match(run.stdout, pattern);
    assert.ok(
      expected[file],
      `add the expected output of examples/${file} to tests/examples.test.ts`,
    );
  });
}
