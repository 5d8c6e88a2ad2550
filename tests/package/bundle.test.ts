// The root entry and "descentjs/viz" bundle for the browser: esbuild (--platform=browser) finds
// no Node built-in, a tensor-only import leaves the views' libraries out ("sideEffects": false),
// and the minified+gzipped sizes are printed (the README records them).
import assert from "node:assert/strict";
import { builtinModules } from "node:module";
import { gzipSync } from "node:zlib";
import { test } from "node:test";
import { build, type Metafile } from "esbuild";

const NODE_BUILTINS = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));

/** Bundles `code` (which imports "descentjs", mapped to src/ by tsconfig paths) for a browser. */
async function bundle(code: string): Promise<{ bytes: Uint8Array; metafile: Metafile }> {
  const result = await build({
    stdin: { contents: code, resolveDir: process.cwd(), loader: "ts" },
    bundle: true,
    format: "esm",
    platform: "browser",
    minify: true,
    write: false,
    metafile: true,
    logLevel: "silent",
  });
  return { bytes: result.outputFiles[0]!.contents, metafile: result.metafile };
}

function nodeImports(metafile: Metafile): string[] {
  return Object.values(metafile.inputs).flatMap((input) =>
    input.imports.filter((i) => NODE_BUILTINS.has(i.path)).map((i) => i.path),
  );
}

/** The input files that contribute bytes to the output (after tree shaking). */
function bundled(metafile: Metafile): string[] {
  return Object.values(metafile.outputs).flatMap((output) =>
    Object.entries(output.inputs)
      .filter(([, input]) => input.bytesInOutput > 0)
      .map(([path]) => path),
  );
}

const kB = (bytes: Uint8Array) => `${(bytes.length / 1000).toFixed(1)} kB`;

test("the root entry and descentjs/viz import nothing from Node; sizes", async () => {
  const tensorOnly = await bundle(
    'import { tensor } from "descentjs"; console.log(tensor([1, 2, 3]).mul(2).sum().item());',
  );
  const full = await bundle('import * as descent from "descentjs"; console.log(descent);');
  const viz = await bundle('import * as viz from "descentjs/viz"; console.log(viz);');
  for (const { metafile } of [tensorOnly, full, viz]) assert.deepEqual(nodeImports(metafile), []);
  // without "sideEffects": false the views' libraries (dagre, d3, resvg) would come along
  assert.deepEqual(
    bundled(tensorOnly.metafile).filter((path) => path.includes("node_modules")),
    [],
  );
  assert.ok(bundled(full.metafile).some((path) => path.includes("@dagrejs/dagre")));
  console.log(
    `browser bundle (esbuild --minify, then gzip): tensor only ${kB(gzipSync(tensorOnly.bytes))} ` +
      `(${kB(tensorOnly.bytes)} minified); everything ${kB(gzipSync(full.bytes))} ` +
      `(${kB(full.bytes)} minified)`,
  );
});

test("a Node-only module in the root entry would be caught", async () => {
  await assert.rejects(
    bundle('import "descentjs/node";'),
    /node:fs|node:module|node:zlib/,
    "esbuild --platform=browser refuses Node built-ins",
  );
});
