// Safe writes: atomic for regular files only. A FIFO gets the bytes in place, a symlink's target
// is replaced (the link stays), "-" goes to standard output, orphaned temporary files of killed
// writes are removed, and unwritable paths are found before any work. Everything happens in a
// temporary folder: tests never write to real device files (a regression would replace them).
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  readlinkSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { unwritableReason, writeFileSafe } from "../../src/node.js";

const root = mkdtempSync(join(tmpdir(), "descent-files-"));
after(() => rmSync(root, { recursive: true, force: true }));
const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

describe("writeFileSafe", () => {
  test("a regular file is replaced, with no temporary file left", async () => {
    const path = join(root, "plain.json");
    writeFileSync(path, "old");
    await writeFileSafe(path, bytes("new"));
    assert.equal(readFileSync(path, "utf8"), "new");
    assert.deepEqual(
      readdirSync(root).filter((f) => f.includes("plain.json") && f !== "plain.json"),
      [],
    );
  });

  test("a symlink's target is replaced and the link kept", async () => {
    const dir = join(root, "links");
    mkdirSync(dir);
    const target = join(dir, "target.txt");
    writeFileSync(target, "old");
    const link = join(dir, "link.txt");
    symlinkSync("target.txt", link);
    await writeFileSafe(link, bytes("through the link"));
    assert.ok(lstatSync(link).isSymbolicLink(), "the link is still a link");
    assert.equal(readlinkSync(link), "target.txt");
    assert.equal(readFileSync(target, "utf8"), "through the link");
  });

  test("a dangling symlink creates its target", async () => {
    const dir = join(root, "dangling");
    mkdirSync(dir);
    symlinkSync("made.txt", join(dir, "link"));
    await writeFileSafe(join(dir, "link"), bytes("made"));
    assert.equal(readFileSync(join(dir, "made.txt"), "utf8"), "made");
  });

  test("a FIFO is written in place, not replaced by a regular file", async (t) => {
    if (spawnSync("mkfifo", ["--version"]).status !== 0) return t.skip("no mkfifo");
    const fifo = join(root, "pipe");
    assert.equal(spawnSync("mkfifo", [fifo]).status, 0);
    const reader = spawn("cat", [fifo]);
    let received = "";
    reader.stdout.on("data", (chunk: Buffer) => (received += chunk.toString()));
    const closed = new Promise((done) => reader.on("close", done));
    await writeFileSafe(fifo, bytes("through the pipe"));
    await closed;
    assert.equal(received, "through the pipe");
    assert.ok(lstatSync(fifo).isFIFO(), "still a FIFO");
  });

  test('"-" writes to standard output, so output can be piped', () => {
    const script = `import { writeFileSafe } from "./src/node.ts"; await writeFileSafe("-", new TextEncoder().encode("to stdout\\n"));`;
    const child = spawnSync(
      process.execPath,
      ["--import", "tsx", "--input-type=module", "-e", script],
      {
        encoding: "utf8",
      },
    );
    assert.equal(child.status, 0, child.stderr);
    assert.equal(child.stdout, "to stdout\n");
  });

  test("orphaned temporary files of a killed write are removed by the next write", async () => {
    const dir = join(root, "orphans");
    mkdirSync(dir);
    // a pid that is not running: a finished child's
    const gone = spawnSync(process.execPath, ["-e", "0"]).pid;
    const orphan = join(dir, `.model.safetensors.${gone}.0123456789ab.tmp`);
    const other = join(dir, `.other.bin.${gone}.0123456789ab.tmp`);
    writeFileSync(orphan, "half");
    writeFileSync(other, "half");
    await writeFileSafe(join(dir, "model.safetensors"), bytes("whole"));
    assert.ok(!existsSync(orphan), "the orphan of this path is removed");
    assert.ok(existsSync(other), "another path's temporary file is left alone");
  });

  test("a folder is refused", async () => {
    await assert.rejects(writeFileSafe(root, bytes("x")), /is a folder/);
  });
});

describe("unwritableReason finds bad output paths before any work", () => {
  test("missing folder, a folder, fine paths", () => {
    assert.match(unwritableReason(join(root, "nope", "x.svg"))!, /does not exist/);
    assert.match(unwritableReason(root)!, /is a folder/);
    assert.equal(unwritableReason(join(root, "fine.svg")), null);
    assert.equal(unwritableReason("-"), null);
  });
});
