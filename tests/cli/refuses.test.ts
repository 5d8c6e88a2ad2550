// The CLI never prints a stack trace for a user's mistake: every case of issue 11 ends with one
// line naming the flag or the file and exit code 2; a fuzz test over random flag values asserts
// a clear error or a valid run, never a crash.
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import fc from "fast-check";
import { runCli, type Run } from "./run.js";

const root = mkdtempSync(join(tmpdir(), "descent-cli-refuses-"));
after(() => rmSync(root, { recursive: true, force: true }));

function assertRefused(run: Run, ...words: RegExp[]): void {
  assert.equal(run.code, 2, `exit code; stderr: ${run.stderr}`);
  assert.doesNotMatch(run.stderr, /\n\s+at /, "no stack trace");
  assert.equal(run.stderr.trim().split("\n").length, 1, `one line: ${run.stderr}`);
  for (const word of words) assert.match(run.stderr, word);
}

describe("numeric flags are checked for range and integrality", () => {
  const cases: [string[], RegExp][] = [
    [
      ["minimize", "x^2", "--from", "1", "--max-iters", "-5"],
      /--max-iters takes a whole number from 1/,
    ],
    [["minimize", "x^2", "--from", "1", "--max-iters", "2.5"], /--max-iters takes a whole number/],
    [["minimize", "x^2", "--from", "1", "--max-iters", "1e9"], /--max-iters .* to 10000000/],
    [["minimize", "x^2", "--from", "1", "--rows", "-1"], /--rows/],
    [["minimize", "x^2", "--from", "1", "--tol", "-1"], /--tol takes a number, at least 0/],
    [["minimize", "x^2", "--from", "1", "--lr", "0"], /--lr takes a number, above 0/],
    [["minimize", "x^2", "--from", "1", "--lr", "0.1", "--lr-decay", "-1"], /--lr-decay/],
    [["gradcheck", "x^2", "--at", "x=1", "--eps", "0"], /--eps takes a number, above 0/],
    [["train", "--samples", "1e12"], /--samples .* to 1000000/],
    [["train", "--epochs", "0"], /--epochs/],
    [["train", "--layers", "16,-2"], /--layers/],
    [["race", "x^2", "--from", "1", "--max-iters", "0"], /--max-iters/],
  ];
  for (const [argv, word] of cases)
    test(argv.slice(0, 1).concat(argv.slice(-2)).join(" "), async () =>
      assertRefused(await runCli(...argv), word),
    );
});

describe("mistakes get one clear line", () => {
  test("an expression starting with - suggests --", async () => {
    assertRefused(await runCli("minimize", "-x^2", "--from", "1"), /put it after --/, /-- "-x\^2"/);
  });
  test("flags that do not apply to the optimizer", async () => {
    assertRefused(
      await runCli("minimize", "x^2", "--from", "1", "--optimizer", "adam", "--momentum", "0.9"),
      /--momentum does not apply to adam/,
    );
    assertRefused(
      await runCli("race", "x^2", "--from", "1", "--optimizers", "gd,adam", "--momentum", "0.9"),
      /does not apply to gd, adam/,
    );
  });
  test("a typo in a flag or a choice names the closest", async () => {
    assertRefused(
      await runCli("minimize", "x^2", "--from", "1", "--optimzer", "adam"),
      /did you mean 'optimizer'/,
    );
    assertRefused(
      await runCli("minimize", "x^2", "--from", "1", "--optimizer", "adan"),
      /did you mean 'adam'/,
    );
  });
  test("a missing CSV file, a folder, a huge network", async () => {
    assertRefused(await runCli("train", "--data", join(root, "nope.csv")), /no such file/);
    const dir = join(root, "some-dir.csv");
    mkdirSync(dir);
    assertRefused(await runCli("train", "--data", dir), /is a folder/);
    assertRefused(
      await runCli("train", "--layers", "100000,100000"),
      /10,000,600,002 weights/,
      /smaller layers/,
    );
  });
  test("NaN in a CSV file is the data's fault, named by its line", async () => {
    const path = join(root, "nan.csv");
    writeFileSync(path, "a,b,y\n1,2,0\n3,nan,1\n4,5,0\n2,2,1\n5,5,1\n");
    assertRefused(
      await runCli("train", "--data", path, "--epochs", "1", "--quiet"),
      /nan\.csv: line 3, column 2 \("b"\): nan is not a finite number/,
      /fill in or drop the row/,
    );
  });
  test("float targets with a classification loss", async () => {
    assertRefused(
      await runCli("train", "--data", "linear", "--loss", "cross-entropy", "--quiet"),
      /integer class labels/,
    );
  });
  test("a config that is not a regular file is not read", async () => {
    assertRefused(await runCli("minimize", "x^2", "--from", "1", "--config", root), /is a folder/);
  });
  test("output paths are checked before any work", async () => {
    const missing = join(root, "no", "such", "folder");
    assertRefused(
      await runCli("minimize", "x^2", "--from", "1", "--json", join(missing, "a.json")),
      /--json/,
      /does not exist/,
    );
    assertRefused(
      await runCli("train", "--epochs", "1", "--save", join(missing, "m.safetensors")),
      /--save/,
      /does not exist/,
    );
    assertRefused(
      await runCli("train", "--epochs", "1", "--plot", join(root, "x.svg", "y.svg")),
      /--plot/,
    );
  });
  test("descent graph of 1,000 terms: quick, the picture refused, DOT written", async () => {
    const sum = Array<string>(1000).fill("x").join("+");
    const started = performance.now();
    assertRefused(
      await runCli("graph", sum, "--at", "x=1", "--plot", join(root, "big.svg")),
      /--plot: the graph has 1000 nodes and 1998 edges/,
      /write --dot/,
    );
    const dot = join(root, "big.dot");
    const run = await runCli("graph", sum, "--at", "x=1", "--dot", dot);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /over 1000 paths/);
    assert.ok(performance.now() - started < 20_000, "seconds, not minutes");
  });
  test("a start outside the function's domain is named as such", async () => {
    assertRefused(
      await runCli("minimize", "log(x)", "--from", "-1"),
      /outside the function's domain/,
    );
  });
});

describe("fuzz: random flag values give a clear error or a valid run", () => {
  const flagValue = fc.oneof(
    fc.double({ noNaN: false }).map(String),
    fc.integer({ min: -1e12, max: 1e12 }).map(String),
    fc.constantFrom(
      "",
      "-",
      "1e309",
      "NaN",
      "Infinity",
      "-0",
      "0x10",
      "1,2",
      "abc",
      "2.5",
      "1e-400",
    ),
  );
  const numericFlags = [
    "--lr",
    "--momentum",
    "--tol",
    "--step-tol",
    "--value-tol",
    "--max-iters",
    "--rows",
    "--seed",
    "--noise",
    "--lr-decay",
  ];
  test("minimize", async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...numericFlags), flagValue, async (flag, value) => {
        const extra = flag === "--lr-decay" ? ["--lr", "0.1"] : [];
        const run = await runCli(
          "minimize",
          "x^2",
          "--from",
          "1",
          "--max-iters",
          "50",
          ...extra,
          flag,
          value,
        );
        assert.ok(run.code === 0 || run.code === 2, `exit ${run.code}: ${run.stderr}`);
        if (run.code === 2) {
          assert.match(run.stderr, /^descent minimize: /);
          assert.doesNotMatch(run.stderr, /\n\s+at /);
        }
      }),
      { numRuns: 60, seed: 11 },
    );
  });

  test("train: random flag values and random CSV bytes", async () => {
    const trainFlags = [
      "--samples",
      "--noise",
      "--lr",
      "--momentum",
      "--batch-size",
      "--accumulate",
      "--epochs",
      "--validation",
      "--seed",
    ];
    const csvBytes = fc.oneof(
      fc
        .array(fc.constantFrom(...'0123456789.,;\t\n"-e abyINF'.split(""), "é", "1e39", "\u0000"), {
          maxLength: 60,
        })
        .map((parts) => Buffer.from(parts.join(""), "utf8")),
      fc.uint8Array({ maxLength: 40 }).map((b) => Buffer.from(b)),
    );
    let k = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...trainFlags),
        flagValue,
        fc.option(csvBytes, { nil: undefined }),
        async (flag, value, csv) => {
          const data = csv === undefined ? "moons" : join(root, `fuzz-${k++}.csv`);
          if (csv !== undefined) writeFileSync(data, csv);
          // a small run: a random flag may raise --samples or --epochs, never past their ceilings
          const base = ["train", "--data", data, "--samples", "64", "--epochs", "1", "--quiet"];
          const run = await runCli(...base, flag, value);
          assert.ok(run.code === 0 || run.code === 2, `exit ${run.code}: ${run.stderr}`);
          if (run.code === 2) {
            assert.match(run.stderr, /^descent train: /);
            assert.doesNotMatch(run.stderr, /\n\s+at /);
          }
        },
      ),
      { numRuns: 40, seed: 11 },
    );
  });
});
