// descent --version prints the package's version (and -v, version), exit code 0.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { runCli } from "./run.js";

test("descent --version, -v and version print package.json's version", async () => {
  const { version } = JSON.parse(
    readFileSync(new URL("../../package.json", import.meta.url), "utf8"),
  ) as { version: string };
  for (const flag of ["--version", "-v", "version"]) {
    const run = await runCli(flag);
    assert.equal(run.code, 0, flag);
    assert.equal(run.stdout.trim(), version, flag);
  }
});
