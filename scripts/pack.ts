// The package as a user gets it: `npm pack` of this repository (without rebuilding: run
// `npm run build` first), unpacked into <dir>/node_modules/descentjs beside copies of its
// production dependencies at the versions of package-lock.json — what `npm i <tarball>` installs,
// made without the network. Used by scripts/install-size.ts and tests/package/consumer.test.ts.
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export const ROOT = join(import.meta.dirname, "..");

interface LockEntry {
  dev?: boolean;
}

/** Packs the repository into `dir` and returns the tarball's path. */
export function pack(dir: string): string {
  mkdirSync(dir, { recursive: true });
  const npm = process.platform === "win32" ? "npm.cmd" : "npm";
  // --ignore-scripts: `prepare` would rebuild dist/ (slow); the caller built it
  const out = execFileSync(npm, ["pack", "--ignore-scripts", "--json", "--pack-destination", dir], {
    cwd: ROOT,
    encoding: "utf8",
  });
  const [info] = JSON.parse(out) as { filename: string }[];
  return join(dir, info!.filename);
}

/** Installs the tarball and the production dependencies into `<dir>/node_modules`. */
export function installTarball(tarball: string, dir: string): void {
  const target = join(dir, "node_modules", "descentjs");
  mkdirSync(target, { recursive: true });
  execFileSync("tar", ["-xzf", tarball, "-C", target, "--strip-components=1"]);
  const lock = JSON.parse(readFileSync(join(ROOT, "package-lock.json"), "utf8")) as {
    packages: Record<string, LockEntry>;
  };
  for (const [path, entry] of Object.entries(lock.packages)) {
    if (path === "" || entry.dev || !path.startsWith("node_modules/")) continue;
    cpSync(join(ROOT, path), join(dir, path), { recursive: true, dereference: true });
  }
  if (!readdirSync(dir).includes("package.json")) {
    writeFileSync(
      join(dir, "package.json"),
      JSON.stringify({ name: "consumer", private: true, type: "module" }, null, 2),
    );
  }
}

/** Bytes under `path`: as on disk (4 KiB blocks, as `du` counts them) and apparent. */
export function diskUsage(path: string): { disk: number; apparent: number; files: number } {
  const total = { disk: 0, apparent: 0, files: 0 };
  const visit = (p: string): void => {
    const stat = statSync(p);
    if (stat.isDirectory()) {
      total.disk += 4096;
      for (const name of readdirSync(p)) visit(join(p, name));
      return;
    }
    total.files++;
    total.apparent += stat.size;
    total.disk += Math.ceil(stat.size / 4096) * 4096;
  };
  visit(path);
  return total;
}
