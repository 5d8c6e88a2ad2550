// Lab 3, batches: full batch, mini-batch and SGD on one loss surface of a line fit, counted in
// epochs, updates and examples seen, and one update split into k accumulated micro-batches.
import type { BatchesSettings } from "../engine/batches.js";
import type { Lab3Frame, XAxis } from "../engine/batches-view.js";
import type { LabContext, MountedLab } from "../lab.js";
import { readParams } from "../state.js";
import { field, figure, h, logSlider, numberInput, select } from "../ui.js";
import { accumulationText, countsTable, startPicker, statusText } from "./lab3-parts.js";
import { runner } from "./runner.js";

const DEFAULTS = {
  n: 128,
  noise: 0.3,
  seed: 0,
  w0: -1.5,
  b0: -1.5,
  lr: 0.1,
  momentum: 0,
  epochs: 10,
  batch: 16,
  k: 4,
  xAxis: "examples" as string,
  step: 0,
  speed: "240" as string,
};
type Params = typeof DEFAULTS;

const X_AXES = [
  ["examples", "examples seen"],
  ["updates", "updates"],
  ["epochs", "epochs"],
] as const;

const xAxisOf = (v: string): XAxis => X_AXES.find(([x]) => x === v)?.[0] ?? "examples";

const LEDE =
  "One line w·x + b, one loss surface, three ways through it: the whole data set per update, a mini-batch, or one example (SGD). Count the work as epochs, updates or examples seen — and see why k accumulated micro-batches are one big batch only when each loss is divided by k.";

const settingsOf = (p: Params): BatchesSettings => ({
  n: p.n,
  noise: p.noise,
  seed: p.seed,
  w0: p.w0,
  b0: p.b0,
  lr: p.lr,
  momentum: p.momentum,
  epochs: p.epochs,
  batch: p.batch,
  k: p.k,
});

type Change = (key: keyof Params, value: number | string) => void;

function controls(p: Params, change: Change): HTMLElement {
  const count = (key: keyof Params, min: number, max: number) =>
    numberInput(key, p[key] as number, (v) => change(key, v), { min, max, step: 1 });
  return h(
    "form",
    { class: "controls", "aria-label": "Settings", onsubmit: (e: Event) => e.preventDefault() },
    h(
      "div",
      { class: "row2" },
      field("Points", count("n", 4, 512)),
      field(
        "Noise",
        numberInput("noise", p.noise, (v) => change("noise", v), { min: 0, max: 5 }),
      ),
    ),
    h(
      "div",
      { class: "row2" },
      field(
        "Start w₀",
        numberInput("w0", p.w0, (v) => change("w0", v)),
      ),
      field(
        "Start b₀",
        numberInput("b0", p.b0, (v) => change("b0", v)),
      ),
    ),
    logSlider("lr", "Learning rate", p.lr, -3, 0.5, (v) => change("lr", v)),
    field(
      "Momentum β",
      numberInput("momentum", p.momentum, (v) => change("momentum", v), { min: 0, max: 0.999 }),
      "SGD's momentum; 0 is plain SGD.",
    ),
    h(
      "div",
      { class: "row2" },
      field("Epochs", count("epochs", 1, 50)),
      field("Mini-batch", count("batch", 1, 512)),
    ),
    field(
      "Accumulate k micro-batches",
      count("k", 1, 64),
      "The mini-batch's update, split into k micro-batches whose gradients add up.",
    ),
    field(
      "Loss against",
      select("xAxis", p.xAxis, X_AXES, (v) => change("xAxis", v)),
    ),
    field(
      "Seed",
      numberInput("seed", p.seed, (v) => change("seed", v), { min: 0, step: 1 }),
      "Draws the points and each epoch's shuffled order.",
    ),
  );
}

export function mount(root: HTMLElement, ctx: LabContext): MountedLab {
  const p = readParams(DEFAULTS, ctx.query);
  let last: number | null = null;
  let window: Lab3Frame["window"] | null = null;
  const surface = figure("batch-paths", "Full batch, mini-batch and SGD on the full-data MSE");
  const chart = figure("batch-loss", "Full-data MSE against the chosen count");
  const accumulated = figure("accumulation", "One update as k accumulated micro-batches");
  const status = h("p", { class: "status", "aria-live": "polite" });
  const note = h("p", { class: "status", "data-note": "accumulation" });
  const table = countsTable();
  const views = h("div", { class: "views" });

  const run = runner(ctx, p, {
    fetch: () => ctx.worker.lab3(settingsOf(p), p.step, width(), xAxisOf(p.xAxis)),
    show,
    last: () => last,
  });
  const change: Change = (key, value) => {
    (p as Record<string, number | string>)[key] = value;
    if (key !== "xAxis") p.step = 0;
    void run.draw();
  };
  const form = controls(p, change);
  startPicker(
    surface.root,
    () => window,
    p,
    ctx,
    (w, b) => {
      form.querySelector<HTMLInputElement>("[data-param=w0]")!.value = String(w);
      form.querySelector<HTMLInputElement>("[data-param=b0]")!.value = String(b);
      p.w0 = w;
      change("b0", b);
    },
  );

  root.append(
    h("h2", { class: "lab-title" }, "Batches"),
    h("p", { class: "lede" }, LEDE),
    h("div", { class: "lab-grid" }, form, views),
  );
  views.append(
    run.transport.root,
    status,
    h("div", { class: "two" }, surface.root, chart.root),
    table.root,
    h("div", { class: "two" }, accumulated.root, note),
  );
  function width(): number {
    const w = Math.round(views.clientWidth || 600);
    return w > 700 ? Math.floor(w / 2) - 8 : w;
  }

  function show(f: Lab3Frame): void {
    [last, window, p.step] = [f.last, f.window, f.seen];
    surface.set(f.surface);
    chart.set(f.chart);
    table.set(f.rows, f.n);
    run.transport.show(f.seen);
    const a = f.accumulation;
    accumulated.root.hidden = "problem" in a;
    if (!("problem" in a)) accumulated.set(a.svg);
    note.textContent = accumulationText(a, p.lr);
    note.dataset.state = "problem" in a ? "invalid" : "ok";
    status.textContent = statusText(f);
    const diverged = f.rows.some((r) => r.diverged);
    status.dataset.state = diverged ? "diverged" : f.seen < f.last ? "running" : "done";
    if (!run.transport.isPlaying()) ctx.announce(status.textContent);
  }

  void run.draw();
  return {
    transport: run.transport,
    json: () => ctx.worker.lab3Json(settingsOf(p)),
    destroy: run.destroy,
  };
}
