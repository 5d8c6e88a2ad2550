/** descent info: which kernels run (backend, threads, WebAssembly SIMD) and on what runtime. */
import { backendInfo } from "../../src/index.js";
import type { CommandSpec } from "../args.js";

export const infoSpec = {
  name: "info",
  summary: "show the backend and thread count descent computes with",
  usage: "descent info",
  positionals: [],
  flags: {},
  examples: ["descent info", "DESCENT_BACKEND=wasm descent info"],
} as const satisfies CommandSpec;

export function runInfo(): number {
  const { backend, threads, simd } = backendInfo();
  const runtime = `Node ${process.versions.node}`;
  console.log(
    `backend  ${backend}${backend === "wasm" ? ` (${threads} thread${threads === 1 ? "" : "s"})` : ""}`,
  );
  console.log(
    `wasm     ${simd ? "WebAssembly SIMD available" : "no WebAssembly SIMD (js kernels)"}`,
  );
  console.log(`runtime  ${runtime}`);
  console.log("choose   DESCENT_BACKEND=wasm|js|reference");
  return 0;
}
