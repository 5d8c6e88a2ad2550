// Lab 5, backpropagation: an expression's graph, the backward pass one node at a time, each
// step's chain-rule product in words, and reverse mode's count of products against per-path.
import { EXAMPLES } from "../engine/backprop-examples.js";
import type { LabContext, MountedLab } from "../lab.js";
import { readParams } from "../state.js";
import { field, figure, h, select, textInput } from "../ui.js";
import type { Lab5Frame } from "../worker.js";
import { expressionBox } from "./common.js";
import { runner, type Runner } from "./runner.js";

const DEFAULTS = { f: EXAMPLES[0]!.f, values: EXAMPLES[0]!.values, step: 0, speed: "1" as string };

export function mount(root: HTMLElement, ctx: LabContext): MountedLab {
  const p = readParams(DEFAULTS, ctx.query);
  let last: number | null = null;
  const graph = figure(
    "backprop-graph",
    "The computation graph: values forward, gradients backward",
  );
  const status = h("p", { class: "status", "aria-live": "polite" });
  const count = h("p", { class: "count", "aria-live": "off" });
  const change = (key: "f" | "values", v: string): void => {
    p[key] = v;
    p.step = 0;
    void run.draw();
  };
  const formula = expressionBox("out =", p.f, (v) => change("f", v));
  const values = textInput("values", p.values, (v) => change("values", v));
  const example = select(
    "example",
    EXAMPLES.find((e) => e.f === p.f)?.id ?? "",
    [["", "Your own expression…"], ...EXAMPLES.map((e) => [e.id, e.title] as const)],
    (id) => {
      const e = EXAMPLES.find((x) => x.id === id);
      if (!e) return formula.input.focus();
      formula.input.value = e.f;
      values.value = e.values;
      p.f = e.f;
      change("values", e.values);
    },
  );
  const controls = h(
    "form",
    { class: "controls", "aria-label": "Settings", onsubmit: (e: Event) => e.preventDefault() },
    field("Example", example),
    formula.root,
    field("Values of the variables", values, "name=number, separated by commas (x=2, w=-3)."),
  );
  const run: Runner = runner(ctx, p, {
    fetch: (): Promise<Lab5Frame> => ctx.worker.lab5({ f: p.f, values: p.values }, p.step, width()),
    show,
    last: () => last,
  });
  const transport = run.transport;
  root.append(
    h("h2", { class: "lab-title" }, "Backpropagation, one node at a time"),
    h(
      "p",
      { class: "lede" },
      "Forward, every node gets its value. Backward, from the output, each node's gradient is one product per use: the gradient of the node that uses it, computed once and reused, times a local derivative.",
    ),
    h(
      "div",
      { class: "lab-grid" },
      controls,
      h("div", { class: "views" }, transport.root, status, count, graph.root),
    ),
  );
  const width = (): number => Math.round(root.querySelector(".views")?.clientWidth || 600);

  function show(f: Lab5Frame): void {
    if ("problem" in f) {
      formula.showProblem(f.problem);
      last = null;
      status.dataset.state = "invalid";
      status.textContent =
        "No graph: the expression or the values have an error (see under the box).";
      transport.show(0);
      return;
    }
    formula.showProblem(null);
    last = f.last;
    p.step = f.step;
    graph.set(f.graph);
    transport.show(f.step);
    status.dataset.state = f.step >= f.last ? "gradient-tolerance" : "running";
    status.textContent = `Step ${f.step} of ${f.last}: ${f.text}`;
    count.textContent = `Products so far: ${f.multiplications} of reverse mode's ${f.reverseMode}. Expanding the chain rule path by path would need ${f.perPath} products over ${f.paths} paths.`;
    if (!transport.isPlaying()) ctx.announce(status.textContent);
  }

  void run.draw();
  return {
    transport,
    json: () => ctx.worker.lab5Json({ f: p.f, values: p.values }),
    destroy: run.destroy,
  };
}
