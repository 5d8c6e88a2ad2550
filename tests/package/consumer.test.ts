// The packed package in a fresh project, as a user installs it (scripts/pack.ts; needs a build):
// strict TypeScript (skipLibCheck false) compiles a training script under moduleResolution
// nodenext, bundler and node; the script runs; the CLI runs; PNG export without the optional
// resvg names the package to install; the installed root entry bundles for the browser.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { build, buildSync } from "esbuild";
import { installTarball, pack, ROOT } from "../../scripts/pack.js";

const TRAIN = `import { data, fit, manualSeed, nn, optim, tensor, type History } from "descentjs";
import { lineChart } from "descentjs/viz";
import { loadMnist, renderPng } from "descentjs/node";

manualSeed(0);
const { x, y } = data.twoMoons(64, { seed: 0 });
const model = nn.mlp([2, 8, 2]);
const optimizer = new optim.Adam(model.parameters(), { lr: 0.05 });
const history: History = await fit(model, { x, y }, { loss: "cross-entropy", optimizer, epochs: 3 });
const losses: number[] = history.epochs.map((epoch) => epoch.loss);
const svg: string = lineChart({ series: [{ label: "loss", y: losses }] });
const digits = loadMnist({ trainSize: 10, seed: 0 }).train.x.shape;
const w = tensor([1, 2, 3], { requiresGrad: true });
w.square().sum().backward();
let png = "";
try {
  await renderPng(svg);
} catch (error) {
  png = (error as Error).message;
}
console.log(JSON.stringify({ losses: losses.length, svg: svg.startsWith("<svg"), digits, grad: Array.from(w.grad!.data), png }));
`;

const MODES: Record<string, object> = {
  nodenext: { module: "nodenext", moduleResolution: "nodenext", types: ["node"] },
  bundler: { module: "esnext", moduleResolution: "bundler", lib: ["ES2022", "DOM"], types: [] },
  node: { module: "esnext", moduleResolution: "node", types: ["node"] },
};

let dir = "";
let project = "";

before(() => {
  assert.ok(existsSync(join(ROOT, "dist/src/index.d.ts")), "run `npm run build` first");
  dir = mkdtempSync(join(tmpdir(), "descentjs-consumer-"));
  project = join(dir, "project");
  installTarball(pack(dir), project);
  // the consumer's own Node types, as a Node project has them
  for (const name of ["@types/node", "undici-types"]) {
    mkdirSync(join(project, "node_modules", name, ".."), { recursive: true });
    symlinkSync(join(ROOT, "node_modules", name), join(project, "node_modules", name), "dir");
  }
  writeFileSync(join(project, "train.ts"), TRAIN);
});

after(() => rmSync(dir, { recursive: true, force: true }));

describe("the packed package in a fresh project", () => {
  for (const [mode, options] of Object.entries(MODES)) {
    test(`tsc --strict, skipLibCheck false, moduleResolution ${mode}`, () => {
      const config = join(project, `tsconfig.${mode}.json`);
      const compilerOptions = {
        target: "ES2022",
        strict: true,
        skipLibCheck: false,
        noEmit: true,
        ...options,
      };
      writeFileSync(config, JSON.stringify({ compilerOptions, files: ["train.ts"] }));
      const tsc = spawnSync(
        process.execPath,
        [join(ROOT, "node_modules/typescript/bin/tsc"), "-p", config],
        { encoding: "utf8", cwd: project },
      );
      assert.equal(tsc.status, 0, tsc.stdout + tsc.stderr);
    });
  }

  test("the script runs; PNG without the optional resvg names the package to install", () => {
    // the consumer's TypeScript, types stripped by esbuild (Node 20 cannot strip them itself)
    buildSync({
      entryPoints: [join(project, "train.ts")],
      outfile: join(project, "train.mjs"),
      format: "esm",
      logLevel: "silent",
    });
    const run = spawnSync(process.execPath, ["train.mjs"], { encoding: "utf8", cwd: project });
    assert.equal(run.status, 0, run.stderr);
    const out = JSON.parse(run.stdout) as Record<string, unknown>;
    assert.equal(out.losses, 3);
    assert.deepEqual(out.digits, [10, 784]);
    assert.deepEqual(out.grad, [2, 4, 6]);
    assert.equal(out.svg, true);
    assert.match(
      String(out.png),
      /PNG export needs the optional package @resvg\/resvg-wasm: npm i @resvg\/resvg-wasm/,
    );
  });

  test("the CLI runs from the installed package", () => {
    const run = spawnSync(
      process.execPath,
      [join(project, "node_modules/descentjs/dist/cli/bin.js"), "minimize", "x^2", "--from", "1"],
      { encoding: "utf8", cwd: project },
    );
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /gradient-tolerance|converged|stop/i);
  });

  test("the installed root entry bundles for the browser", async () => {
    const result = await build({
      stdin: {
        contents:
          'import * as d from "descentjs"; import * as v from "descentjs/viz"; console.log(d, v);',
        resolveDir: project,
      },
      bundle: true,
      format: "esm",
      platform: "browser",
      write: false,
      logLevel: "silent",
    });
    assert.equal(result.errors.length, 0);
  });
});
