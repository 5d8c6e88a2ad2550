/**
 * digitGrid: 28×28 grey images (MNIST digits) in a grid, each with the label a model read, wrong
 * ones framed and named, on the common document and theme.
 */
import { el, group, svgDocument, text, titleText, titledTheme } from "./svg.js";
import { paletteColour, resolveTheme } from "./theme.js";
import type { ViewOptions } from "./types.js";

/** One digit for {@link digitGrid}: its pixels, its true label and what the model read. */
export interface DigitCard {
  /** 784 grey levels in [0, 1], row-major. */
  pixels: ArrayLike<number>;
  /** The true digit. */
  label: number;
  /** The model's reading; a card whose reading differs from its label is framed. */
  predicted: number;
}

/** Layout of {@link digitGrid}. */
export interface DigitGridOptions extends ViewOptions {
  /** Digits per row (default: as many as fit the width, at most 8). */
  columns?: number;
  /** Screen pixels per image pixel (default 3). */
  cell?: number;
}

const SIDE = 28;
const LEVELS = 8;

/** One digit as paths: pixels quantised to 8 greys, one path per grey, equal runs merged. */
function digitPaths(pixels: ArrayLike<number>): string {
  const paths: string[][] = Array.from({ length: LEVELS + 1 }, () => []);
  for (let r = 0; r < SIDE; r++) {
    let c = 0;
    while (c < SIDE) {
      const level = Math.round((pixels[r * SIDE + c] ?? 0) * LEVELS);
      let end = c + 1;
      while (end < SIDE && Math.round((pixels[r * SIDE + end] ?? 0) * LEVELS) === level) end++;
      if (level > 0) paths[level]!.push(`M${c} ${r}h${end - c}v1h-${end - c}z`);
      c = end;
    }
  }
  return paths
    .map((d, level) => {
      if (d.length === 0) return "";
      const grey = Math.round(255 * (1 - level / LEVELS))
        .toString(16)
        .padStart(2, "0");
      return el("path", { d: d.join(""), fill: `#${grey}${grey}${grey}` });
    })
    .join("");
}

/**
 * 28×28 grey images (MNIST digits) in a grid, each with the label a model read; wrong ones are
 * framed and named. Returns an SVG document string. No PyTorch equivalent (torchvision's
 * `make_grid` for the images).
 *
 * @example
 * ```ts
 * import { viz } from "descentjs";
 * import { loadMnist } from "descentjs/node";
 * const { test } = loadMnist();
 * const pixels = test.x.toTypedArray();
 * const labels = test.y.toTypedArray();
 * const cards = [0, 1, 2, 3].map((i) => ({
 *   pixels: pixels.subarray(784 * i, 784 * (i + 1)),
 *   label: labels[i]!,
 *   predicted: labels[i]!, // a model's argmax here
 * }));
 * const svg = viz.digitGrid(cards, { columns: 4 });
 * ```
 */
export function digitGrid(cards: readonly DigitCard[], options: DigitGridOptions = {}): string {
  const theme = resolveTheme(options.theme);
  const cell = options.cell ?? 3;
  const size = SIDE * cell;
  const [gapX, gapY, left] = [16, theme.fontSize + 28, 16];
  const fit = Math.floor(((options.width ?? 8 * (size + gapX)) - 2 * left + gapX) / (size + gapX));
  const columns = Math.max(1, options.columns ?? Math.min(8, fit));
  const rows = Math.ceil(cards.length / columns);
  const width = options.width ?? left * 2 + columns * size + (columns - 1) * gapX;
  const title = options.title ?? "Digits and what the model reads";
  const top = titledTheme(theme, title, width).margin.top;
  const height = top + rows * (size + gapY) + 8;
  const wrongColour = paletteColour(theme, 1);
  const items = cards.map((card, i) => {
    const x = left + (i % columns) * (size + gapX);
    const y = top + Math.floor(i / columns) * (size + gapY);
    const ok = card.label === card.predicted;
    const caption = ok ? `✓ ${card.predicted}` : `✗ ${card.predicted} (is ${card.label})`;
    return group({ class: "digit", "data-label": card.label, "data-predicted": card.predicted }, [
      el("rect", {
        x: x - 1,
        y: y - 1,
        width: size + 2,
        height: size + 2,
        fill: "#ffffff",
        stroke: ok ? "#999999" : wrongColour,
        "stroke-width": ok ? 1 : 2.5,
      }),
      el(
        "g",
        { transform: `translate(${x} ${y}) scale(${cell})`, "shape-rendering": "crispEdges" },
        digitPaths(card.pixels),
      ),
      text(x + size / 2, y + size + theme.fontSize + 6, caption, {
        "text-anchor": "middle",
        fill: ok ? theme.foreground : wrongColour,
        "font-weight": ok ? "normal" : "bold",
      }),
    ]);
  });
  const wrong = cards.filter((c) => c.label !== c.predicted).length;
  const desc =
    options.desc ??
    `${cards.length} digits with the model's predictions; ${wrong} of them wrong: ${cards.map((c) => (c.label === c.predicted ? `${c.label}` : `${c.label} read as ${c.predicted}`)).join(", ")}.`;
  return svgDocument({
    width,
    height,
    title,
    desc,
    theme,
    className: "descent-digits",
    idPrefix: options.idPrefix,
    body: [titleText(title, theme, width), ...items],
  });
}
