// The one way the tests start Debian's Chromium (driven by playwright-core): headless, no sandbox
// (CI runs as root), nothing that reaches the network, a throw-away profile removed on close.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type BrowserContext } from "playwright-core";

export const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";

export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** A browser context with its own temporary profile; `close()` ends both. */
export interface Chromium {
  context: BrowserContext;
  close: () => Promise<void>;
}

export async function launchChromium(
  options: { viewport?: { width: number; height: number } } = {},
): Promise<Chromium> {
  const userDir = mkdtempSync(join(tmpdir(), "descent-chromium-"));
  const context = await chromium.launchPersistentContext(userDir, {
    executablePath: CHROMIUM,
    args: CHROMIUM_ARGS,
    ...options,
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(userDir, { recursive: true, force: true });
    },
  };
}

/**
 * `contents` (an ES module that re-exports what the page needs, resolved from the repository's
 * root) bundled by esbuild for the browser, as one ES module's source for a blob URL.
 */
export async function browserModule(contents: string): Promise<string> {
  const { build } = await import("esbuild");
  const bundle = await build({
    stdin: { contents, resolveDir: process.cwd(), loader: "ts" },
    bundle: true,
    format: "esm",
    platform: "browser",
    write: false,
    logLevel: "silent",
  });
  return bundle.outputFiles[0]!.text;
}
