// float64 Adam and AdamW in Chromium equal Node's to the bit, step by step, and both equal
// torch's trajectories (tests/fixtures/optim.json): the bias corrections βᵗ no longer depend on
// the engine's ** (src/optim/int-pow.ts). The library is bundled for the browser with esbuild.
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { test } from "node:test";
import { browserModule, CHROMIUM, launchChromium } from "../chromium.js";
import { runAdamCases, type AdamCase } from "./adam-cases.js";

const fixture = JSON.parse(
  readFileSync(new URL("../fixtures/optim.json", import.meta.url), "utf8"),
) as {
  problems: { A: number[]; b: number[] };
  optimizers: (AdamCase & { optimizer: string; trajectory: number[][][] })[];
};
const cases = fixture.optimizers.filter((c) => c.optimizer === "Adam" || c.optimizer === "AdamW");
const STEPS = 100;

test(
  "float64 Adam/AdamW: Chromium equals Node bit for bit, and both equal torch",
  {
    skip: existsSync(CHROMIUM) ? false : `no ${CHROMIUM} (.ci/run installs it)`,
  },
  async () => {
    const node = runAdamCases(cases, fixture.problems, STEPS);
    // the same runs to torch's tolerance of the fixture test (float64, 1e-10 relative)
    for (const c of cases) {
      c.trajectory.forEach((params, step) =>
        params.forEach((expected, i) => {
          const bytes = node[c.name]![step * params.length + i]!;
          const got = new Float64Array(
            Uint8Array.from(bytes.match(/../g)!, (h) => parseInt(h, 16)).buffer,
          );
          expected.forEach((e, k) =>
            assert.ok(
              Math.abs(got[k]! - e) <= 1e-10 * Math.abs(e) + 1e-12,
              `${c.name} step ${step + 1}`,
            ),
          );
        }),
      );
    }
    const code = await browserModule(
      'export { runAdamCases } from "./tests/browser/adam-cases.ts";',
    );
    const { context, close } = await launchChromium();
    try {
      const page = await context.newPage();
      await page.setContent("<!doctype html><title>adam</title>");
      const inBrowser = await page.evaluate(
        async ({ code, cases, problems, steps }) => {
          const url = URL.createObjectURL(new Blob([code], { type: "text/javascript" }));
          const module = (await import(url)) as { runAdamCases: typeof runAdamCases };
          return module.runAdamCases(cases, problems, steps);
        },
        {
          code,
          cases: cases.map(({ trajectory: _t, ...c }) => c),
          problems: fixture.problems,
          steps: STEPS,
        },
      );
      for (const c of cases) assert.deepEqual(inBrowser[c.name], node[c.name], c.name);
    } finally {
      await close();
    }
  },
);
