/**
 * Storage of the CPU backends: JS typed arrays, small ones carved from shared blocks, large ones
 * for kernel outputs left unzeroed where the runtime allows it.
 */
import { DTypeError } from "../errors.js";
import type { DType, TypedArray } from "../tensor/dtype.js";

/*
 * Small storage is carved from shared blocks. A typed array of its own costs more than the ops on
 * a small tensor: above 64 bytes an ArrayBuffer outside V8's heap (a runtime call, malloc,
 * external-memory bookkeeping and a free after GC: about 1–3 µs for a few hundred bytes), and
 * even a one-element array V8 keeps on its heap is three objects, 208 bytes, that a graph of
 * scalar ops keeps alive until backward and the garbage collector copies at every scavenge. So
 * arrays of up to 4 KB are views into 8 KB blocks (the policy of Node's Buffer pool; a view alone
 * is 96 bytes), handed out one after the other and never reused: every view is its own
 * zero-filled region, no two tensors share storage, and a block is freed by GC once none of its
 * views is alive. Carving scalars too took the scalar graph of `npm run bench` (10,002 ops) from
 * 514 to 341 live bytes per op with the shared version lists of op.ts, and from 21–23 to 5–15 ms
 * per graph (five alternating process pairs). The costs: a live small tensor keeps its whole
 * block (at most 8 KB) alive, and `data.buffer` is shared with other tensors (use byteOffset and
 * byteLength; never transfer or detach it). Above 4 KB an own buffer is cheap by comparison.
 */
const BLOCK_BYTES = 8192;
const CARVE_MAX_BYTES = 4096;
let block = new ArrayBuffer(BLOCK_BYTES);
let blockUsed = 0;

/** The offset in `block` of a fresh region of `bytes` (8-byte aligned); may start a new block. */
function carve(bytes: number): number {
  const size = (bytes + 7) & ~7;
  if (blockUsed + size > BLOCK_BYTES) {
    block = new ArrayBuffer(BLOCK_BYTES);
    blockUsed = 0;
  }
  const offset = blockUsed;
  blockUsed += size;
  return offset;
}

/** Zero-filled storage of `size` elements of `dtype`, never shared with any other tensor. */
export function allocateCpu(dtype: DType, size: number): TypedArray {
  switch (dtype) {
    case "float32": {
      const bytes = 4 * size;
      if (bytes > CARVE_MAX_BYTES) return new Float32Array(size);
      const offset = carve(bytes); // before reading `block`: carving may start a new one
      return new Float32Array(block, offset, size);
    }
    case "float64": {
      const bytes = 8 * size;
      if (bytes > CARVE_MAX_BYTES) return new Float64Array(size);
      const offset = carve(bytes);
      return new Float64Array(block, offset, size);
    }
    case "int32": {
      const bytes = 4 * size;
      if (bytes > CARVE_MAX_BYTES) return new Int32Array(size);
      const offset = carve(bytes);
      return new Int32Array(block, offset, size);
    }
    case "bool": {
      if (size > CARVE_MAX_BYTES) return new Uint8Array(size);
      const offset = carve(size);
      return new Uint8Array(block, offset, size);
    }
    default:
      throw new DTypeError(`unknown dtype ${String(dtype satisfies never)}`);
  }
}

/*
 * A kernel's output needs no zeros: it overwrites every element. Zero-filling a large typed array
 * is much of its cost (calloc clears, and for large sizes maps fresh pages), so above the carved
 * sizes the outputs come from Buffer.allocUnsafeSlow where a global Buffer offers it (Node, Bun):
 * an own ArrayBuffer that is not cleared. Elsewhere (browsers) they are zero-filled as before.
 * Measured in Node 20 (kept alive 64 at a time, like a step's tensors): 200,704 floats 133 µs
 * zeroed against 48 unzeroed, 65,536 floats 12 against 4.6, the same below 8,192.
 */
const unzeroed = (globalThis as { Buffer?: { allocUnsafeSlow(bytes: number): Uint8Array } }).Buffer;

/*
 * Memory that is freed stays with the process. glibc's malloc serves a large block by mmap and
 * gives it back to the OS on free (and trims freed memory at the top of its heap), so every new
 * large tensor's pages fault in again on first write: measured in Node 20 on the 2-core VM,
 * writing a fresh 800 KB output took 90–190 µs against 14 µs for a reused one, and the
 * 784-256-128-10 training step spent 0.4–0.9 ms of its 4.4–4.9 ms in those faults. glibc raises
 * its mmap threshold to the size of the largest mmap'd block freed so far (up to 32 MiB) and its
 * trim threshold to twice that: freeing one untouched 32 MiB block at start-up (it costs no
 * physical memory) keeps later blocks up to 32 MiB in the heap for reuse. Elsewhere (other
 * allocators, browsers) this is one short-lived allocation and nothing more.
 */
if (unzeroed !== undefined) unzeroed.allocUnsafeSlow(32 * 1024 * 1024 - 64 * 1024);

const BYTES: Record<DType, number> = { float32: 4, float64: 8, int32: 4, bool: 1 };

/** Storage of `size` elements of `dtype` with unspecified contents, never shared. */
export function allocateCpuUninit(dtype: DType, size: number): TypedArray {
  const bytes = BYTES[dtype] * size;
  if (bytes <= CARVE_MAX_BYTES || unzeroed === undefined) return allocateCpu(dtype, size);
  const buffer = unzeroed.allocUnsafeSlow(bytes).buffer;
  switch (dtype) {
    case "float32":
      return new Float32Array(buffer, 0, size);
    case "float64":
      return new Float64Array(buffer, 0, size);
    case "int32":
      return new Int32Array(buffer, 0, size);
    case "bool":
      return new Uint8Array(buffer, 0, size);
    default:
      throw new DTypeError(`unknown dtype ${String(dtype satisfies never)}`);
  }
}
