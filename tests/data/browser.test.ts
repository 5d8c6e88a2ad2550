// The browser build must never import node:*: follow every relative import from src/data/index.ts
// and check that only src/data/node.ts (not reachable from it) touches Node's modules.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { test } from "node:test";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../../src");
const IMPORT = /(?:import|export)\s[^;]*?from\s+"([^"]+)"|import\(\s*"([^"]+)"\s*\)/g;

function reachable(entry: string): Map<string, string[]> {
  const seen = new Map<string, string[]>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    // Doc comments' examples import "descentjs"; only code counts.
    const code = readFileSync(file, "utf8")
      .replace(/\/\*[\s\S]*?\*\//g, "")
      .replace(/^\s*\/\/.*$/gm, "");
    const specifiers = [...code.matchAll(IMPORT)].map((m) => (m[1] ?? m[2])!);
    seen.set(file, specifiers);
    for (const s of specifiers) {
      if (s.startsWith(".")) visit(resolve(dirname(file), s.replace(/\.js$/, ".ts")));
    }
  };
  visit(entry);
  return seen;
}

test("src/data/index.ts reaches no node: module and not src/data/node.ts", () => {
  const graph = reachable(resolve(root, "data/index.ts"));
  assert.ok(graph.size > 5, `followed ${graph.size} files`);
  assert.ok(!graph.has(resolve(root, "data/node.ts")));
  for (const [file, specifiers] of graph) {
    const bare = specifiers.filter((s) => !s.startsWith("."));
    assert.deepEqual(bare, [], `${file} imports ${bare.join(", ")}`);
  }
});

test("src/data/node.ts is the module that reads files", () => {
  const specifiers = reachable(resolve(root, "data/node.ts")).get(resolve(root, "data/node.ts"))!;
  assert.ok(specifiers.includes("node:fs"));
});
