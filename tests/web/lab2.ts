// Lab 2 in the browser: the race on contours, the start by click, presets, narration, 3-D.
import assert from "node:assert/strict";
import { test } from "node:test";
import type { RaceRun } from "../../src/index.js";
import { run2d, type Descent2dSettings } from "../../web/src/engine/descent2d.js";
import { hex64, idle, openPage, runJson, screenshots, type Session } from "./browser.js";
import { assertAccessible, stepText } from "./checks.js";

// x·x + 10·y·y: only IEEE-exact operations (see lab1.ts), so every racer's bits must match.
const SETTINGS: Descent2dSettings = {
  f: "x*x + 10*y*y",
  x0: -2.5,
  y0: 1,
  racers: ["gd", "momentum", "adam"],
  lrs: { gd: 0.05, momentum: 0.02, adam: 0.1 },
  fair: false,
  lr: 0.01,
  eps: 1e-6,
  maxIters: 500,
  momentum: 0.9,
  noise: 0,
  seed: 0,
};
const LINK =
  "#/descent-2d?f=x*x%2B10*y*y&x0=-2.5&y0=1&racers=gd,momentum,adam&lr_gd=0.05&lr_momentum=0.02&lr_adam=0.1&fair=0&lr=0.01&eps=0.000001&maxIters=500&momentum=0.9&noise=0&seed=0&step=25";

const bits = (runs: RaceRun[]): string[] =>
  runs.map((r) => hex64(r.result.trajectory.flatMap((p) => [...p.x, p.value, ...p.grad])));

export function lab2Tests(session: () => Session): void {
  test("lab 2 loads cleanly and races to Node's bits; a link reproduces the step", async () => {
    const { page, problems } = await openPage(session(), LINK);
    const browser = await runJson<RaceRun[]>(page);
    const node = run2d(SETTINGS);
    assert.ok(!("problem" in node));
    assert.deepEqual(
      browser.map((r) => r.label),
      ["gd", "momentum", "adam"],
    );
    // Adam's bias correction 0.999ᵗ is an exact integer power, not the engine's Math.pow
    const [b, n] = [bits(browser), bits(node)];
    ["gd", "momentum", "adam"].forEach((label, i) =>
      assert.equal(b[i], n[i], `${label}: the browser's bits differ from Node's`),
    );
    assert.match(await stepText(page), /^step 25 of \d+/);
    assert.equal(await page.inputValue("[data-param=lr_adam]"), "0.1");
    assert.deepEqual(problems, []);
    await page.close();
  });

  test("lab 2: each narrated sub-step adds its arrows to the contours as its sentence appears", () =>
    narratedSubSteps(session()));

  test("lab 2: click sets the start, narration, a preset, 3-D on demand, axe, screenshots", async () => {
    const { page, problems } = await openPage(session(), "#/descent-2d");
    const box = (await page.locator("[data-figure=descent-2d] svg.descent-viz").boundingBox())!;
    await page.mouse.click(box.x + box.width * 0.5, box.y + box.height * 0.45);
    await idle(page);
    assert.notEqual(await page.inputValue("[data-param=x0]"), "-1.5");
    assert.match(page.url(), /step=0/);
    // the narrated step, sub-step by sub-step, from the keyboard
    await page.selectOption("[data-param=narrate]", "momentum");
    await idle(page);
    await page.keyboard.press("ArrowRight");
    await idle(page);
    assert.equal(await page.locator(".narration li").count(), 1);
    await page.focus("[data-action=sub-step]");
    await page.keyboard.press("Enter");
    await idle(page);
    assert.match((await page.locator(".narration li").nth(1).textContent()) ?? "", /velocity/);
    assert.ok((await page.locator("line.narrated-velocity").count()) >= 1, "velocity arrows");
    // the momentum-escape preset: plain descent stays in the right valley, momentum crosses
    await page.selectOption("[data-param=preset]", "escape-momentum");
    await page.waitForLoadState();
    await idle(page);
    const runs = await runJson<RaceRun[]>(page);
    assert.ok(runs[0]!.result.x[0]! > 1, "gd stays in the shallow valley");
    assert.ok(runs[1]!.result.x[0]! < -1, "momentum reaches the deep one");
    // three.js only when asked
    const scripts = () =>
      page.evaluate(() => performance.getEntriesByType("resource").map((e) => e.name));
    assert.ok(!(await scripts()).some((s) => s.includes("surface3d")));
    await page.click("[data-action=surface]");
    await idle(page);
    assert.ok((await scripts()).some((s) => s.includes("surface3d")));
    assert.equal(await page.locator(".surface canvas, .surface .error").count(), 1);
    // a step redraws the open surface with the frame (the runner's fetch), keeping it open
    const before = await stepText(page);
    await page.click("[data-action=step]");
    await idle(page);
    assert.notEqual(await stepText(page), before);
    assert.equal(await page.locator(".surface canvas, .surface .error").count(), 1);
    await assertAccessible(page, "lab 2");
    assert.deepEqual(problems, []);
    await page.close();
    await screenshots(
      session(),
      "lab2-descent-2d",
      "#/descent-2d?racers=gd,momentum,nesterov,rmsprop,adagrad,adam,adamw&step=400&narrate=adam&sub=4",
    );
  });
}

/** Adam's narrated step 2, sub-step by sub-step from the keyboard: the arrows each one adds. */
async function narratedSubSteps(s: Session): Promise<void> {
  const link = LINK.replace("step=25", "step=2&narrate=adam&sub=0");
  const { page, problems } = await openPage(s, link);
  const drawn = () =>
    page.$$eval("[data-figure=descent-2d] line.narrated", (lines) =>
      lines.map((l) => `${l.getAttribute("data-sub-step")}:${l.getAttribute("data-part")}`),
    );
  const seen: string[][] = [await drawn()];
  await page.focus("[data-action=sub-step]");
  for (let sub = 1; sub <= 4; sub++) {
    await page.keyboard.press("Enter");
    await idle(page);
    assert.equal(await page.locator(".narration li").count(), sub + 1);
    seen.push(await drawn());
  }
  // Node's test (tests/web/narrate.test.ts) checks these arrows' ends against the update
  assert.deepEqual(seen, [
    ["gradient:gradient"],
    ["gradient:gradient", "moments:first-moment"],
    ["gradient:gradient", "moments:first-moment"],
    ["gradient:gradient", "moments:first-moment", "moments:raw", "moments:adaptive"],
    ["gradient:gradient", "moments:first-moment", "moments:raw", "moments:adaptive", "step:step"],
  ]);
  assert.match(page.url(), /sub=4/);
  assert.equal(await page.locator("[data-figure=descent-2d] line.narrated-step").count(), 1);
  assert.deepEqual(problems, []);
  await page.close();
}
