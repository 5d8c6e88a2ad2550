// Lab 5 in the browser: backpropagation stepped node by node, gradients equal to Node's.
import assert from "node:assert/strict";
import { test } from "node:test";
import type { GraphData } from "../../src/index.js";
import { buildBackprop } from "../../web/src/engine/backprop.js";
import { EXAMPLES } from "../../web/src/engine/backprop-examples.js";
import { hex64, idle, openPage, runJson, screenshots, type Session } from "./browser.js";
import { assertAccessible, stepText } from "./checks.js";

const grads = (g: GraphData): string =>
  hex64(g.nodes.flatMap((n) => [...n.value, ...(n.grad ?? [])]));

export function lab5Tests(session: () => Session): void {
  test("lab 5: step the backward pass by keyboard, Node's gradients, an invalid expression, axe, screenshots", async () => {
    const reuse = EXAMPLES.find((e) => e.id === "reuse")!;
    const link = `#/backprop?${new URLSearchParams({ f: reuse.f, values: reuse.values }).toString()}&step=0`;
    const { page, problems } = await openPage(session(), link);
    const node = buildBackprop(reuse);
    assert.ok(!("problem" in node));
    const browser = await runJson<{ graph: GraphData }>(page);
    assert.equal(grads(browser.graph), grads(node.graph));
    await page.locator("main").focus();
    for (let i = 0; i < 3; i++) await page.keyboard.press("ArrowRight");
    await idle(page);
    assert.match(await stepText(page), /^step 3 of 3/);
    // x·x + x at 3: each use's upstream gradient times its local derivative, summed
    assert.match(
      (await page.locator(".status").textContent()) ?? "",
      /= 1 × 3 \+ 1 × 3 \+ 1 × 1 = 7: .*used 3 times.*\+=/,
    );
    assert.match(
      (await page.locator(".count").textContent()) ?? "",
      /Products so far: 4 of reverse mode's 4.*5 products over 3 paths/,
    );
    assert.match(page.url(), /step=3/);
    await page.fill("[data-param=f]", "x * (y +");
    await page.press("[data-param=f]", "Enter");
    await idle(page);
    assert.match((await page.locator(".expression-error p").textContent()) ?? "", /position \d+/);
    assert.equal(await page.locator(".status").getAttribute("data-state"), "invalid");
    await assertAccessible(page, "lab 5");
    assert.deepEqual(problems, []);
    await page.close();
    await screenshots(session(), "lab5-backprop", "#/backprop?step=5");
  });
}
