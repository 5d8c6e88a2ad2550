/**
 * Flag parsing for the CLI: each command declares its flags once (type, default, help), gets
 * --help and --config for free, and turns every mistake into one clear line and exit code 2.
 */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";

export type FlagType = "string" | "number" | "boolean" | "list" | "numbers";

export interface FlagSpec {
  type: FlagType;
  help: string;
  default?: string | number | boolean | readonly string[] | readonly number[];
  short?: string;
  /** Allowed values for string flags. */
  choices?: readonly string[];
  /** Shown instead of the type in --help, e.g. "x=1,y=2". */
  placeholder?: string;
}

export interface CommandSpec {
  name: string;
  summary: string;
  usage: string;
  /** Names of positional arguments, in order; a trailing "?" makes one optional. */
  positionals: readonly string[];
  flags: Record<string, FlagSpec>;
  examples: readonly string[];
}

export type FlagValue = string | number | boolean | string[] | number[] | undefined;

/** A mistake in how the command was called: printed as one line, exit code 2. */
export class UsageError extends Error {
  override name = "UsageError";
}

export interface Parsed {
  positionals: string[];
  flags: Record<string, FlagValue>;
  help: boolean;
}

function convert(name: string, spec: FlagSpec, raw: unknown): FlagValue {
  if (raw === undefined) return undefined;
  // Values come from argv (strings) or a JSON config (strings, numbers, booleans, arrays).
  const text = typeof raw === "string" ? raw : JSON.stringify(raw);
  switch (spec.type) {
    case "boolean":
      if (typeof raw === "boolean") return raw;
      if (text === "true" || text === "false") return text === "true";
      throw new UsageError(
        `--${name} is a switch: use --${name} alone (or true/false in a config file)`,
      );
    case "string":
      if (spec.choices && !spec.choices.includes(text)) {
        throw new UsageError(`--${name} must be one of ${spec.choices.join(", ")}; got "${text}"`);
      }
      return text;
    case "number": {
      const n = typeof raw === "number" ? raw : Number(text);
      if (text.trim() === "" || !Number.isFinite(n))
        throw new UsageError(`--${name} takes a number; got "${text}"`);
      return n;
    }
    case "list": {
      const items = Array.isArray(raw)
        ? raw.map(String)
        : text
            .split(",")
            .map((s) => s.trim())
            .filter(Boolean);
      const bad = spec.choices ? items.filter((i) => !spec.choices!.includes(i)) : [];
      if (bad.length > 0)
        throw new UsageError(
          `--${name}: unknown value ${bad.map((b) => `"${b}"`).join(", ")}; use ${spec.choices!.join(", ")}`,
        );
      return items;
    }
    case "numbers": {
      // an empty value is an empty list (e.g. --layers "" for no hidden layers)
      const items = Array.isArray(raw)
        ? raw.map(String)
        : text.trim() === ""
          ? []
          : text.split(",");
      const numbers = items.map((s) => Number(s));
      if (items.some((s) => s.trim() === "") || numbers.some((n) => !Number.isFinite(n))) {
        throw new UsageError(`--${name} takes comma-separated numbers like 16,16; got "${text}"`);
      }
      return numbers;
    }
    default:
      return spec.type satisfies never;
  }
}

function kebab(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

/** Parses argv for one command: flags from the command line override a --config JSON file. */
export function parseCommand(spec: CommandSpec, argv: readonly string[]): Parsed {
  const options: Record<string, { type: "string" | "boolean"; short?: string }> = {
    help: { type: "boolean", short: "h" },
    config: { type: "string" },
  };
  for (const [name, flag] of Object.entries(spec.flags)) {
    options[name] = {
      type: flag.type === "boolean" ? "boolean" : "string",
      ...(flag.short ? { short: flag.short } : {}),
    };
  }
  // "--from -1.5,2": a value that starts with a minus sign would read as a flag; join it.
  const args: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i]!;
    const flag = token.startsWith("--") ? spec.flags[token.slice(2)] : undefined;
    const next = argv[i + 1];
    if (flag && flag.type !== "boolean" && next !== undefined && /^-[\d.]/.test(next)) {
      args.push(`${token}=${next}`);
      i++;
    } else args.push(token);
  }
  let parsed;
  try {
    parsed = parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    const message = (error as Error).message.replace(/\. To specify a positional argument.*$/, "");
    throw new UsageError(
      `${message.replace(/^Unknown option '(.*)'$/, "unknown flag $1")}; see descent ${spec.name} --help`,
    );
  }
  if (parsed.values.help) return { positionals: parsed.positionals, flags: {}, help: true };

  let config: Record<string, unknown> = {};
  if (typeof parsed.values.config === "string") {
    let text: string;
    try {
      text = readFileSync(parsed.values.config, "utf8");
    } catch {
      throw new UsageError(`--config: cannot read ${parsed.values.config}`);
    }
    try {
      config = JSON.parse(text) as Record<string, unknown>;
    } catch (error) {
      throw new UsageError(
        `--config: ${parsed.values.config} is not valid JSON (${(error as Error).message})`,
      );
    }
    for (const key of Object.keys(config)) {
      const name = spec.flags[key] ? key : kebab(key);
      if (!spec.flags[name] && key !== "positionals")
        throw new UsageError(`--config: unknown setting "${key}" for descent ${spec.name}`);
    }
  }
  const flags: Record<string, FlagValue> = {};
  for (const [name, flag] of Object.entries(spec.flags)) {
    const camel = name.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
    const raw = (parsed.values as Record<string, unknown>)[name] ?? config[name] ?? config[camel];
    flags[name] = raw === undefined ? (flag.default as FlagValue) : convert(name, flag, raw);
  }
  const positionals =
    parsed.positionals.length > 0
      ? parsed.positionals
      : ((config.positionals as string[] | undefined) ?? []);
  const required = spec.positionals.filter((p) => !p.endsWith("?"));
  if (positionals.length < required.length) {
    throw new UsageError(
      `descent ${spec.name} needs <${required[positionals.length]}>; usage: ${spec.usage}`,
    );
  }
  if (positionals.length > spec.positionals.length) {
    throw new UsageError(
      `descent ${spec.name}: unexpected argument "${positionals[spec.positionals.length]}"; usage: ${spec.usage}`,
    );
  }
  return { positionals, flags, help: false };
}

export function helpText(spec: CommandSpec): string {
  const rows = Object.entries(spec.flags).map(([name, flag]) => {
    const value =
      flag.type === "boolean"
        ? ""
        : ` <${flag.placeholder ?? (flag.choices ? flag.choices.join("|") : flag.type)}>`;
    const left = `  ${flag.short ? `-${flag.short}, ` : ""}--${name}${value}`;
    const def =
      flag.default === undefined || flag.default === false
        ? ""
        : ` (default ${String(flag.default)})`;
    return [left, `${flag.help}${def}`] as const;
  });
  rows.push(
    ["  --config <file.json>", "read flags from a JSON file; flags given here override it"],
    ["  -h, --help", "show this help"],
  );
  const width = Math.max(...rows.map(([l]) => l.length)) + 2;
  return [
    `descent ${spec.name}: ${spec.summary}`,
    "",
    `Usage: ${spec.usage}`,
    "",
    "Flags:",
    ...rows.map(([l, r]) => l.padEnd(width) + r),
    "",
    "Examples:",
    ...spec.examples.map((e) => `  ${e}`),
  ].join("\n");
}

/** Parses "x=1,y=2" into a record of numbers. */
export function parseAssignments(text: string, flag: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const part of text.split(",")) {
    const match = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.+?)\s*$/.exec(part);
    const value = match ? Number(match[2]) : NaN;
    if (!match || !Number.isFinite(value))
      throw new UsageError(`--${flag} takes assignments like x=1,y=2; got "${text}"`);
    out[match[1]!] = value;
  }
  return out;
}

/** The --at point of an expression's variables: every variable needs a value. */
export function pointAt(
  text: string | undefined,
  variables: readonly string[],
): Record<string, number> {
  if (text === undefined) {
    throw new UsageError(
      `give the point with --at, e.g. --at ${variables.map((v, i) => `${v}=${i + 1}`).join(",")}`,
    );
  }
  const at = parseAssignments(text, "at");
  const missing = variables.filter((v) => at[v] === undefined);
  if (missing.length > 0) throw new UsageError(`--at has no value for ${missing.join(", ")}`);
  return at;
}
