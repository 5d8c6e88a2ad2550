// The size budget (`npm run budget`, part of `npm run check`): prints the lines of code per folder,
// the number of primitives, the files over 300 lines and the functions over 80 lines, and fails
// on any such file or function that is not an exception listed below with its reason, or when
// the primitives outgrow their budget. Lines are physical lines, comments included.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";

const FILE_LINES = 300;
const FUNCTION_LINES = 80;
/** The primitives (src/primitives.ts): everything else is composed from them. */
const PRIMITIVE_BUDGET = 56;
const FOLDERS = ["src", "cli", "web", "bench", "examples", "scripts", "tests"];
const SKIP = /(^|\/)(node_modules|dist|fixtures)(\/|$)/;

/** Files over FILE_LINES that may stay so, and why. */
const LONG_FILES: Record<string, string> = {
  "src/tensor/tensor.ts": "one thin method per op: the class is the library's surface",
  "src/autograd/ops/elementwise.ts": "a family file: each primitive's forward beside its rule",
  "src/autograd/ops/movement.ts": "a family file: each primitive's forward beside its rule",
  "src/autograd/ops/reduce.ts":
    "a family file: each primitive's forward beside its rule, the public functions documented",
  "src/backend/fast/elementwise.ts": "one plain loop nest per op, chosen once per call",
  "src/backend/fast/matmul.ts": "the direct and packed matmul paths, kept together",
  "src/data/synthetic.ts": "each dataset's draws mirror torch's, one function each",
  "src/data/csv.ts": "an RFC 4180 reader with its errors",
  "src/io/checkpoint.ts": "the checkpoint format: model, optimizer state and metadata",
  "src/viz/axes.ts": "issue 10 is moving the views onto shared marks (in progress)",
  "src/viz/svg.ts": "the SVG document helpers every view shares; to split (text measuring apart)",
  "src/viz/contour-plot.ts": "the 2-D view's layers (levels, paths, arrows, colour bar); to split",
  "src/viz/function-plot.ts": "issue 10 is moving the views onto shared marks (in progress)",
  "tests/backend/conformance.test.ts":
    "every Backend method on every backend (elementwise cases: tests/ops/kernel-spec.ts)",
  "tests/autograd/gradcheck.test.ts": "gradcheck tables per op family",
  "tests/minimize/expression.test.ts": "a table of expressions and their errors",
  "tests/io/safetensors.test.ts": "byte-level cases of the format",
  "tests/io/checkpoint.test.ts": "round trips of every optimizer's state",
  "tests/io/node.test.ts": "file round trips and their errors",
  "tests/nn/losses.test.ts": "every loss against torch",
  "tests/property/ops.test.ts": "property tests of every op family",
  "tests/autograd/engine.test.ts": "the engine's specification, one test per behaviour",
  "tests/cli/commands.test.ts": "every command end to end",
  "tests/ops/spec.ts": "the op-spec table: one entry per public op",
  "tests/nn/habits.test.ts": "the PyTorch calls users reach for first, one test each",
  "cli/commands/train.ts": "landed before the budget existed; to split",
  "cli/args.ts": "landed before the budget existed; to split",
  "web/src/labs/lab4.ts": "a playground lab: landed before the budget existed; to split",
  "web/src/labs/lab2.ts": "a playground lab: landed before the budget existed; to split",
  "src/minimize/minimize.ts": "landed before the budget existed; to split",
  "src/autograd/kernels.ts":
    "the seam: every kernel call and every storage read in the one file ESLint lets reach them",
};

/** Functions over FUNCTION_LINES that may stay so, and why ("file: function name"). */
const LONG_FUNCTIONS: Record<string, string> = {
  "src/viz/neuron-grid.ts: neuronGrid": "issue 10 moves views onto shared marks",
  "cli/tour/mnist.ts: run": "a tour chapter: the lecture's steps in order (to split)",
  "cli/tour/batches.ts: run": "a tour chapter: the lecture's steps in order (to split)",
  "cli/tour/descent.ts: run": "a tour chapter: the lecture's steps in order (to split)",
  "cli/tour/traps.ts: run": "tour chapters: the lecture's steps in order (to split)",
  "cli/tour/backprop.ts: run": "a tour chapter: the lecture's steps in order (to split)",
  "cli/commands/train.ts: runTrain": "issue 11 types the CLI flags from each command's spec",
  "src/minimize/minimize.ts: minimize": "the loop with every stopping rule and record (to split)",
  "src/io/checkpoint.ts: checkpointFromBytes": "validates every field with its own message",
  "src/io/checkpoint.ts: checkpointToBytes": "writes every field of the format",
  "src/data/csv.ts: parseCsvFrom": "one state machine over the characters",
  "src/autograd/engine.ts: runBackward": "the backward pass as one loop (see its comments)",
  "src/backend/fast/matmul.ts: directGemm": "a register-blocked kernel, unrolled on purpose",
  "src/backend/fast/matmul.ts: microKernel": "a register-blocked kernel, unrolled on purpose",
  "bench/run.ts: main": "the benchmark driver: peers, workloads, report",
  "bench/peers/tfjs.ts: tfjsPeer": "one peer's workloads side by side",
  "web/src/labs/lab2.ts: mount": "a playground lab: landed before the budget existed; to split",
  "web/src/labs/lab4.ts: mount": "a playground lab: landed before the budget existed; to split",
  "web/src/labs/lab1.ts: mount": "a playground lab: landed before the budget existed; to split",
  "web/src/labs/lab5.ts: mount": "a playground lab: landed before the budget existed; to split",
  "src/viz/network-diagram.ts: networkDiagram": "landed before the budget existed; to split",
  "web/src/labs/surface3d.ts: createSurface": "landed before the budget existed; to split",
  "tests/web/lab1.ts: lab1Tests": "the lab's end-to-end steps in order",
};

function files(dir: string): string[] {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return [];
  }
  return entries.flatMap((name) => {
    const path = join(dir, name);
    if (SKIP.test(path)) return [];
    if (statSync(path).isDirectory()) return files(path);
    return /\.(ts|mjs|js)$/.test(name) && !name.endsWith(".d.ts") ? [path] : [];
  });
}

/** Physical lines from `from` to `to`. */
function lineSpan(source: ts.SourceFile, from: number, to: number): number {
  return (
    source.getLineAndCharacterOfPosition(to).line -
    source.getLineAndCharacterOfPosition(from).line +
    1
  );
}

/** A test suite's body (`describe("…", () => {…})`): a list of tests, not a function to split. */
function isSuiteBody(node: ts.Node): boolean {
  const call = node.parent;
  return (
    ts.isCallExpression(call) &&
    ts.isIdentifier(call.expression) &&
    ["describe", "suite", "test", "it"].includes(call.expression.text)
  );
}

function functionName(node: ts.Node): string {
  const named = node as { name?: ts.Node };
  if (named.name !== undefined && ts.isIdentifier(named.name)) return named.name.text;
  const parent = node.parent;
  if (ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)) return parent.name.text;
  if (ts.isPropertyAssignment(parent) && ts.isIdentifier(parent.name)) return parent.name.text;
  return "(anonymous)";
}

const byFolder = new Map<string, number>();
const longFiles: [string, number][] = [];
const longFunctions: [string, number][] = [];
for (const folder of FOLDERS) {
  for (const path of files(folder)) {
    const text = readFileSync(path, "utf8");
    const source = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true);
    const lines = text.split("\n").length - (text.endsWith("\n") ? 1 : 0);
    const key = path.split("/").slice(0, 2).join("/");
    byFolder.set(key, (byFolder.get(key) ?? 0) + lines);
    if (lines > FILE_LINES) longFiles.push([path, lines]);
    const visit = (node: ts.Node) => {
      if (
        ts.isFunctionLike(node) &&
        "body" in node &&
        node.body !== undefined &&
        !isSuiteBody(node)
      ) {
        const n = lineSpan(source, node.getStart(), node.getEnd());
        if (n > FUNCTION_LINES) longFunctions.push([`${path}: ${functionName(node)}`, n]);
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
}

const primitives = [
  ...(
    /export type Primitive =([^;]*);/.exec(readFileSync("src/primitives.ts", "utf8"))?.[1] ?? ""
  ).matchAll(/\|\s*"(\w+)"/g),
].length;

console.log("lines of code per folder:");
for (const [folder, lines] of [...byFolder].sort()) console.log(`  ${folder.padEnd(24)} ${lines}`);
console.log(`primitives: ${primitives} (budget ${PRIMITIVE_BUDGET})`);

const failures: string[] = [];
if (primitives === 0) failures.push("could not read the Primitive union of src/primitives.ts");
if (primitives > PRIMITIVE_BUDGET) {
  failures.push(
    `${primitives} primitives, over the budget of ${PRIMITIVE_BUDGET}: compose the new op from existing ones, or raise the budget with a reason`,
  );
}
const report = (
  title: string,
  found: [string, number][],
  allowed: Record<string, string>,
  limit: number,
) => {
  console.log(`${title} over ${limit} lines:`);
  for (const [name, lines] of found.sort((a, b) => b[1] - a[1])) {
    const reason = allowed[name];
    console.log(`  ${name} (${lines})${reason === undefined ? "  <- new" : `: ${reason}`}`);
    if (reason === undefined) {
      failures.push(
        `${name} has ${lines} lines, over ${limit}: split it, or list it with a reason in scripts/size-budget.ts`,
      );
    }
  }
  for (const name of Object.keys(allowed)) {
    if (!found.some(([n]) => n === name))
      console.log(`  (no longer over: ${name}; remove its exception)`);
  }
};
report("files", longFiles, LONG_FILES, FILE_LINES);
report("functions", longFunctions, LONG_FUNCTIONS, FUNCTION_LINES);

if (failures.length > 0) {
  console.error(`\nsize budget: ${failures.length} over\n  ${failures.join("\n  ")}`);
  process.exit(1);
}
console.log("size budget: ok");
