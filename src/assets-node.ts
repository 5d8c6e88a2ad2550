/**
 * Where descentjs's shipped assets live on disk (Node only): `assets/` at the package root,
 * found through the package's own name so the same code works from src/ and from dist/.
 */
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

/** The absolute path of `assets/<name>` in the installed (or cloned) descentjs package. */
export function assetPath(name: string): string {
  return require.resolve(`descentjs/assets/${name}`);
}
