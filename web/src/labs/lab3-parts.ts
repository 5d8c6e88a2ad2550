// Lab 3's pieces: the counts table, the status sentences, and the start picker on the surface.
import type { Lab3Frame, Lab3Row } from "../engine/batches-view.js";
import type { LabContext } from "../lab.js";
import { dataPoint, h } from "../ui.js";
import { num } from "./common.js";

const COLUMNS = ["run", "updates per epoch", "updates", "examples seen", "epochs", "MSE", "(w, b)"];

/** The epochs-vs-updates-vs-examples table, one row per run. */
export function countsTable(): { root: HTMLElement; set: (rows: Lab3Row[], n: number) => void } {
  const body = h("tbody");
  const root = h(
    "div",
    {
      class: "log-scroll",
      tabindex: "0",
      role: "region",
      "aria-label": "Epochs, updates and examples seen",
    },
    h(
      "table",
      { class: "log counts" },
      h("caption", {}, "The same work counted three ways: epochs, updates and examples seen"),
      h("thead", {}, h("tr", {}, ...COLUMNS.map((c) => h("th", { scope: "col" }, c)))),
      body,
    ),
  );
  const set = (rows: Lab3Row[], n: number): void =>
    body.replaceChildren(
      ...rows.map((r) =>
        h(
          "tr",
          {},
          h("th", { scope: "row" }, r.label),
          ...[
            String(r.updatesPerEpoch),
            String(r.updates),
            String(r.seen),
            num(r.seen / n, 3),
            r.diverged ? "diverged" : num(r.loss, 4),
            `(${num(r.w, 4)}, ${num(r.b, 4)})`,
          ].map((c) => h("td", {}, c)),
        ),
      ),
    );
  return { root, set };
}

export function statusText(f: Lab3Frame): string {
  const diverged = f.rows.find((r) => r.diverged);
  if (diverged)
    return `${diverged.label} diverged after ${diverged.updates} updates: the MSE left the float range. Lower the learning rate.`;
  const counts = f.rows.map((r) => `${r.label} ${r.updates} update${r.updates === 1 ? "" : "s"}`);
  const where = `${f.seen} examples seen (${num(f.seen / f.n, 3)} epochs)`;
  if (f.seen < f.last) return `After ${where}: ${counts.join(", ")}.`;
  return `Done, ${where}: ${counts.join(", ")}. The least-squares line is (w, b) = (${num(f.best.w, 4)}, ${num(f.best.b, 4)}) with MSE ${num(f.best.loss, 4)}.`;
}

export function accumulationText(a: Lab3Frame["accumulation"], lr: number): string {
  if ("problem" in a) return a.problem;
  return `Update ${a.update + 1} of the mini-batch run: ${a.k} micro-batches of ${a.microSize}, each loss divided by ${a.k}, accumulate (arrows −lr·gᵢ/${a.k}, head to tail, lr = ${num(lr, 3)}) to the gradient of the one batch of ${a.batchSize}: largest difference ${num(a.difference, 2)}, rounding only. Summed without ÷${a.k}, the step is ${num(a.ratio, 4)}× as long.`;
}

/** A click on the surface, or the arrow keys on it when focused, sets the start (w₀, b₀). */
export function startPicker(
  figureRoot: HTMLElement,
  window: () => Lab3Frame["window"] | null,
  p: { w0: number; b0: number },
  ctx: LabContext,
  set: (w: number, b: number) => void,
): void {
  const holder = figureRoot.querySelector<HTMLElement>(".svg-holder")!;
  holder.tabIndex = 0;
  holder.dataset.keys = "own";
  holder.setAttribute("role", "group");
  holder.setAttribute(
    "aria-label",
    "The loss surface. Click to set the start (w₀, b₀); the arrow keys move it.",
  );
  const round = (v: number) => Number(v.toPrecision(3));
  holder.addEventListener("click", (e) => {
    const w = window();
    const pt = w && dataPoint(e, holder, w);
    if (pt) set(round(pt[0]!), round(pt[1]!));
  });
  holder.addEventListener("keydown", (e) => {
    const d = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, 1], ArrowDown: [0, -1] }[
      e.key
    ];
    const w = window();
    if (!d || !w) return;
    const [dw, db] = [(w[0][1] - w[0][0]) / 40, (w[1][1] - w[1][0]) / 40];
    set(round(p.w0 + d[0]! * dw), round(p.b0 + d[1]! * db));
    ctx.announce(`Start (w₀, b₀) = (${num(p.w0, 3)}, ${num(p.b0, 3)}).`);
    e.preventDefault();
  });
}
