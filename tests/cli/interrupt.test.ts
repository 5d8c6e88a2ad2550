// Ctrl-C during `descent train --save`: the real executable gets SIGINT after its first epoch,
// stops after the current batch, saves the last completed epoch and says so, exiting 130.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { loadCheckpoint } from "../../src/node.js";

const root = mkdtempSync(join(tmpdir(), "descent-cli-interrupt-"));
after(() => rmSync(root, { recursive: true, force: true }));

test("SIGINT after the first epoch saves the last completed epoch and says so", async () => {
  const save = join(root, "model.safetensors");
  const child = spawn(
    process.execPath,
    [
      "--conditions=source",
      "--import",
      "tsx",
      "cli/bin.ts",
      "train",
      "--data",
      "moons",
      "--samples",
      "2000",
      "--layers",
      "32,32",
      "--epochs",
      "10000",
      "--save",
      save,
    ],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  let stdout = "";
  let stderr = "";
  let sent = false;
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdout.on("data", (chunk: Buffer) => {
    stdout += chunk.toString();
    if (!sent && /^epoch 1\/10000 /m.test(stdout)) {
      sent = true;
      child.kill("SIGINT");
    }
  });
  const code = await new Promise<number | null>((done) => child.on("close", done));
  assert.ok(sent, `no first epoch line; stderr: ${stderr}`);
  assert.equal(code, 130, `exit code; stderr: ${stderr}`);
  assert.match(stderr, /stopping after this batch; saving the last completed epoch/);
  const said = /interrupted: saved epoch (\d+) \(the last completed one\) to (.+)$/m.exec(stdout);
  assert.ok(said, stdout);
  const epoch = Number(said[1]);
  assert.equal(said[2], save);
  assert.ok(epoch >= 1 && epoch < 10000);
  assert.match(stdout, new RegExp(`^epoch ${epoch}/10000 `, "m"), "the saved epoch was completed");
  assert.doesNotMatch(stdout, new RegExp(`^epoch ${epoch + 1}/10000 `, "m"));
  const checkpoint = await loadCheckpoint(save);
  assert.equal(checkpoint.extra?.interrupted, true);
  assert.equal(checkpoint.extra?.epochs, epoch);
  assert.ok(Object.keys(checkpoint.model).length > 0, "the weights are there");
});
