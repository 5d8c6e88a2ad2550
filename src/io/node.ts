/**
 * Node-only file IO for safetensors files and checkpoints. Writes are atomic: the bytes go to a
 * temporary file in the same directory, are fsynced, then renamed over the target, so a crash
 * or an error leaves either the old file or the new one, never a mix, and no temporary file.
 */
import fs, { type FileHandle } from "node:fs/promises";
import { randomBytes } from "node:crypto";
import { basename, dirname, join } from "node:path";
import type { Tensor } from "../tensor/tensor.js";
import {
  CheckpointError,
  parseSafetensors,
  serializeSafetensors,
  type ParseSafetensorsOptions,
  type SafetensorsContents,
} from "./safetensors.js";
import { checkpointFromBytes, checkpointToBytes, type Checkpoint } from "./checkpoint.js";

/** Options of the loaders: the header limit (the file's path names it in messages). */
export type LoadOptions = Omit<ParseSafetensorsOptions, "source">;

/** Writes `tensors` (and metadata strings) to a safetensors file, atomically. */
export async function saveSafetensors(
  path: string,
  tensors: Record<string, Tensor>,
  metadata?: Record<string, string>,
): Promise<void> {
  await atomicWrite(path, serializeSafetensors(tensors, metadata), "saveSafetensors");
}

/** Reads a safetensors file (e.g. one written by `safetensors.torch.save_file`). */
export async function loadSafetensors(
  path: string,
  options: LoadOptions = {},
): Promise<SafetensorsContents> {
  return parseSafetensors(await readFile(path, "loadSafetensors"), { ...options, source: path });
}

/** Writes a checkpoint (model, optimizer state, extra) to one safetensors file, atomically. */
export async function saveCheckpoint(path: string, checkpoint: Checkpoint): Promise<void> {
  await atomicWrite(path, checkpointToBytes(checkpoint), "saveCheckpoint");
}

/** Reads a checkpoint written by saveCheckpoint / checkpointToBytes. */
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
 * Replaces the file at `path` with `bytes` atomically: writes a uniquely named temporary file
 * next to it (with the old file's permissions, if there is one), fsyncs it, renames it over
 * `path`, then fsyncs the directory where the platform allows. On any error the temporary file
 * is removed, `path` is untouched, and a CheckpointError (the system error as `cause`) is thrown.
 */
export async function writeFileAtomic(path: string, bytes: Uint8Array): Promise<void> {
  await atomicWrite(path, bytes, "writeFileAtomic");
}

async function atomicWrite(path: string, bytes: Uint8Array, fn: string): Promise<void> {
  const dir = dirname(path);
  const temp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`);
  let handle: FileHandle | undefined;
  let created = false;
  try {
    const mode = await fs.stat(path).then(
      (stat) => (stat.isFile() ? stat.mode & 0o7777 : undefined),
      () => undefined,
    );
    handle = await fs.open(temp, "wx");
    created = true;
    if (mode !== undefined) await handle.chmod(mode);
    await handle.writeFile(bytes);
    await handle.sync();
    await handle.close();
    handle = undefined;
    await fs.rename(temp, path);
    created = false;
  } catch (e) {
    if (handle !== undefined) await handle.close().catch(() => undefined);
    if (created) await fs.rm(temp, { force: true }).catch(() => undefined);
    throw new CheckpointError(
      `${fn}: cannot write ${path}: ${errorMessage(e)}; the previous file, if any, is unchanged`,
      { cause: e },
    );
  }
  await syncDirectory(dir);
}

/** Makes the rename durable on POSIX; a no-op where directories cannot be opened (Windows). */
async function syncDirectory(dir: string): Promise<void> {
  let handle: FileHandle | undefined;
  try {
    handle = await fs.open(dir, "r");
    await handle.sync();
  } catch {
    // best effort: the file itself is complete and in place
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
