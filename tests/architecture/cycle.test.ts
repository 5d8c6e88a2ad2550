// The tensor ↔ autograd import cycle is safe only while no module in it uses Tensor or an op at
// its top level (the rule at the top of src/tensor/tensor.ts). Whichever module of the cycle a
// program imports first, the library must load and work: each one is imported first in a fresh
// process, which then runs a forward and backward pass.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { dirname, relative, resolve } from "node:path";
import { test } from "node:test";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const IMPORT = /(?:import|export)\s(?!type\s)[^;]*?from\s+"(\.[^"]+)"/g;

/** Runtime (non-type) relative imports of every module reachable from `entry`. */
function importGraph(entry: string): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  const visit = (file: string) => {
    if (graph.has(file)) return;
    const targets = [...readFileSync(file, "utf8").matchAll(IMPORT)].map((m) =>
      resolve(dirname(file), m[1]!.replace(/\.js$/, ".ts")),
    );
    graph.set(file, targets);
    targets.forEach(visit);
  };
  visit(entry);
  return graph;
}

/** The modules that reach `start` and are reached from it: its strongly connected component. */
function cycleOf(start: string): string[] {
  const graph = importGraph(resolve(root, "src/index.ts"));
  const reach = (from: string): Set<string> => {
    const seen = new Set<string>();
    const stack = [from];
    while (stack.length > 0) {
      for (const next of graph.get(stack.pop()!) ?? []) {
        if (!seen.has(next)) {
          seen.add(next);
          stack.push(next);
        }
      }
    }
    return seen;
  };
  const fromStart = reach(start);
  return [...graph.keys()].filter((m) => fromStart.has(m) && reach(m).has(start)).sort();
}

const tensorModule = resolve(root, "src/tensor/tensor.ts");
const cycle = cycleOf(tensorModule);

test("the cycle holds tensor.ts, the engine and the ops (and nothing of nn, optim or viz)", () => {
  const names = cycle.map((m) => relative(root, m));
  for (const expected of [
    "src/tensor/tensor.ts",
    "src/autograd/engine.ts",
    "src/autograd/ops/elementwise.ts",
  ]) {
    assert.ok(names.includes(expected), `${expected} is not in the cycle: ${names.join(", ")}`);
  }
  assert.ok(!names.some((n) => /src\/(nn|optim|viz|train|data)\//.test(n)), names.join(", "));
});

test("importing any module of the cycle first, the library loads and differentiates", () => {
  const index = pathToFileURL(resolve(root, "src/index.ts")).href;
  const failures: string[] = [];
  for (const module of cycle) {
    const script =
      `await import(${JSON.stringify(pathToFileURL(module).href)});` +
      `const D = await import(${JSON.stringify(index)});` +
      `const x = D.tensor([0.5, -1], { requiresGrad: true });` +
      `x.tanh().mul(x).sum().backward();` +
      `console.log(x.grad.toArray().map((v) => v.toFixed(4)).join(" "));`;
    const run = spawnSync(
      process.execPath,
      ["--import", "tsx", "--input-type=module", "-e", script],
      {
        encoding: "utf8",
        cwd: root,
      },
    );
    const out = run.stdout.trim();
    if (run.status !== 0 || out !== "0.8553 -1.1816") {
      failures.push(
        `${relative(root, module)}: ${out} ${run.stderr.split("\n").slice(0, 4).join(" ")}`,
      );
    }
  }
  assert.deepEqual(failures, [], `cycle modules imported first: ${cycle.length}`);
});
