// Runs the CLI in this process with console output captured (fast), or as a child process.
import { spawnSync } from "node:child_process";
import { main } from "../../cli/main.js";

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

export async function runCli(...argv: string[]): Promise<Run> {
  const out: string[] = [];
  const err: string[] = [];
  const original = { log: console.log, error: console.error };
  console.log = (...parts: unknown[]) => void out.push(parts.join(" "));
  console.error = (...parts: unknown[]) => void err.push(parts.join(" "));
  try {
    const code = await main(argv);
    return { code, stdout: out.join("\n"), stderr: err.join("\n") };
  } finally {
    Object.assign(console, original);
  }
}

/** The real executable, as a user runs it. */
export function spawnCli(...argv: string[]): Run {
  const run = spawnSync(
    process.execPath,
    ["--conditions=source", "--import", "tsx", "cli/bin.ts", ...argv],
    {
      encoding: "utf8",
      timeout: 120_000,
    },
  );
  return { code: run.status ?? -1, stdout: run.stdout, stderr: run.stderr };
}
