/**
 * renderPng: SVG string → PNG bytes with resvg (WebAssembly), in Node and in the browser.
 * The wasm is initialised once. In a browser pass `wasm` (a URL, Response, bytes or module) and
 * `fonts`, or call setupPng first, or say `initialised: true` when the page already did it. In
 * Node, `renderPng` of "descentjs/node" (./png-node.ts) finds the wasm and the fonts itself; this
 * file imports nothing from Node, so bundles for the browser stay clean.
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
  /** Output width in px (height follows the SVG's aspect ratio). Default: the SVG's own width. */
  width?: number;
  /** Background colour under transparent parts (default none). */
  background?: string;
}

let ready: Promise<void> | null = null;
let fontBuffers: Uint8Array[] = [];

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
    throw new Error(
      'renderPng: pass { wasm } (the URL of "@resvg/resvg-wasm/index_bg.wasm") and { fonts } in a browser; in Node import { renderPng } from "descentjs/node", which finds both itself',
    );
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
      : { mode: "original" },
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
