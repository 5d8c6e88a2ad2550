// The measured WebAssembly SIMD peak of this machine: hand-assembled loops of independent f32x4
// operations that nothing but the arithmetic units limit. Every GFLOP/s figure is reported as a
// fraction of it. Run alone: `node --import tsx bench/wasm-peak.ts`.

import { assemble, Fn, op, simd } from "../src/backend/wasm/assembler.js";

/** Independent chains: enough to cover the add (or FMA) latency on both pipes. */
const CHAINS = 6;
const FMA_CHAINS = 10;
const ITERATIONS = 20_000_000;

/**
 * mul+add: per iteration six mul chains m_i ← m_i·s and six add chains a_i ← a_i + m_i; with
 * s = 1 the values stay put (no overflow, no subnormals) and nothing is loop-invariant, so the
 * compiler cannot hoist the multiplies. 6 muls + 6 adds of 4 lanes = 48 flops per iteration.
 */
function mulAddLoop(): Fn {
  const f = new Fn("muladd", ["i32", "f32"], ["f32"]);
  const s = f.local("v128");
  const m = Array.from({ length: CHAINS }, () => f.local("v128"));
  const a = Array.from({ length: CHAINS }, () => f.local("v128"));
  f.get(1).v(simd.f32x4_splat).set(s);
  for (const x of [...m, ...a]) f.get(s).set(x);
  f.loop(() => {
    for (let i = 0; i < CHAINS; i++) {
      f.get(m[i]!).get(s).v(simd.f32x4_mul).set(m[i]!);
      f.get(a[i]!).get(m[i]!).v(simd.f32x4_add).set(a[i]!);
    }
    f.get(0).i32(1).emit(op.i32_sub).emit(0x22, 0).brIf(0);
  });
  // the result depends on every chain, so none is dead code
  f.get(a[0]!);
  for (let i = 1; i < CHAINS; i++) f.get(a[i]!).v(simd.f32x4_add);
  f.lane(simd.f32x4_extract_lane, 0);
  return f;
}

/** relaxed FMA: ten chains a_i ← a_i·s + t (8 flops per f32x4 op). */
function fmaLoop(): Fn {
  const f = new Fn("fma", ["i32", "f32"], ["f32"]);
  const s = f.local("v128");
  const t = f.local("v128");
  const a = Array.from({ length: FMA_CHAINS }, () => f.local("v128"));
  f.get(1).v(simd.f32x4_splat).set(s);
  f.f32(0).v(simd.f32x4_splat).set(t);
  for (const x of a) f.get(s).set(x);
  f.loop(() => {
    for (const x of a) f.get(x).get(s).get(t).v(simd.f32x4_relaxed_madd).set(x);
    f.get(0).i32(1).emit(op.i32_sub).emit(0x22, 0).brIf(0);
  });
  f.get(a[0]!);
  for (let i = 1; i < FMA_CHAINS; i++) f.get(a[i]!).v(simd.f32x4_add);
  f.lane(simd.f32x4_extract_lane, 0);
  return f;
}

type Loop = (iterations: number, s: number) => number;

function instantiate(fn: Fn): Loop | undefined {
  const bytes = assemble([fn], { shared: false, minPages: 1, maxPages: 1 });
  if (!WebAssembly.validate(bytes)) return undefined;
  const memory = new WebAssembly.Memory({ initial: 1, maximum: 1 });
  const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } });
  return instance.exports[fn.name] as Loop;
}

/**
 * Best GFLOP/s of `repeats` runs (the peak is a maximum, not a typical value), timed by the
 * process's CPU time, so that other processes sharing the core do not lower it.
 */
function best(loop: Loop, flopsPerIteration: number, repeats: number): number {
  loop(1000, 1); // compile the optimized tier before timing
  let fastest = Infinity;
  for (let r = 0; r < repeats; r++) {
    const start = process.cpuUsage();
    loop(ITERATIONS, 1);
    const used = process.cpuUsage(start);
    fastest = Math.min(fastest, (used.user + used.system) / 1000);
  }
  return (ITERATIONS * flopsPerIteration) / (fastest * 1e6);
}

export interface WasmPeak {
  /** f32x4.mul + f32x4.add, GFLOP/s on one core. */
  mulAdd: number;
  /** f32x4.relaxed_madd, or undefined where relaxed SIMD is off. */
  fma: number | undefined;
}

export function measureWasmPeak(repeats = 5): WasmPeak {
  const mulAdd = instantiate(mulAddLoop())!;
  const fma = instantiate(fmaLoop());
  return {
    mulAdd: best(mulAdd, CHAINS * 8, repeats),
    fma: fma === undefined ? undefined : best(fma, FMA_CHAINS * 8, repeats),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const peak = measureWasmPeak();
  console.log(`wasm SIMD peak, one core: mul+add ${peak.mulAdd.toFixed(1)} GFLOP/s`);
  console.log(
    peak.fma === undefined
      ? "relaxed SIMD FMA: not available here (Node 20: --experimental-wasm-relaxed-simd)"
      : `relaxed SIMD FMA: ${peak.fma.toFixed(1)} GFLOP/s`,
  );
}
