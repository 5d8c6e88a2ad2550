/** The descent command line: run each idea of the lecture on real numbers and draw it. */
import { createRequire } from "node:module";
import { DescentError } from "../src/index.js";
import { isStandardOutput } from "../src/io/files.js";
import { UsageError, defineCommand, helpText, parseCommand, type Command } from "./args.js";
import { demoSpec, runDemo } from "./commands/demo.js";
import { gradcheckSpec, runGradcheck } from "./commands/gradcheck.js";
import { infoSpec, runInfo } from "./commands/info.js";
import { graphSpec, runGraph } from "./commands/graph.js";
import { minimizeSpec, runMinimize } from "./commands/minimize.js";
import { raceSpec, runRace } from "./commands/race.js";
import { runTrain, trainSpec } from "./commands/train.js";

const COMMANDS: Command[] = [
  defineCommand(minimizeSpec, runMinimize),
  defineCommand(raceSpec, runRace),
  defineCommand(trainSpec, runTrain),
  defineCommand(gradcheckSpec, runGradcheck),
  defineCommand(graphSpec, runGraph),
  defineCommand(demoSpec, runDemo),
  defineCommand(infoSpec, runInfo),
];

/** The installed package's version (package.json, found through the package's own name). */
function version(): string {
  const pkg = createRequire(import.meta.url)("descentjs/package.json") as { version: string };
  return pkg.version;
}

function overview(): string {
  const width = Math.max(...COMMANDS.map(({ spec }) => spec.name.length)) + 2;
  return [
    "descent: gradient descent and backpropagation, run and drawn",
    "",
    "Usage: descent <command> [arguments] [flags]",
    "",
    "Commands:",
    ...COMMANDS.map(({ spec }) => `  ${spec.name.padEnd(width)}${spec.summary}`),
    "",
    "Run `descent <command> --help` for a command's flags and examples; `descent --version`.",
  ].join("\n");
}

export async function main(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === "--version" || name === "-v" || name === "version") {
    console.log(version());
    return 0;
  }
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    console.log(overview());
    return name === undefined ? 2 : 0;
  }
  const entry = COMMANDS.find(({ spec }) => spec.name === name);
  if (!entry) {
    console.error(
      `descent: unknown command "${name}"; commands: ${COMMANDS.map(({ spec }) => spec.name).join(", ")}`,
    );
    return 2;
  }
  const { spec, run } = entry;
  try {
    const parsed = parseCommand(spec, rest);
    if (parsed.help) {
      console.log(helpText(spec));
      return 0;
    }
    const report = console.log;
    // A file written to standard output ("--json -") is the command's only output there, so
    // that it can be piped: the report goes to standard error instead.
    if (stdoutFlags(parsed.flags).length > 0) console.log = console.error;
    try {
      return (await run(parsed.positionals, parsed.flags)) ?? 0;
    } finally {
      console.log = report;
    }
  } catch (error) {
    const message = userMistake(error);
    if (message === null) throw error; // a bug: its stack trace is wanted
    console.error(`descent ${spec.name}: ${message}`);
    return 2;
  }
}

/** Flags that name a file descent writes. */
const OUTPUT_FLAGS = ["json", "plot", "dot", "save", "out", "pictures"];

/** The output flags that name standard output; more than one would mix their bytes. */
function stdoutFlags(flags: Readonly<Record<string, unknown>>): string[] {
  const named = OUTPUT_FLAGS.filter((f) => {
    const value = flags[f];
    return typeof value === "string" && isStandardOutput(value);
  }).map((f) => `--${f}`);
  if (named.length > 1)
    throw new UsageError(
      `${named.join(" and ")} both write to standard output; send all but one to files`,
    );
  return named;
}

/** System errors that come from the user's paths, not from descent. */
const FILE_ERRORS = new Set([
  "ENOENT",
  "EISDIR",
  "ENOTDIR",
  "EACCES",
  "EPERM",
  "ENOSPC",
  "EROFS",
  "EEXIST",
  "ELOOP",
  "ENAMETOOLONG",
  "EMFILE",
]);

/** The one-line message of an error caused by how descent was called, or null for a bug. */
export function userMistake(error: unknown): string | null {
  if (error instanceof UsageError || error instanceof DescentError) return error.message;
  if (!(error instanceof Error)) return null;
  const code = (error as NodeJS.ErrnoException).code;
  if (code !== undefined && FILE_ERRORS.has(code)) return error.message;
  if (
    error instanceof RangeError &&
    /allocation|Invalid (typed )?array length|Array buffer/i.test(error.message)
  )
    return `out of memory (${error.message}); use smaller sizes`;
  return null;
}
