/**
 * Safe file writes (Node only). A regular file is replaced atomically: the bytes go to a
 * temporary file beside it, are fsynced, then renamed over it, so a crash leaves the old file or
 * the new one, never a mix. Anything else is written in place, because a rename would replace it:
 * devices (/dev/null), FIFOs and sockets get the bytes; "-" and /dev/stdout go to standard
 * output (so `--json -` pipes); a symlink's target is replaced, not the link. Temporary files
 * left by killed writes are removed by the next write to the same path.
 */
import fs, { type FileHandle } from "node:fs/promises";
import { accessSync, constants, lstatSync, readlinkSync, statSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { basename, dirname, join, resolve } from "node:path";

/** Paths that mean standard output. */
const STDOUT_PATHS = new Set(["-", "/dev/stdout", "/dev/fd/1", "/proc/self/fd/1"]);

/** Whether writing to `path` means writing to standard output ("-", /dev/stdout, …). */
export const isStandardOutput = (path: string): boolean => STDOUT_PATHS.has(path);

/** Where a write to `path` lands: the symlink chain followed (even to a target not yet made). */
export function resolveTarget(path: string): string {
  let current = resolve(path);
  for (let hops = 0; hops < 40; hops++) {
    let stat;
    try {
      stat = lstatSync(current);
    } catch {
      return current; // does not exist (yet): the write creates it
    }
    if (!stat.isSymbolicLink()) return current;
    current = resolve(dirname(current), readlinkSync(current));
  }
  throw new Error(`too many levels of symbolic links at ${path}`);
}

/**
 * Checks, before any long work, that `path` can be written: its folder exists and is writable,
 * and it is not a folder. Returns a reason or null. Standard output and special files pass.
 */
export function unwritableReason(path: string): string | null {
  if (STDOUT_PATHS.has(path)) return null;
  let target: string;
  try {
    target = resolveTarget(path);
  } catch (e) {
    return (e as Error).message;
  }
  try {
    const stat = statSync(target);
    if (stat.isDirectory()) return `${path} is a folder; give a file name`;
    if (!stat.isFile()) return null;
  } catch {
    // not there yet: its folder decides
  }
  const dir = dirname(target);
  try {
    if (!statSync(dir).isDirectory()) return `${dir} is not a folder`;
  } catch {
    return `the folder ${dir} does not exist`;
  }
  try {
    accessSync(dir, constants.W_OK);
  } catch {
    return `the folder ${dir} is not writable`;
  }
  return null;
}

/** Writes `bytes` to `path` safely (see the header); throws the system error on failure. */
export async function writeFileSafe(path: string, bytes: Uint8Array): Promise<void> {
  if (STDOUT_PATHS.has(path)) return writeStdout(bytes);
  const target = resolveTarget(path);
  const stat = await fs.stat(target).catch(() => null);
  if (stat?.isDirectory()) throw new Error(`${path} is a folder`);
  if (stat && !stat.isFile()) return writeInPlace(target, bytes);
  await removeOrphans(target);
  await replaceAtomically(target, bytes, stat ? stat.mode & 0o7777 : undefined);
}

function writeStdout(bytes: Uint8Array): Promise<void> {
  return new Promise((done, fail) => {
    process.stdout.write(bytes, (error) => (error ? fail(error) : done()));
  });
}

/** A device, FIFO or socket: open it for writing (no truncating rename) and write. */
async function writeInPlace(target: string, bytes: Uint8Array): Promise<void> {
  const handle = await fs.open(target, "w");
  try {
    await handle.writeFile(bytes);
  } finally {
    await handle.close();
  }
}

const TEMP = /^\.(.+)\.(\d+)\.[0-9a-f]{12}\.tmp$/;

function tempName(target: string): string {
  return join(
    dirname(target),
    `.${basename(target)}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`,
  );
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Removes temporary files of earlier writes to `target` whose process is gone (killed mid-write). */
async function removeOrphans(target: string): Promise<void> {
  const dir = dirname(target);
  const name = basename(target);
  const entries = await fs.readdir(dir).catch(() => [] as string[]);
  for (const entry of entries) {
    const match = TEMP.exec(entry);
    if (!match || match[1] !== name) continue;
    const pid = Number(match[2]);
    if (pid !== process.pid && !isAlive(pid))
      await fs.rm(join(dir, entry), { force: true }).catch(() => undefined);
  }
}

async function replaceAtomically(target: string, bytes: Uint8Array, mode?: number): Promise<void> {
  const temp = tempName(target);
  let handle: FileHandle | undefined;
  let created = false;
  try {
    handle = await fs.open(temp, "wx");
    created = true;
    if (mode !== undefined) await handle.chmod(mode);
    await handle.writeFile(bytes);
    await handle.sync();
    await handle.close();
    handle = undefined;
    await fs.rename(temp, target);
    created = false;
  } catch (e) {
    if (handle !== undefined) await handle.close().catch(() => undefined);
    if (created) await fs.rm(temp, { force: true }).catch(() => undefined);
    throw e;
  }
  await syncDirectory(dirname(target));
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
