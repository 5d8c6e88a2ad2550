// Lint setup: typescript-eslint's type-checked rules, zero warnings allowed in CI.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

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
