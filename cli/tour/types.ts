/** The pieces of the lecture tour (`descent demo`): what a chapter returns, and small helpers. */
import { panels, type ThemeOverrides } from "../../src/viz/index.js";
import { num } from "../format.js";

export interface TourOptions {
  /** Smaller settings (tests): fewer seeds, a small MNIST run. */
  quick: boolean;
}

/**
 * The size a picture is drawn at: the page shows the wide views side by side on a desktop and
 * switches to narrow ones (drawn at 360 px with 13 px text, so it stays ≥ 11 px on a 390 px
 * phone) stacked one under another below 700 px.
 */
export interface Size {
  width: number;
  theme?: ThemeOverrides;
  narrow: boolean;
}

export const WIDE: Size = { width: 560, narrow: false };
export const NARROW: Size = { width: 360, theme: { fontSize: 13 }, narrow: true };

/** A height designed for the wide size, for `size` (narrow views keep more height per width). */
export const tall = (size: Size, height: number): number =>
  Math.round(height * Math.max(size.width / WIDE.width, size.narrow ? 0.8 : 0));

/** One figure: one or more views, written as `<file>.svg` with --pictures. */
export interface TourPicture {
  /** The file name without extension, starting with the chapter number, e.g. "01-cubic-quartic". */
  file: string;
  /** The views, drawn at a size; a figure of several views is a row that stacks on a phone. */
  views: (size: Size) => string[];
  /** The SVG file: the wide views side by side (see `figure`). */
  svg: string;
  caption: string;
  /** A big graph: fitted to the page width, with a link to its natural size. */
  wide?: boolean;
  /** The view at natural size, for `wide` figures. */
  natural?: string;
}

/** A picture whose file is its wide views as one SVG (src/viz panels). */
export function figure(
  file: string,
  views: (size: Size) => string[],
  spec: { title: string; desc: string; caption: string },
): TourPicture {
  const wide = views(WIDE);
  const svg = wide.length === 1 ? wide[0]! : panels(wide, { title: spec.title, desc: spec.desc });
  return { file, views, svg, caption: spec.caption };
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
