/**
 * renderPng for Node: imports resvg (`@resvg/resvg-wasm`, an optional peer dependency), finds its
 * .wasm in node_modules and the three DejaVu fonts that descentjs ships (assets/fonts,
 * gzip-compressed), then renders like the browser-safe ./png.ts.
 */
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { gunzipSync } from "node:zlib";
import { assetPath } from "../assets-node.js";
import { DescentError } from "../errors.js";
import { renderPng as renderWith, setupPng, type PngOptions, type ResvgModule } from "./png.js";

const require = createRequire(import.meta.url);

const FONT_FILES = ["DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSansMono.ttf"];
const SYSTEM_DIR = "/usr/share/fonts/truetype/dejavu";

function readFont(file: string): Uint8Array | undefined {
  try {
    return gunzipSync(readFileSync(assetPath(`fonts/${file}.gz`)));
  } catch {
    // a clone before `npm run build`: the system's DejaVu, if there is one
    const system = `${SYSTEM_DIR}/${file}`;
    return existsSync(system) ? readFileSync(system) : undefined;
  }
}

/** resvg, its .wasm and the DejaVu fonts, from disk. */
export interface NodeAssets {
  /** The `@resvg/resvg-wasm` module. */
  resvg: ResvgModule;
  /** resvg's WebAssembly binary. */
  wasm: Uint8Array;
  /** The font files the views use (DejaVu Sans and Sans Mono, shipped in assets/). */
  fonts: Uint8Array[];
}

const MISSING =
  "PNG export needs the optional package @resvg/resvg-wasm: npm i @resvg/resvg-wasm (SVG output needs nothing)";

/** Imports resvg and reads its .wasm and the fonts that descentjs ships. */
export async function loadNodeAssets(): Promise<NodeAssets> {
  let resvg: ResvgModule;
  let wasm: Uint8Array;
  try {
    resvg = await import("@resvg/resvg-wasm");
    wasm = readFileSync(require.resolve("@resvg/resvg-wasm/index_bg.wasm"));
  } catch (error) {
    throw new DescentError(`${MISSING} (${(error as Error).message.split("\n")[0]})`);
  }
  const fonts = FONT_FILES.map(readFont).filter((font) => font !== undefined);
  return { resvg, wasm, fonts };
}

let loaded = false;

/**
 * Renders an SVG string to PNG bytes in Node (resvg-wasm, with the DejaVu fonts shipped in the
 * package), `width` px wide. Needs the optional package `@resvg/resvg-wasm`.
 *
 * @example
 * ```ts
 * import { viz } from "descentjs";
 * import { renderPng } from "descentjs/node";
 * const svg = viz.lineChart({ series: [{ label: "loss", y: [3, 2, 1.5] }] });
 * const png = await renderPng(svg, { width: 800 });
 * ```
 */
export async function renderPng(svg: string, options: PngOptions = {}): Promise<Uint8Array> {
  if (!loaded && options.wasm === undefined && !options.initialised) {
    const assets = await loadNodeAssets();
    await setupPng({
      resvg: assets.resvg,
      wasm: assets.wasm,
      fonts: options.fonts ?? assets.fonts,
    });
    loaded = true;
  }
  return renderWith(svg, options);
}
