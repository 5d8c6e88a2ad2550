/**
 * Node-only file IO for safetensors files and checkpoints. Writes go through writeFileSafe:
 * regular files are replaced atomically (a crash leaves the old file or the new one, never a
 * mix), special files and standard output are written in place, symlinks are followed.
 */
import fs from "node:fs/promises";
import { writeFileSafe } from "./files.js";
import type { Tensor } from "../tensor/tensor.js";
import {
  CheckpointError,
  parseSafetensors,
  serializeSafetensors,
  type ParseSafetensorsOptions,
  type SafetensorsContents,
} from "./safetensors/index.js";
import { checkpointFromBytes, checkpointToBytes, type Checkpoint } from "./checkpoint.js";

/** Options of the loaders: the header limit (the file's path names it in messages). */
export type LoadOptions = Omit<ParseSafetensorsOptions, "source">;

/**
 * Writes `tensors` (and metadata strings) to a safetensors file; a regular file is replaced
 * atomically. PyTorch: `safetensors.torch.save_file`, with the same bytes.
 */
export async function saveSafetensors(
  path: string,
  tensors: Record<string, Tensor>,
  metadata?: Record<string, string>,
): Promise<void> {
  await atomicWrite(path, serializeSafetensors(tensors, metadata), "saveSafetensors");
}

/** Reads a safetensors file (e.g. one written by `safetensors.torch.save_file`). PyTorch: `safetensors.torch.load_file`. */
export async function loadSafetensors(
  path: string,
  options: LoadOptions = {},
): Promise<SafetensorsContents> {
  return parseSafetensors(await readFile(path, "loadSafetensors"), { ...options, source: path });
}

/**
 * Writes a checkpoint (model, optimizer state, extra) to one safetensors file, atomically.
 * PyTorch: `torch.save({"model": …, "optimizer": …})`, but in safetensors, which torch reads
 * with `load_file` (the model's keys load into `load_state_dict` as they are).
 *
 * @example
 * ```ts
 * await saveCheckpoint("run.safetensors", {
 *   model: model.stateDict(),
 *   optimizer: optimizer.stateDict(),
 *   extra: { epoch: 10 },
 * });
 * const { model: weights } = await loadCheckpoint("run.safetensors");
 * model.loadStateDict(weights);
 * ```
 */
export async function saveCheckpoint(path: string, checkpoint: Checkpoint): Promise<void> {
  await atomicWrite(path, checkpointToBytes(checkpoint), "saveCheckpoint");
}

/** Reads a checkpoint written by saveCheckpoint / checkpointToBytes, validated field by field. PyTorch: `torch.load`. */
export async function loadCheckpoint(path: string, options: LoadOptions = {}): Promise<Checkpoint> {
  return checkpointFromBytes(await readFile(path, "loadCheckpoint"), { ...options, source: path });
}

async function readFile(path: string, fn: string): Promise<Uint8Array> {
  try {
    return await fs.readFile(path);
  } catch (e) {
    throw new CheckpointError(`${fn}: cannot read ${path}: ${errorMessage(e)}`, { cause: e });
  }
}

/**
 * Writes `bytes` to `path` safely: a regular file is replaced atomically (old or new, never a
 * mix, with the old file's permissions); a device, FIFO or "-" (standard output) is written in
 * place; a symlink's target is replaced. On error `path` is untouched and a CheckpointError
 * (the system error as `cause`) is thrown.
 */
export async function writeFileAtomic(path: string, bytes: Uint8Array): Promise<void> {
  await atomicWrite(path, bytes, "writeFileAtomic");
}

async function atomicWrite(path: string, bytes: Uint8Array, fn: string): Promise<void> {
  try {
    await writeFileSafe(path, bytes);
  } catch (e) {
    throw new CheckpointError(
      `${fn}: cannot write ${path}: ${errorMessage(e)}; the previous file, if any, is unchanged`,
      { cause: e },
    );
  }
}

function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
