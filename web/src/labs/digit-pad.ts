// A pad to draw one digit with a mouse, a finger or a pen (pointer events), or from the keyboard
// (arrows move the pen, Space lowers or lifts it, Delete clears), read out as MNIST's 28×28.
import { button, h } from "../ui.js";

const SIDE = 28;
const PAD = 224;
const STROKE = 18;

/**
 * Canvas ink (alpha 0…255, row-major, size×size) as MNIST makes its digits: the ink's bounding
 * box scaled to fit 20×20, centred by its centre of mass in 28×28, ink in [0, 1]. Null when
 * nothing is drawn.
 */
export function toMnist(alpha: ArrayLike<number>, size: number): number[] | null {
  let [x0, y0, x1, y1, mass, mx, my] = [size, size, -1, -1, 0, 0, 0];
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++) {
      const a = alpha[y * size + x]! / 255;
      if (a <= 0) continue;
      [x0, y0, x1, y1] = [Math.min(x0, x), Math.min(y0, y), Math.max(x1, x), Math.max(y1, y)];
      [mass, mx, my] = [mass + a, mx + a * (x + 0.5), my + a * (y + 0.5)];
    }
  if (mass === 0) return null;
  const k = 20 / Math.max(x1 - x0 + 1, y1 - y0 + 1);
  const [cx, cy] = [mx / mass, my / mass];
  const out = new Array<number>(SIDE * SIDE).fill(0);
  for (let y = y0; y <= y1; y++)
    for (let x = x0; x <= x1; x++) {
      const a = alpha[y * size + x]! / 255;
      const u = Math.floor((x + 0.5 - cx) * k + SIDE / 2);
      const v = Math.floor((y + 0.5 - cy) * k + SIDE / 2);
      if (a > 0 && u >= 0 && u < SIDE && v >= 0 && v < SIDE) out[v * SIDE + u]! += a * k * k;
    }
  return out.map((p) => Math.min(1, p));
}

export interface DigitPad {
  root: HTMLElement;
  /** Shows a 28×28 digit (a held-out one) on the pad. */
  show: (pixels: readonly number[]) => void;
}

/** The pad; `onDraw` gets the 28×28 reading after each stroke, or null when cleared. */
export function digitPad(onDraw: (pixels: number[] | null) => void): DigitPad {
  const canvas = h("canvas", {
    width: PAD,
    height: PAD,
    class: "pad",
    tabindex: "0",
    role: "img",
    "data-keys": "own",
    "aria-label":
      "Drawing pad. Draw a digit with the mouse or a finger. Keyboard: arrows move the pen, Space lowers or lifts it, Delete clears.",
  });
  const g = canvas.getContext("2d", { willReadFrequently: true })!;
  const pen = h("div", { class: "pen", "aria-hidden": "true" });
  let at: [number, number] = [PAD / 2, PAD / 2];
  let down = false;
  const line = (to: [number, number]): void => {
    Object.assign(g, { lineWidth: STROKE, lineCap: "round", lineJoin: "round" });
    g.strokeStyle = "#000";
    g.beginPath();
    g.moveTo(...at);
    g.lineTo(...to);
    g.stroke();
    at = to;
  };
  const read = (): void => onDraw(toMnist(readAlpha(g), PAD));
  const clear = (): void => {
    g.clearRect(0, 0, PAD, PAD);
    onDraw(null);
  };
  const local = (e: PointerEvent): [number, number] => {
    const r = canvas.getBoundingClientRect();
    return [((e.clientX - r.left) * PAD) / r.width, ((e.clientY - r.top) * PAD) / r.height];
  };
  canvas.addEventListener("pointerdown", (e) => {
    canvas.setPointerCapture(e.pointerId);
    down = true;
    at = local(e);
    line(at);
  });
  canvas.addEventListener("pointermove", (e) => down && line(local(e)));
  const lift = (): void => {
    if (down) read();
    down = false;
  };
  canvas.addEventListener("pointerup", lift);
  canvas.addEventListener("pointercancel", lift);
  canvas.addEventListener("keydown", (e) => {
    const d = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] }[
      e.key
    ];
    if (d) {
      const to = moved(at, d);
      if (down) line(to);
      else at = to;
    } else if (e.key === " " || e.key === "Enter") {
      down = !down;
      if (down) line(at);
      else read();
    } else if (e.key === "Delete" || e.key === "Backspace") clear();
    else return;
    pen.style.transform = `translate(${at[0]}px, ${at[1]}px)`;
    pen.dataset.down = down ? "1" : "0";
    e.preventDefault();
  });
  canvas.addEventListener("blur", () => {
    if (down) read();
    down = false;
  });
  pen.style.transform = `translate(${at[0]}px, ${at[1]}px)`;
  const root = h(
    "div",
    { class: "pad-box" },
    h("div", { class: "pad-frame" }, canvas, pen),
    button("Clear", clear, { "data-action": "clear-pad" }),
  );
  return {
    root,
    show: (pixels) => paint(g, pixels),
  };
}

const moved = (at: [number, number], d: number[]): [number, number] => [
  Math.max(0, Math.min(PAD, at[0] + d[0]! * 8)),
  Math.max(0, Math.min(PAD, at[1] + d[1]! * 8)),
];

/** A 28×28 digit drawn over the whole pad, one square per pixel. */
function paint(g: CanvasRenderingContext2D, pixels: readonly number[]): void {
  const small = new ImageData(SIDE, SIDE);
  pixels.forEach((p, i) => (small.data[4 * i + 3] = Math.round(p * 255)));
  const tmp = h("canvas", { width: SIDE, height: SIDE });
  tmp.getContext("2d")!.putImageData(small, 0, 0);
  g.clearRect(0, 0, PAD, PAD);
  g.imageSmoothingEnabled = false;
  g.drawImage(tmp, 0, 0, PAD, PAD);
}

function readAlpha(g: CanvasRenderingContext2D): Uint8ClampedArray {
  const rgba = g.getImageData(0, 0, PAD, PAD).data;
  const alpha = new Uint8ClampedArray(PAD * PAD);
  for (let i = 0; i < alpha.length; i++) alpha[i] = rgba[4 * i + 3]!;
  return alpha;
}
