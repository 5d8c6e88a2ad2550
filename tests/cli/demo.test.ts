// `descent demo`: the lecture tour runs as a user runs it (a child process), prints a line per
// chapter, and writes one self-contained HTML report plus the pictures as SVG files.
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { after, test } from "node:test";
import { runCli, spawnCli } from "./run.js";

const tmp = mkdtempSync(join(tmpdir(), "descent-demo-"));
after(() => rmSync(tmp, { recursive: true, force: true }));

const PICTURES = [
  "01-cubic-quartic",
  "01-learning-rate",
  "02-gradient-surface",
  "03-local-minima",
  "04-kink",
  "05-batch-paths",
  "06-accumulation",
  "07-backprop-graph",
  "08-mnist-curves",
  "08-mnist-digits",
];

/** Root-level well-formedness: balanced <svg> tags, a title and a desc, escaped ampersands. */
function checkSvg(svg: string, name: string): void {
  assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/, `${name} starts with <svg`);
  assert.ok(svg.trimEnd().endsWith("</svg>"), `${name} ends with </svg>`);
  const opened = svg.match(/<svg[\s>]/g)?.length ?? 0;
  assert.equal(opened, svg.match(/<\/svg>/g)?.length ?? 0, `${name}: balanced <svg> tags`);
  assert.match(svg, /<title id="[^"]+">[^<]+<\/title>/, `${name} has a <title>`);
  assert.match(svg, /<desc id="[^"]+">[^<]+<\/desc>/, `${name} has a <desc>`);
  assert.doesNotMatch(svg, /&(?!(amp|lt|gt|quot|#\d+);)/, `${name}: & is escaped`);
  assert.doesNotMatch(svg, /NaN|undefined/, `${name}: no NaN or undefined`);
}

test("descent demo --quick runs every chapter and writes the report and the pictures", () => {
  const out = join(tmp, "tour.html");
  const pictures = join(tmp, "pics");
  const run = spawnCli("demo", "--quick", "--out", out, "--pictures", pictures);
  assert.equal(run.code, 0, run.stderr);
  const text = run.stdout;

  // one line per chapter, with its key numbers
  assert.match(
    text,
    /^1\. Gradient descent: cubic from x = 2 → x = 1 in \d+ steps;.* converges in \d+ steps, lr [\d.]+ diverged at step \d+/m,
  );
  assert.match(
    text,
    /^2\. The gradient: .* zig-zags to \(0, 0\) in \d+ steps; momentum .* takes \d+/m,
  );
  assert.match(
    text,
    /^3\. Local minima: GD stopped at x = 1\.347 \(local, f = −2\.62\); momentum and noise reached x = −1\.473 \(global\); noise escaped for \d+ of \d+ seeds/m,
  );
  assert.match(
    text,
    /^4\. Non-differentiability: on \|x\| a fixed lr 0\.1 bounces between ±0\.05 until max-iterations \(\d+\); a decaying lr settles/m,
  );
  assert.match(
    text,
    /^5\. Batches: .*full batch \(10 updates\) MSE [\d.]+, mini-batch 16 \(80\) [\d.]+, SGD \(1280\) [\d.]+/m,
  );
  const accumulation =
    /^6\. Gradient accumulation: .*max \|Δθ\| = ([\d.]+(?:e−\d+)?|0);.* ([\d.]+)× as long/m.exec(
      text,
    );
  assert.ok(accumulation, text);
  assert.ok(
    Number(accumulation[1]!.replace("−", "-")) < 1e-12,
    `accumulation differs by ${accumulation[1]}`,
  );
  assert.equal(Number(accumulation[2]), 4);
  const backprop =
    /^7\. Backpropagation: \d+ nodes, L = [\d.]+; derivatives reused: reverse mode (\d+) products vs (\d+) path by path/m.exec(
      text,
    );
  assert.ok(backprop, text);
  assert.ok(Number(backprop[1]) < Number(backprop[2]));
  const mnist = /^8\. MNIST: MLP 784-\d+-10, .* held-out accuracy ([\d.]+)%/m.exec(text);
  assert.ok(mnist, text);
  assert.ok(Number(mnist[1]) > 60, `MNIST held-out accuracy ${mnist[1]}%`);

  // the last line names the report
  const lines = text.trimEnd().split("\n");
  assert.match(lines[lines.length - 1]!, /^report: (.+) \(\d+\.\d s\)$/);
  assert.ok(lines[lines.length - 1]!.startsWith(`report: ${resolve(out)} `));

  // the report: self-contained, a heading per chapter, an SVG per picture
  assert.ok(existsSync(out));
  const html = readFileSync(out, "utf8");
  assert.match(html, /^<!doctype html>/);
  for (let n = 1; n <= 8; n++) assert.match(html, new RegExp(`<h2>${n}\\. [^<]+</h2>`));
  assert.doesNotMatch(html, /<script|<link|src="http|href="http/);
  const figures = html.match(/<figure[ >][\s\S]*?<\/figure>/g) ?? [];
  assert.equal(figures.length, PICTURES.length);
  // Each figure holds its views twice (wide, side by side; narrow, stacked on a phone).
  for (const figure of figures) {
    const views = figure.match(/<div class="view"[^>]*>([\s\S]*?)<\/div>/g) ?? [];
    assert.ok(views.length >= 2, "wide and narrow views");
    for (const view of views)
      checkSvg(view.slice(view.indexOf(">") + 1, view.lastIndexOf("</div>")), "inline SVG");
  }
  const ids = [...html.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]!);
  const titleIds = ids.filter((id) => /-(title|desc)-/.test(id));
  assert.equal(new Set(titleIds).size, titleIds.length, "title/desc ids are unique in the page");
  assert.ok(html.includes("<table>"));

  // the pictures as files
  assert.deepEqual(
    readdirSync(pictures).sort(),
    PICTURES.map((p) => `${p}.svg`),
  );
  for (const name of PICTURES) checkSvg(readFileSync(join(pictures, `${name}.svg`), "utf8"), name);
});

test("descent demo --only runs the chosen chapters", async () => {
  const out = join(tmp, "only.html");
  const run = await runCli("demo", "--quick", "--only", "4,7", "--out", out);
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /^4\. /m);
  assert.match(run.stdout, /^7\. /m);
  assert.doesNotMatch(run.stdout, /^[1235689]\. /m);
  const html = readFileSync(out, "utf8");
  assert.deepEqual(
    [...html.matchAll(/<h2>(\d)\. /g)].map((m) => m[1]),
    ["4", "7"],
  );
});

test("descent demo: --help, and mistakes are one line with exit code 2", async () => {
  const help = await runCli("demo", "--help");
  assert.equal(help.code, 0);
  assert.match(help.stdout, /descent demo:/);
  assert.match(help.stdout, /--quick/);
  assert.match(help.stdout, /--pictures <dir>/);
  const badChapter = await runCli("demo", "--only", "9", "--out", join(tmp, "x.html"));
  assert.equal(badChapter.code, 2);
  assert.match(badChapter.stderr, /--only: no chapter 9/);
  const badOut = await runCli("demo", "--out", join(tmp, "x.svg"));
  assert.equal(badOut.code, 2);
  assert.match(badOut.stderr, /--out must end in \.html/);
});
