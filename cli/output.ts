/** Files the CLI writes: atomically (temp file + rename), SVG or PNG by extension, JSON. */
import { extname } from "node:path";
import { renderPng } from "../src/viz/png-node.js";
import { writeFileAtomic } from "../src/io/node.js";
import { unwritableReason } from "../src/io/files.js";
import { UsageError } from "./args.js";

async function write(path: string, data: Uint8Array): Promise<void> {
  try {
    await writeFileAtomic(path, data);
  } catch (error) {
    throw new UsageError(`cannot write ${path}: ${(error as Error).message}`);
  }
}

export async function writeText(path: string, text: string): Promise<void> {
  await write(path, new TextEncoder().encode(text));
}

export async function writeJson(path: string, value: unknown): Promise<void> {
  await writeText(path, JSON.stringify(value, null, 1) + "\n");
}

/** Writes an SVG view to .svg, or renders it to .png. */
export async function writePicture(path: string, svg: string): Promise<void> {
  if (extname(path).toLowerCase() === ".png") await write(path, await renderPng(svg));
  else await writeText(path, svg);
}

/** Checks an output path before any work is done: its folder exists and can be written. */
export function checkOutputPath(path: string | undefined, flag: string): void {
  if (path === undefined) return;
  const reason = unwritableReason(path);
  if (reason !== null) throw new UsageError(`--${flag} ${path}: ${reason}`);
}

/** Checks a --plot path before any work is done: .svg or .png, and writable. */
export function checkPicturePath(path: string | undefined, flag = "plot"): void {
  if (path === undefined) return;
  const ext = extname(path).toLowerCase();
  if (ext !== ".svg" && ext !== ".png")
    throw new UsageError(`--${flag} must end in .svg or .png; got "${path}"`);
  checkOutputPath(path, flag);
}
