/** The descent command line: run each idea of the lecture on real numbers and draw it. */
import { createRequire } from "node:module";
import { DescentError } from "../src/index.js";
import { UsageError, helpText, parseCommand, type CommandSpec, type FlagValue } from "./args.js";
import { demoSpec, runDemo } from "./commands/demo.js";
import { gradcheckSpec, runGradcheck } from "./commands/gradcheck.js";
import { infoSpec, runInfo } from "./commands/info.js";
import { graphSpec, runGraph } from "./commands/graph.js";
import { minimizeSpec, runMinimize } from "./commands/minimize.js";
import { raceSpec, runRace } from "./commands/race.js";
import { runTrain, trainSpec } from "./commands/train.js";

type Runner = (
  positionals: string[],
  flags: Record<string, FlagValue>,
) => Promise<number | void> | number | void;

const COMMANDS: [CommandSpec, Runner][] = [
  [minimizeSpec, runMinimize],
  [raceSpec, runRace],
  [trainSpec, runTrain],
  [gradcheckSpec, runGradcheck],
  [graphSpec, runGraph],
  [demoSpec, runDemo],
  [infoSpec, runInfo],
];

/** The installed package's version (package.json, found through the package's own name). */
function version(): string {
  const pkg = createRequire(import.meta.url)("descentjs/package.json") as { version: string };
  return pkg.version;
}

function overview(): string {
  const width = Math.max(...COMMANDS.map(([s]) => s.name.length)) + 2;
  return [
    "descent: gradient descent and backpropagation, run and drawn",
    "",
    "Usage: descent <command> [arguments] [flags]",
    "",
    "Commands:",
    ...COMMANDS.map(([s]) => `  ${s.name.padEnd(width)}${s.summary}`),
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
  const entry = COMMANDS.find(([spec]) => spec.name === name);
  if (!entry) {
    console.error(
      `descent: unknown command "${name}"; commands: ${COMMANDS.map(([s]) => s.name).join(", ")}`,
    );
    return 2;
  }
  const [spec, run] = entry;
  try {
    const parsed = parseCommand(spec, rest);
    if (parsed.help) {
      console.log(helpText(spec));
      return 0;
    }
    return (await run(parsed.positionals, parsed.flags)) ?? 0;
  } catch (error) {
    if (error instanceof UsageError || error instanceof DescentError) {
      console.error(`descent ${spec.name}: ${error.message}`);
      return 2;
    }
    throw error;
  }
}
