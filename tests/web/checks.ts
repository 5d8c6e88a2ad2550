// Checks every lab shares: an axe-core scan, keyboard reachability, the step counter.
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import type { Page } from "playwright-core";

const axePath = createRequire(import.meta.url).resolve("axe-core/axe.min.js");

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** No serious or critical axe-core violation on the page as it is now. */
export async function assertAccessible(page: Page, what: string): Promise<void> {
  await page.addScriptTag({ path: axePath });
  const violations = await page.evaluate(async () => {
    const axe = (
      globalThis as unknown as {
        axe: { run(ctx: Document): Promise<{ violations: AxeViolation[] }> };
      }
    ).axe;
    return (await axe.run(document)).violations;
  });
  const bad = violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  assert.deepEqual(
    bad.map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help} at ${v.nodes
          .map((n) => n.target.join(" "))
          .slice(0, 3)
          .join("; ")}`,
    ),
    [],
    `${what}: axe-core violations`,
  );
}

export async function stepText(page: Page): Promise<string> {
  return (await page.locator(".transport .counter").textContent()) ?? "";
}

/** Tabs from the top until `selector` has focus; fails after `limit` presses. */
export async function tabTo(page: Page, selector: string, limit = 80): Promise<void> {
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press("Tab");
    if (await page.evaluate((sel) => document.activeElement?.matches(sel) ?? false, selector))
      return;
  }
  assert.fail(`${selector} is not reachable with Tab`);
}
