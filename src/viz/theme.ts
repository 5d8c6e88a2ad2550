/**
 * The look shared by every view: fonts, sizes, margins and colour-blind-safe palettes
 * (Okabe–Ito for categories, viridis/cividis for heat-maps, PuOr for signed values).
 */
import { interpolateCividis, interpolatePuOr, interpolateViridis } from "d3-scale-chromatic";

/** Okabe & Ito's eight colours, ordered for a white background (yellow, the faintest, last). */
export const OKABE_ITO: readonly string[] = [
  "#0072B2", // blue
  "#D55E00", // vermillion
  "#009E73", // bluish green
  "#CC79A7", // reddish purple
  "#E69F00", // orange
  "#56B4E9", // sky blue
  "#000000", // black
  "#F0E442", // yellow
];

/** Space around a view's plot area, in px, for the title, axes and labels. */
export interface Margins {
  /** Above the plot area (the title's room). */
  top: number;
  /** Right of the plot area. */
  right: number;
  /** Below the plot area (the x axis and its title). */
  bottom: number;
  /** Left of the plot area (the y axis; views widen it to fit their tick labels). */
  left: number;
}

/** The look every view shares: fonts, sizes, colours and margins. */
export interface Theme {
  /** Text font (DejaVu Sans first, the font PNG export embeds). */
  fontFamily: string;
  /** Font of numbers in tables and graph boxes. */
  monoFamily: string;
  /** Tick labels, legends, annotations (px, ≥ 11). */
  fontSize: number;
  /** The title's size (px). */
  titleSize: number;
  /** The document's background colour. */
  background: string;
  /** Text and line colour. */
  foreground: string;
  /** Secondary text and axis lines. */
  muted: string;
  /** Grid line colour. */
  grid: string;
  /** Categorical colours: runs, series, classes. */
  palette: readonly string[];
  /** Sequential colour for heat-maps and filled contours, t ∈ [0, 1] (low → high). */
  sequential: (t: number) => string;
  /** Diverging colour for signed values, t ∈ [0, 1] (0.5 = zero). */
  diverging: (t: number) => string;
  /** Colour of the ε-region (where the gradient is below the threshold). */
  epsilon: string;
  /** Colour of known minima and of the start marker. */
  marker: string;
  /** Space around the plot area. */
  margin: Margins;
}

/** The theme views use unless given overrides: Okabe–Ito, viridis, PuOr, DejaVu, white. */
export const DEFAULT_THEME: Theme = {
  fontFamily: "'DejaVu Sans', Verdana, 'Segoe UI', Arial, sans-serif",
  monoFamily: "'DejaVu Sans Mono', Menlo, Consolas, monospace",
  fontSize: 12,
  titleSize: 15,
  background: "#ffffff",
  foreground: "#222222",
  muted: "#555555",
  grid: "#e6e6e6",
  palette: OKABE_ITO,
  sequential: interpolateViridis,
  diverging: interpolatePuOr,
  epsilon: "#009E73",
  marker: "#000000",
  margin: { top: 40, right: 20, bottom: 46, left: 58 },
};

/** Named sequential maps that are safe for colour-vision deficiencies. */
export const SEQUENTIAL: {
  /** Viridis (the default): dark blue to yellow. */
  readonly viridis: (t: number) => string;
  /** Cividis: blue to yellow, even for the rarest colour-vision deficiency. */
  readonly cividis: (t: number) => string;
} = { viridis: interpolateViridis, cividis: interpolateCividis };

/** Any part of a Theme to change, margins side by side (a view's `theme` option). */
export type ThemeOverrides = Partial<Omit<Theme, "margin">> & {
  /** Some of the margins; the rest keep their defaults. */
  margin?: Partial<Margins>;
};

/** The full theme of some overrides: DEFAULT_THEME with them applied (margins merged). */
export function resolveTheme(overrides?: ThemeOverrides): Theme {
  if (!overrides) return DEFAULT_THEME;
  return {
    ...DEFAULT_THEME,
    ...overrides,
    margin: { ...DEFAULT_THEME.margin, ...overrides.margin },
  };
}

/** The i-th categorical colour (cycling). */
export function paletteColour(theme: Theme, i: number): string {
  const p = theme.palette;
  return p[((i % p.length) + p.length) % p.length] ?? "#000000";
}

function parseColour(c: string): [number, number, number] {
  const hex = /^#([0-9a-f]{6})$/i.exec(c.trim());
  if (hex) {
    const n = parseInt(hex[1]!, 16);
    return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
  }
  const rgb = /^rgb\(\s*(\d+)\s*,\s*(\d+)\s*,\s*(\d+)\s*\)$/i.exec(c.trim());
  if (rgb) return [Number(rgb[1]), Number(rgb[2]), Number(rgb[3])];
  return [0, 0, 0];
}

const hex2 = (v: number): string =>
  Math.round(Math.min(255, Math.max(0, v)))
    .toString(16)
    .padStart(2, "0");

/** Mixes colour `c` (#rrggbb or rgb()) with `other` (default white): t = 0 gives c, 1 gives other. */
export function mix(c: string, t: number, other = "#ffffff"): string {
  const a = parseColour(c);
  const b = parseColour(other);
  return `#${hex2(a[0] + (b[0] - a[0]) * t)}${hex2(a[1] + (b[1] - a[1]) * t)}${hex2(a[2] + (b[2] - a[2]) * t)}`;
}
