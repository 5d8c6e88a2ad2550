// renderPng: PNG bytes whose IHDR has the requested width and the SVG's aspect ratio, with text
// drawn (resvg-wasm sees no system fonts; "descentjs/node" reads the DejaVu fonts the package
// ships). The browser-safe renderPng of the root entry asks for the wasm and the fonts instead.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { contourPlot2d, functionPlot1d, lineChart } from "../../src/viz/index.js";
import { renderPng } from "../../src/node.js";

function ihdr(png: Uint8Array): { width: number; height: number } {
  assert.deepEqual(Array.from(png.subarray(0, 8)), [137, 80, 78, 71, 13, 10, 26, 10]);
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  assert.equal(view.getUint32(8), 13);
  assert.equal(new TextDecoder().decode(png.subarray(12, 16)), "IHDR");
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

const page = (content: string) =>
  `<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100" viewBox="0 0 200 100">` +
  `<rect width="200" height="100" fill="#fff"/>${content}</svg>`;

describe("renderPng", () => {
  test("IHDR width and height follow the requested width", async () => {
    const svg = lineChart({ series: [{ label: "loss", y: [3, 2, 1.5, 1.2, 1] }] }, { height: 330 });
    for (const width of [300, 600, 1200]) {
      const size = ihdr(await renderPng(svg, { width }));
      assert.equal(size.width, width);
      assert.equal(size.height, Math.round((width * 330) / 600));
    }
    assert.deepEqual(ihdr(await renderPng(svg)), { width: 600, height: 330 });
  });

  test("text is drawn", async () => {
    const blank = await renderPng(page(""));
    const withText = await renderPng(
      page(`<text x="10" y="50" font-size="20" font-family="DejaVu Sans">∇f ε ‖x‖ −1.5</text>`),
    );
    assert.notDeepEqual(Buffer.from(withText), Buffer.from(blank));
  });

  test("runs that leave the window or diverge still render (resvg fails on huge coordinates)", async () => {
    const diverged = [2.2, -1.3, -1.8, -223, -1.1e7, NaN].map((x) => ({ x: [x] }));
    const svg1 = functionPlot1d({
      f: (x) => x ** 3 - 3 * x,
      window: [-2.5, 2.5],
      derivative: true,
      runs: [{ points: diverged }],
    });
    const away = [
      [0, 0],
      [2, 1],
      [40, -30],
      [1e6, 1e9],
      [Infinity, 3],
    ].map((x) => ({ x }));
    const svg2 = contourPlot2d(
      {
        f: (x, y) => x * x + y * y,
        window: [
          [-3, 3],
          [-3, 3],
        ],
        runs: [{ points: away }],
      },
      { grid: 30 },
    );
    for (const svg of [svg1, svg2])
      assert.equal(ihdr(await renderPng(svg, { width: 900 })).width, 900);
  });
});
