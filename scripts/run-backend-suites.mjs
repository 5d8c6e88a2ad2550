// Runs the PyTorch fixture, gradcheck and module suites once more on each backend other than the
// default run's (wasm on every core): wasm on one thread, the JavaScript kernels, the reference
// kernels. Usage: node scripts/run-backend-suites.mjs [filter...] (default: the suites below).
import { spawnSync } from "node:child_process";

// tests/ops is not here: its fixture and gradcheck suites loop over every backend themselves
// (tests/backends.ts).
const SUITES = [
  "tests/autograd/gradcheck",
  "tests/autograd/higher-order",
  "tests/autograd/micrograd",
  "tests/nn",
  "tests/optim/torch-fixtures",
];
const CONFIGS = [
  { DESCENT_BACKEND: "wasm", DESCENT_THREADS: "1" },
  { DESCENT_BACKEND: "js" },
  { DESCENT_BACKEND: "reference" },
];

const filters = process.argv.slice(2);
let failed = 0;
for (const config of CONFIGS) {
  const label = Object.entries(config)
    .map(([k, v]) => `${k}=${v}`)
    .join(" ");
  console.log(`\n=== ${label}`);
  const run = spawnSync(
    process.execPath,
    ["scripts/run-tests.mjs", ...(filters.length > 0 ? filters : SUITES)],
    { stdio: "inherit", env: { ...process.env, ...config } },
  );
  if (run.status !== 0) {
    console.error(`=== failed on ${label}`);
    failed++;
  }
}
process.exit(failed === 0 ? 0 : 1);
