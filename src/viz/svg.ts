/**
 * Small string builders for SVG: escaping, number formatting, elements and the document shell
 * (root with width/height/viewBox, <title>, <desc>, role="img").
 */
import type { Theme } from "./theme.js";

/** Escapes text and attribute values for XML (&, <, >, ", '). */
export function escapeXml(s: string): string {
  return s.replace(/[&<>"']/g, (c) =>
    c === "&" ? "&amp;" : c === "<" ? "&lt;" : c === ">" ? "&gt;" : c === '"' ? "&quot;" : "&#39;",
  );
}

/** A coordinate for SVG: at most 2 decimals, no "-0". */
export function px(v: number): string {
  const r = Math.round(v * 100) / 100;
  return Object.is(r, -0) ? "0" : String(r);
}

/**
 * A number for people: up to `digits` significant digits, exponent form for very large or small
 * magnitudes, trailing zeros dropped and a real minus sign (−).
 */
export function formatNumber(v: number, digits = 4): string {
  if (Number.isNaN(v)) return "NaN";
  if (!Number.isFinite(v)) return v > 0 ? "∞" : "−∞";
  if (v === 0) return "0";
  const a = Math.abs(v);
  let s: string;
  if (a >= 1e5 || a < 1e-3) {
    const [m, e] = v.toExponential(Math.max(0, digits - 1)).split("e");
    s = `${trimZeros(m!)}e${e!.replace("+", "")}`;
  } else if (a >= 10 ** digits) {
    s = String(Math.round(v));
  } else {
    s = trimZeros(v.toPrecision(digits));
  }
  return s.replace(/-/g, "−");
}

function trimZeros(s: string): string {
  return s.includes(".") ? s.replace(/\.?0+$/, "") : s;
}

export type Attrs = Record<string, string | number | undefined | null | false>;

function renderAttrs(attrs: Attrs): string {
  let out = "";
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    out += ` ${k}="${escapeXml(typeof v === "number" ? px(v) : v)}"`;
  }
  return out;
}

/** `<name attrs>children</name>`, or self-closing without children. Children are raw markup. */
export function el(name: string, attrs: Attrs = {}, children?: string): string {
  const a = renderAttrs(attrs);
  return children === undefined || children === ""
    ? `<${name}${a}/>`
    : `<${name}${a}>${children}</${name}>`;
}

/** A `<text>` element whose content is escaped. */
export function text(x: number, y: number, content: string, attrs: Attrs = {}): string {
  return el("text", { x, y, ...attrs }, escapeXml(content));
}

export function group(attrs: Attrs, children: readonly string[]): string {
  return el("g", attrs, children.join(""));
}

/** Points of a polyline: "x1,y1 x2,y2 …". */
export function pointsAttr(points: readonly (readonly [number, number])[]): string {
  return points.map(([x, y]) => `${px(x)},${px(y)}`).join(" ");
}

/** A short hash of a string (FNV-1a, base 36). */
export function hashText(content: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < content.length; i++) {
    h ^= content.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(36);
}

/**
 * An id derived from the content it names: SVGs injected side by side in one HTML page share one
 * id space, and equal ids then always name equal definitions.
 */
export function contentId(kind: string, content: string): string {
  return `descent-${kind}-${hashText(content)}`;
}

export interface Def {
  id: string;
  svg: string;
}

/** An arrow-head marker in `colour`; lines use marker-end="url(#id)". */
export function arrowMarker(colour: string, size = 8): Def {
  const id = contentId("arrow", `${colour}|${size}`);
  const svg = el(
    "marker",
    {
      id,
      viewBox: "0 0 10 10",
      refX: 9,
      refY: 5,
      markerWidth: size,
      markerHeight: size,
      markerUnits: "userSpaceOnUse",
      orient: "auto-start-reverse",
    },
    el("path", { d: "M0,0 L10,5 L0,10 z", fill: colour }),
  );
  return { id, svg };
}

export interface DocumentSpec {
  width: number;
  height: number;
  title: string;
  desc: string;
  theme: Theme;
  /** Extra class on the root, e.g. "descent-contour". */
  className: string;
  /** Ids of <title> and <desc> become `${idPrefix}-title` and `${idPrefix}-desc`. */
  idPrefix?: string;
  defs?: readonly string[];
  body: readonly string[];
}

/**
 * The ids of a document's <title> and <desc>. By default they carry a hash of everything the
 * document shows, so that two views of one kind inlined into one page do not clash (equal ids
 * only for equal pictures): e.g. descent-graph-title-1x2y3z.
 */
export function documentIds(spec: DocumentSpec): { title: string; desc: string } {
  if (spec.idPrefix !== undefined)
    return { title: `${spec.idPrefix}-title`, desc: `${spec.idPrefix}-desc` };
  const content = [
    spec.width,
    spec.height,
    spec.title,
    spec.desc,
    ...(spec.defs ?? []),
    ...spec.body,
  ].join("\u0000");
  const hash = hashText(content);
  return { title: `${spec.className}-title-${hash}`, desc: `${spec.className}-desc-${hash}` };
}

/** The root <svg> with title, desc, background and the shared font settings. */
export function svgDocument(spec: DocumentSpec): string {
  const { width, height, theme } = spec;
  const ids = documentIds(spec);
  // stroke="none" is SVG's default, stated because ImageMagick's renderer otherwise outlines text.
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${px(width)}" height="${px(height)}" ` +
    `viewBox="0 0 ${px(width)} ${px(height)}" role="img" aria-labelledby="${escapeXml(`${ids.title} ${ids.desc}`)}" ` +
    `class="descent-viz ${spec.className}" font-family="${escapeXml(theme.fontFamily)}" ` +
    `font-size="${theme.fontSize}" fill="${escapeXml(theme.foreground)}" stroke="none">` +
    `<title id="${escapeXml(ids.title)}">${escapeXml(spec.title)}</title>` +
    `<desc id="${escapeXml(ids.desc)}">${escapeXml(spec.desc)}</desc>` +
    (spec.defs && spec.defs.length > 0 ? `<defs>${spec.defs.join("")}</defs>` : "") +
    el("rect", { width, height, fill: theme.background, class: "background" }) +
    spec.body.join("") +
    `</svg>`
  );
}

/**
 * How a title is set in a document `width` px wide: at the theme's title size, or smaller (down to
 * the text size, never below: it must stay readable on a phone), and if it still does not fit,
 * on two lines broken at a space.
 */
export function titleLines(title: string, theme: Theme, width = Infinity) {
  // Bold DejaVu Sans is about 8 % wider than regular.
  const fits = (s: string, size: number) => textWidth(s, size) * 1.08 <= width - 24;
  let size = theme.titleSize;
  while (size > theme.fontSize && !fits(title, size)) size -= 0.5;
  if (fits(title, size)) return { lines: [title], size };
  const words = title.split(" ");
  let k = words.length - 1;
  while (k > 1 && !fits(words.slice(0, k).join(" "), size)) k--;
  return { lines: [words.slice(0, k).join(" "), words.slice(k).join(" ")], size };
}

/** A theme whose top margin makes room for a title set on two lines. */
export function titledTheme(theme: Theme, title: string, width: number): Theme {
  const t = titleLines(title, theme, width);
  if (t.lines.length === 1) return theme;
  return { ...theme, margin: { ...theme.margin, top: theme.margin.top + t.size + 4 } };
}

/** The title at the top left (see titleLines). */
export function titleText(title: string, theme: Theme, width = Infinity): string {
  const t = titleLines(title, theme, width);
  return t.lines
    .map((line, i) =>
      text(12, 22 + i * (t.size + 4), line, {
        class: i === 0 ? "title" : "title title-continued",
        "font-size": t.size,
        "font-weight": "bold",
      }),
    )
    .join("");
}

/**
 * DejaVu Sans advance widths in em for the characters whose width is far from the average, so
 * that legends wrap before an entry runs into the next ("momentum 0.95" is wider than 13 × 0.6 em).
 */
const SANS_EM: Record<string, number> = {
  " ": 0.318,
  ".": 0.318,
  ",": 0.318,
  ":": 0.337,
  ";": 0.337,
  "(": 0.39,
  ")": 0.39,
  "[": 0.39,
  "]": 0.39,
  "|": 0.337,
  "‖": 0.55,
  "'": 0.275,
  "/": 0.337,
  "-": 0.361,
  "−": 0.838,
  "+": 0.838,
  "=": 0.838,
  "<": 0.838,
  ">": 0.838,
  "·": 0.318,
  "×": 0.838,
  "∇": 0.84,
  "→": 0.838,
  "…": 1,
  f: 0.352,
  i: 0.278,
  j: 0.278,
  l: 0.278,
  m: 0.974,
  r: 0.411,
  t: 0.392,
  w: 0.818,
  s: 0.521,
  c: 0.55,
  z: 0.525,
  k: 0.579,
  v: 0.592,
  x: 0.592,
  y: 0.592,
  I: 0.295,
  J: 0.295,
  M: 0.863,
  W: 0.989,
  "²": 0.4,
  "³": 0.4,
  "⁴": 0.4,
  ᵗ: 0.4,
  "₁": 0.4,
  "₂": 0.4,
  ᵢ: 0.3,
};

/** Estimated width of `s` in px at `size`: DejaVu Sans widths (0.63 em for most letters). */
export function textWidth(s: string, size: number): number {
  let em = 0;
  for (const c of s)
    em +=
      SANS_EM[c] ??
      (c >= "0" && c <= "9" ? 0.636 : c >= "A" && c <= "Z" ? 0.7 : c < "\u0080" ? 0.62 : 0.65);
  return em * size;
}

/** Widths in em of DejaVu Sans's digits and number signs; tick labels are made of them. */
const NUMBER_EM: Record<string, number> = { "−": 0.838, "-": 0.361, ".": 0.318, ",": 0.318 };

/** Estimated width of a number label in px at `size`: digits are 0.636 em, a minus 0.838 em. */
export function numberWidth(s: string, size: number): number {
  let em = 0;
  for (const c of s) em += NUMBER_EM[c] ?? (c >= "0" && c <= "9" ? 0.636 : 0.6);
  return em * size;
}

const SUPERSCRIPT: Record<string, string> = {
  "0": "⁰",
  "1": "¹",
  "2": "²",
  "3": "³",
  "4": "⁴",
  "5": "⁵",
  "6": "⁶",
  "7": "⁷",
  "8": "⁸",
  "9": "⁹",
};

/** A formula for reading: x^2 → x², * → ·, - → −. */
export function prettyFormula(src: string): string {
  return src
    .replace(/\^(\d+)/g, (_, d: string) => [...d].map((c) => SUPERSCRIPT[c] ?? c).join(""))
    .replace(/\s*\*\s*/g, "·")
    .replace(/-/g, "−");
}
