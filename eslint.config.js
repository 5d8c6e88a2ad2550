// Lint setup: typescript-eslint's type-checked rules, zero warnings allowed in CI.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

/**
 * The storage seam: a tensor's values are read through src/autograd/kernels.ts (viewOf,
 * toNumbers, itemOf, ...) or the public Tensor methods (item, tolist, toTypedArray), never as
 * `.data` or `._storage` of a Tensor. Type-aware: it flags those properties of Tensor (and its
 * subclasses, e.g. Parameter) only, by where the property is declared.
 */
const storageSeam = {
  rules: {
    "no-raw-storage": {
      meta: {
        type: "problem",
        schema: [],
        messages: {
          raw: "Read a tensor's storage through src/autograd/kernels.ts (viewOf, toNumbers, itemOf, writableView, ...) or the public Tensor methods (item, tolist, toTypedArray), not `.{{name}}`: a backend whose memory is not a JS array needs every read to go through the seam.",
        },
      },
      create(context) {
        const services = context.sourceCode.parserServices;
        const checker = services.program.getTypeChecker();
        const declaredOnTensor = (symbol) =>
          (symbol?.declarations ?? []).some(
            (d) =>
              d.parent?.name?.text === "Tensor" &&
              d.getSourceFile().fileName.endsWith("src/tensor/tensor.ts"),
          );
        const isStorageName = (key) =>
          key.type === "Identifier" && (key.name === "data" || key.name === "_storage");
        const report = (node, key) =>
          context.report({ node, messageId: "raw", data: { name: key.name } });
        return {
          MemberExpression(node) {
            const key = node.property;
            if (node.computed || !isStorageName(key)) return;
            const tsKey = services.esTreeNodeToTSNodeMap.get(key);
            if (declaredOnTensor(checker.getSymbolAtLocation(tsKey))) report(node, key);
          },
          // const { data } = t: the property of the destructured value's type
          "ObjectPattern > Property"(node) {
            const key = node.key;
            if (node.computed || !isStorageName(key)) return;
            const type = checker.getTypeAtLocation(services.esTreeNodeToTSNodeMap.get(node.parent));
            if (declaredOnTensor(type.getProperty(key.name))) report(node, key);
          },
        };
      },
    },
  },
};

export default tseslint.config(
  { ignores: ["dist/", "node_modules/", "**/*.mjs", "**/*.js", "tests/fixtures/"] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_" },
      ],
      // Kernels index typed arrays in hot loops; non-null assertions there are deliberate.
      "@typescript-eslint/no-non-null-assertion": "off",
      // node:test's test() and describe() return promises that the runner itself awaits.
      "@typescript-eslint/no-floating-promises": [
        "error",
        {
          allowForKnownSafeCalls: [
            { from: "package", package: "node:test", name: ["test", "describe", "it", "suite"] },
          ],
        },
      ],
    },
  },
  {
    // The storage seam (see storageSeam above): only the seam and the Tensor class itself read it;
    // the playground (web/src) reads tensors like any user, through the public methods.
    files: ["src/**/*.ts", "cli/**/*.ts", "web/src/**/*.ts"],
    ignores: ["src/backend/**", "src/autograd/kernels.ts", "src/tensor/tensor.ts"],
    plugins: { "storage-seam": storageSeam },
    rules: { "storage-seam/no-raw-storage": "error" },
  },
  {
    // The page is a consumer of the package: it reads tensors through the public methods, never
    // through the seam's internal functions or a backend.
    files: ["web/src/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["**/autograd/kernels.js", "**/backend/**"],
              message:
                "The page uses the package's public API: read a tensor with item(), tolist() or toTypedArray().",
            },
          ],
        },
      ],
    },
  },
  {
    // The kernel seam: above src/backend only src/autograd/kernels.ts calls a backend or
    // allocates storage (src/index.ts re-exports the backends for users).
    files: ["src/**/*.ts"],
    ignores: ["src/backend/**", "src/autograd/kernels.ts", "src/index.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["**/backend/**", "!**/backend/scalar-math.js"],
              allowTypeImports: true,
              message:
                "Call kernels and allocate storage through src/autograd/kernels.ts, the one seam to the backend.",
            },
          ],
        },
      ],
    },
  },
);
