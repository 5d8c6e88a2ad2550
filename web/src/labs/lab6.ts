// Lab 6, MNIST: the MLP 784-128-10 trained on the package's digits in the worker, with a progress
// bar and live curves; then a digit drawn by hand and the ten probabilities the network gives it.
import type { MnistSettings } from "../engine/mnist.js";
import type { Lab6Frame } from "../engine/mnist-session.js";
import type { LabContext, MountedLab } from "../lab.js";
import { readParams } from "../state.js";
import { button, field, figure, h, logSlider, numberInput } from "../ui.js";
import { num } from "./common.js";
import { digitPad } from "./digit-pad.js";
import { runner, type Runner } from "./runner.js";

const DEFAULTS = {
  trainSize: 8000,
  lr: 0.1,
  momentum: 0.9,
  batch: 64,
  epochs: 3,
  seed: 0,
  step: 0,
  speed: "max" as string,
  /** The held-out digit shown on the pad (−1: none or a drawing). */
  digit: -1,
};
type Params = typeof DEFAULTS;

const settingsOf = (p: Params): MnistSettings => ({
  trainSize: p.trainSize,
  lr: p.lr,
  momentum: p.momentum,
  batch: p.batch,
  epochs: p.epochs,
  seed: p.seed,
});

function controls(p: Params, change: (key: keyof Params, v: number) => void): HTMLElement {
  const count = (key: keyof Params, min: number, max: number, hint?: string) =>
    field(
      { trainSize: "Training digits", batch: "Batch size", epochs: "Epochs" }[key as string] ?? key,
      numberInput(key, p[key] as number, (v) => change(key, v), { min, max, step: 1 }),
      hint,
    );
  return h(
    "form",
    { class: "controls", "aria-label": "Settings", onsubmit: (e: Event) => e.preventDefault() },
    count("trainSize", 500, 9000, "Of the 10,000 digits; the rest are held out."),
    logSlider("lr", "Learning rate", p.lr, -3, 0, (v) => change("lr", v)),
    field(
      "Momentum β",
      numberInput("momentum", p.momentum, (v) => change("momentum", v), { min: 0, max: 0.999 }),
    ),
    h("div", { class: "row2" }, count("batch", 1, 1000), count("epochs", 1, 20)),
    field(
      "Seed",
      numberInput("seed", p.seed, (v) => change("seed", v), { min: 0, step: 1 }),
      "Draws the split, the first weights and each epoch's order.",
    ),
  );
}

/** The ten probabilities as labelled bars, the likeliest named for screen readers. */
function probabilities(): { root: HTMLElement; set: (p: number[] | null) => void } {
  const items = Array.from({ length: 10 }, (_, d) => {
    const bar = h("span", { class: "bar" });
    const value = h("span", { class: "value" }, "—");
    return {
      li: h("li", { "data-digit": String(d) }, h("b", {}, String(d)), bar, value),
      bar,
      value,
    };
  });
  const summary = h("p", { class: "status", "aria-live": "polite", "data-note": "reading" });
  const root = h(
    "div",
    { class: "probs" },
    summary,
    h("ol", { start: "0", "aria-label": "Probability of each digit" }, ...items.map((i) => i.li)),
  );
  return {
    root,
    set(p) {
      const best = p ? p.indexOf(Math.max(...p)) : -1;
      items.forEach((item, d) => {
        const v = p?.[d];
        item.bar.style.width = `${v === undefined ? 0 : Math.round(v * 100)}%`;
        item.value.textContent = v === undefined ? "—" : `${(v * 100).toFixed(1)} %`;
        item.li.dataset.best = d === best ? "1" : "0";
      });
      summary.textContent = p
        ? `The network reads ${best} (${num(p[best]! * 100, 3)} %).`
        : "Draw a digit on the pad, or pick a held-out digit below.";
    },
  };
}

/** A run that could not start (the digits did not download): the reason, and play stopped. */
function showFailure(status: HTMLElement, run: Runner, error: unknown): void {
  run.transport.pause();
  status.dataset.state = "invalid";
  status.textContent = `No training: ${error instanceof Error ? error.message : String(error)}. Reload the page to try again.`;
}

/** The lab's figures and live elements. */
function parts() {
  return {
    loss: figure("mnist-loss", "Loss of each batch and of the held-out digits"),
    accuracy: figure("mnist-accuracy", "Held-out accuracy after each epoch"),
    confused: figure("mnist-confused", "The ten most confused held-out digits"),
    status: h("p", { class: "status", "aria-live": "polite" }, "Loading the digits…"),
    progress: h("progress", { max: "1", value: "0", "aria-label": "Training progress" }),
    picks: h("div", { class: "picks", role: "group", "aria-label": "Show a held-out digit" }),
  };
}

export function mount(root: HTMLElement, ctx: LabContext): MountedLab {
  const p = readParams(DEFAULTS, ctx.query);
  let last: number | null = null;
  let drawn: number[] | null = null;
  const { loss, accuracy, confused, status, progress, picks } = parts();
  const probs = probabilities();
  const predict = async (pixels: number[] | null): Promise<void> => {
    drawn = pixels;
    probs.set(pixels ? await ctx.worker.lab6Predict(settingsOf(p), p.step, pixels) : null);
  };
  const pad = digitPad((pixels) => {
    p.digit = -1;
    ctx.save(p);
    void predict(pixels);
  });
  const run: Runner = runner(ctx, p, {
    fetch: (): Promise<Lab6Frame> =>
      ctx.worker.lab6(
        settingsOf(p),
        p.step,
        views.clientWidth || 600,
        run.transport.isPlaying() ? 40 : Infinity,
      ),
    show,
    last: () => last,
    fail: (error) => showFailure(status, run, error),
  });
  const change = (key: keyof Params, v: number): void => {
    (p as Record<string, number | string>)[key] = v;
    p.step = 0;
    void run.draw();
  };
  const pick = async (index: number): Promise<void> => {
    p.digit = index;
    ctx.save(p);
    const pixels = await ctx.worker.lab6Digit(settingsOf(p), p.step, index);
    pad.show(pixels);
    await predict(pixels);
  };
  const views = h(
    "div",
    { class: "views" },
    run.transport.root,
    h("div", { class: "progress" }, progress, status),
    h("div", { class: "two" }, loss.root, accuracy.root),
    h("div", { class: "two" }, pad.root, probs.root),
    confused.root,
    picks,
  );
  root.append(h("h2", { class: "lab-title" }, "MNIST"), h("p", { class: "lede" }, LEDE));
  root.append(h("div", { class: "lab-grid" }, controls(p, change), views));

  function show(f: Lab6Frame): void {
    [last, p.step] = [f.last, f.step];
    loss.set(f.loss);
    accuracy.set(f.accuracy);
    confused.set(f.confused);
    run.transport.show(f.step);
    progress.value = f.step / f.last;
    status.textContent = statusText(f);
    const diverged = !Number.isFinite(f.batchLoss ?? 0);
    status.dataset.state = diverged ? "diverged" : f.step < f.last ? "running" : "done";
    if (diverged) run.transport.pause();
    picks.replaceChildren(...pickButtons(f, (i) => void pick(i)));
    if (!run.transport.isPlaying()) {
      ctx.announce(status.textContent);
      if (p.digit >= 0) void pick(p.digit);
      else void predict(drawn);
    }
  }

  void run.draw();
  return {
    transport: run.transport,
    json: () => ctx.worker.lab6Json(settingsOf(p), p.step),
    destroy: run.destroy,
  };
}

/** One button per confused digit, to show it on the pad (the keyboard's way to the pad). */
function pickButtons(f: Lab6Frame, pick: (index: number) => void): HTMLButtonElement[] {
  return f.confusedDigits.map((c) =>
    button(`${c.label} read as ${c.predicted}`, () => pick(c.index), {
      "aria-label": `${c.label} read as ${c.predicted}: show held-out digit ${c.index} on the pad`,
      "data-index": String(c.index),
    }),
  );
}

const LEDE =
  "A network of 784 inputs, 128 hidden ReLU units and 10 outputs learns the package's handwritten digits here, in your browser. Train it, watch the curves, then draw a digit and see what it reads — and which held-out digits fool it most.";

function statusText(f: Lab6Frame): string {
  const e = f.evaluation;
  const epoch = `epoch ${num(f.step / f.stepsPerEpoch, 3)} of ${f.last / f.stepsPerEpoch} (update ${f.step} of ${f.last}, batches of ${Math.ceil(f.nTrain / f.stepsPerEpoch)} from ${f.nTrain} digits)`;
  const measured =
    e.step === 0
      ? `Untrained, the network reads ${num(e.accuracy * 100, 3)} % of the ${f.nTest} held-out digits right.`
      : `After epoch ${Math.round(e.epoch)}: ${num(e.accuracy * 100, 4)} % of the ${f.nTest} held-out digits right, loss ${num(e.loss, 4)}.`;
  const batch = f.batchLoss === null ? "" : ` Last batch loss ${num(f.batchLoss, 4)}.`;
  if (!Number.isFinite(f.batchLoss ?? 0))
    return `Diverged at update ${f.step}: the loss is ${num(f.batchLoss!)}. Lower the learning rate.`;
  return `${f.step < f.last ? "Training" : "Trained"}: ${epoch}. ${measured}${batch}`;
}
