// The pictures as people see them: every SVG the CLI writes renders in ImageMagick (`convert`),
// and the tour in headless Chromium at 1280 and 390 px never scrolls sideways and keeps its text
// ≥ 11 px (a fitted graph on a phone excepted: it links to its natural size). Screenshots go to
// test-artifacts/ (git-ignored) for a person to look at.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, test } from "node:test";
import { lineChart } from "../../src/viz/index.js";
import { CHROMIUM, launchChromium } from "../chromium.js";
import { runCli } from "./run.js";

const ARTIFACTS = resolve("test-artifacts", "tour");
const dir = mkdtempSync(join(tmpdir(), "descent-pictures-"));
const path = (name: string) => join(dir, name);

/** Whether ImageMagick renders an SVG without a complaint. */
function convert(svg: string): { ok: boolean; message: string } {
  const run = spawnSync("convert", [svg, join(dir, "probe.png")], { encoding: "utf8" });
  return {
    ok: run.status === 0 && run.stderr.trim() === "",
    message: run.stderr || String(run.error ?? ""),
  };
}

describe("pictures", { timeout: 600_000 }, () => {
  const tour = path("tour.html");
  const pictures = path("tour-pictures");

  test("every SVG the CLI writes renders in ImageMagick", async () => {
    const runs = [
      ["demo", "--quick", "--out", tour, "--pictures", pictures],
      [
        "train",
        "--data",
        "moons",
        "--layers",
        "8",
        "--epochs",
        "3",
        "--quiet",
        "--plot",
        path("moons.svg"),
      ],
      [
        "race",
        "rosenbrock",
        "--from",
        "-1.5,2",
        "--optimizers",
        "gd,momentum,adam",
        "--plot",
        path("race.svg"),
      ],
      ["graph", "(a*b + c)*d + a*a", "--at", "a=2,b=-3,c=10,d=-2", "--plot", path("graph.svg")],
      ["minimize", "x^4 - 3x^3 + 2", "--from", "3", "--lr", "0.01", "--plot", path("quartic.svg")],
    ];
    for (const argv of runs) {
      const run = await runCli(...argv);
      assert.equal(run.code, 0, `${argv.join(" ")}: ${run.stderr}`);
    }
    const svgs = [
      ...readdirSync(pictures).map((f) => join(pictures, f)),
      ...["moons.svg", "moons-boundary.svg", "race.svg", "graph.svg", "quartic.svg"].map(path),
    ].filter((f) => f.endsWith(".svg"));
    assert.ok(svgs.length >= 15, `${svgs.length} SVG files`);
    if (spawnSync("convert", ["-version"]).status !== 0) {
      assert.fail("ImageMagick's convert is not installed (.ci/run installs it)");
    }
    for (const svg of svgs) {
      const r = convert(svg);
      assert.ok(r.ok, `${svg}: ${r.message}`);
    }
  });

  test("ImageMagick draws a rotated axis title where the SVG puts it", (t) => {
    if (spawnSync("convert", ["-version"]).status !== 0) return t.skip("no ImageMagick");
    const svg = path("titled.svg");
    writeFileSync(svg, lineChart({ series: [{ label: "a", y: [3, 2, 1] }] }, { yLabel: "loss" }));
    const title = /<text x="0" y="0"[^>]*transform="translate\(([\d.]+) ([\d.]+)\) rotate\(-90\)"/;
    const m = title.exec(readFileSync(svg, "utf8"));
    assert.ok(m, "the y title is placed by translate, then rotate");
    // The title's glyphs: 0.8 em left of its baseline, a few ems up and down from its middle.
    const [x, y] = [Math.floor(Number(m[1]) - 10), Math.floor(Number(m[2]) - 14)];
    const ink = (area: string) =>
      Number(spawnSync("convert", [svg, "-crop", area, "-format", "%[fx:mean]", "info:"]).stdout);
    assert.ok(ink(`12x28+${x}+${y}`) < 0.95, "ink where the title is");
    assert.ok(ink(`12x28+${x}+${y - 100}`) > 0.99, "a blank margin above it");
  });

  test("the tour in Chromium at 1280 and 390 px: no sideways scroll, text ≥ 11 px", async (t) => {
    if (!existsSync(CHROMIUM)) return t.skip(`${CHROMIUM} is missing (.ci/run installs it)`);
    if (!existsSync(tour)) await runCli("demo", "--quick", "--out", tour);
    mkdirSync(ARTIFACTS, { recursive: true });
    const { context, close } = await launchChromium();
    try {
      for (const width of [1280, 390]) {
        const page = await context.newPage();
        await page.setViewportSize({ width, height: 900 });
        await page.goto(`file://${tour}`);
        const seen = await page.evaluate(() => {
          const small: string[] = [];
          for (const text of Array.from(document.querySelectorAll("svg text"))) {
            if (text.getBoundingClientRect().width === 0) continue;
            if (text.closest("[data-zoom-to-fit], details")) continue;
            const m = (text as SVGGraphicsElement).getScreenCTM()!;
            const px = parseFloat(getComputedStyle(text).fontSize) * Math.hypot(m.a, m.b);
            if (px < 10.95) small.push(`${text.textContent} (${px.toFixed(1)} px)`);
          }
          const natural = document.querySelectorAll("details.natural svg").length;
          return {
            scroll: document.documentElement.scrollWidth,
            client: document.documentElement.clientWidth,
            small,
            natural,
          };
        });
        await page.screenshot({ path: join(ARTIFACTS, `tour-${width}.png`), fullPage: true });
        await page.close();
        assert.ok(seen.scroll <= seen.client, `at ${width} px the page is ${seen.scroll} px wide`);
        assert.deepEqual(seen.small.slice(0, 5), [], `text under 11 px at ${width} px`);
        assert.equal(seen.natural, 1, "the graph's natural-size view");
      }
    } finally {
      await close();
    }
  });
});
