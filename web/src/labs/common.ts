// Pieces several labs share: the expression box with its error, stop reasons in words, the step log.
import type { StopReason, TrajectoryPoint } from "../../../src/index.js";
import { formatNumber } from "../../../src/viz/svg.js";
import type { ExpressionProblem } from "../engine/objective.js";
import { h } from "../ui.js";

export const num = (v: number | undefined, digits = 5): string =>
  v === undefined ? "—" : formatNumber(v, digits);
export const vec = (v: readonly number[] | undefined): string =>
  v === undefined ? "—" : v.length === 1 ? num(v[0]) : `(${v.map((x) => num(x)).join(", ")})`;

/** Why a run stopped, as a sentence a learner can act on. */
export function reasonText(
  reason: StopReason,
  last: TrajectoryPoint | undefined,
  eps: number,
): string {
  const at = last ? last.iteration : 0;
  switch (reason) {
    case "gradient-tolerance":
      return `Converged at step ${at}: the gradient's size ${num(last?.gradNorm, 3)} fell below ε = ${num(eps, 3)}.`;
    case "value-tolerance":
      return `Converged at step ${at}: f stopped changing.`;
    case "step-tolerance":
      return `Stopped at step ${at}: the steps became too small to move x (below 1e−10).`;
    case "max-iterations":
      return `Hit the maximum of ${at} iterations without the gradient falling below ε = ${num(eps, 3)}; raise the limit or the learning rate, or widen ε.`;
    case "time-budget":
      return `Ran out of time at step ${at}.`;
    case "diverged":
      return `Diverged after step ${at}: f or its gradient became infinite or NaN (or |f| passed 10¹²). Lower the learning rate.`;
    default:
      return reason satisfies never;
  }
}

/** A formula box that shows a parse error under itself with a caret at its position. */
export function expressionBox(
  label: string,
  value: string,
  onChange: (v: string) => void,
): {
  root: HTMLElement;
  input: HTMLInputElement;
  showProblem: (p: ExpressionProblem | null) => void;
} {
  const input = h("input", {
    type: "text",
    id: "expression",
    name: "f",
    "data-param": "f",
    value,
    spellcheck: "false",
    autocomplete: "off",
    autocapitalize: "off",
    "aria-describedby": "expression-error",
  });
  const error = h("div", {
    id: "expression-error",
    class: "expression-error",
    "aria-live": "polite",
  });
  input.addEventListener("change", () => onChange(input.value.trim()));
  const showProblem = (p: ExpressionProblem | null): void => {
    input.setAttribute("aria-invalid", p ? "true" : "false");
    if (!p) {
      error.replaceChildren();
      return;
    }
    const source = input.value;
    const caret = " ".repeat(p.position) + "^".repeat(Math.max(1, p.length));
    error.replaceChildren(
      h("p", { role: "alert" }, `Error at position ${p.position}: ${p.message.split("\n")[0]}`),
      h(
        "pre",
        { "aria-hidden": "true", "data-position": String(p.position) },
        `${source}\n${caret}`,
      ),
    );
  };
  const root = h("div", { class: "field" }, h("label", { for: "expression" }, label), input, error);
  return { root, input, showProblem };
}

/** A table of the last steps: what a screen reader can follow line by line. */
export function stepLog(
  caption: string,
  columns: readonly string[],
): { root: HTMLElement; set: (rows: string[][]) => void } {
  const body = h("tbody");
  const table = h(
    "table",
    { class: "log" },
    h("caption", {}, caption),
    h("thead", {}, h("tr", {}, ...columns.map((c) => h("th", { scope: "col" }, c)))),
    body,
  );
  const root = h(
    "div",
    { class: "log-scroll", tabindex: "0", role: "region", "aria-label": caption },
    table,
  );
  return {
    root,
    set(rows) {
      body.replaceChildren(...rows.map((r) => h("tr", {}, ...r.map((c) => h("td", {}, c)))));
      root.scrollTop = root.scrollHeight;
    },
  };
}
