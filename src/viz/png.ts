/**
 * renderPng: SVG string → PNG bytes with resvg (WebAssembly), in Node and in the browser.
 * The wasm is initialised once. In Node it and the DejaVu fonts are read from node_modules by
 * ./png-node.ts (loaded only there); in a browser pass `wasm` (a URL, Response, bytes or module)
 * and `fonts`, or call setupPng first, or say `initialised: true` when the page already did it.
 */
import { initWasm, Resvg, type InitInput } from "@resvg/resvg-wasm";

export interface PngSetup {
  /** resvg's .wasm: URL, Response, bytes or compiled module. Not needed in Node. */
  wasm?: InitInput | Promise<InitInput>;
  /** The page has already called resvg-wasm's initWasm. */
  initialised?: boolean;
  /** TrueType/OpenType font files. resvg-wasm sees no system fonts: without fonts, no text. */
  fonts?: readonly Uint8Array[];
}

export interface PngOptions extends PngSetup {
  /** Output width in px (height follows the SVG's aspect ratio). Default: `scale` × the SVG's. */
  width?: number;
  /** Pixels per SVG unit when no width is given (default 2: sharp on high-DPI screens). */
  scale?: number;
  /** Background colour under transparent parts (default none). */
  background?: string;
}

let ready: Promise<void> | null = null;
let fontBuffers: Uint8Array[] = [];

function isNode(): boolean {
  const p = (globalThis as { process?: { versions?: { node?: string } } }).process;
  return typeof p?.versions?.node === "string";
}

/** Initialises resvg once (idempotent); later calls may still add fonts. */
export function setupPng(setup: PngSetup = {}): Promise<void> {
  if (setup.fonts) fontBuffers = [...setup.fonts];
  if (ready) return ready;
  ready = (async () => {
    if (setup.initialised) return;
    if (setup.wasm !== undefined) {
      await initWasm(setup.wasm);
      return;
    }
    if (!isNode())
      throw new Error("renderPng: in a browser pass { wasm } (the URL of resvg's index_bg.wasm)");
    const node = await import("./png-node.js");
    const assets = node.loadNodeAssets();
    if (!setup.fonts) fontBuffers = assets.fonts;
    await initWasm(assets.wasm);
  })();
  ready.catch(() => {
    ready = null;
  });
  return ready;
}

/** Renders an SVG string to PNG bytes at `width` px wide. */
export async function renderPng(svg: string, options: PngOptions = {}): Promise<Uint8Array> {
  await setupPng(options);
  const resvg = new Resvg(svg, {
    fitTo: options.width
      ? { mode: "width", value: Math.round(options.width) }
      : { mode: "zoom", value: options.scale ?? 2 },
    background: options.background,
    font: {
      fontBuffers,
      defaultFontFamily: "DejaVu Sans",
      sansSerifFamily: "DejaVu Sans",
      monospaceFamily: "DejaVu Sans Mono",
      defaultFontSize: 12,
    },
  });
  let image: ReturnType<typeof resvg.render>;
  try {
    image = resvg.render();
  } catch (error) {
    // A panic inside resvg leaves the object unusable: do not free it (that throws again).
    throw new Error(`renderPng: resvg could not render this SVG (${String(error)})`);
  }
  try {
    return image.asPng();
  } finally {
    image.free();
    resvg.free();
  }
}
