// The same wasm numbers in Chromium as in Node: exp, log, log1p, tanh, sigmoid, erf (float32 and
// float64) and matrix products, bundled for the browser with esbuild and run in a headless page.
// The page is not cross-origin isolated, so there the backend also shows its one-thread fallback.
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { test } from "node:test";
import { build } from "esbuild";
import { CHROMIUM, launchChromium } from "../chromium.js";
import { compute, type Results } from "./wasm-same-everywhere.js";

async function inChromium(): Promise<{ results: Results; threads: number }> {
  const bundle = await build({
    stdin: {
      contents: `import { compute } from "./wasm-same-everywhere.ts";
        import { getThreads } from "../../src/index.ts";
        globalThis.results = compute();
        globalThis.threads = getThreads();`,
      resolveDir: import.meta.dirname,
      loader: "ts",
    },
    bundle: true,
    platform: "browser",
    format: "iife",
    write: false,
    logLevel: "silent",
  });
  const { context, close } = await launchChromium();
  try {
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.setContent("<!doctype html><title>descent wasm</title>");
    await page.addScriptTag({ content: bundle.outputFiles[0]!.text });
    assert.deepEqual(errors, []);
    return await page.evaluate(() => {
      const g = globalThis as unknown as { results: Results; threads: number };
      return { results: g.results, threads: g.threads };
    });
  } finally {
    await close();
  }
}

test(
  "Chromium computes the wasm backend's numbers to the bit, as Node does",
  {
    skip: existsSync(CHROMIUM) ? false : `no Chromium at ${CHROMIUM} (set CHROMIUM)`,
    timeout: 120_000,
  },
  async () => {
    const node = compute();
    const { results, threads } = await inChromium();
    assert.equal(threads, 1, "without cross-origin isolation the page runs on one thread");
    assert.deepEqual(Object.keys(results).sort(), Object.keys(node).sort());
    for (const [name, values] of Object.entries(node)) {
      const theirs = results[name]!;
      assert.equal(theirs.length, values.length, name);
      // page.evaluate returns NaN as NaN and keeps −0 apart: compare with Object.is
      const differ = values.filter((v, i) => !Object.is(v, theirs[i])).length;
      const i = values.findIndex((v, j) => !Object.is(v, theirs[j]));
      assert.equal(
        differ,
        0,
        `${name}: ${differ} of ${values.length} values differ, e.g. [${i}] ${values[i]} vs ${theirs[i]}`,
      );
    }
  },
);
