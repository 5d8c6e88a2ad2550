// Where the CLI writes: "--json -" gives standard output to the JSON alone (the report moves to
// standard error) so it can be piped; a FIFO gets the bytes in place and a symlink keeps being a
// link. Everything in a temporary folder: never a real device file.
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import {
  lstatSync,
  mkdtempSync,
  readFileSync,
  readlinkSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { runCli, spawnCli } from "./run.js";

const root = mkdtempSync(join(tmpdir(), "descent-cli-outputs-"));
after(() => rmSync(root, { recursive: true, force: true }));
const quick = ["minimize", "x^2", "--from", "1", "--max-iters", "3"];

test('"--json -" pipes the JSON alone; the report goes to standard error', () => {
  const run = spawnCli(...quick, "--json", "-");
  assert.equal(run.code, 0, run.stderr);
  const parsed = JSON.parse(run.stdout) as { iterations: number; reason: string };
  assert.equal(parsed.iterations, 3);
  assert.equal(parsed.reason, "max-iterations");
  assert.match(run.stderr, /stopped: max-iterations after 3 iterations/);
});

test("two outputs to standard output are refused", async () => {
  const run = await runCli("graph", "x*x", "--at", "x=1", "--dot", "-", "--plot", "/dev/stdout");
  assert.equal(run.code, 2);
  assert.match(
    run.stderr,
    /--plot and --dot both write to standard output; send all but one to files/,
  );
});

test("a FIFO is written in place", async (t) => {
  if (spawnSync("mkfifo", ["--version"]).status !== 0) return t.skip("no mkfifo");
  const fifo = join(root, "pipe.json");
  assert.equal(spawnSync("mkfifo", [fifo]).status, 0);
  const reader = spawn("cat", [fifo]);
  let received = "";
  reader.stdout.on("data", (chunk: Buffer) => (received += chunk.toString()));
  const closed = new Promise((done) => reader.on("close", done));
  const run = await runCli(...quick, "--json", fifo);
  await closed;
  assert.equal(run.code, 0, run.stderr);
  assert.equal((JSON.parse(received) as { iterations: number }).iterations, 3);
  assert.ok(lstatSync(fifo).isFIFO(), "still a FIFO");
});

test("a symlink's target is replaced and the link kept", async () => {
  const target = join(root, "real.json");
  writeFileSync(target, "old");
  const link = join(root, "link.json");
  symlinkSync("real.json", link);
  const run = await runCli(...quick, "--json", link);
  assert.equal(run.code, 0, run.stderr);
  assert.ok(lstatSync(link).isSymbolicLink());
  assert.equal(readlinkSync(link), "real.json");
  assert.equal((JSON.parse(readFileSync(target, "utf8")) as { iterations: number }).iterations, 3);
});
