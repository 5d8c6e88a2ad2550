// npm start: builds the playground when its sources are newer than the build, then serves it.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { serveStatic } from "./serve-web.js";

export const OUT = "dist/web";

function newest(dir: string): number {
  let t = 0;
  for (const name of readdirSync(dir)) {
    if (name === "node_modules") continue;
    const path = join(dir, name);
    const s = statSync(path);
    t = Math.max(t, s.isDirectory() ? newest(path) : s.mtimeMs);
  }
  return t;
}

/** True when dist/web is missing or older than web/, src/ or package.json. */
export function needsBuild(): boolean {
  const index = join(OUT, "index.html");
  if (!existsSync(index)) return true;
  const built = statSync(index).mtimeMs;
  return Math.max(newest("web"), newest("src"), statSync("package.json").mtimeMs) > built;
}

export function buildWeb(): void {
  const result = spawnSync(
    process.execPath,
    ["node_modules/vite/bin/vite.js", "build", "--config", "web/vite.config.ts"],
    {
      stdio: "inherit",
    },
  );
  if (result.status !== 0) throw new Error("build:web failed");
}

if (import.meta.url === `file://${process.argv[1]}`) {
  if (needsBuild()) buildWeb();
  const port = Number(process.env.PORT ?? 5173);
  const { url } = await serveStatic(OUT, port);
  console.log(`descent playground: ${url}  (Ctrl+C stops; the lecture tour is \`npm run tour\`)`);
}
