// Lab 4 in the browser: the network, its loss after N steps equal to Node's to the bit.
import assert from "node:assert/strict";
import { test } from "node:test";
import { NetworkRun, type NetworkSettings } from "../../web/src/engine/network.js";
import { hex64, idle, openPage, runJson, screenshots, type Session } from "./browser.js";
import { assertAccessible, stepText } from "./checks.js";

const SETTINGS: NetworkSettings = {
  dataset: "moons",
  samples: 120,
  noise: 0.1,
  trainShare: 0.75,
  added: "0.5,0.5,1;-1,1.2,0",
  removed: "3,7",
  features: "0,1,4",
  layers: "5,3",
  activation: "tanh",
  loss: "cross-entropy",
  optimizer: "adam",
  lr: 0.03,
  batch: 8,
  regularization: "l2",
  regRate: 0.001,
  seed: 4,
};
const STEPS = 60;
const LINK = `#/network?${new URLSearchParams(Object.entries(SETTINGS).map(([k, v]) => [k, String(v)])).toString()}&step=${STEPS}`;

interface NetworkJson {
  step: number;
  loss: { train: number; test: number };
  history: { trainLoss: number[]; testLoss: number[] };
  weights: { weight: number[]; bias: number[] }[];
}

export function lab4Tests(session: () => Session): void {
  test("lab 4 loads cleanly; the loss and weights after N steps equal Node's to the bit", async () => {
    const { page, problems } = await openPage(session(), LINK);
    const browser = await runJson<NetworkJson>(page);
    const node = new NetworkRun(SETTINGS);
    for (let i = 0; i < STEPS; i++) node.advance();
    assert.equal(browser.step, STEPS);
    // float32 values, compared as the hex of their float64 widening
    assert.equal(
      hex64([browser.loss.train, browser.loss.test]),
      hex64([node.lossOf("train"), node.lossOf("test")]),
    );
    assert.equal(hex64(browser.history.trainLoss), hex64(node.trainLoss));
    assert.equal(
      hex64(browser.weights.flatMap((w) => w.weight)),
      hex64(node.layers.flatMap((l) => Array.from(l.weight.toTypedArray()))),
    );
    assert.match(await stepText(page), /^step 60$/);
    assert.deepEqual(problems, []);
    await page.close();
  });

  test("lab 4: add a layer and a neuron, click a point in, play and pause, change lr, axe, screenshots", async () => {
    const { page, problems } = await openPage(session(), "#/network");
    await page.click("[data-action=add-layer]");
    await idle(page);
    assert.match(page.url(), /layers=6%2C6%2C4/);
    await page.click("button[aria-label='One neuron more in layer 3']");
    await idle(page);
    assert.match(page.url(), /layers=6%2C6%2C5/);
    const box = (await page
      .locator("[data-figure=network-boundary] svg.descent-viz")
      .boundingBox())!;
    await page.mouse.click(box.x + box.width * 0.5, box.y + box.height * 0.5);
    await idle(page);
    assert.match(page.url(), /added=[-\d.]+%2C[-\d.]+%2C1/);
    await page.keyboard.down("Shift");
    await page.mouse.click(box.x + box.width * 0.5, box.y + box.height * 0.5);
    await page.keyboard.up("Shift");
    await idle(page);
    assert.match(page.url(), /added=&/);
    await page.locator("main").focus();
    await page.keyboard.press(" ");
    await page.waitForFunction(() =>
      /step [1-9]/.test(document.querySelector(".counter")?.textContent ?? ""),
    );
    await page.keyboard.press(" ");
    await idle(page);
    const paused = await stepText(page);
    await page.waitForTimeout(300);
    assert.equal(await stepText(page), paused);
    await page.fill("[data-param=lr]", "5");
    await page.press("[data-param=lr]", "Enter");
    await idle(page);
    assert.match(page.url(), /lr=5&/);
    await assertAccessible(page, "lab 4");
    assert.deepEqual(problems, []);
    await page.close();
    await screenshots(session(), "lab4-network", "#/network?step=600");
  });
}
