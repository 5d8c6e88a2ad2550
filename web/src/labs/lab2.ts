// Lab 2, descent in 2-D: a race of optimizers on contours (and a 3-D surface on demand), click to
// set the start, presets for the trap and its escapes, and a narrated step for one optimizer.
import type { OptimizerName, RaceRun } from "../../../src/index.js";
import type { Descent2dSettings } from "../engine/descent2d.js";
import { GALLERY_2D, window2d } from "../engine/names.js";
import type { LabContext, MountedLab } from "../lab.js";
import { readParams } from "../state.js";
import {
  button,
  checkbox,
  dataPoint,
  field,
  figure,
  h,
  logSlider,
  numberInput,
  select,
} from "../ui.js";
import type { Lab2Frame } from "../worker.js";
import { expressionBox, num, reasonText } from "./common.js";
import { PRESETS_2D, RACERS, DEFAULTS_2D } from "./lab2-presets.js";
import { runner, type Runner } from "./runner.js";

export function mount(root: HTMLElement, ctx: LabContext): MountedLab {
  const p = readParams(DEFAULTS_2D, ctx.query);
  const racers = (): OptimizerName[] =>
    p.racers
      .split(",")
      .filter((r): r is OptimizerName => (RACERS as readonly string[]).includes(r));
  const settings = (): Descent2dSettings => ({
    f: p.f,
    x0: p.x0,
    y0: p.y0,
    racers: racers(),
    lrs: Object.fromEntries(RACERS.map((r) => [r, p[`lr_${r}`]])),
    fair: p.fair,
    lr: p.lr,
    eps: p.eps,
    maxIters: Math.max(1, Math.min(20_000, Math.round(p.maxIters))),
    momentum: p.momentum,
    noise: p.noise,
    seed: p.seed,
  });
  let last: number | null = null;
  let surfaceKey = "";
  let surface: { update(runs: RaceRun[], step: number): void; destroy(): void } | null = null;

  const contour = figure("descent-2d", "Contours of f with every racer's path");
  const chart = figure("descent-2d-values", "f at each step, per racer");
  const status = h("ul", { class: "status racers", "aria-live": "off" });
  const summary = h("p", { class: "status", "aria-live": "polite" });
  const narration = h("ol", { class: "narration", "aria-live": "polite" });
  const surfaceBox = h("div", { class: "surface", hidden: true });

  const change = (key: string, value: number | string | boolean, keepStep = false): void => {
    (p as Record<string, number | string | boolean>)[key] = value;
    if (!keepStep) p.step = 0;
    void draw();
  };
  let x0!: HTMLInputElement;
  let y0!: HTMLInputElement;
  const formula = expressionBox("f(x, y) =", p.f, (v) => change("f", v));
  const racerRows = RACERS.map((r) =>
    h(
      "div",
      { class: "racer" },
      checkbox(`race_${r}`, r, racers().includes(r), (on) => {
        const set = new Set(racers());
        if (on) set.add(r);
        else set.delete(r);
        change("racers", RACERS.filter((x) => set.has(x)).join(","));
      }),
      numberInput(`lr_${r}`, p[`lr_${r}`], (v) => change(`lr_${r}`, v), { min: 0 }),
    ),
  );
  racerRows.forEach((row, i) =>
    row
      .querySelector("input[type=number]")!
      .setAttribute("aria-label", `learning rate of ${RACERS[i]}`),
  );
  const controls = h(
    "form",
    { class: "controls", "aria-label": "Settings", onsubmit: (e: Event) => e.preventDefault() },
    field(
      "Preset",
      select(
        "preset",
        "",
        [["", "Choose a preset…"], ...PRESETS_2D.map((x) => [x.id, x.title] as const)],
        (id) => {
          const preset = PRESETS_2D.find((x) => x.id === id);
          if (!preset) return;
          Object.assign(p, DEFAULTS_2D, preset.params, { step: 0, speed: p.speed });
          ctx.save(p);
          location.reload();
        },
      ),
      "A preset sets every control; the link keeps it.",
    ),
    field(
      "Function",
      select(
        "gallery",
        GALLERY_2D[p.f] ? p.f : "",
        [
          ["", "Custom formula…"],
          ...Object.entries(GALLERY_2D).map(([k, v]) => [k, v.title] as const),
        ],
        (v) => {
          if (!v) return formula.input.focus();
          const g = GALLERY_2D[v]!;
          formula.input.value = v;
          Object.assign(p, { f: v, x0: g.start[0], y0: g.start[1] });
          x0.value = String(g.start[0]);
          y0.value = String(g.start[1]);
          change("f", v);
        },
      ),
    ),
    formula.root,
    h(
      "div",
      { class: "row2" },
      field("Start x₀", (x0 = numberInput("x0", p.x0, (v) => change("x0", v)))),
      field("Start y₀", (y0 = numberInput("y0", p.y0, (v) => change("y0", v)))),
    ),
    h(
      "fieldset",
      { class: "field" },
      h("legend", {}, "Racers and their own learning rates"),
      ...racerRows,
    ),
    checkbox("fair", "Fair race: every racer at one learning rate", p.fair, (v) =>
      change("fair", v),
    ),
    logSlider("lr", "Shared learning rate (fair race)", p.lr, -4, 0.5, (v) => change("lr", v)),
    logSlider("eps", "Threshold ε on ‖∇f‖", p.eps, -10, 0, (v) => change("eps", v)),
    field(
      "Max iterations",
      numberInput("maxIters", p.maxIters, (v) => change("maxIters", v), {
        min: 1,
        max: 20000,
        step: 1,
      }),
    ),
    field(
      "Momentum β",
      numberInput("momentum", p.momentum, (v) => change("momentum", v), { min: 0, max: 0.999 }),
    ),
    field(
      "Noise σ",
      numberInput("noise", p.noise, (v) => change("noise", v), { min: 0 }),
      "Seeded Gaussian noise after each step, for every racer (0 = none).",
    ),
    field(
      "Seed",
      numberInput("seed", p.seed, (v) => change("seed", v), { min: 0, step: 1 }),
    ),
  );
  const narrateSelect = select(
    "narrate",
    p.narrate,
    [["", "off"], ...RACERS.map((r) => [r, r] as const)],
    (v) => {
      p.narrate = v;
      p.sub = 0;
      void draw();
    },
  );
  const subButton = button(
    "Next sub-step",
    () => {
      p.sub += 1;
      void draw();
    },
    { "data-action": "sub-step" },
  );
  const surfaceButton = button("Show 3-D surface", () => void toggleSurface(), {
    "aria-pressed": "false",
    "data-action": "surface",
  });

  // a sub-step belongs to its step: another step starts the narration over
  let narratedStep = p.step;
  const run: Runner = runner(ctx, p, {
    fetch: async (): Promise<Lab2Frame> => {
      if (p.step !== narratedStep) [p.sub, narratedStep] = [0, p.step];
      const frame = await ctx.worker.lab2(settings(), p.step, width(), p.narrate, p.sub);
      await redrawSurface(frame);
      return frame;
    },
    show,
    last: () => last,
  });
  const transport = run.transport;
  function draw(): Promise<void> {
    return run.draw();
  }

  const holder = contour.root.querySelector<HTMLElement>(".svg-holder")!;
  holder.tabIndex = 0;
  holder.dataset.keys = "own";
  holder.setAttribute("role", "group");
  holder.setAttribute("aria-label", "Contour plot. Click to set the start; arrow keys move it.");
  const setStart = (x: number, y: number): void => {
    x0.value = String(x);
    y0.value = String(y);
    Object.assign(p, { x0: x, y0: y });
    change("x0", x);
  };
  holder.addEventListener("click", (e) => {
    const pt = dataPoint(e, holder, window2d(p.f, p.x0, p.y0));
    if (pt) setStart(Number(pt[0]!.toPrecision(4)), Number(pt[1]!.toPrecision(4)));
  });
  holder.addEventListener("keydown", (e) => {
    const [[a, b], [c, d]] = window2d(p.f, p.x0, p.y0);
    const dx = { ArrowLeft: -1, ArrowRight: 1 }[e.key] ?? 0;
    const dy = { ArrowDown: -1, ArrowUp: 1 }[e.key] ?? 0;
    if (!dx && !dy) return;
    setStart(
      Number((p.x0 + (dx * (b - a)) / 50).toPrecision(4)),
      Number((p.y0 + (dy * (d - c)) / 50).toPrecision(4)),
    );
    e.preventDefault();
  });

  root.append(
    h("h2", { class: "lab-title" }, "Descent in 2-D"),
    h(
      "p",
      { class: "lede" },
      "Several optimizers race from one start. Click the contours to move the start, try the trap and its escapes, and open the narrated step to see one update taken apart.",
    ),
    h(
      "div",
      { class: "lab-grid" },
      controls,
      h(
        "div",
        { class: "views" },
        transport.root,
        summary,
        // the narration beside the contours (below them when narrow): sentence and arrows together
        h(
          "div",
          { class: "surface-row" },
          contour.root,
          h(
            "div",
            { class: "beside" },
            surfaceButton,
            surfaceBox,
            h(
              "section",
              { class: "narrate", "aria-label": "Narrated step" },
              h("h3", {}, "Narrated step"),
              h("div", { class: "row" }, field("Optimizer to narrate", narrateSelect), subButton),
              narration,
            ),
          ),
        ),
        status,
        chart.root,
      ),
    ),
  );

  const views = (): HTMLElement | null => root.querySelector(".views");
  const width = (): number => Math.round(views()?.clientWidth || 600);

  /** The 3-D surface, when open, follows the frame: rebuilt for a new function or start. */
  async function redrawSurface(frame: Lab2Frame): Promise<void> {
    if (!surface) return;
    if (surfaceKey !== `${p.f}|${p.x0}|${p.y0}`) {
      surface.destroy();
      surface = null;
      await toggleSurface();
    } else if (!("problem" in frame)) {
      const runs = (await ctx.worker.lab2Json(settings())) as RaceRun[];
      surface.update(runs, Math.min(p.step, frame.last));
    }
  }

  function show(frame: Lab2Frame): void {
    if ("problem" in frame) {
      formula.showProblem(frame.problem);
      last = null;
      summary.textContent =
        "No run: the formula has an error (see under the box). The pictures show the last valid formula.";
      summary.dataset.state = "invalid";
      transport.show(0);
      return;
    }
    formula.showProblem(null);
    last = frame.last;
    p.step = Math.min(p.step, frame.last);
    narratedStep = p.step;
    contour.set(frame.contour);
    chart.set(frame.chart);
    transport.show(p.step);
    status.replaceChildren(
      ...frame.racers.map((r) =>
        h(
          "li",
          {},
          `${r.label}: `,
          p.step >= r.last
            ? reasonText(r.reason, r.point, p.eps)
            : `at (${num(r.point.x[0])}, ${num(r.point.x[1])}), f = ${num(r.point.value)}`,
        ),
      ),
    );
    const running = frame.racers.filter((r) => p.step < r.last).length;
    summary.dataset.state = frame.racers.some((r) => r.reason === "diverged" && p.step >= r.last)
      ? "diverged"
      : running
        ? "running"
        : "done";
    summary.textContent = running
      ? `Step ${p.step}: ${running} of ${frame.racers.length} racers still running.`
      : `All ${frame.racers.length} racers have stopped (reasons below).`;
    const sub = Math.min(p.sub, Math.max(0, frame.narration.length - 1));
    narration.replaceChildren(
      ...frame.narration.slice(0, sub + 1).map((s) => h("li", { "data-show": s.show }, s.text)),
    );
    subButton.disabled = frame.narration.length === 0 || sub >= frame.narration.length - 1;
    if (!transport.isPlaying()) ctx.announce(summary.textContent);
  }

  async function toggleSurface(): Promise<void> {
    if (surface) {
      surface.destroy();
      surface = null;
      surfaceBox.hidden = true;
      surfaceButton.textContent = "Show 3-D surface";
      surfaceButton.setAttribute("aria-pressed", "false");
      return;
    }
    surfaceBox.hidden = false;
    surfaceBox.textContent = "Loading three.js…";
    ctx.busy(true);
    try {
      const { createSurface } = await import("./surface3d.js");
      const grid = await ctx.worker.lab2Surface(settings(), 60);
      surfaceBox.textContent = "";
      surface = createSurface(surfaceBox, grid);
      surfaceKey = `${p.f}|${p.x0}|${p.y0}`;
      surface.update((await ctx.worker.lab2Json(settings())) as RaceRun[], p.step);
      surfaceButton.textContent = "Hide 3-D surface";
      surfaceButton.setAttribute("aria-pressed", "true");
    } finally {
      ctx.busy(false);
    }
  }

  void draw();
  return {
    transport,
    json: () => ctx.worker.lab2Json(settings()),
    destroy: () => {
      run.destroy();
      surface?.destroy();
    },
  };
}
