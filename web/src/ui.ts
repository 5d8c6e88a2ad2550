// Small DOM builders for the labs' controls: labelled fields, selects, log sliders, buttons.

type Child = Node | string | null | undefined | false;

/** document.createElement with attributes (strings, or listeners for on*) and children. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | number | boolean | EventListener | undefined> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    if (typeof value === "function") node.addEventListener(key.slice(2), value);
    else if (value === true) node.setAttribute(key, "");
    else node.setAttribute(key, String(value));
  }
  for (const child of children) if (child) node.append(child);
  return node;
}

let uid = 0;
const nextId = (base: string): string => `${base}-${++uid}`;

/** A label above a control, with an optional hint line that the control describes itself by. */
export function field(label: string, control: HTMLElement, hint?: string): HTMLElement {
  const id = control.id || nextId("control");
  control.id = id;
  const wrap = h("div", { class: "field" }, h("label", { for: id }, label), control);
  if (hint) {
    const hintId = `${id}-hint`;
    wrap.append(h("p", { class: "hint", id: hintId }, hint));
    control.setAttribute("aria-describedby", hintId);
  }
  return wrap;
}

export function numberInput(
  name: string,
  value: number,
  onChange: (v: number) => void,
  limits: { min?: number; max?: number; step?: number | "any" } = {},
): HTMLInputElement {
  const input = h("input", {
    type: "number",
    name,
    "data-param": name,
    value: String(value),
    min: limits.min,
    max: limits.max,
    step: limits.step ?? "any",
    inputmode: "decimal",
  });
  input.addEventListener("change", () => {
    const v = Number(input.value);
    const ok = input.value.trim() !== "" && Number.isFinite(v);
    const inRange =
      ok &&
      (limits.min === undefined || v >= limits.min) &&
      (limits.max === undefined || v <= limits.max);
    input.setAttribute("aria-invalid", inRange ? "false" : "true");
    if (inRange) onChange(v);
  });
  return input;
}

export function textInput(
  name: string,
  value: string,
  onChange: (v: string) => void,
): HTMLInputElement {
  const input = h("input", {
    type: "text",
    name,
    "data-param": name,
    value,
    spellcheck: "false",
    autocomplete: "off",
    autocapitalize: "off",
  });
  input.addEventListener("change", () => onChange(input.value));
  return input;
}

export function select<T extends string>(
  name: string,
  value: T,
  options: readonly (T | readonly [T, string])[],
  onChange: (v: T) => void,
): HTMLSelectElement {
  const node = h("select", { name, "data-param": name });
  for (const option of options) {
    const [v, label] = typeof option === "string" ? [option, option] : option;
    node.append(h("option", { value: v, selected: v === value }, label));
  }
  node.addEventListener("change", () => onChange(node.value as T));
  return node;
}

export function checkbox(
  name: string,
  label: string,
  value: boolean,
  onChange: (v: boolean) => void,
): HTMLElement {
  const input = h("input", {
    type: "checkbox",
    name,
    "data-param": name,
    checked: value,
    id: nextId(name),
  });
  input.addEventListener("change", () => onChange(input.checked));
  return h("div", { class: "field check" }, input, h("label", { for: input.id }, label));
}

/**
 * A learning rate (or any positive number) on a log slider from 10^lo to 10^hi, with a number
 * box for exact values: the slider moves in tenths of a decade, the box keeps what is typed.
 */
export function logSlider(
  name: string,
  label: string,
  value: number,
  lo: number,
  hi: number,
  onChange: (v: number) => void,
): HTMLElement {
  const box = numberInput(
    name,
    value,
    (v) => {
      range.value = String(Math.log10(v));
      onChange(v);
    },
    { min: 10 ** lo, max: 10 ** hi },
  );
  box.setAttribute("aria-label", `${label} (exact value)`);
  const range = h("input", {
    type: "range",
    min: lo,
    max: hi,
    step: 0.1,
    value: String(Math.log10(value)),
    "aria-label": `${label}, log scale`,
    "data-slider": name,
  });
  range.addEventListener("input", () => {
    const v = Number((10 ** Number(range.value)).toPrecision(2));
    box.value = String(v);
    range.setAttribute("aria-valuetext", String(v));
    onChange(v);
  });
  range.setAttribute("aria-valuetext", String(value));
  const id = nextId(name);
  box.id = id;
  return h(
    "div",
    { class: "field log" },
    h("label", { for: id }, label),
    h("div", { class: "row" }, range, box),
  );
}

export function button(
  label: string,
  onClick: () => void,
  attrs: Record<string, string> = {},
): HTMLButtonElement {
  const node = h("button", { type: "button", ...attrs }, label);
  node.addEventListener("click", onClick);
  return node;
}

/** A figure that holds an SVG string, with its caption and SVG/PNG export buttons. */
export function figure(
  name: string,
  caption: string,
): { root: HTMLElement; set: (svg: string) => void; svg: () => string } {
  let current = "";
  const holder = h("div", { class: "svg-holder", "data-figure": name });
  const root = h(
    "figure",
    { class: "view" },
    holder,
    h(
      "figcaption",
      {},
      h("span", {}, caption),
      button("SVG", () => download(`${name}.svg`, current, "image/svg+xml"), {
        "aria-label": `Export ${caption} as SVG`,
      }),
      button("PNG", () => void exportPng(name, current), {
        "aria-label": `Export ${caption} as PNG`,
      }),
    ),
  );
  return {
    root,
    set(svg: string) {
      if (svg === current) return;
      current = svg;
      holder.innerHTML = svg;
    },
    svg: () => current,
  };
}

export function download(
  filename: string,
  content: string | Blob,
  type = "application/json",
): void {
  const blob = typeof content === "string" ? new Blob([content], { type }) : content;
  const url = URL.createObjectURL(blob);
  const a = h("a", { href: url, download: filename });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** PNG through the browser's own SVG renderer: an <img> of the SVG drawn on a 2× canvas. */
export async function exportPng(name: string, svg: string): Promise<void> {
  const img = new Image();
  const url = URL.createObjectURL(new Blob([svg], { type: "image/svg+xml" }));
  try {
    img.src = url;
    await img.decode();
    const canvas = document.createElement("canvas");
    canvas.width = img.naturalWidth * 2;
    canvas.height = img.naturalHeight * 2;
    const ctx = canvas.getContext("2d")!;
    ctx.scale(2, 2);
    ctx.drawImage(img, 0, 0);
    const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, "image/png"));
    if (blob) download(`${name}.png`, blob);
  } finally {
    URL.revokeObjectURL(url);
  }
}

/** Where a pointer event falls in the data coordinates of a view's plot area (its clip rect). */
export function dataPoint(
  event: PointerEvent | MouseEvent,
  holder: HTMLElement,
  window: readonly (readonly [number, number])[],
): number[] | null {
  const svg = holder.querySelector("svg");
  if (!svg) return null;
  // the plot area: a view's clip rect, or its data-area="left,top,width,height"
  const rect = svg.querySelector("clipPath rect");
  const area = svg.querySelector("[data-area]")?.getAttribute("data-area")?.split(",").map(Number);
  if (!rect && !area) return null;
  const box = svg.getBoundingClientRect();
  const viewWidth = svg.viewBox.baseVal.width || box.width;
  const k = viewWidth / box.width;
  const px = (event.clientX - box.left) * k;
  const py = (event.clientY - box.top) * k;
  const [x, y, w, hgt] =
    area ?? ["x", "y", "width", "height"].map((k) => Number(rect!.getAttribute(k)));
  if (x === undefined || y === undefined || !w || !hgt) return null;
  const [x0, x1] = window[0]!;
  const out = [x0 + ((px - x) / w) * (x1 - x0)];
  if (window[1]) {
    const [y0, y1] = window[1];
    out.push(y1 - ((py - y) / hgt) * (y1 - y0));
  }
  return out;
}
