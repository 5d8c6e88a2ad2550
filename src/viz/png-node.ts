/**
 * Node-only assets for renderPng: resvg's .wasm and the DejaVu Sans fonts, read from node_modules
 * (the fonts come from the npm package dejavu-fonts-ttf; the system's DejaVu is a fallback).
 */
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

const FONT_FILES = ["DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSansMono.ttf"];
const SYSTEM_DIR = "/usr/share/fonts/truetype/dejavu";

function fontPath(file: string): string | undefined {
  try {
    return require.resolve(`dejavu-fonts-ttf/ttf/${file}`);
  } catch {
    const system = `${SYSTEM_DIR}/${file}`;
    return existsSync(system) ? system : undefined;
  }
}

export interface NodeAssets {
  wasm: Uint8Array;
  fonts: Uint8Array[];
}

export function loadNodeAssets(): NodeAssets {
  const wasm = readFileSync(require.resolve("@resvg/resvg-wasm/index_bg.wasm"));
  const fonts: Uint8Array[] = [];
  for (const file of FONT_FILES) {
    const path = fontPath(file);
    if (path) fonts.push(readFileSync(path));
  }
  return { wasm, fonts };
}
