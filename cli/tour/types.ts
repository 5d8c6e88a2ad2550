/** The pieces of the lecture tour (`descent demo`): what a chapter returns, and small helpers. */
import { num } from "../format.js";

export interface TourOptions {
  /** Smaller settings (tests): fewer seeds, a small MNIST run. */
  quick: boolean;
}

/** One picture: an SVG string, written as `<file>.svg` with --pictures. */
export interface TourPicture {
  /** The file name without extension, starting with the chapter number, e.g. "01-cubic-quartic". */
  file: string;
  svg: string;
  caption: string;
  /** Shown at its natural size, scrolling sideways when wider than the page (big graphs). */
  wide?: boolean;
}

/** A small table of the numbers behind a picture. */
export interface TourTable {
  caption: string;
  header: readonly string[];
  rows: readonly (readonly string[])[];
}

/** What a chapter produces. */
export interface ChapterContent {
  /** The lecture's words (quoted), one string per paragraph. */
  lecture: readonly string[];
  /** What the chapter ran, in a sentence or two. */
  summary: string;
  pictures: TourPicture[];
  tables: TourTable[];
  /** The line printed while the tour runs (without the chapter number). */
  line: string;
  /** Pseudocode or code shown verbatim. */
  code?: string;
}

export interface Chapter {
  number: number;
  title: string;
  /** File-name part of the chapter's first picture, e.g. "cubic-quartic". */
  slug: string;
  run(options: TourOptions): Promise<ChapterContent> | ChapterContent;
}

/** "01", "02", … for file names. */
export const two = (n: number): string => String(n).padStart(2, "0");

/** A number for prose: 4 significant digits, a real minus sign. */
export function n4(x: number, digits = 4): string {
  return num(x, digits).replace(/^-/, "−").replace(/e-/, "e−");
}

/** Reads the width and height of an SVG root. */
export function svgSize(svg: string): [number, number] {
  const w = /^<svg[^>]*?\swidth="([\d.]+)"/.exec(svg);
  const h = /^<svg[^>]*?\sheight="([\d.]+)"/.exec(svg);
  return [Number(w?.[1] ?? 600), Number(h?.[1] ?? 400)];
}
