// The root entry's renderPng imports nothing from Node, so without resvg's wasm it says where to
// get it (a browser passes { wasm, fonts }; Node uses "descentjs/node"). Own file: the Node
// renderPng of png.test.ts initialises resvg for the whole process.
import assert from "node:assert/strict";
import { test } from "node:test";
import { renderPng } from "../../src/viz/index.js";

test("renderPng without { wasm } names both ways to get it", async () => {
  await assert.rejects(
    renderPng('<svg xmlns="http://www.w3.org/2000/svg" width="2" height="2"/>'),
    /renderPng: pass \{ resvg, wasm, fonts \} in a browser .*; in Node import \{ renderPng \} from "descentjs\/node"/,
  );
});
