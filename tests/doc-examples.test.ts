// The API reference's examples run: every ```ts block under an @example in src/ that imports
// what it uses from "descentjs" (a complete program, not a fragment that assumes a model or a
// loss in scope) is written to a module of its own and imported, all in one tsx process.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../", import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return name.endsWith(".ts") ? [path] : [];
  });
}

interface Example {
  where: string;
  code: string;
}

/** The ```ts blocks of the @example tags of a file's doc comments. */
function examples(file: string): Example[] {
  const text = readFileSync(file, "utf8");
  const found: Example[] = [];
  for (const comment of text.matchAll(/\/\*\*[\s\S]*?\*\//g)) {
    const body = comment[0].replace(/^\s*\*(?: |$)/gm, "");
    const tag = body.indexOf("@example");
    if (tag < 0) continue;
    for (const block of body.slice(tag).matchAll(/```ts\n([\s\S]*?)```/g)) {
      const line = text.slice(0, comment.index).split("\n").length;
      found.push({ where: `${relative(root, file)}:${line}`, code: block[1]! });
    }
  }
  return found;
}

/** Complete programs: they import, and only from descentjs. */
const complete = (code: string): boolean => {
  const specifiers = [...code.matchAll(/^import .* from "([^"]+)";$/gm)].map((m) => m[1]!);
  return specifiers.length > 0 && specifiers.every((s) => /^descentjs(\/viz|\/node)?$/.test(s));
};

const all = sourceFiles(join(root, "src")).flatMap(examples);
const runnable = all.filter((e) => complete(e.code));

test("the main entry points have complete examples", () => {
  const where = runnable.map((e) => e.where.split(":")[0]);
  for (const file of [
    "src/optim/sgd.ts",
    "src/optim/adam.ts",
    "src/optim/adamw.ts",
    "src/optim/rmsprop.ts",
    "src/optim/adagrad.ts",
    "src/train/fit.ts",
    "src/minimize/minimize.ts",
    "src/minimize/race.ts",
    "src/viz/function-plot.ts",
    "src/viz/contour-plot.ts",
    "src/viz/line-chart.ts",
    "src/viz/decision-boundary.ts",
    "src/viz/neuron-grid.ts",
    "src/viz/digits.ts",
    "src/viz/network-diagram.ts",
    "src/viz/graph.ts",
  ]) {
    assert.ok(where.includes(file), `${file} has no complete @example`);
  }
  assert.ok(
    all.some((e) => e.where.startsWith("src/data/loader.ts")),
    "DataLoader has no @example",
  );
});

test("every complete @example in src/ runs", () => {
  const dir = mkdtempSync(join(tmpdir(), "descent-doc-examples-"));
  try {
    const names = runnable.map((example, i) => {
      const name = `example-${i}.mts`;
      writeFileSync(join(dir, name), example.code);
      return name;
    });
    writeFileSync(
      join(dir, "run.mts"),
      [
        `for (const name of ${JSON.stringify(names)}) {`,
        "  try {",
        "    await import(`./${name}`);",
        "    console.log(`ok ${name}`);",
        "  } catch (error) {",
        "    console.log(`failed ${name}: ${String(error)}`);",
        "  }",
        "}",
      ].join("\n"),
    );
    const run = spawnSync(process.execPath, ["--import", import.meta.resolve("tsx"), "run.mts"], {
      cwd: dir,
      encoding: "utf8",
      timeout: 300_000,
      env: { ...process.env, TSX_TSCONFIG_PATH: join(root, "tsconfig.json") },
    });
    assert.equal(run.status, 0, run.stderr);
    runnable.forEach((example, i) => {
      const failure = new RegExp(`^failed example-${i}\\.mts: .*$`, "m").exec(run.stdout);
      assert.match(
        run.stdout,
        new RegExp(`^ok example-${i}\\.mts$`, "m"),
        `${example.where}: ${failure?.[0] ?? "did not run"}`,
      );
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
