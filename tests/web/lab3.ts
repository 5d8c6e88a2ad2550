// Lab 3 in the browser: batches on one loss surface, their paths equal to Node's to the bit.
import assert from "node:assert/strict";
import { test } from "node:test";
import { runBatches, type BatchesRun, type BatchesSettings } from "../../web/src/engine/batches.js";
import { hex64, idle, openPage, runJson, screenshots, type Session } from "./browser.js";
import { assertAccessible, stepText, tabTo } from "./checks.js";

// The data are drawn through log and cos (Gaussian noise) but stored as float32, which absorbs a
// last-bit difference between engines; training is + − × ÷ on float64 only: equal to the bit.
const SETTINGS: BatchesSettings = {
  n: 96,
  noise: 0.4,
  seed: 3,
  w0: -1,
  b0: 2,
  lr: 0.15,
  momentum: 0.5,
  epochs: 4,
  batch: 12,
  k: 3,
};
const LINK = `#/batches?${new URLSearchParams(Object.entries(SETTINGS).map(([k, v]) => [k, String(v)])).toString()}&xAxis=updates&step=200`;

const bits = (r: BatchesRun): string[] =>
  r.runs.map((run) => hex64([...run.w, ...run.b, ...run.loss, ...run.seen]));

const value = async (page: import("playwright-core").Page, name: string) =>
  page.inputValue(`[data-param=${name}]`);

function linkTest(session: () => Session): void {
  test("lab 3 loads cleanly, trains Node's paths to the bit and reproduces a link's step", async () => {
    const { page, problems } = await openPage(session(), LINK);
    const browser = await runJson<BatchesRun>(page);
    const node = runBatches(SETTINGS);
    assert.deepEqual(
      browser.runs.map((r) => [r.label, r.w.length]),
      node.runs.map((r) => [r.label, r.w.length]),
    );
    assert.deepEqual(bits(browser), bits(node));
    assert.equal(hex64([browser.best.w, browser.best.b]), hex64([node.best.w, node.best.b]));
    assert.match(await stepText(page), /^step 200 of 384$/);
    assert.equal(await value(page, "momentum"), "0.5");
    assert.equal(await value(page, "xAxis"), "updates");
    // after 200 examples: 2 full-batch updates, 16 of 12, 200 of 1
    const updates = await page.locator("table.counts tbody tr td:nth-of-type(2)").allTextContents();
    assert.deepEqual(updates, ["2", "16", "200"]);
    assert.match(
      (await page.locator("[data-note=accumulation]").textContent()) ?? "",
      /Update 17 of the mini-batch run: 3 micro-batches of 4.*largest difference .*3× as long/,
    );
    assert.deepEqual(problems, []);
    await page.close();
  });
}

function driveTest(session: () => Session): void {
  test("lab 3 by keyboard: step, play and pause, reset, a new batch size, k that does not divide it, the start", async () => {
    const { page, problems } = await openPage(session(), "#/batches");
    await tabTo(page, "[data-action=step]");
    await page.keyboard.press("Enter");
    await idle(page);
    assert.match(await stepText(page), /^step 1 of 1280/);
    await page.locator("main").focus();
    await page.keyboard.press("ArrowRight");
    await idle(page);
    assert.match(await stepText(page), /^step 2 of/);
    await page.keyboard.press(" ");
    await page.waitForFunction(
      () => !/^step 2 /.test(document.querySelector(".counter")!.textContent),
    );
    await page.keyboard.press(" ");
    await idle(page);
    const paused = await stepText(page);
    await page.waitForTimeout(300);
    assert.equal(await stepText(page), paused);
    await page.keyboard.press("r");
    await idle(page);
    assert.match(await stepText(page), /^step 0 of/);
    // a batch of 32 by keyboard: 4 updates per epoch, and k = 4 splits it into 8s
    await tabTo(page, "[data-param=batch]");
    await page.keyboard.press("Control+A");
    await page.keyboard.type("32");
    await page.keyboard.press("Enter");
    await idle(page);
    assert.match(page.url(), /batch=32&/);
    const perEpoch = await page
      .locator("table.counts tbody tr td:nth-of-type(1)")
      .allTextContents();
    assert.deepEqual(perEpoch, ["1", "4", "128"]);
    assert.match(
      (await page.locator("[data-note=accumulation]").textContent())!,
      /micro-batches of 8/,
    );
    // k = 5 cannot split 32: the reason is stated, the picture hidden
    await page.fill("[data-param=k]", "5");
    await page.press("[data-param=k]", "Enter");
    await idle(page);
    assert.equal(
      await page.locator("[data-note=accumulation]").getAttribute("data-state"),
      "invalid",
    );
    assert.match((await page.locator("[data-note=accumulation]").textContent())!, /cannot split/);
    // the start moves with the arrow keys on the focused surface, and by a click
    await page.focus("[data-figure=batch-paths]");
    await page.keyboard.press("ArrowUp");
    await idle(page);
    assert.ok(Number(await value(page, "b0")) > -1.5, "ArrowUp raises b₀");
    const box = (await page.locator("[data-figure=batch-paths] svg.descent-viz").boundingBox())!;
    await page.mouse.click(box.x + box.width * 0.5, box.y + box.height * 0.4);
    await idle(page);
    assert.notEqual(await value(page, "w0"), "-1.5");
    assert.match(page.url(), /step=0/);
    await assertAccessible(page, "lab 3");
    assert.deepEqual(problems, []);
    await page.close();
  });
}

export function lab3Tests(session: () => Session): void {
  linkTest(session);
  driveTest(session);
  test("lab 3: a diverging learning rate is stated; screenshots", async () => {
    const { page, problems } = await openPage(session(), "#/batches?lr=3&step=1280");
    assert.equal(await page.locator(".views > .status").getAttribute("data-state"), "diverged");
    assert.match(
      (await page.locator(".views > .status").textContent())!,
      /diverged after \d+ updates/,
    );
    assert.deepEqual(problems, []);
    await page.close();
    await screenshots(session(), "lab3-batches", "#/batches?step=300");
  });
}
