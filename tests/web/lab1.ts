// Lab 1 in the browser: descent in 1-D.
import assert from "node:assert/strict";
import { test } from "node:test";
import type { MinimizeResult } from "../../src/index.js";
import { run1d, type Descent1dSettings } from "../../web/src/engine/descent1d.js";
import { gzippedJs } from "../../scripts/measure-web.js";
import { goTo, hex64, idle, openPage, runJson, screenshots, type Session } from "./browser.js";
import { assertAccessible, stepText, tabTo } from "./checks.js";

// The double well written with × only, and the gallery's (x^4) with seeded noise (drawn through
// log and cos): the library's powers, log and cos do not use Math (src/util/det-math.ts), whose
// last bit differs between Chromium's V8 and Node's, so both runs must match Node's bits.
const SETTINGS: Descent1dSettings = {
  f: "x*x*x*x - 4*x*x + x",
  x0: 2,
  optimizer: "momentum",
  lr: 0.02,
  eps: 1e-5,
  maxIters: 300,
  momentum: 0.8,
  noise: 0,
  seed: 7,
};
const NOISY: Descent1dSettings = { ...SETTINGS, f: "double-well", noise: 0.05 };
const linkOf = (s: Descent1dSettings, step: number): string =>
  `#/descent-1d?${new URLSearchParams(Object.entries(s).map(([k, v]) => [k, String(v)])).toString()}&step=${step}`;
const LINK = linkOf(SETTINGS, 40);

const bits = (r: MinimizeResult): string =>
  hex64(r.trajectory.flatMap((p) => [...p.x, p.value, ...p.grad, ...(p.update ?? [])]));

export function lab1Tests(session: () => Session): void {
  test("lab 1 loads cleanly, gives Node's trajectory to the bit and reproduces a link's step", async () => {
    const { page, problems } = await openPage(session(), LINK);
    const browser = await runJson<MinimizeResult>(page);
    const node = run1d(SETTINGS);
    assert.ok(!("problem" in node));
    assert.equal(browser.trajectory.length, node.trajectory.length);
    assert.equal(bits(browser), bits(node));
    assert.equal(browser.reason, node.reason);
    assert.match(await stepText(page), /^step 40 of \d+/);
    // the first view's JavaScript (the shell, lab 1 and the worker with the library) stays small
    const urls = await page.evaluate(() =>
      performance.getEntriesByType("resource").map((e) => e.name),
    );
    const js = gzippedJs(urls);
    assert.ok(
      js.files.some((f) => f.includes("worker")),
      js.files.join(", "),
    );
    assert.ok(!js.files.some((f) => f.includes("surface3d")), "three.js is not loaded up front");
    assert.ok(js.bytes <= 250 * 1024, `first view: ${js.bytes} bytes of gzipped JavaScript`);
    assert.equal(await page.inputValue("[data-param=lr]"), "0.02");
    // the gallery's double well (x^4) with seeded noise: to the bit as well
    await goTo(page, session().server.url + linkOf(NOISY, 0));
    const noisyBrowser = await runJson<MinimizeResult>(page);
    const noisyNode = run1d(NOISY);
    assert.ok(!("problem" in noisyNode));
    assert.equal(noisyBrowser.trajectory.length, noisyNode.trajectory.length);
    assert.equal(bits(noisyBrowser), bits(noisyNode));
    assert.equal(noisyBrowser.reason, noisyNode.reason);
    assert.deepEqual(problems, []);
    await page.close();
  });

  test("lab 1: keyboard stepping, play then pause, lr change, dragging the start, a bad formula", async () => {
    const { page, problems } = await openPage(session(), "#/descent-1d");
    await tabTo(page, "[data-action=step]");
    await page.keyboard.press("Enter");
    await idle(page);
    assert.match(await stepText(page), /^step 1 of/);
    await page.locator("main").focus();
    await page.keyboard.press("ArrowRight");
    await page.keyboard.press("ArrowRight");
    await idle(page);
    assert.match(await stepText(page), /^step 3 of/);
    await page.keyboard.press("r");
    await idle(page);
    assert.match(await stepText(page), /^step 0 of/);
    // play, then pause: it moved and it stays
    await page.keyboard.press(" ");
    await page.waitForFunction(
      () => !/^step 0 /.test(document.querySelector(".counter")?.textContent ?? ""),
    );
    await page.keyboard.press(" ");
    await idle(page);
    const paused = await stepText(page);
    await page.waitForTimeout(300);
    assert.equal(await stepText(page), paused);
    assert.match(page.url(), /step=[1-9]/);
    // a new learning rate reruns from step 0 and lands in the URL
    await page.fill("[data-param=lr]", "0.3");
    await page.press("[data-param=lr]", "Enter");
    await idle(page);
    assert.match(page.url(), /lr=0\.3(&|$)/);
    assert.match(await stepText(page), /^step 0 of \d+/);
    // a click on the curve sets the start
    const box = (await page.locator("[data-figure=descent-1d] svg.descent-viz").boundingBox())!;
    await page.mouse.click(box.x + box.width * 0.3, box.y + box.height * 0.5);
    await idle(page);
    const x0 = Number(await page.inputValue("[data-param=x0]"));
    assert.ok(x0 < 0 && x0 > -2.5, `x0 from the click: ${x0}`);
    // the start moves with ← → on the focused picture
    await page.focus("[data-figure=descent-1d]");
    await page.keyboard.press("ArrowRight");
    await idle(page);
    assert.ok(Number(await page.inputValue("[data-param=x0]")) > x0);
    // an invalid formula: the error appears with its position, the state says so
    await page.fill("[data-param=f]", "x^2 + * 3");
    await page.press("[data-param=f]", "Enter");
    await idle(page);
    assert.match((await page.locator(".expression-error p").textContent()) ?? "", /position 6/);
    assert.equal(await page.locator(".expression-error pre").getAttribute("data-position"), "6");
    assert.equal(await page.locator(".status").getAttribute("data-state"), "invalid");
    await assertAccessible(page, "lab 1 with an invalid formula");
    assert.deepEqual(problems, []);
    await page.close();
  });

  test("lab 1: a diverging run says so, axe passes, screenshots", async () => {
    const { page, problems } = await openPage(
      session(),
      "#/descent-1d?f=x%5E2&x0=1&lr=1.2&step=200",
    );
    assert.equal(await page.locator(".status").getAttribute("data-state"), "diverged");
    assert.match((await page.locator(".status").textContent()) ?? "", /Diverged after step \d+/);
    await assertAccessible(page, "lab 1");
    assert.deepEqual(problems, []);
    await page.close();
    await goTo(await session().context.newPage(), session().server.url + LINK).catch(
      () => undefined,
    );
    await screenshots(session(), "lab1-descent-1d", LINK);
  });
}
