/**
 * Flag parsing for the CLI: each command declares its flags once (type, default, help), gets
 * --help and --config for free, and turns every mistake into one clear line and exit code 2.
 */
import { readFileSync, statSync } from "node:fs";
import { parseArgs } from "node:util";
import { didYouMean } from "../src/util/suggest.js";

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
  /** Numbers (and each of numbers): the smallest allowed value. */
  min?: number;
  /** Whether min itself is excluded (e.g. --eps > 0). */
  minOpen?: boolean;
  /** Numbers: the largest allowed value (a ceiling that keeps runs bounded). */
  max?: number;
  /** Numbers: whole numbers only. */
  integer?: boolean;
}

/** The value type a flag spec gives its runner. */
type FlagTypes = {
  string: string;
  number: number;
  boolean: boolean;
  list: string[];
  numbers: number[];
};
type ValueOf<F extends FlagSpec> = F extends { type: "string"; choices: readonly (infer C)[] }
  ? C
  : F extends { type: "list"; choices: readonly (infer C)[] }
    ? C[]
    : FlagTypes[F["type"]];

/** The typed flags of a command: a flag with a default always has a value. */
export type FlagValues<Flags extends Record<string, FlagSpec>> = {
  [K in keyof Flags]: Flags[K] extends { default: unknown }
    ? ValueOf<Flags[K]>
    : ValueOf<Flags[K]> | undefined;
};

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

/** A command as main() runs it: its spec, and its runner over parsed flags. */
export interface Command {
  spec: CommandSpec;
  run: (
    positionals: string[],
    flags: Record<string, FlagValue>,
  ) => Promise<number | void> | number | void;
}

/**
 * Pairs a spec (declared `as const satisfies CommandSpec`) with a runner whose flags are typed
 * from it: `flags.epochs` is a number, `flags.optimizer` one of its choices, no casts.
 */
export function defineCommand<const S extends CommandSpec>(
  spec: S,
  run: (
    positionals: string[],
    flags: FlagValues<S["flags"]>,
  ) => Promise<number | void> | number | void,
): Command {
  // parseCommand converts every flag by its spec, so the record has exactly these types
  return { spec, run: (positionals, flags) => run(positionals, flags as FlagValues<S["flags"]>) };
}

/** A mistake in how the command was called: printed as one line, exit code 2. */
export class UsageError extends Error {
  override name = "UsageError";
}

export interface Parsed {
  positionals: string[];
  flags: Record<string, FlagValue>;
  help: boolean;
}

/** Checks a number against the flag's range and integrality; the message says what is allowed. */
function checkNumber(name: string, spec: FlagSpec, n: number, text: string): void {
  const { min, max, minOpen = false, integer = false } = spec;
  const kind = integer ? "a whole number" : "a number";
  const lower = min !== undefined ? `${minOpen ? "above" : "at least"} ${min}` : "";
  const wanted =
    min !== undefined && max !== undefined && !minOpen
      ? `${kind} from ${min} to ${max}`
      : [kind, lower, max !== undefined ? `at most ${max}` : ""].filter(Boolean).join(", ");
  const bad =
    (integer && !Number.isInteger(n)) ||
    (min !== undefined && (minOpen ? n <= min : n < min)) ||
    (max !== undefined && n > max);
  if (bad) throw new UsageError(`--${name} takes ${wanted}; got ${text}`);
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
        throw new UsageError(
          `--${name} must be one of ${spec.choices.join(", ")}; got "${text}"${didYouMean(text, spec.choices)}`,
        );
      }
      return text;
    case "number": {
      const n = typeof raw === "number" ? raw : Number(text);
      if (text.trim() === "" || !Number.isFinite(n))
        throw new UsageError(`--${name} takes a number; got "${text}"`);
      checkNumber(name, spec, n, text);
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
      numbers.forEach((n, i) => checkNumber(name, spec, n, items[i]!.trim()));
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
    throw new UsageError(parseErrorMessage(spec, (error as Error).message, args));
  }
  if (parsed.values.help) return { positionals: parsed.positionals, flags: {}, help: true };

  let config: Record<string, unknown> = {};
  if (typeof parsed.values.config === "string") {
    const text = readConfig(parsed.values.config);
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

/** A config file is a small regular JSON file: /dev/zero or a FIFO would be read forever. */
const CONFIG_MAX_BYTES = 1 << 20;

function readConfig(path: string): string {
  let size: number;
  try {
    const stat = statSync(path);
    if (stat.isDirectory()) throw new UsageError(`--config: ${path} is a folder, not a JSON file`);
    if (!stat.isFile()) throw new UsageError(`--config: ${path} is not a regular file`);
    size = stat.size;
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`--config: cannot read ${path} (${(error as Error).message})`);
  }
  if (size > CONFIG_MAX_BYTES)
    throw new UsageError(
      `--config: ${path} is ${size} bytes; a config file is at most 1 MB of JSON`,
    );
  try {
    return readFileSync(path, "utf8");
  } catch (error) {
    throw new UsageError(`--config: cannot read ${path} (${(error as Error).message})`);
  }
}

/** node:util's parse errors as one line, with the closest flag or the `--` hint for "-x^2". */
function parseErrorMessage(spec: CommandSpec, message: string, args: readonly string[]): string {
  const unknown = /^Unknown option '(-{1,2})([^']*)'/.exec(message);
  if (unknown) {
    const [, dashes, name] = unknown as unknown as [string, string, string];
    const token = args.find((a) => a.startsWith(dashes + name)) ?? dashes + name;
    if (
      dashes === "-" &&
      spec.positionals.length > 0 &&
      /[\d.(^*/+\-a-zA-Z]/.test(token.slice(1))
    ) {
      const rest = args.filter((a) => a !== token).join(" ");
      return (
        `unknown flag ${token}: to pass an expression that starts with "-", put it after --, ` +
        `e.g. descent ${spec.name} ${rest ? `${rest} ` : ""}-- "${token}"`
      );
    }
    return `unknown flag ${dashes}${name}${didYouMean(name, Object.keys(spec.flags))}; see descent ${spec.name} --help`;
  }
  return `${message.replace(/\. To specify a positional argument.*$/, "")}; see descent ${spec.name} --help`;
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
