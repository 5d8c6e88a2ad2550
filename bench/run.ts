// `npm run bench`: runs descent and its peers on the same workloads in one run and prints the ratios.
// Every (JS peer, workload) pair runs in its own child process (bench/isolate.ts).

import { readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import { parseArgs } from "node:util";
import { absentRow, CHILD_OPTION, runChild, runIsolated } from "./isolate.js";
import type { Peer } from "./peers/peer.js";
import { findTorch, runTorch } from "./peers/torch.js";
import { workloadTable } from "./report.js";
import { mlpTrain } from "./workloads/mlp-train.js";
import { mnistEpoch } from "./workloads/mnist-epoch.js";
import { scalarAutograd } from "./workloads/scalar-autograd.js";
import { sgemm } from "./workloads/sgemm.js";
import { tinyTrain } from "./workloads/tiny-train.js";
import { makeInputs, type Row, type Workload } from "./workloads/workload.js";
import { measureWasmPeak } from "./wasm-peak.js";

const WORKLOADS: Workload[] = [scalarAutograd, sgemm, tinyTrain, mlpTrain, mnistEpoch];

/** JS peers, imported only when asked for. */
const JS_PEERS: Record<string, () => Promise<Peer>> = {
  descent: async () =>
    (await import("./peers/descent.js")).descentPeer({ name: "descent", backend: "wasm" }),
  "descent-1t": async () =>
    (await import("./peers/descent.js")).descentPeer({
      name: "descent-1t",
      backend: "wasm",
      threads: 1,
    }),
  "descent-js": async () =>
    (await import("./peers/descent.js")).descentPeer({ name: "descent-js", backend: "js" }),
  "tfjs-cpu": async () => (await import("./peers/tfjs.js")).tfjsPeer("cpu"),
  "tfjs-wasm": async () => (await import("./peers/tfjs.js")).tfjsPeer("wasm"),
  "jax-wasm": async () => (await import("./peers/jax.js")).jaxPeer(),
};
const ALL_PEERS = [...Object.keys(JS_PEERS), "torch"];
const TORCH_THREADS = [1, 2];

const USAGE = `usage: npm run bench -- [--only a,b|names] [--peers ${ALL_PEERS.join(",")}] [--quick] [--rounds N] [--json out.json]
workloads: ${WORKLOADS.map((w) => `${w.letter} = ${w.name}`).join(", ")}
Every JS peer runs each workload in its own fresh Node process. --rounds N (default 1) repeats each
workload's peers (torch included) N times, even rounds in reverse order, and reports each row's median round.`;

function parseList<T>(
  value: string | undefined,
  all: T[],
  pick: (name: string) => T | undefined,
): T[] {
  if (value === undefined) return all;
  return value.split(",").map((name) => {
    const found = pick(name.trim());
    if (found === undefined) throw new Error(`unknown name "${name}"\n${USAGE}`);
    return found;
  });
}

function machine(): { cpus: number; cpu: string; node: string; load: string } {
  let cpu = os.cpus()[0]?.model ?? "unknown";
  try {
    cpu = /^model name\s*:\s*(.*)$/m.exec(readFileSync("/proc/cpuinfo", "utf8"))?.[1] ?? cpu;
  } catch {
    // not Linux: keep os.cpus()'s name
  }
  const load = os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(", ");
  return { cpus: os.availableParallelism(), cpu, node: process.version, load };
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    options: {
      only: { type: "string" },
      peers: { type: "string" },
      quick: { type: "boolean", default: false },
      rounds: { type: "string", default: "1" },
      json: { type: "string" },
      help: { type: "boolean", default: false },
      child: { type: "string" },
    },
    allowPositionals: true,
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (values.child !== undefined) {
    // Internal: `--child <peer> <workload>`, started by bench/isolate.ts.
    const make = JS_PEERS[values.child];
    const workload = WORKLOADS.find((w) => w.name === positionals[0]);
    if (make === undefined || workload === undefined || positionals.length !== 1) {
      throw new Error(`${CHILD_OPTION} takes a JS peer and a workload name`);
    }
    await runChild(make, values.child, workload, values.quick);
    return 0;
  }
  if (positionals.length > 0) throw new Error(`unexpected "${positionals[0]}"\n${USAGE}`);
  const rounds = Number(values.rounds);
  if (!Number.isInteger(rounds) || rounds < 1) {
    throw new Error(`--rounds takes a whole number ≥ 1, not "${values.rounds}"\n${USAGE}`);
  }
  const workloads = parseList(values.only, WORKLOADS, (n) =>
    WORKLOADS.find((w) => w.name === n || w.letter === n),
  );
  const peers = parseList(values.peers, ALL_PEERS, (n) => ALL_PEERS.find((p) => p === n));
  const quick = values.quick;
  const host = machine();
  const command = `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(" ")}` : ""}`;
  const started = Date.now();

  const notes: string[] = [];
  // torch takes its turn in every round like the JS peers (a python process per workload and
  // round), so that the machine's drift hits it alike; absent when python3 has no torch
  let torchRunner: ((workload: Workload) => Row[]) | undefined;
  if (peers.includes("torch")) {
    const torch = findTorch();
    if (torch === null) {
      const why = "no python3 with torch (apt-get install python3-torch libopenblas0-pthread)";
      torchRunner = (w) => [absentRow(w, "torch", why)];
    } else {
      process.stderr.write(`[torch] ${torch.python}, torch ${torch.version}\n`);
      const inputs = await makeInputs(
        quick,
        workloads.map((w) => w.name),
      );
      torchRunner = (w) => runTorch(torch.python, inputs, [w.name], TORCH_THREADS, notes);
    }
  }
  const rows = await runIsolated(peers, workloads, quick, rounds, notes, torchRunner);

  const peak = measureWasmPeak();
  const seconds = ((Date.now() - started) / 1000).toFixed(0);
  const out = [
    `# descent benchmarks${quick ? " (--quick)" : ""}`,
    "",
    `${host.cpus} × ${host.cpu}, Node ${host.node}, load average at start ${host.load}; ${seconds} s in all.`,
    `Command: \`${command}\`. Figures are medians of timed blocks after a warm-up; higher is better;`,
    "descent ÷ peer > 1 means descent is faster; ±x% is half the range of the blocks around the median.",
    "cpu is the process's CPU time over wall time while timing: below 100% a one-thread peer waited for",
    "a core that other processes had. The figures by CPU time use the process's CPU time (all threads)",
    "instead of wall time: for one-thread peers, an estimate of the idle-machine figure that other load",
    "cannot inflate; for torch with 2 threads, it counts both cores' time, so it is per core.",
    "Every figure was preceded by a check of its result (the check / note column).",
    "Each JS peer ran each workload in its own fresh Node process" +
      (rounds > 1
        ? `, ${rounds} rounds in alternating peer order (torch too); each row is its median round.`
        : "."),
    "",
    `Measured WebAssembly SIMD peak of one core (bench/wasm-peak.ts): f32x4 mul+add ${peak.mulAdd.toFixed(1)} GFLOP/s` +
      (peak.fma === undefined
        ? " (relaxed-SIMD FMA not enabled in this runtime)."
        : `, relaxed FMA ${peak.fma.toFixed(1)} GFLOP/s.`) +
      " The sgemm table gives each figure as a share of that one-core peak (above 100%: more than one core).",
  ];
  for (const workload of workloads) {
    out.push(
      "",
      `## (${workload.letter}) ${workload.name}, ${workload.unit}`,
      "",
      workloadTable(workload, rows, peak.mulAdd),
    );
  }
  if (notes.length > 0) out.push("", "Notes:", ...[...new Set(notes)].map((n) => `- ${n}`));
  console.log(out.join("\n"));

  if (values.json !== undefined) {
    const report = {
      date: new Date().toISOString(),
      command,
      quick,
      rounds,
      machine: host,
      seconds: Number(seconds),
      notes: [...new Set(notes)],
      rows,
    };
    writeFileSync(values.json, JSON.stringify(report, null, 2) + "\n");
  }
  const descentBroken = rows.some(
    (r) => r.peer === "descent" && (r.status === "wrong" || r.status === "failed"),
  );
  return descentBroken ? 1 : 0;
}

try {
  process.exitCode = await main();
} catch (error) {
  console.error((error as Error).message);
  process.exitCode = 2;
}
