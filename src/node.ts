/**
 * descent/node: what needs a file system (Node only) — safetensors files and checkpoints written
 * atomically, CSV files and the MNIST digits of the `mnist` package. Everything else is in "descent".
 */
export {
  saveSafetensors,
  loadSafetensors,
  saveCheckpoint,
  loadCheckpoint,
  writeFileAtomic,
  type LoadOptions,
} from "./io/node.js";
export { loadCsv, loadMnist, mnistDigitsDir } from "./data/node.js";
