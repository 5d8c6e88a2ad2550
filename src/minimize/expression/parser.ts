// The recursive-descent parser: tokens to an ExpressionNode tree, with errors that point at the text.
import {
  CONSTANTS,
  FUNCTION_ARITY,
  isConstantName,
  isFunctionName,
  type BinaryOperator,
  type ExpressionNode,
  type FunctionName,
} from "./ast.js";
import { ExpressionError } from "./errors.js";
import { tokenize, type Token } from "./tokenizer.js";

/** Deeper nesting than this is surely a mistake, and would overflow the stack before long. */
const MAX_DEPTH = 500;

const OPERAND = "expected a number, a variable, a function call or '('";

/**
 * Grammar, weakest binding first:
 *
 *   sum     := product (("+" | "-") product)*
 *   product := unary (("*" | "/") unary | power)*      juxtaposition: `2x`, `x y`, `2(x+1)`
 *   unary   := ("-" | "+") unary | power
 *   power   := primary ("^" unary)?                     `^` and `**`; right-associative
 *   primary := number | constant | variable | function "(" sum ("," sum)* ")" | "(" sum ")"
 *
 * A juxtaposed factor must start with a name or "(" (never a number: `x 2` is an error), and is a
 * `power`, so `2x^2` is 2·(x²) and `-2x` is (−2)·x. Juxtaposition is as strong as `*`, so `1/2x`
 * is (1/2)·x. A name written right against "(" is a call (`x(y)` is an unknown function); with a
 * space between, `x (y)` multiplies.
 */
export function parse(source: string): ExpressionNode {
  return new Parser(source).parseAll();
}

class Parser {
  private readonly tokens: Token[];
  private index = 0;
  private depth = 0;

  constructor(private readonly source: string) {
    this.tokens = tokenize(source);
  }

  parseAll(): ExpressionNode {
    if (this.peek().kind === "end") {
      throw this.error(0, 0, "empty expression", "write a formula such as x^2 + y^2");
    }
    const node = this.parseSum();
    const next = this.peek();
    if (next.kind === ")") {
      throw this.error(next.start, 1, "unexpected ')'", "there is no '(' for it to close");
    }
    if (next.kind !== "end") {
      throw this.unexpected(next, "expected an operator (+ - * / ^) or the end of the expression");
    }
    return node;
  }

  private parseSum(): ExpressionNode {
    let left = this.parseProduct();
    for (let op = this.peek(); op.kind === "+" || op.kind === "-"; op = this.peek()) {
      this.index++;
      left = binary(op.kind, left, this.parseProduct());
    }
    return left;
  }

  private parseProduct(): ExpressionNode {
    let left = this.parseUnary();
    for (;;) {
      const next = this.peek();
      if (next.kind === "*" || next.kind === "/") {
        this.index++;
        left = binary(next.kind, left, this.parseUnary());
      } else if (next.kind === "name" || next.kind === "(") {
        left = binary("*", left, this.parsePower());
      } else {
        return left;
      }
    }
  }

  private parseUnary(): ExpressionNode {
    const sign = this.peek();
    // Every cycle of the grammar passes through here, so this one count bounds the recursion.
    if (++this.depth > MAX_DEPTH) {
      throw this.error(
        sign.start,
        1,
        "expression nested too deeply",
        `at most ${MAX_DEPTH} levels`,
      );
    }
    let node: ExpressionNode;
    if (sign.kind === "-" || sign.kind === "+") {
      this.index++;
      const operand = this.parseUnary();
      node =
        sign.kind === "+"
          ? operand
          : { kind: "unary", op: "-", operand, start: sign.start, end: operand.end };
    } else {
      node = this.parsePower();
    }
    this.depth--;
    return node;
  }

  private parsePower(): ExpressionNode {
    const base = this.parsePrimary();
    if (this.peek().kind !== "^") return base;
    this.index++;
    return binary("^", base, this.parseUnary());
  }

  private parsePrimary(): ExpressionNode {
    const token = this.peek();
    switch (token.kind) {
      case "number":
        this.index++;
        return { kind: "number", value: token.value, start: token.start, end: token.end };
      case "name":
        this.index++;
        return this.parseName(token);
      case "(": {
        this.index++;
        if (this.peek().kind === ")") {
          throw this.unexpected(this.peek(), "expected an expression inside the parentheses");
        }
        const inner = this.parseSum();
        const close = this.expectClose(token);
        return { ...inner, start: token.start, end: close.end };
      }
      default:
        throw this.unexpected(token, OPERAND);
    }
  }

  /** A name: a call when it is a function, a constant, or else a variable. */
  private parseName(name: Token): ExpressionNode {
    const next = this.peek();
    // Only a name written right against "(" is a call: `x (y+1)` multiplies, `x(y+1)` is an error.
    const touchesParen = next.kind === "(" && next.start === name.end;
    if (isFunctionName(name.text)) {
      if (next.kind !== "(") {
        throw this.error(
          name.start,
          name.text.length,
          `'${name.text}' is a function`,
          `call it with parentheses: ${name.text}(...)`,
        );
      }
      return this.parseCall(name, name.text);
    }
    if (touchesParen) {
      if (isConstantName(name.text)) {
        throw this.error(
          name.start,
          name.text.length,
          `'${name.text}' is a constant, not a function`,
          `to multiply write ${name.text}*(...) or ${name.text} (...)`,
        );
      }
      const lower = name.text.toLowerCase();
      const suggestion = isFunctionName(lower) ? `did you mean ${lower}? ` : "";
      throw this.error(
        name.start,
        name.text.length,
        `unknown function '${name.text}'`,
        `${suggestion}the functions are ${Object.keys(FUNCTION_ARITY).join(", ")}; ` +
          `to multiply a variable by a parenthesis write ${name.text}*(...) or ${name.text} (...)`,
      );
    }
    if (isConstantName(name.text)) {
      const value = CONSTANTS[name.text];
      return { kind: "number", value, name: name.text, start: name.start, end: name.end };
    }
    return { kind: "variable", name: name.text, start: name.start, end: name.end };
  }

  private parseCall(name: Token, fn: FunctionName): ExpressionNode {
    const open = this.tokens[this.index++]!;
    const args: ExpressionNode[] = [];
    if (this.peek().kind !== ")") {
      args.push(this.parseSum());
      while (this.peek().kind === ",") {
        this.index++;
        args.push(this.parseSum());
      }
    }
    const close = this.expectClose(open, "',' or ')'");
    const arity = FUNCTION_ARITY[fn];
    if (args.length !== arity) {
      const params = arity === 1 ? "x" : arity === 2 ? "a, b" : "x, lo, hi";
      throw this.error(
        name.start,
        close.end - name.start,
        `${fn} takes ${arity} argument${arity === 1 ? "" : "s"}, got ${args.length}`,
        `write ${fn}(${params})`,
      );
    }
    return { kind: "call", name: fn, args, start: name.start, end: close.end };
  }

  /** Consumes the ")" that closes `open`; a missing one is reported at `open`. */
  private expectClose(open: Token, expected = "')'"): Token {
    const token = this.peek();
    if (token.kind === ")") {
      this.index++;
      return token;
    }
    if (token.kind === "end") {
      throw this.error(open.start, 1, "missing ')'", `the '(' here is never closed`);
    }
    throw this.unexpected(token, `expected ${expected}`);
  }

  private peek(): Token {
    return this.tokens[this.index]!;
  }

  private unexpected(token: Token, expected: string): ExpressionError {
    if (token.kind === "end") {
      return this.error(token.start, 0, "unexpected end of the expression", expected);
    }
    const what = token.kind === "number" ? `number '${token.text}'` : `'${token.text}'`;
    const hint =
      token.kind === "number"
        ? "write an operator such as '*' before a number; implicit multiplication needs the number first (2x)"
        : expected;
    return this.error(token.start, token.end - token.start, `unexpected ${what}`, hint);
  }

  private error(position: number, length: number, problem: string, hint?: string): ExpressionError {
    return new ExpressionError(this.source, position, length, problem, hint);
  }
}

function binary(op: BinaryOperator, left: ExpressionNode, right: ExpressionNode): ExpressionNode {
  return { kind: "binary", op, left, right, start: left.start, end: right.end };
}
