// Lab 6 in the browser: MNIST trained in the worker, one epoch's accuracy equal to Node's to the bit.
import assert from "node:assert/strict";
import { test } from "node:test";
import type { Page } from "playwright-core";
import { loadMnist } from "../../src/node.js";
import { MnistRun, type Evaluation, type MnistSettings } from "../../web/src/engine/mnist.js";
import { goTo, hex64, idle, openPage, runJson, screenshots, type Session } from "./browser.js";
import { assertAccessible, stepText, tabTo } from "./checks.js";

const SETTINGS: MnistSettings = {
  trainSize: 6000,
  lr: 0.05,
  momentum: 0.9,
  batch: 100,
  epochs: 1,
  seed: 2,
};
const EPOCH = 60; // 6000 / 100 updates
const LINK = `#/mnist?${new URLSearchParams(Object.entries(SETTINGS).map(([k, v]) => [k, String(v)])).toString()}&step=${EPOCH}`;

interface MnistJson {
  step: number;
  batchLoss: number[];
  evaluations: Evaluation[];
}

const resources = (page: Page): Promise<string[]> =>
  page.evaluate(() => performance.getEntriesByType("resource").map((e) => e.name));
const reading = async (page: Page): Promise<string> =>
  (await page.locator("[data-note=reading]").textContent()) ?? "";

async function probabilitiesShown(page: Page): Promise<number> {
  await page.waitForFunction(() =>
    /reads \d/.test(document.querySelector("[data-note=reading]")?.textContent ?? ""),
  );
  const values = await page.locator(".probs li .value").allTextContents();
  assert.equal(values.length, 10);
  return values.reduce((sum, v) => sum + Number(v.replace(/[^\d.e−-]/g, "").replace("−", "-")), 0);
}

function linkTest(session: () => Session): void {
  test("lab 6 loads the digits on demand; one epoch's held-out accuracy and loss equal Node's to the bit", async () => {
    const { page, problems } = await openPage(session(), "#/descent-1d");
    // the worker fetches the digits: its requests show on the page's request events
    const requested: string[] = [];
    page.on("request", (r) => requested.push(r.url()));
    await page.reload();
    await idle(page);
    assert.ok(requested.length > 0, "requests are seen");
    assert.ok(!requested.some((r) => r.includes("mnist")), "no digits up front");
    assert.ok(!(await resources(page)).some((r) => r.includes("lab6")), "nor lab 6's code");
    await goTo(page, session().server.url + LINK);
    assert.ok(
      requested.some((r) => r.includes("mnist.bin")),
      "digits fetched on demand",
    );
    const browser = await runJson<MnistJson>(page);
    const node = new MnistRun(loadMnist({ trainSize: 6000, seed: 2 }), SETTINGS);
    while (node.step < EPOCH) node.advance();
    assert.equal(browser.step, EPOCH);
    const [b, n] = [browser.evaluations[1]!, node.evaluations[1]!];
    assert.equal(hex64([b.accuracy, b.loss]), hex64([n.accuracy, n.loss]));
    assert.equal(hex64(browser.batchLoss), hex64(node.batchLoss));
    assert.deepEqual(
      b.confused.map((c) => c.index),
      n.confused.map((c) => c.index),
    );
    assert.match(await stepText(page), /^step 60 of 60$/);
    assert.equal(await page.locator("progress").getAttribute("value"), "1");
    assert.match(
      (await page.locator(".progress .status").textContent())!,
      /After epoch 1: [\d.]+ %/,
    );
    // a link to a held-out digit shows it on the pad with its reading
    const index = n.confused[0]!.index;
    await goTo(page, `${session().server.url}${LINK}&digit=${index}`);
    assert.ok(Math.abs((await probabilitiesShown(page)) - 100) < 0.5);
    assert.deepEqual(problems, []);
    await page.close();
  });
}

function drawTest(session: () => Session): void {
  test("lab 6: draw with the mouse or the keyboard, pick a confused digit, play and pause, axe, screenshots", async () => {
    const { page, problems } = await openPage(session(), "#/mnist?epochs=1&trainSize=2000&step=31");
    assert.match(await reading(page), /Draw a digit/);
    // a "1" with the mouse: ten probabilities that add up to 100 %
    const pad = (await page.locator("canvas.pad").boundingBox())!;
    await page.mouse.move(pad.x + pad.width * 0.5, pad.y + pad.height * 0.2);
    await page.mouse.down();
    for (let i = 1; i <= 10; i++)
      await page.mouse.move(pad.x + pad.width * 0.5, pad.y + pad.height * (0.2 + i * 0.06));
    await page.mouse.up();
    assert.ok(Math.abs((await probabilitiesShown(page)) - 100) < 0.5);
    // clear, then a stroke from the keyboard: Space lowers the pen, arrows draw, Space lifts
    await page.click("[data-action=clear-pad]");
    assert.match(await reading(page), /Draw a digit/);
    await page.focus("canvas.pad");
    await page.keyboard.press(" ");
    for (let i = 0; i < 8; i++) await page.keyboard.press("ArrowDown");
    await page.keyboard.press(" ");
    assert.ok(Math.abs((await probabilitiesShown(page)) - 100) < 0.5);
    // a confused held-out digit, reached with Tab
    await tabTo(page, ".picks button", 120);
    const index = await page.evaluate(() => (document.activeElement as HTMLElement).dataset.index);
    await page.keyboard.press("Enter");
    await idle(page);
    await page.waitForFunction((i) => location.hash.includes(`digit=${i}`), index);
    await probabilitiesShown(page);
    // reset, play, pause
    await page.locator("main").focus();
    await page.keyboard.press("r");
    await idle(page);
    assert.match(await stepText(page), /^step 0 of 32$/);
    await page.keyboard.press(" ");
    await page.waitForFunction(() =>
      /step [1-9]/.test(document.querySelector(".counter")!.textContent),
    );
    await page.keyboard.press(" ");
    await idle(page);
    const paused = await stepText(page);
    await page.waitForTimeout(300);
    assert.equal(await stepText(page), paused);
    await assertAccessible(page, "lab 6");
    assert.deepEqual(problems, []);
    await page.close();
    await screenshots(session(), "lab6-mnist", "#/mnist?epochs=1&step=125&digit=1060");
  });
}

function failTest(session: () => Session): void {
  test("lab 6 says so when the digits cannot be downloaded", async () => {
    const page = await session().context.newPage();
    // the worker's fetch goes through the context's routes
    await session().context.route("**/*mnist.bin*", (route) => route.abort());
    try {
      await goTo(page, session().server.url + "#/mnist?seed=9");
      assert.equal(await page.locator(".progress .status").getAttribute("data-state"), "invalid");
      assert.match((await page.locator(".progress .status").textContent())!, /^No training: /);
    } finally {
      await session().context.unroute("**/*mnist.bin*");
      await page.close();
    }
  });
}

export function lab6Tests(session: () => Session): void {
  linkTest(session);
  drawTest(session);
  failTest(session);
}
