// Lab 4, the network: TensorFlow Playground's lab with descent's layers, optimizers and losses;
// points added or removed by clicking, layers and neurons edited, every setting in the URL.
import type { NetworkSettings } from "../engine/network.js";
import { ACTIVATIONS, DATASETS, FEATURES, OPTIMIZERS } from "../engine/names.js";
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
import type { Lab4Frame } from "../worker.js";
import { num } from "./common.js";
import { runner, type Runner } from "./runner.js";

const DEFAULTS = {
  dataset: "moons" as string,
  samples: 200,
  noise: 0.1,
  trainShare: 0.7,
  added: "",
  removed: "",
  features: "0,1",
  layers: "6,6",
  activation: "tanh" as string,
  loss: "cross-entropy" as string,
  optimizer: "adam" as string,
  lr: 0.1,
  batch: 10,
  regularization: "none" as string,
  regRate: 0.001,
  seed: 1,
  step: 0,
  speed: "max" as string,
  addClass: 1,
};

export function mount(root: HTMLElement, ctx: LabContext): MountedLab {
  const p = readParams(DEFAULTS, ctx.query);
  const settings = (): NetworkSettings => ({
    dataset: (DATASETS as readonly string[]).includes(p.dataset)
      ? (p.dataset as NetworkSettings["dataset"])
      : "moons",
    samples: p.samples,
    noise: p.noise,
    trainShare: p.trainShare,
    added: p.added,
    removed: p.removed,
    features: p.features,
    layers: p.layers,
    activation: (ACTIVATIONS as readonly string[]).includes(p.activation)
      ? (p.activation as NetworkSettings["activation"])
      : "tanh",
    loss: p.loss === "mse" ? "mse" : "cross-entropy",
    optimizer: OPTIMIZERS.find((o) => o === p.optimizer) ?? "adam",
    lr: p.lr,
    batch: p.batch,
    regularization:
      p.regularization === "l1" || p.regularization === "l2" ? p.regularization : "none",
    regRate: p.regRate,
    seed: p.seed,
  });
  let window: Lab4Frame["window"] = [
    [-1, 1],
    [-1, 1],
  ];

  const boundary = figure(
    "network-boundary",
    "Decision boundary: training points filled, test points hollow",
  );
  const curves = figure("network-loss", "Train and test loss by epoch");
  const diagram = figure("network-diagram", "The network, links by weight sign and size");
  const neurons = figure("network-neurons", "Each hidden neuron's output over the plane");
  const status = h("p", { class: "status", "aria-live": "off" });

  const change = (key: keyof typeof DEFAULTS, value: number | string): void => {
    (p as Record<string, number | string>)[key] = value;
    p.step = 0;
    void run.draw();
  };
  const widths = (): number[] =>
    p.layers
      .split(",")
      .filter((t) => t !== "")
      .map(Number);
  const setWidths = (w: number[]): void => {
    change("layers", w.join(","));
    renderLayers();
  };
  const layerBox = h("div", { class: "layers" });
  function renderLayers(): void {
    const w = widths();
    layerBox.replaceChildren(
      h(
        "div",
        { class: "row" },
        h("span", {}, `${w.length} hidden layer${w.length === 1 ? "" : "s"}`),
        button("+ layer", () => setWidths([...w, 4].slice(0, 6)), {
          "aria-label": "Add a hidden layer",
          "data-action": "add-layer",
        }),
        button("− layer", () => setWidths(w.slice(0, -1)), {
          "aria-label": "Remove the last hidden layer",
          "data-action": "remove-layer",
        }),
      ),
      ...w.map((n, i) =>
        h(
          "div",
          { class: "row" },
          h("span", {}, `layer ${i + 1}: ${n} neurons`),
          button("−", () => setWidths(w.map((x, j) => (j === i ? Math.max(1, x - 1) : x))), {
            "aria-label": `One neuron fewer in layer ${i + 1}`,
          }),
          button("+", () => setWidths(w.map((x, j) => (j === i ? Math.min(8, x + 1) : x))), {
            "aria-label": `One neuron more in layer ${i + 1}`,
          }),
        ),
      ),
    );
  }
  renderLayers();

  const chosen = new Set(
    p.features
      .split(",")
      .filter((t) => t !== "")
      .map(Number),
  );
  const featureBoxes = FEATURES.map((name, i) =>
    checkbox(`feature_${i}`, name, chosen.has(i), (on) => {
      if (on) chosen.add(i);
      else chosen.delete(i);
      change("features", [...chosen].sort().join(","));
    }),
  );
  const controls = h(
    "form",
    { class: "controls", "aria-label": "Settings", onsubmit: (e: Event) => e.preventDefault() },
    field(
      "Data",
      select("dataset", p.dataset, DATASETS, (v) => change("dataset", v)),
    ),
    h(
      "div",
      { class: "row2" },
      field(
        "Points",
        numberInput("samples", p.samples, (v) => change("samples", v), {
          min: 4,
          max: 2000,
          step: 1,
        }),
      ),
      field(
        "Noise",
        numberInput("noise", p.noise, (v) => change("noise", v), { min: 0, max: 2 }),
      ),
    ),
    field(
      "Training share",
      numberInput("trainShare", p.trainShare, (v) => change("trainShare", v), {
        min: 0.05,
        max: 0.95,
        step: 0.05,
      }),
      "The rest is held out as the test set.",
    ),
    field(
      "Click adds a point of",
      select(
        "addClass",
        String(p.addClass) as "0" | "1",
        [
          ["0", "class 0"],
          ["1", "class 1"],
        ],
        (v) => {
          p.addClass = Number(v);
          ctx.save(p);
        },
      ),
      "Shift-click (or Delete on the focused picture) removes the nearest point.",
    ),
    h("fieldset", { class: "field" }, h("legend", {}, "Input features"), ...featureBoxes),
    h("fieldset", { class: "field" }, h("legend", {}, "Layers"), layerBox),
    field(
      "Activation",
      select("activation", p.activation, ACTIVATIONS, (v) => change("activation", v)),
    ),
    field(
      "Loss",
      select("loss", p.loss, ["cross-entropy", "mse"], (v) => change("loss", v)),
    ),
    field(
      "Optimizer",
      select("optimizer", p.optimizer, OPTIMIZERS, (v) => change("optimizer", v)),
    ),
    logSlider("lr", "Learning rate", p.lr, -4, 1, (v) => change("lr", v)),
    field(
      "Batch size",
      numberInput("batch", p.batch, (v) => change("batch", v), { min: 1, max: 2000, step: 1 }),
    ),
    h(
      "div",
      { class: "row2" },
      field(
        "Regularisation",
        select("regularization", p.regularization, ["none", "l1", "l2"], (v) =>
          change("regularization", v),
        ),
      ),
      field(
        "Rate",
        numberInput("regRate", p.regRate, (v) => change("regRate", v), { min: 0 }),
      ),
    ),
    field(
      "Seed",
      numberInput("seed", p.seed, (v) => change("seed", v), { min: 0, step: 1 }),
      "Draws the data, the first weights and the batch order.",
    ),
  );

  let diverged = false;
  const run: Runner = runner(ctx, p, {
    fetch: (): Promise<Lab4Frame> => {
      const half = width() > 700 ? Math.floor(width() / 2) - 8 : width();
      return ctx.worker.lab4(settings(), p.step, half, transport.isPlaying() ? 40 : Infinity);
    },
    show,
    last: () => (diverged ? p.step : null),
  });
  const transport = run.transport;

  const holder = boundary.root.querySelector<HTMLElement>(".svg-holder")!;
  holder.tabIndex = 0;
  holder.dataset.keys = "own";
  holder.setAttribute("role", "group");
  holder.setAttribute(
    "aria-label",
    "Decision boundary. Click adds a point, shift-click removes the nearest.",
  );
  async function edit(x: number, y: number, remove: boolean): Promise<void> {
    if (!remove) {
      p.added = [p.added, `${x.toPrecision(4)},${y.toPrecision(4)},${p.addClass}`]
        .filter((t) => t !== "")
        .join(";");
    } else {
      const near = await ctx.worker.lab4Nearest(settings(), x, y);
      if (!near) return;
      if ("added" in near)
        p.added = p.added
          .split(";")
          .filter((_, i) => i !== near.added)
          .join(";");
      else p.removed = [p.removed, String(near.generated)].filter((t) => t !== "").join(",");
    }
    change("step", 0);
  }
  holder.addEventListener("click", (e) => {
    const pt = dataPoint(e, holder, window);
    if (pt) void edit(pt[0]!, pt[1]!, e.shiftKey);
  });
  let cursor = [0, 0];
  holder.addEventListener("keydown", (e) => {
    if (e.key === "Enter" || e.key === "Delete") {
      void edit(cursor[0]!, cursor[1]!, e.key === "Delete");
      e.preventDefault();
      return;
    }
    const d = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, 1], ArrowDown: [0, -1] }[
      e.key
    ];
    if (!d) return;
    cursor = [
      cursor[0]! + (d[0]! * (window[0][1] - window[0][0])) / 20,
      cursor[1]! + (d[1]! * (window[1][1] - window[1][0])) / 20,
    ];
    ctx.announce(
      `Cursor at (${num(cursor[0], 3)}, ${num(cursor[1], 3)}); Enter adds a class ${p.addClass} point, Delete removes the nearest.`,
    );
    e.preventDefault();
  });

  root.append(
    h("h2", { class: "lab-title" }, "A network learns a boundary"),
    h(
      "p",
      { class: "lede" },
      "A small network, trained by descent's own optimizers, on points you can change. Watch the boundary, the neurons and the weights move, and the test loss part from the training loss.",
    ),
    h(
      "div",
      { class: "lab-grid" },
      controls,
      h(
        "div",
        { class: "views" },
        transport.root,
        status,
        h("div", { class: "two" }, boundary.root, h("div", {}, curves.root, diagram.root)),
        neurons.root,
      ),
    ),
  );
  const width = (): number => Math.round(root.querySelector(".views")?.clientWidth || 600);

  function show(f: Lab4Frame): void {
    window = f.window;
    boundary.set(f.boundary);
    curves.set(f.curves);
    diagram.set(f.diagram);
    neurons.set(f.neurons);
    if (f.neurons === "") neurons.root.hidden = true;
    else neurons.root.hidden = false;
    p.step = f.step;
    diverged = !Number.isFinite(f.trainLoss);
    transport.show(f.step);
    status.dataset.state = diverged ? "diverged" : "running";
    status.textContent = diverged
      ? `Diverged at step ${f.step}: the training loss is ${num(f.trainLoss)}. Lower the learning rate and reset.`
      : `Epoch ${num(f.epoch, 3)} (step ${f.step}, ${f.stepsPerEpoch} steps per epoch, ${f.nTrain} training and ${f.nTest} test points): train loss ${num(f.trainLoss, 4)}, test loss ${num(f.testLoss, 4)}.`;
    if (diverged) transport.pause();
    if (!transport.isPlaying()) ctx.announce(status.textContent);
  }

  void run.draw();
  return {
    transport,
    json: () => ctx.worker.lab4Json(settings(), p.step),
    destroy: run.destroy,
  };
}
