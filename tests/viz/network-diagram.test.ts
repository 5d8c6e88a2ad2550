// networkDiagram: one link per weight, its width by size and its style by sign.
import assert from "node:assert/strict";
import { test } from "node:test";
import { networkDiagram } from "../../src/viz/index.js";

test("one link per weight, the largest widest, negative ones dashed", () => {
  const svg = networkDiagram({
    inputs: ["x1", "x2"],
    sizes: [3, 2],
    weights: [
      [1, -2, 0.5, 0, -0.1, 4],
      [1, 1, 1, -1, -1, -1],
    ],
  });
  const inLinks = svg.slice(svg.indexOf('class="links"'), svg.indexOf('class="neurons"'));
  assert.equal((inLinks.match(/<line /g) ?? []).length, 2 * 3 + 3 * 2);
  assert.equal((inLinks.match(/stroke-dasharray/g) ?? []).length, 2 + 3);
  const widths = [...inLinks.matchAll(/stroke-width="([\d.]+)"/g)].map((m) => Number(m[1]));
  assert.equal(Math.max(...widths), 5.4);
  assert.match(svg, /largest of size 4/);
});
