// descent info names the backend and its threads, as DESCENT_BACKEND and DESCENT_THREADS choose.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { test } from "node:test";

function info(env: Record<string, string>): string {
  const run = spawnSync(
    process.execPath,
    ["--conditions=source", "--import", "tsx", "cli/bin.ts", "info"],
    { encoding: "utf8", timeout: 60_000, env: { ...process.env, ...env } },
  );
  assert.equal(run.status, 0, run.stderr);
  return run.stdout;
}

test("descent info reports the backend and the thread count", () => {
  assert.match(
    info({ DESCENT_BACKEND: "wasm", DESCENT_THREADS: "2" }),
    /^backend {2}wasm \(2 threads\)$/m,
  );
  assert.match(
    info({ DESCENT_BACKEND: "wasm", DESCENT_THREADS: "1" }),
    /^backend {2}wasm \(1 thread\)$/m,
  );
  assert.match(info({ DESCENT_BACKEND: "js" }), /^backend {2}js$/m);
  assert.match(info({ DESCENT_BACKEND: "reference" }), /^backend {2}reference$/m);
});

test("an unknown DESCENT_BACKEND is a clear error naming the choices", () => {
  const run = spawnSync(
    process.execPath,
    ["--conditions=source", "--import", "tsx", "cli/bin.ts", "info"],
    { encoding: "utf8", timeout: 60_000, env: { ...process.env, DESCENT_BACKEND: "gpu" } },
  );
  assert.notEqual(run.status, 0);
  assert.match(
    run.stderr,
    /DESCENT_BACKEND: unknown backend "gpu"; use one of "wasm", "js", "reference"/,
  );
});
