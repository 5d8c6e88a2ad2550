// The op table enforces itself: each registry entry is named by its key, and deleting any one of
// the places an op lives (a kernel case, the primitive entry, the Tensor method, the package
// export, the spec entry) makes the TypeScript compiler name the op. The broken snippets are
// compiled in memory with the compiler API, one file's diagnostics at a time.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { PRIMITIVES } from "../../src/primitives.js";

const root = fileURLToPath(new URL("../../", import.meta.url));

test("every primitive's registry entry carries its own name", () => {
  for (const [key, op] of Object.entries(PRIMITIVES)) assert.equal(op.name, key);
});

const config = ts.getParsedCommandLineOfConfigFile(
  `${root}tsconfig.json`,
  {},
  {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => {
      throw new Error(ts.flattenDiagnosticMessageText(d.messageText, "\n"));
    },
  },
)!;

let previous: ts.Program | undefined;

/** The diagnostics of `checked` when `file` has `remove` cut out of it. */
function diagnosticsWithout(file: string, remove: string, checked: string): string[] {
  const path = `${root}${file}`;
  const original = readFileSync(path, "utf8");
  assert.ok(original.includes(remove), `${file} no longer contains ${JSON.stringify(remove)}`);
  const broken = original.replace(remove, "");
  const host = ts.createCompilerHost(config.options);
  const readFile = host.readFile.bind(host);
  host.readFile = (name) => (ts.sys.resolvePath(name) === path ? broken : readFile(name));
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (name, version, onError) =>
    ts.sys.resolvePath(name) === path
      ? ts.createSourceFile(name, broken, version)
      : getSourceFile(name, version, onError);
  const program = ts.createProgram({
    rootNames: [`${root}${checked}`],
    options: { ...config.options, noEmit: true },
    host,
    oldProgram: previous,
  });
  previous = program;
  const source = program.getSourceFile(`${root}${checked}`)!;
  return program
    .getSemanticDiagnostics(source)
    .map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
}

const BROKEN: { what: string; file: string; remove: string; checked: string; says: RegExp }[] = [
  {
    what: "a reference kernel",
    file: "src/backend/reference.ts",
    remove: "    atan: (x) => Math.atan(x),\n",
    checked: "src/backend/reference.ts",
    says: /Property 'atan' is missing/,
  },
  {
    what: "a fast kernel case",
    file: "src/backend/fast/elementwise.ts",
    remove: '    case "atan":\n',
    checked: "src/backend/fast/elementwise.ts",
    says: /Type '"atan"' does not satisfy the expected type 'never'/,
  },
  {
    what: "the primitive's registry entry",
    file: "src/primitives.ts",
    remove: "  atan: ew.Atan,\n",
    checked: "src/primitives.ts",
    says: /Property 'atan' is missing/,
  },
  {
    what: "the name in the Primitive union",
    file: "src/primitives.ts",
    remove: '  | "atan"\n',
    checked: "src/autograd/ops/elementwise.ts",
    says: /Argument of type '"atan"' is not assignable/,
  },
  {
    what: "the Tensor method",
    file: "src/tensor/tensor.ts",
    remove: "  atan(): Tensor {\n    return ew.atan(this);\n  }\n",
    checked: "src/autograd/op-surface.ts",
    says: /op atan has no Tensor method/,
  },
  {
    what: "the package export",
    file: "src/index.ts",
    remove: "  atan,\n",
    checked: "src/autograd/op-surface.ts",
    says: /op atan is not exported/,
  },
  {
    what: "the kernel's conformance case",
    file: "tests/ops/kernel-spec.ts",
    remove:
      '  atan: { op: "atan", hand: [[none, [0, 1, -Infinity, NaN], [0, Math.PI / 4, -Math.PI / 2, NaN]]] },\n',
    checked: "tests/ops/kernel-spec.ts",
    says: /Property 'atan' is missing/,
  },
  {
    what: "the op-spec entry",
    file: "tests/ops/spec.ts",
    remove: "  atan: unary,\n",
    checked: "tests/ops/spec.ts",
    says: /Property 'atan' is missing/,
  },
];

void describe("the compiler names each place an op was forgotten", () => {
  for (const b of BROKEN) {
    test(`without ${b.what} (${b.file})`, () => {
      const messages = diagnosticsWithout(b.file, b.remove, b.checked);
      assert.ok(
        messages.some((m) => b.says.test(m)),
        `expected ${b.says} in ${b.checked}, got:\n${messages.join("\n")}`,
      );
    });
  }
});
