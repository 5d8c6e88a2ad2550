// A tiny strict XML parser for the SVG the views produce: elements, attributes, text and the five
// predefined entities (plus numeric ones). Throws on malformed markup, so parsing is itself a test.
import assert from "node:assert/strict";

export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  /** The concatenated text directly inside this element. */
  text: string;
}

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

function decode(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (m, e: string) => {
    if (e[0] === "#")
      return String.fromCodePoint(
        e[1] === "x" || e[1] === "X" ? parseInt(e.slice(2), 16) : +e.slice(1),
      );
    const v = ENTITIES[e];
    if (v === undefined) throw new Error(`unknown entity ${m}`);
    return v;
  });
}

export function parseXml(src: string): XmlElement {
  let i = 0;
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  const nameRe = /[A-Za-z_][\w:.-]*/y;
  const readName = (): string => {
    nameRe.lastIndex = i;
    const m = nameRe.exec(src);
    if (!m) throw new Error(`expected a name at ${i}: ${src.slice(i, i + 30)}`);
    i += m[0].length;
    return m[0];
  };
  const skipSpace = () => {
    while (i < src.length && /\s/.test(src[i]!)) i++;
  };
  while (i < src.length) {
    if (src.startsWith("<?", i)) {
      i = src.indexOf("?>", i) + 2;
    } else if (src.startsWith("<!--", i)) {
      i = src.indexOf("-->", i) + 3;
    } else if (src.startsWith("</", i)) {
      i += 2;
      const name = readName();
      skipSpace();
      if (src[i] !== ">") throw new Error(`expected > at ${i}`);
      i++;
      const open = stack.pop();
      if (!open || open.name !== name) throw new Error(`mismatched </${name}> at ${i}`);
    } else if (src[i] === "<") {
      i++;
      const el: XmlElement = { name: readName(), attrs: {}, children: [], text: "" };
      for (;;) {
        skipSpace();
        if (src.startsWith("/>", i) || src[i] === ">") break;
        const key = readName();
        skipSpace();
        if (src[i] !== "=") throw new Error(`expected = after ${key} at ${i}`);
        i++;
        skipSpace();
        const q = src[i];
        if (q !== '"' && q !== "'") throw new Error(`expected a quote at ${i}`);
        const end = src.indexOf(q, i + 1);
        const raw = src.slice(i + 1, end);
        if (raw.includes("<")) throw new Error(`< in attribute ${key}`);
        if (key in el.attrs) throw new Error(`duplicate attribute ${key}`);
        el.attrs[key] = decode(raw);
        i = end + 1;
      }
      const parent = stack[stack.length - 1];
      if (parent) parent.children.push(el);
      else if (root) throw new Error("two root elements");
      else root = el;
      if (src.startsWith("/>", i)) i += 2;
      else {
        i++;
        stack.push(el);
      }
    } else {
      const end = src.indexOf("<", i);
      const raw = src.slice(i, end === -1 ? src.length : end);
      if (/&(?!(#x[0-9a-f]+|#\d+|\w+);)/i.test(raw)) throw new Error(`bare & in text: ${raw}`);
      const top = stack[stack.length - 1];
      if (top) top.text += decode(raw);
      else if (raw.trim() !== "") throw new Error("text outside the root");
      i = end === -1 ? src.length : end;
    }
  }
  if (stack.length > 0) throw new Error(`unclosed <${stack[stack.length - 1]!.name}>`);
  if (!root) throw new Error("no root element");
  return root;
}

/** Every element below (and including) `el`, depth first. */
export function all(el: XmlElement): XmlElement[] {
  const out: XmlElement[] = [el];
  for (const c of el.children) out.push(...all(c));
  return out;
}

/** Elements matching a tag name and, optionally, a class. */
export function find(el: XmlElement, name: string, className?: string): XmlElement[] {
  return all(el).filter(
    (e) =>
      e.name === name &&
      (className === undefined || (e.attrs.class ?? "").split(/\s+/).includes(className)),
  );
}

/** All text inside `el` (its own and its descendants'). */
export function textOf(el: XmlElement): string {
  return el.text + el.children.map(textOf).join("");
}

/** Number of points in a polyline's points attribute. */
export function pointCount(points: string): number {
  return points.trim() === "" ? 0 : points.trim().split(/\s+/).length;
}

/** A label number with a real minus sign back to a JS number. */
export function num(s: string): number {
  return Number(s.replace(/−/g, "-"));
}

/**
 * Checks the document shell every view must have: root <svg> with width, height and a matching
 * viewBox, a non-empty <title> and <desc> as its first children, and returns the parsed tree.
 */
export function checkDocument(svg: string, width: number, height?: number): XmlElement {
  const root = parseXml(svg);
  assert.equal(root.name, "svg");
  assert.equal(root.attrs.xmlns, "http://www.w3.org/2000/svg");
  assert.equal(Number(root.attrs.width), width);
  const h = Number(root.attrs.height);
  if (height !== undefined) assert.equal(h, height);
  assert.ok(h > 0);
  assert.equal(root.attrs.viewBox, `0 0 ${width} ${h}`);
  assert.equal(root.attrs.role, "img");
  assert.equal(root.children[0]?.name, "title");
  assert.equal(root.children[1]?.name, "desc");
  assert.ok(textOf(root.children[0]).trim().length > 0, "empty <title>");
  assert.ok(textOf(root.children[1]).trim().length > 20, "short <desc>");
  // Text is readable at 600 px: no explicit font size below 11 px.
  for (const e of all(root)) {
    const fs = e.attrs["font-size"];
    if (fs !== undefined) assert.ok(Number(fs) >= 11, `font-size ${fs} on <${e.name}>`);
  }
  // Every url(#id) reference resolves inside this document.
  const ids = new Set(
    all(root)
      .map((e) => e.attrs.id)
      .filter((v) => v !== undefined),
  );
  for (const m of svg.matchAll(/url\(#([^)]+)\)/g)) assert.ok(ids.has(m[1]!), `dangling #${m[1]}`);
  return root;
}

/** Tick values of an axis (from data-value) by tick-label class. */
export function ticks(root: XmlElement, className: string): number[] {
  return find(root, "text", className).map((t) => Number(t.attrs["data-value"]));
}
