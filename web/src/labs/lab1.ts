// Lab 1, descent in 1-D: a formula or a preset, a draggable start, every knob, and the steps in words.
import type { OptimizerName } from "../../../src/minimize/optimizers.js";
import type { Descent1dSettings } from "../engine/descent1d.js";
import { OPTIMIZERS, window1d } from "../engine/names.js";
import type { LabContext, MountedLab } from "../lab.js";
import { readParams } from "../state.js";
import { dataPoint, field, figure, h, logSlider, numberInput, select } from "../ui.js";
import type { Lab1Frame } from "../worker.js";
import { expressionBox, num, reasonText, stepLog } from "./common.js";
import { runner, type Runner } from "./runner.js";

const DEFAULTS = {
  f: "double-well",
  x0: 2,
  optimizer: "gd" as string,
  lr: 0.05,
  eps: 1e-4,
  maxIters: 200,
  momentum: 0.9,
  noise: 0,
  seed: 0,
  step: 0,
  speed: "15" as string,
};

const PRESETS = [
  ["cubic", "Cubic x³ − 3x"],
  ["quartic", "Quartic x⁴ − 3x³ + 2"],
  ["double-well", "Double well x⁴ − 4x² + x"],
  ["abs(x)", "|x| (a kink at 0)"],
  ["custom", "Custom formula…"],
] as const;

export function mount(root: HTMLElement, ctx: LabContext): MountedLab {
  const p = readParams(DEFAULTS, ctx.query);
  const settings = (): Descent1dSettings => ({
    f: p.f,
    x0: p.x0,
    optimizer: (OPTIMIZERS as readonly string[]).includes(p.optimizer)
      ? (p.optimizer as OptimizerName)
      : "gd",
    lr: p.lr,
    eps: p.eps,
    maxIters: Math.max(1, Math.min(100_000, Math.round(p.maxIters))),
    momentum: p.momentum,
    noise: p.noise,
    seed: p.seed,
  });
  let last: number | null = null;

  const plot = figure("descent-1d", "f(x) with the path, f′(x) and the ε-band");
  const chart = figure("descent-1d-values", "f(x) at each step");
  const status = h("p", { class: "status", "aria-live": "polite" });
  const log = stepLog("The steps: where x was, f and f′ there, and the update taken", [
    "step",
    "x",
    "f(x)",
    "f′(x)",
    "update",
  ]);

  const change = (key: keyof typeof DEFAULTS, value: number | string, keepStep = false): void => {
    (p as Record<string, number | string>)[key] = value;
    if (!keepStep) p.step = 0;
    void run.draw();
  };
  const presetOf = (f: string): string => (PRESETS.some(([v]) => v === f) ? f : "custom");
  const formula = expressionBox("f(x) =", p.f, (v) => {
    preset.value = presetOf(v);
    change("f", v);
  });
  const preset = select("preset", presetOf(p.f), PRESETS, (v) => {
    if (v === "custom") {
      formula.input.focus();
      return;
    }
    formula.input.value = v;
    change("f", v);
  });
  const x0Input = numberInput("x0", p.x0, (v) => change("x0", v));
  const controls = h(
    "form",
    { class: "controls", "aria-label": "Settings", onsubmit: (e: Event) => e.preventDefault() },
    field("Function", preset),
    formula.root,
    field("Start x₀", x0Input, "Or drag on the curve, or focus the picture and use ← →."),
    field(
      "Optimizer",
      select("optimizer", settings().optimizer, OPTIMIZERS, (v) => change("optimizer", v)),
    ),
    logSlider("lr", "Learning rate", p.lr, -4, 0.5, (v) => change("lr", v)),
    logSlider("eps", "Threshold ε on |f′(x)|", p.eps, -10, 0, (v) => change("eps", v)),
    field(
      "Max iterations",
      numberInput("maxIters", p.maxIters, (v) => change("maxIters", v), {
        min: 1,
        max: 100000,
        step: 1,
      }),
    ),
    field(
      "Momentum β",
      numberInput("momentum", p.momentum, (v) => change("momentum", v), { min: 0, max: 0.999 }),
      "Used by momentum and nesterov.",
    ),
    field(
      "Noise σ",
      numberInput("noise", p.noise, (v) => change("noise", v), { min: 0 }),
      "Seeded Gaussian noise added to x after each step (0 = none).",
    ),
    field(
      "Seed",
      numberInput("seed", p.seed, (v) => change("seed", v), { min: 0, step: 1 }),
    ),
  );

  const run: Runner = runner(ctx, p, {
    fetch: (): Promise<Lab1Frame> => ctx.worker.lab1(settings(), p.step, width()),
    show,
    last: () => last,
  });
  const transport = run.transport;

  // Dragging the start on the curve, or ← → on the focused picture.
  let dragging = false;
  const holder = plot.root.querySelector<HTMLElement>(".svg-holder")!;
  holder.tabIndex = 0;
  holder.dataset.keys = "own";
  holder.setAttribute("role", "group");
  holder.setAttribute(
    "aria-label",
    "The curve. Press or drag to set the start x₀; ← and → move it.",
  );
  const moveStart = (x: number): void => {
    x0Input.value = String(x);
    change("x0", x);
  };
  holder.addEventListener("pointerdown", (e) => {
    dragging = true;
    holder.setPointerCapture(e.pointerId);
    const pt = dataPoint(e, holder, [window1d(p.f, p.x0)]);
    if (pt) moveStart(Number(pt[0]!.toPrecision(4)));
  });
  holder.addEventListener("pointermove", (e) => {
    if (!dragging) return;
    const pt = dataPoint(e, holder, [window1d(p.f, p.x0)]);
    if (pt) moveStart(Number(pt[0]!.toPrecision(4)));
  });
  holder.addEventListener("pointerup", () => (dragging = false));
  holder.addEventListener("keydown", (e) => {
    if (e.key !== "ArrowLeft" && e.key !== "ArrowRight") return;
    const [a, b] = window1d(p.f, p.x0);
    const dx = ((b - a) / 100) * (e.key === "ArrowLeft" ? -1 : 1);
    moveStart(Number((p.x0 + dx).toPrecision(4)));
    e.preventDefault();
  });

  root.append(
    h("h2", { class: "lab-title" }, "Descent in 1-D"),
    h(
      "p",
      { class: "lede" },
      "x ← x − η·f′(x), again and again. Pick a function, drag the start, and watch where the learning rate and the threshold ε take the ball — and why the run stops.",
    ),
    h(
      "div",
      { class: "lab-grid" },
      controls,
      h("div", { class: "views" }, transport.root, status, plot.root, chart.root, log.root),
    ),
  );

  const width = (): number => Math.round(root.querySelector(".views")?.clientWidth || 600);

  function show(frame: Lab1Frame): void {
    if ("problem" in frame) {
      formula.showProblem(frame.problem);
      last = null;
      status.textContent =
        "No run: the formula has an error (see under the box). The pictures show the last valid formula.";
      status.dataset.state = "invalid";
      transport.show(0);
      return;
    }
    formula.showProblem(null);
    last = frame.last;
    p.step = Math.min(p.step, frame.last);
    plot.set(frame.plot);
    chart.set(frame.chart);
    transport.show(p.step);
    const at = frame.points[frame.points.length - 1];
    const finished = p.step >= frame.last;
    status.dataset.state = finished ? frame.reason : "running";
    status.textContent = finished
      ? reasonText(frame.reason, at, p.eps)
      : `Step ${p.step} of ${frame.last}: x = ${num(at?.x[0])}, f(x) = ${num(at?.value)}, f′(x) = ${num(at?.grad[0])}.`;
    log.set(
      frame.points.map((q) => [
        String(q.iteration),
        num(q.x[0]),
        num(q.value),
        num(q.grad[0]),
        q.update ? num(q.update[0]) : finished && q === at ? "stop" : "—",
      ]),
    );
    if (!transport.isPlaying()) ctx.announce(status.textContent);
  }

  void run.draw();
  return {
    transport,
    json: () => ctx.worker.lab1Json(settings()),
    destroy: run.destroy,
  };
}
