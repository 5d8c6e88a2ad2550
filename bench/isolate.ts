// Runs each (JS peer, workload) pair in its own fresh Node process, so that a peer's figures do not
// depend on what ran before it (heap, JIT state, malloc state, worker threads left by another peer),
// and repeats the sequence over rounds, in alternating peer order, reporting each row's median round.

import { spawn } from "node:child_process";
import type { Peer } from "./peers/peer.js";
import { figure } from "./report.js";
import { fullTiming, quickTiming } from "./stats.js";
import { makeInputs, oneLine, type Row, type Workload } from "./workloads/workload.js";

/** What a child prints as the last line of its stdout. */
interface ChildOutput {
  rows: Row[];
  notes: string[];
  /** Why the peer could not be set up (then `rows` is its absent row). */
  absent?: string;
}

/** No child should take this long (a full mnist_epoch takes ~1.5 minutes); past it, a failed row. */
const CHILD_TIMEOUT_MS = 30 * 60 * 1000;

/** The hidden option the parent passes: `--child <peer> <workload>`. */
export const CHILD_OPTION = "--child";

export const absentRow = (workload: Workload, peer: string, note: string): Row => ({
  workload: workload.name,
  size: "",
  peer,
  mode: "",
  unit: workload.unit,
  status: "absent",
  note,
});

/**
 * The child's side: builds the inputs of one workload, sets one peer up, runs the workload and writes
 * `{ rows, notes }` as JSON on the last line of stdout. Anything else goes to stderr.
 */
export async function runChild(
  makePeer: () => Promise<Peer>,
  peerName: string,
  workload: Workload,
  quick: boolean,
): Promise<void> {
  // Keep stdout for the result: a library's console.log goes to stderr with the progress.
  console.log = console.error;
  console.info = console.error;
  const output: ChildOutput = { rows: [], notes: [] };
  let peer: Peer | null = null;
  try {
    peer = await makePeer();
    const missing = await peer.setUp();
    if (missing !== null) output.absent = missing;
  } catch (error) {
    output.absent = oneLine(error);
  }
  if (output.absent !== undefined) {
    output.rows.push(absentRow(workload, peerName, output.absent));
    peer = null;
  }
  try {
    if (peer !== null) {
      const inputs = await makeInputs(quick, [workload.name]);
      const timing = quick ? quickTiming : fullTiming;
      for (const row of await workload.run(peer, inputs, timing)) {
        output.rows.push(row);
        progress(row);
      }
      const leftover = peer.tearDown?.() ?? null;
      if (leftover !== null) output.notes.push(`${peerName}: ${leftover}`);
    }
  } catch (error) {
    // No JSON: the parent reports a failed row with this line. Exit now, whatever threads are left.
    process.stderr.write(`${(error as Error).stack ?? String(error)}\n${oneLine(error)}\n`);
    process.exit(1);
  }
  // Exit explicitly: a peer's worker threads must not keep the child alive.
  process.stdout.write(`\n${JSON.stringify(output)}\n`, () => process.exit(0));
}

export function progress(row: Row): void {
  const what =
    row.status === "ok"
      ? `${row.figure?.toPrecision(4)} ${row.unit}`
      : `${row.status} ${row.note ?? ""}`;
  process.stderr.write(`[${row.peer}] ${row.workload} ${row.size} ${row.mode}: ${what}\n`);
}

/** The parent's side: one child for `peer` on `workload`; a crash or no JSON gives a failed row. */
async function spawnChild(peer: string, workload: Workload, quick: boolean): Promise<ChildOutput> {
  const script = process.argv[1];
  if (script === undefined) throw new Error("cannot tell which script to run in a child process");
  const args = [...process.execArgv, script, CHILD_OPTION, peer, workload.name];
  if (quick) args.push("--quick");
  const child = spawn(process.execPath, args, {
    stdio: ["ignore", "pipe", "pipe"],
    timeout: CHILD_TIMEOUT_MS,
  });
  let stdout = "";
  let lastLine = "";
  let partial = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
    process.stderr.write(chunk); // progress passes through as it comes
    const lines = (partial + chunk).split("\n");
    partial = lines.pop() ?? "";
    const last = lines.filter((l) => l.trim() !== "").pop();
    if (last !== undefined) lastLine = last.trim();
  });
  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) => {
    child.on("error", (error) => {
      lastLine = oneLine(error);
      resolve([null, null]);
    });
    child.on("close", (c, s) => resolve([c, s]));
  });
  if (partial.trim() !== "") lastLine = partial.trim();
  const result = code === 0 ? parseOutput(stdout) : null;
  if (result !== null) return result;
  const how =
    signal !== null
      ? `killed by ${signal}${signal === "SIGTERM" ? ` (timeout ${CHILD_TIMEOUT_MS / 60000} min?)` : ""}`
      : code === 0
        ? "exited with code 0 but printed no valid JSON result"
        : `exited with code ${code}`;
  const note = `child process ${how}${lastLine === "" ? "" : `; last stderr line: ${lastLine}`}`;
  const row: Row = { ...absentRow(workload, peer, note), status: "failed" };
  progress(row);
  return { rows: [row], notes: [] };
}

function parseOutput(stdout: string): ChildOutput | null {
  const last = stdout
    .split("\n")
    .filter((l) => l.trim() !== "")
    .pop();
  if (last === undefined) return null;
  try {
    const parsed = JSON.parse(last) as Partial<ChildOutput>;
    if (!Array.isArray(parsed.rows) || !Array.isArray(parsed.notes)) return null;
    return parsed as ChildOutput;
  } catch {
    return null;
  }
}

/**
 * Runs every workload on every JS peer, each pair in its own child process, `rounds` times per
 * workload (even rounds in reverse peer order), and returns one row per (workload, size, peer, mode):
 * the median round's. A peer found absent is not started again.
 */
export async function runIsolated(
  peers: string[],
  workloads: Workload[],
  quick: boolean,
  rounds: number,
  notes: string[],
  torch?: (workload: Workload) => Row[],
): Promise<Row[]> {
  const absent = new Map<string, string>();
  const rows: Row[] = [];
  for (const workload of workloads) {
    const runs: Row[][] = [];
    for (let round = 1; round <= rounds; round++) {
      const order = round % 2 === 0 ? [...peers].reverse() : peers;
      if (rounds > 1) process.stderr.write(`-- ${workload.name}: round ${round} of ${rounds}\n`);
      const got: Row[] = [];
      for (const peer of order) {
        if (peer === "torch") {
          const torchRows = torch?.(workload) ?? [];
          torchRows.forEach(progress);
          got.push(...torchRows);
          continue;
        }
        const why = absent.get(peer);
        if (why !== undefined) {
          got.push(absentRow(workload, peer, why));
          continue;
        }
        const output = await spawnChild(peer, workload, quick);
        for (const note of output.notes) if (!notes.includes(note)) notes.push(note);
        if (output.absent !== undefined) {
          absent.set(peer, output.absent);
          output.rows.forEach(progress);
        }
        got.push(...output.rows);
      }
      runs.push(got);
    }
    rows.push(...medianRows(runs, peers));
  }
  return rows;
}

const key = (r: Row): string => JSON.stringify([r.size, r.peer, r.mode]);

/**
 * One row per (size, peer, mode) from the rounds' rows, in peer order: the round whose figure is the
 * median (the lower middle for an even count). A round that went wrong or failed is reported instead.
 */
export function medianRows(runs: Row[][], peers: string[]): Row[] {
  const groups = new Map<string, Row[]>();
  // torch's rows are "torch (1 thread)" and "torch (2 threads)"
  const base = (r: Row) => (r.peer.startsWith("torch") ? "torch" : r.peer);
  for (const peer of peers) {
    for (const run of runs) {
      for (const row of run.filter((r) => base(r) === peer)) {
        const group = groups.get(key(row));
        if (group === undefined) groups.set(key(row), [row]);
        else group.push(row);
      }
    }
  }
  if (runs.length <= 1) return [...groups.values()].flat();
  const out: Row[] = [];
  for (const group of groups.values()) {
    const bad = group.find((r) => r.status === "wrong" || r.status === "failed");
    const ok = group.filter((r) => r.status === "ok" && r.figure !== undefined);
    if (bad !== undefined) {
      const times = group.filter((r) => r.status === bad.status).length;
      const note = `${bad.status} in ${times} of ${runs.length} rounds`;
      out.push({ ...bad, note: [bad.note, note].filter((t) => t !== undefined).join("; ") });
    } else if (ok.length === 0) {
      out.push(group[0]!);
    } else {
      const sorted = [...ok].sort((x, y) => x.figure! - y.figure!);
      const median = sorted[Math.floor((sorted.length - 1) / 2)]!;
      const range = `${figure(sorted[0]!.figure!)}–${figure(sorted[sorted.length - 1]!.figure!)}`;
      const note = `median of ${ok.length} rounds (figures ${range})`;
      out.push({ ...median, note: [median.note, note].filter((t) => t !== undefined).join("; ") });
    }
  }
  return out;
}
