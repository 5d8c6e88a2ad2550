// The tokenizer of expression strings: numbers, names, operators, parentheses and commas.
import { ExpressionError } from "./errors.js";

export type TokenKind = "number" | "name" | "+" | "-" | "*" | "/" | "^" | "(" | ")" | "," | "end";

export interface Token {
  readonly kind: TokenKind;
  /** The characters of the token as written (`**` for a power written that way). */
  readonly text: string;
  /** The value of a number token; NaN for every other kind. */
  readonly value: number;
  readonly start: number;
  readonly end: number;
}

const SINGLE: Readonly<Record<string, TokenKind>> = {
  "+": "+",
  "-": "-",
  "*": "*",
  "/": "/",
  "^": "^",
  "(": "(",
  ")": ")",
  ",": ",",
};

const isDigit = (c: string | undefined): boolean => c !== undefined && c >= "0" && c <= "9";
const isNameStart = (c: string | undefined): boolean => c !== undefined && /[A-Za-z_]/.test(c);
const isNamePart = (c: string | undefined): boolean => c !== undefined && /[A-Za-z0-9_]/.test(c);

/** The tokens of `source`, always ending with an "end" token at `source.length`. */
export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i]!;
    if (/\s/.test(c)) {
      i++;
    } else if (isDigit(c) || c === ".") {
      const token = readNumber(source, i);
      tokens.push(token);
      i = token.end;
    } else if (isNameStart(c)) {
      let j = i + 1;
      while (isNamePart(source[j])) j++;
      tokens.push({ kind: "name", text: source.slice(i, j), value: NaN, start: i, end: j });
      i = j;
    } else if (c === "*" && source[i + 1] === "*") {
      tokens.push({ kind: "^", text: "**", value: NaN, start: i, end: i + 2 });
      i += 2;
    } else if (SINGLE[c] !== undefined) {
      tokens.push({ kind: SINGLE[c], text: c, value: NaN, start: i, end: i + 1 });
      i++;
    } else {
      const char = String.fromCodePoint(source.codePointAt(i)!);
      throw new ExpressionError(
        source,
        i,
        char.length,
        `unexpected character '${char}'`,
        "expressions use numbers, names, + - * / ^ (or **), parentheses and commas",
      );
    }
  }
  tokens.push({ kind: "end", text: "", value: NaN, start: source.length, end: source.length });
  return tokens;
}

/**
 * Reads a number starting at `start`: digits with at most one '.', then an optional exponent.
 * The exponent needs a digit after 'e' (or after its sign), so that `2e` and `2ex` read as 2·e and
 * 2·ex, while `2e3` and `2e-3` are numbers. A run of digits and dots that is not one number
 * (`1.2.3`, `1..2`, `.`) is an error rather than two numbers multiplied together.
 */
function readNumber(source: string, start: number): Token {
  let j = start;
  while (isDigit(source[j]) || source[j] === ".") j++;
  const mantissa = source.slice(start, j);
  const valid = /^(\d+\.?\d*|\.\d+)$/.test(mantissa);
  if (valid && (source[j] === "e" || source[j] === "E")) {
    const signed = source[j + 1] === "+" || source[j + 1] === "-";
    if (isDigit(source[j + (signed ? 2 : 1)])) {
      j += signed ? 2 : 1;
      while (isDigit(source[j])) j++;
    }
  }
  // `1e5.3` is not 1e5 · .3 either.
  let end = j;
  while (isDigit(source[end]) || source[end] === ".") end++;
  const text = source.slice(start, end);
  if (!valid || end !== j) {
    throw new ExpressionError(
      source,
      start,
      text.length,
      `invalid number '${text}'`,
      "a number has at most one '.' and looks like 12, 0.5, .5, 1e-3 or 2.5E+4",
    );
  }
  const value = Number(text);
  if (!Number.isFinite(value)) {
    throw new ExpressionError(source, start, text.length, `number '${text}' is too large`);
  }
  return { kind: "number", text, value, start, end };
}
