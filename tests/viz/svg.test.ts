// The string helpers: escaping, number formatting, formulas, content-derived ids.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { escapeXml, formatNumber, prettyFormula } from "../../src/viz/index.js";
import { contentId } from "../../src/viz/svg.js";
import { parseXml } from "./xml.js";

describe("svg helpers", () => {
  test("escapeXml makes any text safe inside elements and attributes", () => {
    const s = `<a href="x">'&amp;'</a>`;
    const root = parseXml(`<t a="${escapeXml(s)}">${escapeXml(s)}</t>`);
    assert.equal(root.attrs.a, s);
    assert.equal(root.text, s);
  });

  test("formatNumber", () => {
    const cases: [number, string][] = [
      [0, "0"],
      [1, "1"],
      [-2.5, "−2.5"],
      [0.1 + 0.2, "0.3"],
      [1234.5678, "1235"],
      [123456, "1.235e5"],
      [0.000123, "1.23e−4"],
      [NaN, "NaN"],
      [-Infinity, "−∞"],
    ];
    for (const [v, s] of cases) assert.equal(formatNumber(v), s, String(v));
    assert.equal(formatNumber(2399.4, 3), "2399");
  });

  test("prettyFormula and contentId", () => {
    assert.equal(prettyFormula("(1-x)^2 + 100(y-x^2)^2"), "(1−x)² + 100(y−x²)²");
    assert.equal(prettyFormula("x * y"), "x·y");
    assert.equal(contentId("arrow", "#000"), contentId("arrow", "#000"));
    assert.notEqual(contentId("arrow", "#000"), contentId("arrow", "#001"));
  });
});
