/**
 * Seeded random numbers: MT19937 with the same draws-to-values transforms as PyTorch's CPU
 * generator, so `manualSeed(s)` then `rand`, `randn`, `randint`, `randperm` give torch's numbers,
 * in Node and in every browser alike (integer arithmetic, sqrt, and det-math's log/cos/sin, which
 * do not depend on the engine as Math.log/cos/sin do).
 */
import { ArgumentError } from "../errors.js";
import { cos, log, log1p, sin } from "../util/det-math.js";

const N = 624;
const M = 397;
const TWO_PI = 2 * Math.PI;

/**
 * A seeded random number generator: MT19937 with PyTorch's CPU transforms, so the same seed gives
 * torch's numbers. Pass one as `generator` to the random functions, initialisers and loaders to
 * keep a stream of draws apart from the global one. PyTorch: `torch.Generator`.
 *
 * @example
 * ```ts
 * const g = new Generator(42);
 * randn([2, 3], { generator: g }); // torch.randn(2, 3, generator=torch.Generator().manual_seed(42))
 * ```
 */
export class Generator {
  private readonly state = new Uint32Array(N);
  private index = N;
  private seedValue = 0;
  /** Box–Muller makes two normals; torch keeps the second for the next scalar draw. */
  private nextNormal: number | null = null;

  constructor(seed = 67280421310721) {
    this.manualSeed(seed);
  }

  /** Re-seeds; like torch, the seed's low 32 bits seed MT19937. PyTorch: `Generator.manual_seed`. */
  manualSeed(seed: number): this {
    if (!Number.isSafeInteger(seed) || seed < 0) {
      throw new ArgumentError(`manualSeed: seed must be a non-negative safe integer, got ${seed}`);
    }
    this.seedValue = seed;
    const s = this.state;
    s[0] = seed % 4294967296;
    for (let i = 1; i < N; i++) {
      const prev = s[i - 1]! ^ (s[i - 1]! >>> 30);
      s[i] = Math.imul(1812433253, prev) + i;
    }
    this.index = N;
    this.nextNormal = null;
    return this;
  }

  /** The seed last given. PyTorch: `Generator.initial_seed`. */
  initialSeed(): number {
    return this.seedValue;
  }

  /** The next 32 random bits, as an unsigned integer. */
  nextUint32(): number {
    if (this.index >= N) this.twist();
    let y = this.state[this.index++]!;
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  /** Uniform in [0, 1) from 24 bits: torch's float32 transform. */
  nextFloat32(): number {
    return (this.nextUint32() & 0xffffff) * 5.960464477539063e-8;
  }

  /** Uniform in [0, 1) from the low 53 bits of a 64-bit draw: torch's float64 transform. */
  nextFloat64(): number {
    const hi = this.nextUint32();
    const lo = this.nextUint32();
    return ((hi & 0x1fffff) * 4294967296 + lo) * 1.1102230246251565e-16;
  }

  /** A standard normal by torch's scalar path (Box–Muller in float64, second value cached). */
  nextNormalScalar(): number {
    if (this.nextNormal !== null) {
      const cached = this.nextNormal;
      this.nextNormal = null;
      return cached;
    }
    const u1 = this.nextFloat64();
    const u2 = this.nextFloat64();
    const r = Math.sqrt(-2 * log1p(-u2));
    const theta = TWO_PI * u1;
    this.nextNormal = r * sin(theta);
    return r * cos(theta);
  }

  /** Fills with uniform [low, high) values. */
  fillUniform(out: Float32Array | Float64Array, low = 0, high = 1): void {
    if (out instanceof Float64Array) {
      // torch's AVX2 build fuses x·(high − low) + low into one FMA (one rounding)
      for (let i = 0; i < out.length; i++)
        out[i] = fusedMultiplyAdd(this.nextFloat64(), high - low, low);
      return;
    }
    // torch computes the float32 transform in float arithmetic; fround reproduces it bit for bit
    const from = Math.fround(low);
    const range = Math.fround(Math.fround(high) - from);
    for (let i = 0; i < out.length; i++) out[i] = this.nextFloat32() * range + from;
  }

  /**
   * Fills with normal values. Like torch: fewer than 16 values are drawn one by one; 16 or more
   * are filled with uniforms, then transformed in blocks of 16 (8 Box–Muller pairs), the last
   * block redrawn when the size is not a multiple of 16.
   */
  fillNormal(out: Float32Array | Float64Array, mean = 0, std = 1): void {
    const n = out.length;
    if (n < 16) {
      for (let i = 0; i < n; i++) out[i] = this.nextNormalScalar() * std + mean;
      return;
    }
    this.fillUniform(out);
    for (let i = 0; i + 16 <= n; i += 16) normalFill16(out, i, mean, std);
    if (n % 16 !== 0) {
      const start = n - 16;
      for (let i = start; i < n; i++)
        out[i] = out instanceof Float64Array ? this.nextFloat64() : this.nextFloat32();
      normalFill16(out, start, mean, std);
    }
  }

  /** A uniform integer in [low, high) the way torch's random_(from, to) draws it. */
  nextInt(low: number, high: number): number {
    const range = high - low;
    if (range >= 4294967296) {
      const hi = this.nextUint32();
      const lo = this.nextUint32();
      return Number((BigInt(hi) * 4294967296n + BigInt(lo)) % BigInt(range)) + low;
    }
    return (this.nextUint32() % range) + low;
  }

  /** torch.randperm's CPU shuffle: swap i with i + (draw mod (n − i)). */
  permutation(n: number): Int32Array {
    const out = new Int32Array(n);
    for (let i = 0; i < n; i++) out[i] = i;
    for (let i = 0; i < n - 1; i++) {
      const z = this.nextUint32() % (n - i);
      const t = out[i]!;
      out[i] = out[i + z]!;
      out[i + z] = t;
    }
    return out;
  }

  private twist(): void {
    const s = this.state;
    for (let i = 0; i < N; i++) {
      const y = (s[i]! & 0x80000000) | (s[(i + 1) % N]! & 0x7fffffff);
      s[i] = s[(i + M) % N]! ^ (y >>> 1) ^ (y & 1 ? 0x9908b0df : 0);
    }
    this.index = 0;
  }
}

/** Splits a double into two halves whose products are exact (Veltkamp). */
function split(a: number): [number, number] {
  const c = 134217729 * a;
  const high = c - (c - a);
  return [high, a - high];
}

/** a·b + c with (almost always) a single rounding, like a hardware FMA: TwoProduct, then TwoSum. */
export function fusedMultiplyAdd(a: number, b: number, c: number): number {
  const p = a * b;
  const [ah, al] = split(a);
  const [bh, bl] = split(b);
  const e = ah * bh - p + ah * bl + al * bh + al * bl;
  const s = p + c;
  const v = s - p;
  const t = p - (s - v) + (c - v);
  return s + (t + e);
}

function normalFill16(
  data: Float32Array | Float64Array,
  start: number,
  mean: number,
  std: number,
): void {
  for (let j = start; j < start + 8; j++) {
    const u1 = 1 - data[j]!;
    const u2 = data[j + 8]!;
    const radius = Math.sqrt(-2 * log(u1));
    const theta = TWO_PI * u2;
    data[j] = radius * cos(theta) * std + mean;
    data[j + 8] = radius * sin(theta) * std + mean;
  }
}

/** The generator every random function uses unless given one. PyTorch: `torch.default_generator`. */
export const defaultGenerator = new Generator();

/**
 * Seeds the default generator, so later draws equal torch's after `torch.manual_seed(seed)`;
 * returns it. PyTorch: `torch.manual_seed`.
 */
export function manualSeed(seed: number): Generator {
  return defaultGenerator.manualSeed(seed);
}
