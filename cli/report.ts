/**
 * The tour's report: one self-contained HTML page (inline SVG, inline CSS, no scripts) with a
 * section per chapter, and the SVG helper it needs (panels side by side).
 */
import { escapeXml } from "../src/viz/index.js";
import type { Chapter, ChapterContent, TourTable } from "./tour/types.js";
import { svgSize } from "./tour/types.js";

/**
 * Several SVG views as one SVG: each view keeps its own root (nested <svg> at an offset), laid
 * out left to right in rows of `columns`.
 */
export function panels(
  views: readonly string[],
  spec: { title: string; desc: string; columns?: number; gap?: number },
): string {
  const columns = Math.max(1, spec.columns ?? views.length);
  const gap = spec.gap ?? 12;
  const sizes = views.map(svgSize);
  const rows: number[][] = [];
  views.forEach((_, i) => {
    if (i % columns === 0) rows.push([]);
    rows[rows.length - 1]!.push(i);
  });
  let width = 0;
  let y = 0;
  const placed: string[] = [];
  for (const row of rows) {
    let x = 0;
    let rowHeight = 0;
    for (const i of row) {
      const [w, h] = sizes[i]!;
      placed.push(views[i]!.replace(/^<svg /, `<svg x="${x}" y="${y}" `));
      x += w + gap;
      rowHeight = Math.max(rowHeight, h);
    }
    width = Math.max(width, x - gap);
    y += rowHeight + gap;
  }
  const height = y - gap;
  const id = `tour-${spec.title.toLowerCase().replace(/[^a-z0-9]+/g, "-")}`;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" ` +
    `viewBox="0 0 ${width} ${height}" role="img" aria-labelledby="${id}-title ${id}-desc" class="descent-viz descent-panels">` +
    `<title id="${id}-title">${escapeXml(spec.title)}</title>` +
    `<desc id="${id}-desc">${escapeXml(spec.desc)}</desc>` +
    `<rect width="${width}" height="${height}" fill="#ffffff"/>` +
    placed.join("") +
    `</svg>`
  );
}

const escapeHtml = escapeXml;

function tableHtml(t: TourTable): string {
  const head = t.header.map((h) => `<th>${escapeHtml(h)}</th>`).join("");
  const body = t.rows
    .map((r) => `<tr>${r.map((c) => `<td>${escapeHtml(c)}</td>`).join("")}</tr>`)
    .join("\n");
  return `<table><caption>${escapeHtml(t.caption)}</caption><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

export interface ReportChapter {
  chapter: Chapter;
  content: ChapterContent;
  seconds: number;
}

export interface ReportMeta {
  quick: boolean;
  seconds: number;
  date: string;
  command: string;
}

const CSS = `
:root { color-scheme: light; }
body { margin: 0; background: #f6f6f4; color: #222; font: 16px/1.55 "DejaVu Sans", Verdana, "Segoe UI", Arial, sans-serif; }
main { max-width: 1140px; margin: 0 auto; padding: 24px 20px 48px; }
h1 { font-size: 1.7em; margin: 0.4em 0 0.2em; }
h2 { font-size: 1.3em; margin: 0 0 0.5em; border-bottom: 2px solid #0072B2; padding-bottom: 0.2em; }
section { background: #fff; border: 1px solid #ddd; border-radius: 6px; padding: 18px 22px; margin: 22px 0; }
blockquote { margin: 0.6em 0; padding: 0.3em 1em; border-left: 4px solid #E69F00; background: #fdf8ee; color: #333; }
blockquote p { margin: 0.3em 0; }
figure { margin: 14px 0; }
figure svg { display: block; max-width: 100%; height: auto; }
figure.wide { width: calc(100vw - 48px); position: relative; left: 50%; transform: translateX(-50%); overflow-x: auto; }
figure.wide svg { max-width: none; margin: 0 auto; }
figure.wide figcaption { max-width: 1060px; margin: 4px auto 0; }
figcaption { font-size: 0.9em; color: #444; margin-top: 4px; }
table { border-collapse: collapse; margin: 10px 0 14px; font-size: 0.88em; }
caption { text-align: left; font-weight: bold; padding: 4px 0; }
th, td { border: 1px solid #ccc; padding: 3px 9px; text-align: right; font-variant-numeric: tabular-nums; }
th:first-child, td:first-child { text-align: left; }
thead th { background: #eef3f8; }
pre { background: #f4f4f4; border: 1px solid #ddd; padding: 10px 14px; overflow-x: auto; font-size: 0.88em; }
p.line { font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 0.85em; color: #333; background: #f4f4f4; padding: 6px 10px; border-radius: 4px; }
nav ol { columns: 2; margin: 0.4em 0; }
footer { color: #555; font-size: 0.85em; }
`;

/** The whole report as one HTML document. */
export function reportHtml(chapters: readonly ReportChapter[], meta: ReportMeta): string {
  const toc = chapters
    .map(
      ({ chapter }) =>
        `<li><a href="#chapter-${chapter.number}">${escapeHtml(chapter.title)}</a></li>`,
    )
    .join("");
  const sections = chapters.map(({ chapter, content, seconds }) => {
    const quote = content.lecture.map((p) => `<p>${escapeHtml(p)}</p>`).join("");
    const figures = content.pictures
      .map(
        (p) =>
          `<figure${p.wide ? ' class="wide"' : ""}>${p.svg}<figcaption>${escapeHtml(p.caption)}</figcaption></figure>`,
      )
      .join("\n");
    return [
      `<section id="chapter-${chapter.number}">`,
      `<h2>${chapter.number}. ${escapeHtml(chapter.title)}</h2>`,
      `<blockquote>${quote}</blockquote>`,
      `<p>${escapeHtml(content.summary)}</p>`,
      figures,
      content.code ? `<pre>${escapeHtml(content.code)}</pre>` : "",
      content.tables.map(tableHtml).join("\n"),
      `<p class="line">${chapter.number}. ${escapeHtml(content.line)} (${seconds.toFixed(1)} s)</p>`,
      `</section>`,
    ]
      .filter(Boolean)
      .join("\n");
  });
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>descent: a tour of gradient descent and backpropagation</title>
<style>${CSS}</style>
</head>
<body>
<main>
<header>
<h1>Gradient descent and backpropagation, run and drawn</h1>
<p>Every number and picture on this page was computed by <code>descent</code> (TypeScript tensors with reverse-mode autograd) while this page was made, following the order of the lecture <em>Gradient Descent and Backpropagation</em> (Amogh Tiwari). The quotes are the lecture's words.</p>
<nav><ol>${toc}</ol></nav>
</header>
${sections.join("\n")}
<footer><p>Made by <code>${escapeHtml(meta.command)}</code> on ${escapeHtml(meta.date)}${meta.quick ? " with --quick (small settings)" : ""} in ${meta.seconds.toFixed(1)} s.</p></footer>
</main>
</body>
</html>
`;
}
