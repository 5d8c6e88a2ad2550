// Every command end to end on small inputs: exit code, the key lines, the files written.
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, test } from "node:test";
import { loadSafetensors } from "../../src/node.js";
import { runCli, spawnCli } from "./run.js";

const dir = mkdtempSync(join(tmpdir(), "descent-cli-"));
const path = (name: string) => join(dir, name);

function pngSize(file: string): [number, number] {
  const bytes = readFileSync(file);
  assert.deepEqual([...bytes.subarray(0, 8)], [137, 80, 78, 71, 13, 10, 26, 10], "PNG signature");
  return [bytes.readUInt32BE(16), bytes.readUInt32BE(20)];
}

describe("descent minimize", () => {
  test("prints a table of steps and the stop reason, writes the picture and the trajectory", async () => {
    const run = await runCli(
      "minimize",
      "x^4 - 3x^3 + 2",
      "--from",
      "3",
      "--lr",
      "0.01",
      "--plot",
      path("q.svg"),
      "--json",
      path("q.json"),
    );
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^minimize x\^4 - 3x\^3 \+ 2 from 3 with gd \(lr 0\.01\)/);
    assert.match(run.stdout, /iter\s+x\s+f\s+\|∇f\|\s+update/);
    assert.match(
      run.stdout,
      /stopped: gradient-tolerance after \d+ iterations at x = 2\.25\d*, f = -6\.54\d+ \(converged\)/,
    );
    const trace = JSON.parse(readFileSync(path("q.json"), "utf8")) as {
      reason: string;
      trajectory: unknown[];
      iterations: number;
    };
    assert.equal(trace.reason, "gradient-tolerance");
    assert.equal(trace.trajectory.length, trace.iterations + 1);
    assert.match(
      readFileSync(path("q.svg"), "utf8"),
      /^<svg[^>]*width="600"[\s\S]*<title[ >][\s\S]*<\/svg>\s*$/,
    );
  });

  test("gallery names, negative starts, momentum and PNG output", async () => {
    const run = await runCli(
      "minimize",
      "double-well",
      "--from",
      "2",
      "--optimizer",
      "momentum",
      "--momentum",
      "0.95",
      "--plot",
      path("well.png"),
    );
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /nearest known minimum: -1\.473 \(global/);
    const [width, height] = pngSize(path("well.png"));
    // PNGs are 2× the SVG's 600 px: sharp on high-DPI screens.
    assert.equal(width, 1200);
    assert.ok(height > 600 && height < 1200, `height ${height}`);
    const neg = await runCli(
      "minimize",
      "rosenbrock",
      "--from",
      "-1.5,2",
      "--optimizer",
      "adam",
      "--lr",
      "0.05",
      "--max-iters",
      "50",
    );
    assert.equal(neg.code, 0, neg.stderr);
    assert.match(neg.stdout, /from \(-1\.5, 2\)/);
    assert.match(neg.stdout, /stopped: max-iterations after 50 iterations/);
  });

  test("noise and a decaying learning rate", async () => {
    const run = await runCli(
      "minimize",
      "abs(x)",
      "--from",
      "1.05",
      "--lr",
      "0.1",
      "--lr-decay",
      "0.97",
    );
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /\(converged\)/);
    const noisy = await runCli(
      "minimize",
      "double-well",
      "--from",
      "2",
      "--noise",
      "0.8",
      "--noise-decay",
      "0.995",
      "--seed",
      "1",
      "--max-iters",
      "5000",
    );
    assert.equal(noisy.code, 0, noisy.stderr);
    assert.match(noisy.stdout, /with gd \(lr 0\.01\) \+ noise/);
  });
});

test("descent race: one table row per optimizer, one picture", async () => {
  const run = await runCli(
    "race",
    "bowl",
    "--from",
    "-2.5,1",
    "--optimizers",
    "gd,momentum,adam",
    "--plot",
    path("race.svg"),
    "--max-iters",
    "300",
  );
  assert.equal(run.code, 0, run.stderr);
  for (const name of ["gd", "momentum", "adam"])
    assert.match(run.stdout, new RegExp(`^${name} \\(lr [\\d.]+\\)`, "m"));
  assert.match(run.stdout, /lowest value: /);
  const svg = readFileSync(path("race.svg"), "utf8");
  for (const name of ["gd", "momentum", "adam"])
    assert.ok(svg.includes(name), `legend names ${name}`);
  const same = await runCli(
    "race",
    "bowl",
    "--from",
    "-2.5,1",
    "--optimizers",
    "gd,adam",
    "--lr",
    "0.02",
    "--max-iters",
    "20",
  );
  assert.match(same.stdout, /gd \(lr 0\.02\)[\s\S]*adam \(lr 0\.02\)/);
});

test("descent gradcheck: autograd against finite differences", async () => {
  const run = await runCli("gradcheck", "sin(x)*cos(y)", "--at", "x=0.3,y=1.2");
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /∂f\/∂x\s+0\.346173585/);
  assert.match(run.stdout, /ok: the gradients match/);
  const missing = await runCli("gradcheck", "x*y", "--at", "x=1");
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /--at has no value for y/);
});

test("descent graph: values, gradients, the work reverse mode saves, SVG and DOT", async () => {
  const run = await runCli(
    "graph",
    "(a*b + c)*f + a*a",
    "--at",
    "a=2,b=-3,c=10,f=-2",
    "--plot",
    path("g.svg"),
    "--dot",
    path("g.dot"),
  );
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /f = -4$/m);
  assert.match(run.stdout, /^a\s+10$/m);
  assert.match(
    run.stdout,
    /reverse mode multiplies 10 local derivatives; expanding the chain rule path by path over 6 paths takes 17/,
  );
  const dot = readFileSync(path("g.dot"), "utf8");
  assert.match(dot, /^digraph /);
  assert.equal((readFileSync(path("g.svg"), "utf8").match(/class="node/g) ?? []).length > 0, true);
});

describe("descent train", () => {
  test("moons: per-epoch lines, final metrics, checkpoint, loss curve and decision boundary", async () => {
    const run = await runCli(
      "train",
      "--data",
      "moons",
      "--epochs",
      "25",
      "--layers",
      "16,16",
      "--save",
      path("m.safetensors"),
      "--plot",
      path("m.svg"),
    );
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^train 2-16-16-2 relu MLP on moons/);
    assert.match(run.stdout, /done: 25 epochs, 250 steps/);
    const accuracy = Number(/held-out accuracy ([\d.]+)/.exec(run.stdout)![1]);
    assert.ok(accuracy > 0.9, `held-out accuracy ${accuracy}`);
    const saved = await loadSafetensors(path("m.safetensors"));
    assert.deepEqual(Object.keys(saved.tensors).sort(), [
      "0.bias",
      "0.weight",
      "2.bias",
      "2.weight",
      "4.bias",
      "4.weight",
    ]);
    assert.ok(existsSync(path("m-boundary.svg")));
  });

  test("regression with full-batch gradient descent and a CSV file", async () => {
    const linear = await runCli(
      "train",
      "--data",
      "linear",
      "--layers",
      "",
      "--batch-size",
      "full",
      "--optimizer",
      "gd",
      "--lr",
      "0.5",
      "--epochs",
      "50",
      "--quiet",
    );
    assert.equal(linear.code, 0, linear.stderr);
    assert.match(linear.stdout, /^train 1-1 relu MLP/, "no hidden layers: a linear model");
    const ok = await runCli(
      "train",
      "--data",
      "linear",
      "--layers",
      "4",
      "--batch-size",
      "full",
      "--optimizer",
      "gd",
      "--lr",
      "0.1",
      "--epochs",
      "30",
      "--quiet",
    );
    assert.equal(ok.code, 0, ok.stderr);
    assert.match(ok.stdout, /loss mse/);
    writeFileSync(
      path("data.csv"),
      "a,b,label\n0,0,no\n1,1,yes\n0.1,0.2,no\n0.9,1.1,yes\n0,0.1,no\n1,0.9,yes\n",
    );
    const csv = await runCli(
      "train",
      "--data",
      path("data.csv"),
      "--target",
      "label",
      "--layers",
      "4",
      "--epochs",
      "5",
      "--validation",
      "0",
      "--quiet",
    );
    assert.equal(csv.code, 0, csv.stderr);
    assert.match(csv.stdout, /cross-entropy/);
    writeFileSync(path("bad.csv"), "a,b\n1,2\nx,3\n");
    const bad = await runCli("train", "--data", path("bad.csv"), "--quiet");
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /line 3, column 1 \("a"\): "x" is not a number/);
  });
});

describe("mistakes get one clear line and exit code 2", () => {
  const cases: [string[], RegExp][] = [
    [
      ["minimize", "x^2", "--from", "1", "--bogus"],
      /^descent minimize: unknown flag --bogus; see descent minimize --help$/,
    ],
    [
      ["minimize", "x^2", "--from", "a"],
      /^descent minimize: --from takes comma-separated numbers like 16,16; got "a"$/,
    ],
    [["minimize", "x^2"], /give a start point with --from/],
    [
      ["minimize", "x^2", "--from", "1", "--optimizer", "sdg"],
      /--optimizer must be one of gd, sgd/,
    ],
    [["minimize", "x^2", "--from", "1", "--plot", "out.pdf"], /--plot must end in \.svg or \.png/],
    [["race", "bowl", "--from", "1,1", "--optimizers", "gd,nope"], /unknown value "nope"/],
    [["train", "--data", "nowhere"], /--data must be one of moons/],
    [["train", "--batch-size", "0"], /--batch-size takes a positive integer or "full"/],
    [["frobnicate"], /unknown command "frobnicate"/],
  ];
  for (const [argv, message] of cases) {
    test(argv.join(" "), async () => {
      const run = await runCli(...argv);
      assert.equal(run.code, 2);
      assert.equal(run.stderr.split("\n").length, 1, run.stderr);
      assert.match(run.stderr, message);
    });
  }
});

test("a bad expression points at the position", async () => {
  const run = await runCli("minimize", "x^2 +", "--from", "1");
  assert.equal(run.code, 2);
  assert.equal(
    run.stderr,
    "descent minimize: expression: unexpected end of the expression at position 5; expected a number, a variable, a function call or '('\n  x^2 +\n       ^",
  );
});

test("--help shows flags and examples for every command; a JSON config can hold the flags", async () => {
  for (const command of ["minimize", "race", "train", "gradcheck", "graph"]) {
    const run = await runCli(command, "--help");
    assert.equal(run.code, 0);
    assert.match(run.stdout, new RegExp(`^descent ${command}: `));
    assert.match(run.stdout, /Flags:[\s\S]*--config <file\.json>[\s\S]*Examples:\n {2}descent /);
  }
  writeFileSync(
    path("config.json"),
    JSON.stringify({ optimizer: "adam", lr: 0.1, maxIters: 5, from: [1] }),
  );
  const run = await runCli("minimize", "x^2", "--config", path("config.json"), "--lr", "0.2");
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /with adam \(lr 0\.2\)/);
  assert.match(run.stdout, /max-iterations after 5 iterations/);
  writeFileSync(path("bad.json"), JSON.stringify({ learningRate: 1 }));
  const bad = await runCli("minimize", "x^2", "--config", path("bad.json"));
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /unknown setting "learningRate"/);
});

test("the real executable: exit codes as a shell sees them", () => {
  assert.equal(spawnCli("minimize", "x^2", "--from", "1").code, 0);
  const bad = spawnCli("minimize", "x^2", "--from", "1", "--nope");
  assert.equal(bad.code, 2);
  assert.doesNotMatch(bad.stderr, /\n\s+at /, "no stack trace");
});
