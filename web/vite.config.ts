// Vite build of the playground: web/ is the root, the library and src/viz come from source.
import { fileURLToPath } from "node:url";
import { defineConfig, type Plugin } from "vite";

const here = (path: string): string => fileURLToPath(new URL(path, import.meta.url));

/**
 * src/viz/png.ts loads png-node.ts (fonts and wasm from node_modules) only under Node; the page
 * makes PNGs with a canvas instead, so the browser build gets a module that says so.
 */
function noNodePng(): Plugin {
  return {
    name: "descent-no-node-png",
    enforce: "pre",
    resolveId(source, importer) {
      if (source === "./png-node.js" && importer?.includes("/src/viz/")) return "\0png-node-stub";
      return null;
    },
    load(id) {
      if (id !== "\0png-node-stub") return null;
      return 'export function loadNodeAssets() { throw new Error("png-node: Node only"); }';
    },
  };
}

export default defineConfig({
  root: here("."),
  base: "./",
  plugins: [noNodePng()],
  worker: { format: "es", plugins: () => [noNodePng()] },
  build: {
    outDir: here("../dist/web"),
    emptyOutDir: true,
    target: "es2022",
    reportCompressedSize: false,
    chunkSizeWarningLimit: 800,
  },
  server: {
    headers: {
      "Cross-Origin-Opener-Policy": "same-origin",
      "Cross-Origin-Embedder-Policy": "require-corp",
    },
  },
});
