// The README's TypeScript snippets run as written, and print what their comments promise: each
// ```ts block is written to an ES module of its own in a temporary folder and run there with tsx, its
// "descentjs" imports resolved through tsconfig.json's paths (as in examples/).
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../", import.meta.url));

/** The ```ts blocks of a markdown text, in order. */
function tsBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((m) => m[1]!);
}

interface Expected {
  /** A word the block must contain: names the block when blocks move or a new one comes. */
  contains: string;
  /** What it must print. */
  prints: RegExp[];
  /** Lines run before the block (the browser recipe's page). */
  before?: string;
  /** Lines run after it, to check what it made. */
  after?: string;
}

const expected: Expected[] = [
  {
    contains: "document.body.innerHTML = viz.lineChart",
    before: "(globalThis as { document?: unknown }).document = { body: { innerHTML: '' } };",
    after: "console.log(`page: ${(document.body.innerHTML as string).slice(0, 4)}`);",
    prints: [/^14$/m, /^page: <svg$/m],
  },
  {
    contains: "loss.backward();",
    prints: [/^tensor\(\[\[-0\.3271, -0\.6543\],\n {8}\[ 0\.0432, {2}0\.0863\]\]\)$/m],
  },
  {
    contains: 'race("rosenbrock"',
    prints: [
      /^2\.2500 gradient-tolerance$/m,
      /^gd \(lr 0\.002\): \(0\.999, 0\.999\)$/m,
      /^momentum \(lr 0\.001\): \(1\.000, 1\.000\)$/m,
      /^adam \(lr 0\.05\): \(1\.000, 1\.000\)$/m,
    ],
  },
  {
    contains: "loadMnist({ trainSize: 8000, seed: 0 })",
    after: "console.log(`saved: ${(await import('node:fs')).statSync('mnist.safetensors').size}`);",
    prints: [/^0\.9[5-9]\d*$/m, /^saved: \d{6,}$/m],
  },
  { contains: 'setBackend("js")', prints: [/^fast 1$/m] },
];

const blocks = tsBlocks(readFileSync(join(root, "README.md"), "utf8"));

test("every TypeScript block of the README has its expected output here", () => {
  assert.equal(
    blocks.length,
    expected.length,
    "a ```ts block was added or removed: list what it prints in tests/readme.test.ts",
  );
  for (const [i, block] of blocks.entries()) {
    assert.ok(block.includes(expected[i]!.contains), `README block ${i + 1}: ${block}`);
  }
});

for (const [i, block] of blocks.entries()) {
  const want = expected[i];
  test(`README block ${i + 1} (${want?.contains ?? "unlisted"}) runs and prints what it says`, () => {
    assert.ok(want, "no expected output listed");
    const dir = mkdtempSync(join(tmpdir(), "descent-readme-"));
    try {
      const file = join(dir, `block-${i + 1}.mts`);
      writeFileSync(file, [want.before ?? "", block, want.after ?? ""].join("\n"));
      const run = spawnSync(process.execPath, ["--import", import.meta.resolve("tsx"), file], {
        cwd: dir, // files the snippet writes land here
        encoding: "utf8",
        timeout: 180_000,
        env: { ...process.env, TSX_TSCONFIG_PATH: join(root, "tsconfig.json") },
      });
      assert.equal(run.status, 0, run.stderr);
      for (const pattern of want.prints) assert.match(run.stdout, pattern);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}
