/**
 * renderPng: SVG string → PNG bytes with resvg (WebAssembly), in Node and in the browser.
 * resvg (`@resvg/resvg-wasm`, 2.5 MB) is an optional peer dependency that descentjs never imports
 * here: a page passes the module, its .wasm and fonts; `renderPng` of "descentjs/node"
 * (./png-node.ts) imports it, finds the wasm and uses the fonts the package ships. So this file
 * imports nothing, bundles stay clean, and installs without PNG export stay light.
 */
import { svgSize } from "./figure.js";

/** What renderPng uses of `@resvg/resvg-wasm`: pass `import * as resvg from "@resvg/resvg-wasm"`. */
export interface ResvgModule {
  // a method (compared bivariantly): resvg's own parameter type is a union of wasm sources
  /** Instantiates resvg's WebAssembly from its .wasm (once per page). */
  initWasm(wasm: never): Promise<void>;
  /** The renderer class: one document per instance. */
  Resvg: {
    /** Parses `svg` for rendering with `options`. */
    new (svg: string, options?: ResvgOptions): ResvgRenderer;
  };
}

/** The options renderPng gives resvg. */
export interface ResvgOptions {
  /** The output size: the SVG's own, or scaled to a width. */
  fitTo?:
    | {
        /** At the SVG's size. */
        mode: "original";
      }
    | {
        /** Scaled so that the PNG is `value` px wide. */
        mode: "width";
        /** The width in px. */
        value: number;
      };
  /** Background colour under transparent parts. */
  background?: string;
  /** Fonts: resvg-wasm sees no system fonts. */
  font?: {
    /** The font files' bytes. */
    fontBuffers?: Uint8Array[];
    /** The family of text with no family of its own. */
    defaultFontFamily?: string;
    /** The family that "sans-serif" means. */
    sansSerifFamily?: string;
    /** The family that "monospace" means. */
    monospaceFamily?: string;
    /** The size of text with no size of its own. */
    defaultFontSize?: number;
  };
}

/** One resvg document. */
export interface ResvgRenderer {
  /** Rasterises the document. */
  render(): {
    /** The image as PNG bytes. */
    asPng(): Uint8Array;
    /** Releases the image's wasm memory. */
    free(): void;
  };
  /** Releases the document's wasm memory. */
  free(): void;
}

/** Where renderPng finds resvg, its wasm and fonts (a page passes them; Node finds its own). */
export interface PngSetup {
  /** The resvg module (`import * as resvg from "@resvg/resvg-wasm"`). Not needed in Node. */
  resvg?: ResvgModule;
  /** resvg's .wasm: URL, Response, bytes or compiled module (or a promise of one). */
  wasm?: unknown;
  /** The page has already called resvg-wasm's initWasm. */
  initialised?: boolean;
  /** TrueType/OpenType font files. resvg-wasm sees no system fonts: without fonts, no text. */
  fonts?: readonly Uint8Array[];
}

/** The setup, and the PNG's size and background. */
export interface PngOptions extends PngSetup {
  /** Output width in px (height follows the SVG's aspect ratio). Default: `scale` × the SVG's. */
  width?: number;
  /** Pixels per SVG unit when no width is given (default 2: sharp on high-DPI screens). */
  scale?: number;
  /** Background colour under transparent parts (default none). */
  background?: string;
}

let ready: Promise<void> | null = null;
let module: ResvgModule | null = null;
let fontBuffers: Uint8Array[] = [];

/** Initialises resvg once (idempotent); later calls may still add fonts. */
export function setupPng(setup: PngSetup = {}): Promise<void> {
  if (setup.fonts) fontBuffers = [...setup.fonts];
  if (ready) return ready;
  const resvg = setup.resvg;
  ready = (async () => {
    if (resvg === undefined || (setup.wasm === undefined && !setup.initialised)) {
      throw new Error(
        'renderPng: pass { resvg, wasm, fonts } in a browser (import * as resvg from "@resvg/resvg-wasm", the URL of its index_bg.wasm, font files); in Node import { renderPng } from "descentjs/node", which finds them itself',
      );
    }
    if (!setup.initialised) await (resvg.initWasm as (wasm: unknown) => Promise<void>)(setup.wasm);
    module = resvg;
  })();
  ready.catch(() => {
    ready = null;
  });
  return ready;
}

/**
 * Renders an SVG string to PNG bytes at `width` px wide, with resvg. In a browser pass the
 * module, its wasm and fonts; in Node use `renderPng` of "descentjs/node", which finds them.
 *
 * @example
 * ```ts
 * import * as resvg from "@resvg/resvg-wasm";
 * import { viz } from "descentjs";
 * const png = await viz.renderPng(svg, { resvg, wasm: wasmUrl, fonts, width: 1200 });
 * ```
 */
export async function renderPng(svg: string, options: PngOptions = {}): Promise<Uint8Array> {
  await setupPng(options);
  const resvg = new module!.Resvg(svg, {
    fitTo: {
      mode: "width",
      value: Math.round(options.width ?? svgSize(svg)[0] * (options.scale ?? 2)),
    },
    background: options.background,
    font: {
      fontBuffers,
      defaultFontFamily: "DejaVu Sans",
      sansSerifFamily: "DejaVu Sans",
      monospaceFamily: "DejaVu Sans Mono",
      defaultFontSize: 12,
    },
  });
  let image: ReturnType<ResvgRenderer["render"]>;
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
