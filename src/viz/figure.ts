/**
 * Figures of several views: `panels` lays views out as one SVG document (each view keeps its own
 * root, nested at an offset) for files and PNGs; a web page instead places the same views in a
 * wrapping row so that they stack on a narrow screen. `svgSize` reads a view's size.
 */
import { svgDocument } from "./svg.js";
import { resolveTheme, type ThemeOverrides } from "./theme.js";

/** The width and height of an SVG root (600 × 400 when absent). */
export function svgSize(svg: string): [number, number] {
  const w = /^<svg[^>]*?\swidth="([\d.]+)"/.exec(svg);
  const h = /^<svg[^>]*?\sheight="([\d.]+)"/.exec(svg);
  return [Number(w?.[1] ?? 600), Number(h?.[1] ?? 400)];
}

/** The figure's title and description, and how {@link panels} arranges its views. */
export interface PanelsSpec {
  /** The figure's <title>. */
  title: string;
  /** The figure's <desc>: what a reader who cannot see it should know. */
  desc: string;
  /** Views per row (default all in one row). */
  columns?: number;
  /** Space between views in px (default 12). */
  gap?: number;
  /** Background and fonts of the outer document. */
  theme?: ThemeOverrides;
  /** Prefix of the outer document's title and desc ids (as in ViewOptions). */
  idPrefix?: string;
}

/** Several views as one SVG: rows of `columns` views, left to right, each at its own size. */
export function panels(views: readonly string[], spec: PanelsSpec): string {
  const columns = Math.max(1, spec.columns ?? views.length);
  const gap = spec.gap ?? 12;
  const placed: string[] = [];
  let width = 0;
  let y = 0;
  for (let start = 0; start < views.length; start += columns) {
    let x = 0;
    let rowHeight = 0;
    for (const view of views.slice(start, start + columns)) {
      const [w, h] = svgSize(view);
      // A translated group, not x/y on the nested root: ImageMagick ignores those.
      placed.push(`<g transform="translate(${x} ${y})">${view}</g>`);
      x += w + gap;
      rowHeight = Math.max(rowHeight, h);
    }
    width = Math.max(width, x - gap);
    y += rowHeight + gap;
  }
  return svgDocument({
    width: Math.max(1, width),
    height: Math.max(1, y - gap),
    title: spec.title,
    desc: spec.desc,
    theme: resolveTheme(spec.theme),
    className: "descent-panels",
    idPrefix: spec.idPrefix,
    body: placed,
  });
}
