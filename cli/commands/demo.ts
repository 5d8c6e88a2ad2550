/** descent demo: the lecture tour — every chapter run and drawn, one HTML report at the end. */
import { mkdir } from "node:fs/promises";
import { extname, join, resolve } from "node:path";
import { UsageError, type CommandSpec, type FlagValues } from "../args.js";
import { writePicture, writeText } from "../output.js";
import { reportHtml, type ReportChapter } from "../report.js";
import { CHAPTERS } from "../tour/index.js";

export const demoSpec = {
  name: "demo",
  summary: "run the lecture tour: every idea in order, drawn into one HTML report",
  usage: "descent demo [--out tour.html] [--pictures dir] [--quick] [--only 1,3,8]",
  positionals: [],
  flags: {
    out: {
      type: "string",
      help: "the HTML report (self-contained: inline SVG, no scripts)",
      default: "descent-tour.html",
      placeholder: "file.html",
    },
    pictures: {
      type: "string",
      help: "also write every picture as an .svg file in this directory",
      placeholder: "dir",
    },
    quick: {
      type: "boolean",
      help: "small settings for a fast run: fewer seeds, MNIST 1 epoch on 2,000 digits",
    },
    only: {
      type: "numbers",
      help: `run only these chapters (1-${CHAPTERS.length})`,
      placeholder: "1,3,8",
    },
  },
  examples: [
    "descent demo",
    "descent demo --out tour.html --pictures tour-pictures",
    "descent demo --quick --only 3,5",
  ],
} as const satisfies CommandSpec;

function chosenChapters(only: number[] | undefined) {
  if (only === undefined) return CHAPTERS;
  const numbers = CHAPTERS.map((c) => c.number);
  const bad = only.filter((n) => !numbers.includes(n));
  if (bad.length > 0)
    throw new UsageError(
      `--only: no chapter ${bad.join(", ")}; the chapters are ${numbers[0]}-${numbers[numbers.length - 1]}`,
    );
  return CHAPTERS.filter((c) => only.includes(c.number));
}

export async function runDemo(
  _positionals: string[],
  flags: FlagValues<typeof demoSpec.flags>,
): Promise<void> {
  const out = flags.out;
  const ext = extname(out).toLowerCase();
  if (ext !== ".html" && ext !== ".htm")
    throw new UsageError(`--out must end in .html; got "${out}"`);
  const picturesDir = flags.pictures;
  const quick = flags.quick === true;
  const chapters = chosenChapters(flags.only);
  if (picturesDir !== undefined) {
    try {
      await mkdir(picturesDir, { recursive: true });
    } catch (error) {
      throw new UsageError(`--pictures: cannot create ${picturesDir}: ${(error as Error).message}`);
    }
  }

  const started = performance.now();
  console.log(
    `descent demo: the lecture tour, ${chapters.length} chapter${chapters.length === 1 ? "" : "s"}${quick ? " (quick)" : ""}`,
  );
  const done: ReportChapter[] = [];
  const files: string[] = [];
  for (const chapter of chapters) {
    const t0 = performance.now();
    const content = await chapter.run({ quick });
    const seconds = (performance.now() - t0) / 1000;
    console.log(`${chapter.number}. ${content.line} (${seconds.toFixed(1)} s)`);
    done.push({ chapter, content, seconds });
    if (picturesDir !== undefined)
      for (const picture of content.pictures) {
        const path = join(picturesDir, `${picture.file}.svg`);
        await writePicture(path, picture.svg);
        files.push(path);
      }
  }
  const seconds = (performance.now() - started) / 1000;
  const html = reportHtml(done, {
    quick,
    seconds,
    date: new Date().toISOString().slice(0, 10),
    command: `descent demo${quick ? " --quick" : ""}${flags.only ? ` --only ${flags.only.join(",")}` : ""}`,
  });
  await writeText(out, html);
  if (picturesDir !== undefined)
    console.log(`pictures: ${files.length} SVG files in ${resolve(picturesDir)}`);
  console.log(`report: ${resolve(out)} (${seconds.toFixed(1)} s)`);
}
