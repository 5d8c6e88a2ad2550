// The page's copies of library names (kept light so the page needs no library) match the library.
import assert from "node:assert/strict";
import { test } from "node:test";
import { GALLERY, OPTIMIZER_NAMES } from "../../src/index.js";
import { GALLERY_2D, OPTIMIZERS, WINDOWS_1D } from "../../web/src/engine/names.js";

test("the page offers minimize()'s optimizers", () => {
  assert.deepEqual([...OPTIMIZERS], [...OPTIMIZER_NAMES]);
});

test("the page's gallery windows and starts are the gallery's", () => {
  for (const [name, window] of Object.entries(WINDOWS_1D)) {
    assert.deepEqual(window, GALLERY.find((g) => g.name === name)?.window[0], name);
  }
  for (const [name, entry] of Object.entries(GALLERY_2D)) {
    const g = GALLERY.find((x) => x.name === name);
    assert.ok(g, name);
    assert.deepEqual(entry.window, g.window, name);
    assert.deepEqual(entry.start, g.starts[0], name);
  }
});
