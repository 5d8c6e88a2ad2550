// One Chromium for the playground's browser tests: the built site served with COOP/COEP, pages
// that record console errors and failed requests, and helpers to wait for the worker.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { launchChromium, type Chromium } from "../chromium.js";
import { buildWeb, needsBuild, OUT } from "../../scripts/start-web.js";
import { serveStatic, type StaticServer } from "../../scripts/serve-web.js";

export { CHROMIUM } from "../chromium.js";
/** Screenshots go here (git-ignored): look at them, they are not compared. */
export const SHOTS = "test-artifacts/playground";

export interface Session {
  context: BrowserContext;
  server: StaticServer;
  browser: Chromium;
}

export async function startSession(): Promise<Session> {
  if (needsBuild()) buildWeb();
  const server = await serveStatic(OUT, 0);
  const browser = await launchChromium({ viewport: { width: 1440, height: 900 } });
  mkdirSync(SHOTS, { recursive: true });
  return { context: browser.context, server, browser };
}

export async function endSession(s: Session): Promise<void> {
  await s.browser.close();
  await s.server.close();
}

/** A page whose console errors, page errors and failed requests are collected in `problems`. */
export interface WatchedPage {
  page: Page;
  problems: string[];
}

export async function openPage(s: Session, hash: string): Promise<WatchedPage> {
  const page = await s.context.newPage();
  const problems: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error") problems.push(`console: ${m.text()}`);
  });
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  page.on("requestfailed", (r) =>
    problems.push(`request failed: ${r.url()} ${r.failure()?.errorText}`),
  );
  page.on("response", (r) => {
    if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`);
  });
  await goTo(page, s.server.url + hash);
  return { page, problems };
}

export async function goTo(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await idle(page);
}

/** Waits until the lab has drawn what its URL says (no worker call pending). */
export async function idle(page: Page): Promise<void> {
  await page.waitForFunction(() => "playground" in globalThis);
  await page.evaluate(() =>
    (globalThis as unknown as { playground: { idle(): Promise<void> } }).playground.idle(),
  );
  await page.waitForFunction(() => document.body.dataset.busy === "0");
}

export async function runJson<T>(page: Page): Promise<T> {
  return (await page.evaluate(() =>
    (globalThis as unknown as { playground: { json(): Promise<unknown> } }).playground.json(),
  )) as T;
}

/** The exact bits of float64 numbers, as hex, to compare browser and Node to the bit. */
export function hex64(values: readonly number[]): string {
  const bytes = new Uint8Array(new Float64Array(values).buffer);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

export async function screenshots(s: Session, name: string, hash: string): Promise<void> {
  for (const width of [1440, 390]) {
    const page = await s.context.newPage();
    await page.setViewportSize({ width, height: width > 500 ? 900 : 844 });
    await goTo(page, s.server.url + hash);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - innerWidth);
    await page.screenshot({ path: join(SHOTS, `${name}-${width}.png`), fullPage: true });
    await page.close();
    if (overflow > 1) throw new Error(`${name} at ${width} px scrolls sideways by ${overflow} px`);
  }
}
