/**
 * A small WebAssembly assembler: the wasm backend's kernels are emitted as bytes by TypeScript at
 * load time (no toolchain, no committed binary). Covers the one-memory, no-table subset the
 * kernels use: typed functions with locals, structured control, scalar and 128-bit SIMD ops.
 */

export type ValType = "i32" | "i64" | "f32" | "f64" | "v128";

const TYPE_CODE: Record<ValType, number> = {
  i32: 0x7f,
  i64: 0x7e,
  f32: 0x7d,
  f64: 0x7c,
  v128: 0x7b,
};

/** Scalar opcodes (single byte) by their text-format names. */
export const op = {
  unreachable: 0x00,
  nop: 0x01,
  return: 0x0f,
  drop: 0x1a,
  select: 0x1b,
  i32_load: 0x28,
  i64_load: 0x29,
  f32_load: 0x2a,
  f64_load: 0x2b,
  i32_load8_u: 0x2d,
  i32_store: 0x36,
  i64_store: 0x37,
  f32_store: 0x38,
  f64_store: 0x39,
  i32_store8: 0x3a,
  i32_eqz: 0x45,
  i32_eq: 0x46,
  i32_ne: 0x47,
  i32_lt_s: 0x48,
  i32_lt_u: 0x49,
  i32_gt_s: 0x4a,
  i32_gt_u: 0x4b,
  i32_le_s: 0x4c,
  i32_ge_s: 0x4e,
  i32_ge_u: 0x4f,
  f32_eq: 0x5b,
  f32_ne: 0x5c,
  f32_lt: 0x5d,
  f32_gt: 0x5e,
  f32_le: 0x5f,
  f32_ge: 0x60,
  f64_eq: 0x61,
  f64_ne: 0x62,
  f64_lt: 0x63,
  f64_gt: 0x64,
  f64_le: 0x65,
  f64_ge: 0x66,
  i32_add: 0x6a,
  i32_sub: 0x6b,
  i32_mul: 0x6c,
  i32_div_s: 0x6d,
  i32_div_u: 0x6e,
  i32_rem_u: 0x70,
  i32_and: 0x71,
  i32_or: 0x72,
  i32_xor: 0x73,
  i32_shl: 0x74,
  i32_shr_s: 0x75,
  i32_shr_u: 0x76,
  i64_add: 0x7c,
  i64_sub: 0x7d,
  i64_and: 0x83,
  i64_or: 0x84,
  i64_shl: 0x86,
  i64_shr_s: 0x87,
  i64_shr_u: 0x88,
  f32_abs: 0x8b,
  f32_neg: 0x8c,
  f32_sqrt: 0x91,
  f32_add: 0x92,
  f32_sub: 0x93,
  f32_mul: 0x94,
  f32_div: 0x95,
  f32_min: 0x96,
  f32_max: 0x97,
  f64_abs: 0x99,
  f64_neg: 0x9a,
  f64_floor: 0x9c,
  f64_trunc: 0x9d,
  f64_nearest: 0x9e,
  f64_sqrt: 0x9f,
  f64_add: 0xa0,
  f64_sub: 0xa1,
  f64_mul: 0xa2,
  f64_div: 0xa3,
  f64_min: 0xa4,
  f64_max: 0xa5,
  f64_copysign: 0xa6,
  i32_wrap_i64: 0xa7,
  i32_trunc_f64_s: 0xaa,
  i64_extend_i32_s: 0xac,
  i64_extend_i32_u: 0xad,
  i64_trunc_f64_s: 0xb0,
  f32_demote_f64: 0xb6,
  f64_convert_i32_s: 0xb7,
  f64_convert_i64_s: 0xb9,
  f64_promote_f32: 0xbb,
  i32_reinterpret_f32: 0xbc,
  i64_reinterpret_f64: 0xbd,
  f32_reinterpret_i32: 0xbe,
  f64_reinterpret_i64: 0xbf,
} as const;

/** SIMD opcodes (after the 0xfd prefix) by their text-format names. */
export const simd = {
  v128_load: 0,
  v128_load32_splat: 9,
  v128_load64_splat: 10,
  v128_store: 11,
  f32x4_splat: 19,
  f64x2_splat: 20,
  f32x4_extract_lane: 31,
  f64x2_extract_lane: 33,
  f32x4_eq: 65,
  f32x4_lt: 67,
  f32x4_gt: 68,
  v128_and: 78,
  v128_or: 80,
  v128_bitselect: 82,
  f32x4_abs: 224,
  f32x4_neg: 225,
  f32x4_sqrt: 227,
  f32x4_add: 228,
  f32x4_sub: 229,
  f32x4_mul: 230,
  f32x4_div: 231,
  f32x4_pmin: 234,
  f32x4_pmax: 235,
  f64x2_add: 240,
  f64x2_sub: 241,
  f64x2_mul: 242,
  f64x2_div: 243,
  f64x2_pmax: 247,
  f32x4_demote_f64x2_zero: 94,
  f64x2_promote_low_f32x4: 95,
  f32x4_relaxed_madd: 261,
} as const;

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
