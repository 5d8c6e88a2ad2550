/**
 * descentjs/node: what needs Node (a file system, zlib) — safetensors files and checkpoints written
 * atomically, CSV files, the MNIST digits shipped with the package, and PNG export with the fonts
 * found on disk. Everything else is in "descentjs", which imports nothing from Node.
 *
 * @module descentjs/node
 */
export {
  saveSafetensors,
  loadSafetensors,
  saveCheckpoint,
  loadCheckpoint,
  writeFileAtomic,
  type LoadOptions,
} from "./io/node.js";
export { writeFileSafe, unwritableReason } from "./io/files.js";
export { loadCsv, loadMnist, mnistDigitsPath } from "./data/node.js";
export { renderPng, loadNodeAssets, type NodeAssets } from "./viz/png-node.js";
