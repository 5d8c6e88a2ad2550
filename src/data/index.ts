/**
 * descent's data module (torch.utils.data and friends): datasets, the DataLoader, synthetic 2-D
 * datasets, CSV parsing and the MNIST split. Everything here runs in Node and in the browser;
 * the file-reading helpers (`loadCsv`, `loadMnist`) live in the Node-only ./node.ts.
 *
 * @packageDocumentation
 */
export {
  TensorDataset,
  Subset,
  randomSplit,
  collate,
  type Dataset,
  type BatchDataset,
  type Batch,
  type RandomSource,
} from "./dataset.js";
export { DataLoader, type DataLoaderOptions } from "./loader.js";
export {
  twoMoons,
  circles,
  spiral,
  xor,
  blobs,
  linearRegression,
  sineRegression,
  type SyntheticData,
  type SyntheticOptions,
  type CirclesOptions,
  type SpiralOptions,
  type BlobsOptions,
  type LinearRegressionOptions,
  type SineRegressionOptions,
} from "./synthetic.js";
export { parseCsv, parseNumber, CsvError, type CsvOptions, type CsvData } from "./csv.js";
export {
  mnistFromArrays,
  parseMnistJson,
  MNIST_PIXELS,
  type MnistData,
  type MnistSet,
  type MnistOptions,
} from "./mnist.js";
export {
  fetchMnist,
  decodeMnistBinary,
  encodeMnistBinary,
  mnistFromPixels,
  type MnistPixels,
} from "./mnist-binary.js";
