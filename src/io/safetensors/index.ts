/**
 * The safetensors format (huggingface/safetensors), the weights format PyTorch users share:
 * bytes ↔ tensors. No Node imports: this folder runs in the browser too (file IO is ../node.ts).
 *
 * Layout: an 8-byte little-endian u64 N; N bytes of UTF-8 JSON, padded with spaces to a multiple
 * of 8, mapping each tensor name to `{"dtype", "shape", "data_offsets": [begin, end]}` (offsets
 * into the data buffer) plus an optional `"__metadata__"` map of strings; then the data buffer:
 * every tensor in C order, little-endian, back to back, covering the buffer exactly.
 *
 * The modules: ./write.ts (the writer, the reference's bytes), ./read.ts and ./header.ts (the
 * reader, which validates everything before it builds anything), ./json.ts (a strict JSON
 * parser), ./dtypes.ts (the format's dtypes and descent's), ./errors.ts (CheckpointError).
 */
export { CheckpointError, describeValue } from "./errors.js";
export { SAFETENSORS_DTYPES, type SafetensorsDType } from "./dtypes.js";
export { compareCodePoints, serializeSafetensors } from "./write.js";
export {
  DEFAULT_MAX_HEADER_BYTES,
  parseSafetensors,
  type ParseSafetensorsOptions,
  type SafetensorsContents,
} from "./read.js";
