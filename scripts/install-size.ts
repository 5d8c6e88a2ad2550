// Prints what a fresh install of the packed package weighs on disk (`npm run size`; build first):
// the tarball, descentjs itself and each production dependency, and the total. The budget is 10 MB.
import { mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { diskUsage, installTarball, pack } from "./pack.js";

const BUDGET = 10e6;
const dir = mkdtempSync(join(tmpdir(), "descentjs-size-"));
try {
  const tarball = pack(dir);
  const project = join(dir, "project");
  installTarball(tarball, project);
  const modules = join(project, "node_modules");
  const rows: [string, number][] = [];
  for (const name of readdirSync(modules)) {
    const scoped = name.startsWith("@")
      ? readdirSync(join(modules, name)).map((n) => `${name}/${n}`)
      : [name];
    for (const pkg of scoped) rows.push([pkg, diskUsage(join(modules, pkg)).disk]);
  }
  rows.sort((a, b) => b[1] - a[1]);
  const mb = (bytes: number) => `${(bytes / 1e6).toFixed(2)} MB`;
  console.log(`tarball ${mb(statSync(tarball).size)}`);
  for (const [name, bytes] of rows) console.log(`  ${mb(bytes).padStart(9)}  ${name}`);
  const total = diskUsage(modules);
  console.log(
    `install: ${mb(total.disk)} on disk (${mb(total.apparent)} of file contents, ${total.files} files); budget ${mb(BUDGET)}`,
  );
  if (total.disk > BUDGET) process.exitCode = 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
