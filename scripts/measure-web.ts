// Measures the playground as a first visitor gets it: the JavaScript the first view requests
// (gzipped) and the time from navigation to the first lab drawn and idle, from a cold cache.
// Usage: node --import tsx scripts/measure-web.ts [runs]
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { endSession, goTo, startSession } from "../tests/web/browser.js";
import { OUT } from "./start-web.js";

export interface FirstView {
  files: string[];
  gzipBytes: number;
  interactiveMs: number;
}

/** The .js files a page requested, and their gzipped size as built. */
export function gzippedJs(urls: readonly string[]): { files: string[]; bytes: number } {
  const files = [
    ...new Set(
      urls.filter((u) => u.endsWith(".js")).map((u) => new URL(u).pathname.replace(/^\//, "")),
    ),
  ];
  const bytes = files.reduce(
    (sum, f) => sum + gzipSync(readFileSync(join(OUT, f)), { level: 9 }).length,
    0,
  );
  return { files, bytes };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const runs = Number(process.argv[2] ?? 5);
  const session = await startSession();
  const times: number[] = [];
  let size = { files: [] as string[], bytes: 0 };
  for (let i = 0; i < runs; i++) {
    const context = await session.context.browser()?.newContext();
    const page = await (context ?? session.context).newPage();
    await page.route("**/*", (route) =>
      route.continue({ headers: { ...route.request().headers(), "cache-control": "no-cache" } }),
    );
    await goTo(page, session.server.url + "#/descent-1d");
    const ms = await page.evaluate(() => performance.now());
    times.push(ms);
    size = gzippedJs(
      await page.evaluate(() =>
        performance
          .getEntriesByType("resource")
          .map((e) => e.name)
          .concat(location.href),
      ),
    );
    await page.close();
    await context?.close();
  }
  await endSession(session);
  times.sort((a, b) => a - b);
  console.log(
    `first view: ${size.files.length} JS files, ${(size.bytes / 1024).toFixed(1)} KB gzipped (${size.files.join(", ")})`,
  );
  console.log(
    `interactive after ${times.map((t) => t.toFixed(0)).join(", ")} ms (median ${times[times.length >> 1]!.toFixed(0)} ms)`,
  );
}
