/**
 * The wasm backend's module and memory: assembles the kernels once, instantiates them on one
 * WebAssembly.Memory (shared when the platform allows, so worker threads can run the same kernels
 * on it), and lends each kernel call scratch space from a bump arena that is reset per call.
 * Tensors stay ordinary GC-owned typed arrays: operands are copied in and results out, so nothing
 * in wasm memory outlives a call and memory needs no freeing (see the README's speed section).
 */
import { assemble, type Fn } from "./assembler.js";
import { tilesFunction, TILE_SCRATCH_BYTES } from "./gemm.js";
import { packFunction } from "./gemm-pack.js";
import { tileFunction } from "./gemm-tile.js";
import { transposeFunction } from "./gemm-transpose.js";
import { elementwiseFunctions } from "./elementwise.js";
import { mathFunctions } from "./math.js";

export interface Kernels {
  pack(src: number, strideW: number, strideK: number, w: number, k: number, dst: number): void;
  tile(...args: number[]): void;
  transpose(src: number, ld: number, m: number, k: number, dst: number): void;
  tiles(
    a: number,
    packedB: number,
    c: number,
    m: number,
    n: number,
    k: number,
    bias: number,
    relu: number,
    perBlock: number,
    first: number,
    end: number,
    scratch: number,
  ): void;
  /** Elementwise math over n values: (src, dst, n) with float32 or float64 storage. */
  [name: string]: (...args: number[]) => unknown;
}

const PAGE = 65536;
/** Most threads the control block has room for. */
export const MAX_THREADS = 16;
/** Most shares one pool job splits into (threads claim them as they come free). */
export const MAX_SHARES = 16;
/** Bytes at the start of memory: the pool's control words, then one tile scratch per share. */
const CONTROL_BYTES = 4096;
const ARENA_START = CONTROL_BYTES + MAX_SHARES * TILE_SCRATCH_BYTES + 4096;
/** 1 GiB: a product whose operands need more runs on the JavaScript kernels. */
export const MAX_PAGES = 16384;

/** The kernel functions in index order (tiles calls tile by index). */
function kernelFunctions(relaxed: boolean): Fn[] {
  const functions: Fn[] = [packFunction(), tileFunction(relaxed)];
  functions.push(tilesFunction(1), transposeFunction());
  functions.push(...mathFunctions(functions.length));
  functions.push(...elementwiseFunctions());
  return functions;
}

/** Whether this engine compiles 128-bit SIMD (and, asked for, relaxed SIMD). */
function supports(relaxed: boolean): boolean {
  try {
    const bytes = assemble(kernelFunctions(relaxed), { shared: false, minPages: 1, maxPages: 1 });
    return typeof WebAssembly === "object" && WebAssembly.validate(bytes);
  } catch {
    return false;
  }
}

export class Runtime {
  readonly memory: WebAssembly.Memory;
  readonly module: WebAssembly.Module;
  readonly kernels: Kernels;
  readonly shared: boolean;
  /** Views over the whole memory, renewed after it grows. */
  f32!: Float32Array;
  f64!: Float64Array;
  i32!: Int32Array;
  private top = ARENA_START;

  constructor(
    readonly relaxed: boolean,
    shareable = true,
  ) {
    const memory = createMemory(shareable);
    this.memory = memory.memory;
    this.shared = memory.shared;
    const bytes = assemble(kernelFunctions(relaxed), {
      shared: this.shared,
      minPages: 1,
      maxPages: MAX_PAGES,
    });
    this.module = new WebAssembly.Module(bytes);
    const instance = new WebAssembly.Instance(this.module, { env: { memory: this.memory } });
    this.kernels = instance.exports as unknown as Kernels;
    this.refresh();
  }

  /** Byte offset of share `s`'s tile scratch (whichever thread runs the share). */
  scratch(s: number): number {
    return CONTROL_BYTES + s * TILE_SCRATCH_BYTES;
  }

  /** Frees every arena allocation (call at the start of each kernel call). */
  reset(): void {
    this.top = ARENA_START;
  }

  /** A 16-byte-aligned arena block of `bytes`, or -1 if memory cannot grow that far. */
  reserve(bytes: number): number {
    const start = (this.top + 15) & ~15;
    const end = start + bytes;
    if (end > this.memory.buffer.byteLength) {
      const pages = Math.ceil((end - this.memory.buffer.byteLength) / PAGE);
      if (this.memory.buffer.byteLength / PAGE + pages > MAX_PAGES) return -1;
      this.memory.grow(pages);
      this.refresh();
    }
    this.top = end;
    return start;
  }

  /** Whether `total` more bytes (over what is reserved) would fit. */
  fits(total: number): boolean {
    return this.top + total + 64 * 16 <= MAX_PAGES * PAGE;
  }

  private refresh(): void {
    const buffer = this.memory.buffer;
    this.f32 = new Float32Array(buffer);
    this.f64 = new Float64Array(buffer);
    this.i32 = new Int32Array(buffer);
  }

  /** The control words (Int32Array over the first CONTROL_BYTES) for the thread pool. */
  control(): Int32Array {
    return new Int32Array(this.memory.buffer, 0, CONTROL_BYTES / 4);
  }
}

/** A shared memory if `shareable` and SharedArrayBuffer works (threads possible), else a plain one. */
function createMemory(shareable: boolean): { memory: WebAssembly.Memory; shared: boolean } {
  const pages = Math.ceil((ARENA_START + 4 * PAGE) / PAGE);
  const isolated = (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated;
  if (shareable && typeof SharedArrayBuffer === "function" && isolated !== false) {
    try {
      const memory = new WebAssembly.Memory({ initial: pages, maximum: MAX_PAGES, shared: true });
      if (memory.buffer instanceof SharedArrayBuffer) return { memory, shared: true };
    } catch {
      // no shared memory here: one thread
    }
  }
  return {
    memory: new WebAssembly.Memory({ initial: pages, maximum: MAX_PAGES }),
    shared: false,
  };
}

let simdSupported: boolean | undefined;
let relaxedSupported: boolean | undefined;

/** Whether this engine runs the wasm backend (128-bit SIMD). */
export function wasmSimdSupported(): boolean {
  simdSupported ??= supports(false);
  return simdSupported;
}

/** Whether this engine has relaxed SIMD (f32x4.relaxed_madd). */
export function relaxedSimdSupported(): boolean {
  relaxedSupported ??= supports(true);
  return relaxedSupported;
}

const runtimes = new Map<string, Runtime>();

/**
 * The runtime with plain (default) or relaxed-FMA kernels, built on first use: on a memory that
 * worker threads can share where the platform allows (default), or, for one thread, on a plain
 * one. Copies between JS arrays and a shared memory go word by word (no torn reads for other
 * threads) and take twice as long: 32 µs against 16 for 800 KB, each way.
 */
export function runtime(relaxed = false, shareable = true): Runtime {
  let r = runtimes.get(`${relaxed} ${shareable}`);
  if (r === undefined) {
    // where memory cannot be shared (a page that is not cross-origin isolated), the default
    // runtime is a plain one already
    const base = shareable ? undefined : runtimes.get(`${relaxed} true`);
    r = base !== undefined && !base.shared ? base : new Runtime(relaxed, shareable);
    runtimes.set(`${relaxed} ${shareable}`, r);
  }
  return r;
}
