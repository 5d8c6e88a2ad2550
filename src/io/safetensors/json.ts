/**
 * A strict JSON parser for the header: objects keep their key order and reject duplicate keys
 * (JSON.parse silently keeps the last one, which would hide a tensor), nesting is bounded.
 */
import { quote, type Fail } from "./errors.js";

export type JsonValue = null | boolean | number | string | JsonValue[] | Map<string, JsonValue>;

const MAX_DEPTH = 64;
const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
const ESCAPES: Record<string, string> = {
  '"': '"',
  "\\": "\\",
  "/": "/",
  b: "\b",
  f: "\f",
  n: "\n",
  r: "\r",
  t: "\t",
};
const LITERALS = [
  ["true", true],
  ["false", false],
  ["null", null],
] as const;

/** JSON.parse, but duplicate keys are an error and objects are Maps in the text's order. */
export function parseJson(text: string, fail: Fail): JsonValue {
  return new StrictJsonReader(text, fail).document();
}

/** A value for messages: `an object`, `an array of 2`, `the string "F33"`, `-1`... */
export function describeJson(value: JsonValue): string {
  if (value instanceof Map) return "an object";
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === "string")
    return `the string ${quote(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  return String(value);
}

class StrictJsonReader {
  private i = 0;

  constructor(
    private readonly text: string,
    private readonly fail: Fail,
  ) {}

  document(): JsonValue {
    const value = this.value(0, "the header");
    this.skipSpace();
    if (this.i < this.text.length) this.fail(`unexpected ${this.here()} after the JSON value`);
    return value;
  }

  private here(): string {
    const { text, i } = this;
    return i < text.length
      ? `${JSON.stringify(text[i])} at character ${i}`
      : "the end of the header";
  }

  private unexpected(expected: string): never {
    return this.fail(`expected ${expected} but found ${this.here()}`);
  }

  private skipSpace(): void {
    const text = this.text;
    for (; this.i < text.length; this.i++) {
      const c = text.charCodeAt(this.i);
      if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) break;
    }
  }

  /** `path` names the value in messages (`tensor "w".shape[0]`). */
  private value(depth: number, path: string): JsonValue {
    this.skipSpace();
    const c = this.text[this.i];
    if (c === "{" || c === "[") {
      if (depth >= MAX_DEPTH) this.fail(`it nests deeper than ${MAX_DEPTH} levels`);
      this.i++;
      this.skipSpace();
      return c === "[" ? this.array(depth, path) : this.object(depth, path);
    }
    if (c === '"') return this.string();
    for (const [word, value] of LITERALS) {
      if (this.text.startsWith(word, this.i)) {
        this.i += word.length;
        return value;
      }
    }
    NUMBER.lastIndex = this.i;
    const match = NUMBER.exec(this.text);
    if (match === null) return this.unexpected("a value");
    this.i += match[0].length;
    return Number(match[0]);
  }

  /** After the "[". */
  private array(depth: number, path: string): JsonValue[] {
    const array: JsonValue[] = [];
    if (this.text[this.i] === "]") {
      this.i++;
      return array;
    }
    for (;;) {
      array.push(this.value(depth + 1, `${path}[${array.length}]`));
      this.skipSpace();
      if (this.text[this.i] === ",") this.i++;
      else if (this.text[this.i] === "]") {
        this.i++;
        return array;
      } else this.unexpected('"," or "]"');
    }
  }

  /** After the "{". At depth 0 the keys are tensor names, and messages say so. */
  private object(depth: number, path: string): Map<string, JsonValue> {
    const object = new Map<string, JsonValue>();
    if (this.text[this.i] === "}") {
      this.i++;
      return object;
    }
    for (;;) {
      this.skipSpace();
      if (this.text[this.i] !== '"') this.unexpected("a key in quotes");
      const key = this.string();
      if (object.has(key)) {
        if (depth === 0) {
          this.fail(
            key === "__metadata__"
              ? `"__metadata__" appears twice`
              : `tensor ${quote(key)} appears twice; names must be unique`,
          );
        }
        this.fail(`${path} has the key ${quote(key)} twice`);
      }
      this.skipSpace();
      if (this.text[this.i] !== ":") this.unexpected('":"');
      this.i++;
      const child =
        depth === 0
          ? key === "__metadata__"
            ? '"__metadata__"'
            : `tensor ${quote(key)}`
          : `${path}.${key}`;
      object.set(key, this.value(depth + 1, child));
      this.skipSpace();
      if (this.text[this.i] === ",") this.i++;
      else if (this.text[this.i] === "}") {
        this.i++;
        return object;
      } else this.unexpected('"," or "}"');
    }
  }

  /** At the opening quote. */
  private string(): string {
    const text = this.text;
    let i = this.i + 1;
    let out = "";
    let start = i;
    for (;;) {
      if (i >= text.length) return this.fail("a string is not terminated");
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        out += text.slice(start, i);
        this.i = i + 1;
        return out;
      }
      if (c < 0x20) {
        return this.fail(`a control character (code ${c}) at character ${i} is not escaped`);
      }
      if (c !== 0x5c) {
        i++;
        continue;
      }
      out += text.slice(start, i);
      const escape = text[i + 1];
      if (escape === "u") {
        const hex = text.slice(i + 2, i + 6);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) this.fail(`a bad \\u escape at character ${i}`);
        out += String.fromCharCode(parseInt(hex, 16));
        i += 6;
      } else {
        const decoded = escape === undefined ? undefined : ESCAPES[escape];
        if (decoded === undefined) this.fail(`a bad escape at character ${i}`);
        out += decoded;
        i += 2;
      }
      start = i;
    }
  }
}
