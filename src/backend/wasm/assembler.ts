/**
 * A small WebAssembly assembler: the wasm backend's kernels are emitted as bytes by TypeScript at
 * load time (no toolchain, no committed binary). Covers the one-memory, no-table subset the
 * kernels use: typed functions with locals, structured control, scalar and 128-bit SIMD ops.
 */

import { op, TYPE_CODE, type ValType } from "./opcodes.js";

// the kernels build functions with Fn and the opcode tables together
export { op, simd, type ValType } from "./opcodes.js";

function uleb(out: number[], value: number): void {
  let v = value >>> 0;
  do {
    let byte = v & 0x7f;
    v >>>= 7;
    if (v !== 0) byte |= 0x80;
    out.push(byte);
  } while (v !== 0);
}

function sleb(out: number[], value: number | bigint): void {
  let v = BigInt(value);
  for (;;) {
    const byte = Number(v & 0x7fn);
    v >>= 7n;
    const done = (v === 0n && (byte & 0x40) === 0) || (v === -1n && (byte & 0x40) !== 0);
    out.push(done ? byte : byte | 0x80);
    if (done) return;
  }
}

function utf8(out: number[], text: string): void {
  const bytes = new TextEncoder().encode(text);
  uleb(out, bytes.length);
  out.push(...bytes);
}

const scratch = new DataView(new ArrayBuffer(8));

/** One function's body: locals and the instruction stream, built by the methods below. */
export class Fn {
  readonly code: number[] = [];
  private readonly localTypes: ValType[] = [];

  constructor(
    readonly name: string,
    readonly params: readonly ValType[],
    readonly results: readonly ValType[],
  ) {}

  /** A new local of `type`; returns its index. */
  local(type: ValType): number {
    this.localTypes.push(type);
    return this.params.length + this.localTypes.length - 1;
  }

  emit(...bytes: number[]): this {
    this.code.push(...bytes);
    return this;
  }
  get(index: number): this {
    this.code.push(0x20);
    uleb(this.code, index);
    return this;
  }
  set(index: number): this {
    this.code.push(0x21);
    uleb(this.code, index);
    return this;
  }
  tee(index: number): this {
    this.code.push(0x22);
    uleb(this.code, index);
    return this;
  }
  i32(value: number): this {
    this.code.push(0x41);
    sleb(this.code, value | 0);
    return this;
  }
  i64(value: bigint): this {
    this.code.push(0x42);
    sleb(this.code, BigInt.asIntN(64, value));
    return this;
  }
  f32(value: number): this {
    scratch.setFloat32(0, value, true);
    this.code.push(0x43, ...new Uint8Array(scratch.buffer, 0, 4));
    return this;
  }
  f64(value: number): this {
    scratch.setFloat64(0, value, true);
    this.code.push(0x44, ...new Uint8Array(scratch.buffer, 0, 8));
    return this;
  }
  /** A memory access: `opcode` with natural alignment log2 `align` and a byte offset. */
  mem(opcode: number, align: number, offset = 0): this {
    this.code.push(opcode, align);
    uleb(this.code, offset);
    return this;
  }
  /** A SIMD op (0xfd prefix). */
  v(opcode: number): this {
    this.code.push(0xfd);
    uleb(this.code, opcode);
    return this;
  }
  /** A SIMD memory access with a byte offset (alignment hint log2 `align`). */
  vmem(opcode: number, offset = 0, align = 4): this {
    this.v(opcode);
    this.code.push(align);
    uleb(this.code, offset);
    return this;
  }
  lane(opcode: number, index: number): this {
    this.v(opcode);
    this.code.push(index);
    return this;
  }
  /** Structured control: block/loop/if with an empty block type, closed by `end`. */
  block(body: () => void): this {
    this.code.push(0x02, 0x40);
    body();
    this.code.push(0x0b);
    return this;
  }
  loop(body: () => void): this {
    this.code.push(0x03, 0x40);
    body();
    this.code.push(0x0b);
    return this;
  }
  if(then: () => void, otherwise?: () => void): this {
    this.code.push(0x04, 0x40);
    then();
    if (otherwise !== undefined) {
      this.code.push(0x05);
      otherwise();
    }
    this.code.push(0x0b);
    return this;
  }
  /** `if` with a result of `type` on both arms. */
  ifValue(type: ValType, then: () => void, otherwise: () => void): this {
    this.code.push(0x04, TYPE_CODE[type]);
    then();
    this.code.push(0x05);
    otherwise();
    this.code.push(0x0b);
    return this;
  }
  br(depth: number): this {
    this.code.push(0x0c);
    uleb(this.code, depth);
    return this;
  }
  brIf(depth: number): this {
    this.code.push(0x0d);
    uleb(this.code, depth);
    return this;
  }
  call(index: number): this {
    this.code.push(0x10);
    uleb(this.code, index);
    return this;
  }
  /**
   * for (i = start; i < end; i += step) body — `start`/`end` push an i32; `i` is a local.
   * The test is at the top, so an empty range runs nothing.
   */
  forRange(i: number, start: () => void, end: () => void, step: number, body: () => void): this {
    start();
    this.set(i);
    return this.block(() => {
      this.loop(() => {
        this.get(i);
        end();
        this.emit(op.i32_ge_s).brIf(1);
        body();
        this.get(i).i32(step).emit(op.i32_add).set(i);
        this.br(0);
      });
    });
  }

  /** The function's code-section entry: locals run-length encoded, then the body. */
  encode(): number[] {
    const body: number[] = [];
    const runs: [number, ValType][] = [];
    for (const t of this.localTypes) {
      const last = runs[runs.length - 1];
      if (last !== undefined && last[1] === t) last[0]++;
      else runs.push([1, t]);
    }
    uleb(body, runs.length);
    for (const [count, t] of runs) {
      uleb(body, count);
      body.push(TYPE_CODE[t]);
    }
    body.push(...this.code, 0x0b);
    const entry: number[] = [];
    uleb(entry, body.length);
    entry.push(...body);
    return entry;
  }
}

function section(out: number[], id: number, content: number[]): void {
  out.push(id);
  uleb(out, content.length);
  out.push(...content);
}

/**
 * A module importing one memory ("env" "memory", `shared` or not, pages min..max) and exporting
 * every function under its name. Functions call each other by their index in `functions`.
 */
export function assemble(
  functions: readonly Fn[],
  memory: { shared: boolean; minPages: number; maxPages: number },
): Uint8Array<ArrayBuffer> {
  const out = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
  const signatures: string[] = [];
  const typeOf = functions.map((f) => {
    const key = `${f.params.join(",")}>${f.results.join(",")}`;
    let index = signatures.indexOf(key);
    if (index < 0) index = signatures.push(key) - 1;
    return index;
  });
  const types: number[] = [];
  uleb(types, signatures.length);
  for (const key of signatures) {
    const [params, results] = key.split(">").map((s) => (s === "" ? [] : s.split(",")));
    types.push(0x60);
    uleb(types, params!.length);
    for (const p of params!) types.push(TYPE_CODE[p as ValType]);
    uleb(types, results!.length);
    for (const r of results!) types.push(TYPE_CODE[r as ValType]);
  }
  section(out, 1, types);

  const imports: number[] = [1];
  utf8(imports, "env");
  utf8(imports, "memory");
  imports.push(0x02, memory.shared ? 0x03 : 0x01);
  uleb(imports, memory.minPages);
  uleb(imports, memory.maxPages);
  section(out, 2, imports);

  const declared: number[] = [];
  uleb(declared, functions.length);
  for (const t of typeOf) uleb(declared, t);
  section(out, 3, declared);

  const exports: number[] = [];
  uleb(exports, functions.length);
  functions.forEach((f, index) => {
    utf8(exports, f.name);
    exports.push(0x00);
    uleb(exports, index);
  });
  section(out, 7, exports);

  const code: number[] = [];
  uleb(code, functions.length);
  for (const f of functions) code.push(...f.encode());
  section(out, 10, code);
  return new Uint8Array(out);
}
