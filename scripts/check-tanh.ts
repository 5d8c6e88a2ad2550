// Checks the float32 tanh kernel (src/backend/fast/tanh.ts) against Math.tanh rounded to float32,
// bit for bit, over every one of the 2^32 float32 bit patterns — the claim in that file's header.
//
//   node --import tsx scripts/check-tanh.ts                # all 2^32 inputs (minutes per core)
//   node --import tsx scripts/check-tanh.ts --shard 0/4    # a quarter: run 4 shards in parallel
//   node --import tsx scripts/check-tanh.ts --sample 24    # every 2^(32-24)-th pattern (seconds)
//
// tests/backend/tanh.test.ts runs the sampled mode on every test run.
import { pathToFileURL } from "node:url";
import { tanhToFloat32 } from "../src/backend/fast/tanh.js";

const CHUNK = 1 << 20;

export interface TanhCheck {
  checked: number;
  mismatches: { bits: number; x: number; kernel: number; expected: number }[];
  /** The largest distance in float32 ulps between a result and its expected value (NaN: ∞). */
  maxUlp: number;
}

const scratch = new Float32Array(1);
const scratchBits = new Int32Array(scratch.buffer);

/** Float32 values' distance in ulps: their bit patterns as one ordered integer line (±0 equal). */
export function ulpDistance(a: number, b: number): number {
  if (a !== a || b !== b) return a !== a && b !== b ? 0 : Infinity;
  const ordered = (v: number) => {
    scratch[0] = v;
    const i = scratchBits[0]!;
    return i < 0 ? -(i & 0x7fffffff) : i;
  };
  return Math.abs(ordered(a) - ordered(b));
}

/**
 * Compares the kernel with Math.fround(Math.tanh(x)) on the bit patterns start, start + stride,
 * … below end (as float32 inputs); NaN outputs must be NaN on both sides.
 */
export function checkTanh(start: number, end: number, stride = 1, maxReported = 10): TanhCheck {
  const bits = new Uint32Array(CHUNK);
  const x = new Float32Array(bits.buffer);
  const out = new Float32Array(CHUNK);
  const result: TanhCheck = { checked: 0, mismatches: [], maxUlp: 0 };
  for (let base = start; base < end; base += CHUNK * stride) {
    const n = Math.min(CHUNK, Math.ceil((end - base) / stride));
    for (let i = 0; i < n; i++) bits[i] = base + i * stride;
    const input = n === CHUNK ? x : x.subarray(0, n);
    tanhToFloat32(input, out);
    for (let i = 0; i < n; i++) {
      const v = x[i]!;
      const expected = Math.fround(Math.tanh(v));
      const got = out[i]!;
      if (got !== expected && !(got !== got && expected !== expected)) {
        result.maxUlp = Math.max(result.maxUlp, ulpDistance(got, expected));
        if (result.mismatches.length < maxReported) {
          result.mismatches.push({ bits: bits[i]!, x: v, kernel: got, expected });
        } else result.mismatches.length++;
      }
    }
    result.checked += n;
  }
  return result;
}

function main(args: string[]): void {
  let [start, end, stride] = [0, 2 ** 32, 1];
  for (let i = 0; i < args.length; i++) {
    const [flag, value] = [args[i], args[i + 1] ?? ""];
    if (flag === "--shard" && /^\d+\/\d+$/.test(value)) {
      const [k, n] = value.split("/").map(Number) as [number, number];
      const size = Math.ceil(2 ** 32 / n / CHUNK) * CHUNK;
      [start, end] = [k * size, Math.min(2 ** 32, (k + 1) * size)];
      i++;
    } else if (flag === "--sample" && /^\d+$/.test(value) && Number(value) <= 32) {
      stride = 2 ** (32 - Number(value));
      i++;
    } else {
      throw new Error(`check-tanh: unknown argument ${flag}; use --shard k/n or --sample bits`);
    }
  }
  const began = Date.now();
  const { checked, mismatches, maxUlp } = checkTanh(start, end, stride);
  const seconds = ((Date.now() - began) / 1000).toFixed(1);
  for (const m of mismatches.filter(Boolean)) {
    console.log(`0x${m.bits.toString(16).padStart(8, "0")} x=${m.x}: ${m.kernel} ≠ ${m.expected}`);
  }
  console.log(
    `${checked} float32 inputs in [0x${start.toString(16)}, 0x${end.toString(16)}) step ${stride}: ` +
      `${mismatches.length} differ from Math.tanh rounded to float32, by at most ${maxUlp} ulp (${seconds} s)`,
  );
  process.exitCode = mismatches.length === 0 ? 0 : 1;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) main(process.argv.slice(2));
