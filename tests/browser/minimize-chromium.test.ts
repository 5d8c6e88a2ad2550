// Minimisation in Chromium equals Node's to the bit: 1-D and 2-D trajectories of gallery functions
// and typed expressions through x^4, exp, log, log1p, sin, cos, sigmoid, Adam and seeded noise, on
// the wasm and js backends (det-math replaced Math.* on these paths). Bundled with esbuild.
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { test } from "node:test";
import { browserModule, CHROMIUM, launchChromium } from "../chromium.js";
import { computeMinimize } from "./minimize-cases.js";

test(
  "trajectories through x^n, exp, log, sin and cos: Chromium equals Node bit for bit",
  {
    skip: existsSync(CHROMIUM) ? false : `no ${CHROMIUM} (.ci/run installs it)`,
    timeout: 180_000,
  },
  async () => {
    const node = computeMinimize();
    const code = await browserModule(
      'export { computeMinimize } from "./tests/browser/minimize-cases.ts";',
    );
    const { context, close } = await launchChromium();
    try {
      const page = await context.newPage();
      await page.setContent("<!doctype html><title>minimize</title>");
      const browser = await page.evaluate(async (code) => {
        const url = URL.createObjectURL(new Blob([code], { type: "text/javascript" }));
        const module = (await import(url)) as { computeMinimize: typeof computeMinimize };
        return module.computeMinimize();
      }, code);
      assert.deepEqual(Object.keys(browser), Object.keys(node));
      // the runs are long enough to mean something: each trajectory has many steps
      for (const [name, bits] of Object.entries(node)) {
        assert.ok(bits.length >= 16 * 20, `${name}: only ${bits.length / 16} values`);
        assert.equal(browser[name], bits, `${name}: the browser's bits differ from Node's`);
      }
    } finally {
      await close();
    }
  },
);
