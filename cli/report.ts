/**
 * The tour's report: one self-contained HTML page (inline SVG, inline CSS, no scripts) with a
 * section per chapter. Responsive without scripts: each figure holds its views drawn wide (side
 * by side, wrapping) and narrow (stacked, shown below 700 px), so text stays ≥ 11 px on screen;
 * tables scroll in their own box; a big graph fits the width and opens at natural size.
 */
import { escapeXml, svgSize } from "../src/viz/index.js";
import type { Chapter, ChapterContent, TourPicture, TourTable } from "./tour/types.js";
import { NARROW, WIDE } from "./tour/types.js";

const escapeHtml = escapeXml;

const NUMBER = /^[−+-]?[\d.,]+(e[−-]?\d+)?( %)?$|^—$/;

/** Numbers right-aligned (tabular figures), words left-aligned, in a box that scrolls sideways. */
function tableHtml(t: TourTable): string {
  const numeric = t.header.map(
    (_, c) => t.rows.length > 0 && t.rows.every((r) => NUMBER.test((r[c] ?? "").trim())),
  );
  const cls = (c: number) => (numeric[c] ? ' class="num"' : "");
  const head = t.header.map((h, c) => `<th${cls(c)}>${escapeHtml(h)}</th>`).join("");
  const body = t.rows
    .map((r) => `<tr>${r.map((v, c) => `<td${cls(c)}>${escapeHtml(v)}</td>`).join("")}</tr>`)
    .join("\n");
  return `<div class="table-scroll"><table><caption>${escapeHtml(t.caption)}</caption><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table></div>`;
}

/** One view in a wrapping row: never wider than drawn, never narrower than 11/12 of it. */
function viewHtml(svg: string, shrinkable: boolean): string {
  const [w] = svgSize(svg);
  const basis = shrinkable ? 0 : Math.ceil((w * 11) / 12);
  return `<div class="view" style="flex: 1 1 ${basis}px; max-width: ${w}px">${svg}</div>`;
}

function figureHtml(p: TourPicture): string {
  const row = (views: string[], cls: string, zoom: boolean) =>
    `<div class="views ${cls}"${zoom ? " data-zoom-to-fit" : ""}>${views.map((v) => viewHtml(v, zoom)).join("")}</div>`;
  const natural = p.natural
    ? `<details class="natural"><summary>Show the graph at its natural size (scrolls sideways)</summary><div class="scroll">${p.natural}</div></details>`
    : "";
  return `<figure id="figure-${p.file}">${row(p.views(WIDE), "wide", false)}${row(p.views(NARROW), "narrow", p.wide === true)}${natural}<figcaption>${escapeHtml(p.caption)}</figcaption></figure>`;
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
main { max-width: 1180px; margin: 0 auto; padding: 24px 20px 48px; }
h1 { font-size: 1.7em; margin: 0.4em 0 0.2em; }
h2 { font-size: 1.3em; margin: 0 0 0.5em; border-bottom: 2px solid #0072B2; padding-bottom: 0.2em; }
section { background: #fff; border: 1px solid #ddd; border-radius: 6px; padding: 18px 22px; margin: 22px 0; }
blockquote { margin: 0.6em 0; padding: 0.3em 1em; border-left: 4px solid #E69F00; background: #fdf8ee; color: #333; }
blockquote p { margin: 0.3em 0; }
figure { margin: 14px 0; }
.views { display: flex; flex-wrap: wrap; gap: 12px; justify-content: center; }
.view { min-width: 0; }
.view svg { display: block; width: 100%; height: auto; }
.views.narrow { display: none; }
details.natural { margin: 6px 0; font-size: 0.9em; }
details.natural .scroll { overflow-x: auto; border: 1px solid #ddd; }
details.natural svg { display: block; max-width: none; }
figcaption { font-size: 0.9em; color: #444; margin-top: 4px; }
.table-scroll { overflow-x: auto; margin: 10px 0 14px; }
table { border-collapse: collapse; font-size: 0.88em; }
caption { text-align: left; font-weight: bold; padding: 4px 0; }
th, td { border: 1px solid #ccc; padding: 3px 9px; text-align: left; vertical-align: top; }
th.num, td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
thead th { background: #eef3f8; }
pre { background: #f4f4f4; border: 1px solid #ddd; padding: 10px 14px; overflow-x: auto; font-size: 0.88em; }
p.line { font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 0.85em; color: #333; background: #f4f4f4; padding: 6px 10px; border-radius: 4px; overflow-wrap: anywhere; }
nav ol { columns: 2; margin: 0.4em 0; }
footer { color: #555; font-size: 0.85em; }
code { overflow-wrap: anywhere; }
@media (max-width: 699px) {
  main { padding: 12px 8px 32px; }
  section { padding: 12px 12px; }
  nav ol { columns: 1; }
  .views.wide { display: none; }
  .views.narrow { display: flex; }
}
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
    const figures = content.pictures.map(figureHtml).join("\n");
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
