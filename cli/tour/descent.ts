/** Tour chapters 1 and 2: gradient descent on the cubic and the quartic, then on a surface. */
import { galleryFunction, minimize } from "../../src/index.js";
import { lineChart } from "../../src/viz/index.js";
import { RUN_HEADER, contours, curve, run, runRow, stopText } from "./draw.js";
import { figure, n4, tall, WIDE, type Chapter } from "./types.js";

const PSEUDOCODE = `while (iter_count < max_iters or convergence_not_reached)
    x_new = x_old - lr * grad{f}(x_old)`;

export const chapterDescent: Chapter = {
  number: 1,
  title: "Gradient descent on the cubic and the quartic",
  slug: "cubic-quartic",
  run() {
    const cubicFrom2 = minimize("cubic", [2], { lr: 0.05, maxIters: 500 });
    const cubicFromLeft = minimize("cubic", [-1.5], { lr: 0.05, maxIters: 500 });
    const quarticFrom3 = minimize("quartic", [3], { lr: 0.01, maxIters: 500 });
    const quarticFromLeft = minimize("quartic", [-1], { lr: 0.01, maxIters: 300 });
    const cubicRuns = [
      run(cubicFrom2, "from x = 2"),
      run(cubicFromLeft, "from x = −1.5", `runs downhill for ever (${stopText(cubicFromLeft)})`),
    ];
    const quarticRuns = [run(quarticFrom3, "from x = 3"), run(quarticFromLeft, "from x = −1")];
    const paths = figure(
      "01-cubic-quartic",
      (size) => [
        curve("cubic", cubicRuns, { title: "Cubic x³ − 3x, lr 0.05" }, size),
        curve("quartic", quarticRuns, { title: "Quartic x⁴ − 3x³ + 2, lr 0.01" }, size),
      ],
      {
        title: "Gradient descent on the cubic and the quartic",
        desc: `Cubic x³ − 3x from x = 2: ${stopText(cubicFrom2)} at x = ${n4(cubicFrom2.x[0]!)}; from x = −1.5: ${stopText(cubicFromLeft)} (no global minimum). Quartic x⁴ − 3x³ + 2 from x = 3: ${stopText(quarticFrom3)} at x = ${n4(quarticFrom3.x[0]!)}; from x = −1: ${stopText(quarticFromLeft)} near the flat point x = 0.`,
        caption:
          "The ring marks where a run starts, each dot is one iterate on the curve, and numbers are iterations (the first, the last, and where the run turns). Stars mark minima: hollow for a local one, filled for the global one. Under each curve, f′ on its own axis: the steps are long where |f′| is large and shrink as f′ reaches 0. On the cubic, a start left of x = −1 runs downhill for ever: x = 1 is only a local minimum. On the quartic, f′ = 0 at x = 0 too (a flat inflection), where a start from the left crawls.",
      },
    );

    // What the learning rate does on the quartic, from x = 3.
    const rates = [
      { label: "too small", lr: 0.0005, maxIters: 100 },
      { label: "good", lr: 0.03, maxIters: 100 },
      { label: "too large", lr: 0.2, maxIters: 100 },
    ];
    const results = rates.map((r) => ({
      ...r,
      result: minimize("quartic", [3], { lr: r.lr, maxIters: r.maxIters }),
    }));
    const [small, good, large] = results as [
      (typeof results)[0],
      (typeof results)[0],
      (typeof results)[0],
    ];
    const escapePath = large.result.trajectory.map((p) => n4(p.x[0]!, 4)).join(" → ");
    const fStar = galleryFunction("quartic")!.minima[0]!.value;
    const lrRuns = results.map(({ label, lr, result }) =>
      run(
        result,
        `lr ${lr} (${label})`,
        result.reason === "diverged" ? `diverged: x = ${escapePath}` : undefined,
      ),
    );
    const gap = results.map(({ label, lr, result }) => ({
      label: `lr ${lr} (${label})`,
      y: result.trajectory.map((p) => p.value - fStar),
    }));
    const lrPicture = figure(
      "01-learning-rate",
      (size) => [
        curve("quartic", lrRuns, { title: "The learning rate on the quartic, from x = 3" }, size),
        lineChart(
          { series: gap },
          {
            title: "f(x) − f(x*) against iteration",
            yScale: "log",
            xLabel: "iteration",
            yLabel: "f(x) − f(x*)",
            markers: true,
            width: size.width,
            height: tall(size, Math.round(WIDE.width * 0.68)),
            ...(size.theme ? { theme: size.theme } : {}),
          },
        ),
      ],
      {
        title: "What the learning rate does",
        desc: `Quartic from x = 3. lr ${small.lr}: ${stopText(small.result)} at x = ${n4(small.result.x[0]!)}. lr ${good.lr}: ${stopText(good.result)}. lr ${large.lr}: ${stopText(large.result)}, x = ${escapePath}.`,
        caption:
          "Left: the three runs on the curve (the diverged one leaves the window on its first step). Right: the gap to the minimum value on a log axis, one dot per iteration.",
      },
    );
    const lastLarge = large.result.trajectory[large.result.trajectory.length - 1]!;
    return {
      lecture: [
        "If derivative is negative, move towards direction of increasing 'x', else, move towards direction of decreasing 'x'. Further, on reaching the minima, derivative = 0. So you stop.",
        "While updating the input values, we also need to keep a parameter called learning rate - to control our “step size” … The value of learning rate is a hyperparameter which requires some tuning.",
      ],
      summary:
        "Plain gradient descent, x ← x − lr·f′(x), stopped when |f′(x)| < 10⁻⁶ or after max iterations. The dashed curve under each plot is f′: the steps are long where it is large and shrink where it reaches 0. Then three learning rates on the quartic from the same start: too small crawls, a good one converges, a too large one overshoots and diverges.",
      code: PSEUDOCODE,
      pictures: [paths, lrPicture],
      tables: [
        {
          caption: "The runs of the first picture",
          header: RUN_HEADER,
          rows: [
            runRow("cubic from 2", "0.05", cubicFrom2),
            runRow("cubic from −1.5", "0.05", cubicFromLeft),
            runRow("quartic from 3", "0.01", quarticFrom3),
            runRow("quartic from −1", "0.01", quarticFromLeft),
          ],
        },
        {
          caption: "The learning rate on the quartic from x = 3 (minimum x* = 2.25)",
          header: RUN_HEADER,
          rows: results.map(({ label, lr, result }) => runRow(label, String(lr), result)),
        },
      ],
      line:
        `Gradient descent: cubic from x = 2 → x = ${n4(cubicFrom2.x[0]!)} in ${cubicFrom2.iterations} steps; ` +
        `quartic lr ${small.lr} crawls (${small.result.reason}), lr ${good.lr} converges in ${good.result.iterations} steps, ` +
        `lr ${large.lr} diverged at step ${large.result.iterations} (x = ${n4(lastLarge.x[0]!)})`,
    };
  },
};

export const chapterSurface: Chapter = {
  number: 2,
  title: "The surface z = f(x, y) and the gradient",
  slug: "gradient-surface",
  run() {
    const start = [-2.5, 1];
    const lr = 0.09;
    // One knob per comparison: the same learning rate, only the momentum β changes.
    const withBeta = (beta: number) =>
      beta === 0
        ? minimize("bowl", start, { lr, maxIters: 2000 })
        : minimize("bowl", start, {
            optimizer: "momentum",
            lr,
            optimizerOptions: { momentum: beta },
            maxIters: 2000,
          });
    const sweep = [0, 0.3, 0.5, 0.8].map((beta) => ({ beta, result: withBeta(beta) }));
    const gd = sweep[0]!.result;
    const beta = 0.5;
    const momentum = sweep.find((r) => r.beta === beta)!.result;
    // A window around the paths; contourPlot2d keeps both axes to one scale, so −∇f is drawn
    // perpendicular to the contours.
    const window = [
      [-2.8, 0.5],
      [-1.35, 1.55],
    ] as const;
    const picture = figure(
      "02-gradient-surface",
      (size) => [
        contours(
          "bowl",
          [run(gd, `gradient descent, lr ${lr}`)],
          { window, gradientArrows: 0, gradientField: 9, title: "x² + 10y²: gradient descent" },
          size,
        ),
        contours(
          "bowl",
          [{ ...run(momentum, `momentum β = ${beta}, lr ${lr}`), colour: "#D55E00" }],
          { window, stepParts: 6, title: `x² + 10y²: momentum β = ${beta}` },
          size,
        ),
      ],
      {
        title: "Gradient descent and momentum on the ill-conditioned bowl",
        desc: `From (−2.5, 1) on x² + 10y², both with lr ${lr}: gradient descent ${stopText(gd)}, zig-zagging across the steep y direction; momentum β = ${beta} ${stopText(momentum)}.`,
        caption: `Contours of f (dark = low); both panels use lr ${lr}, only β differs. Left: grey arrows are the direction of −∇f across the plane, perpendicular to the contours; gradient descent follows them and zig-zags across the steep y wall. Right: each step of momentum split in two, head to tail — the dashed purple arrow is what the velocity carries over from earlier steps (β times the last step), the black one is −lr·∇f at the point; together they make the step. The y swings cancel in the carried part, the x steps add up. The ring marks the start, the star the minimum, numbers are iterations.`,
      },
    );
    const first = gd.trajectory[0]!;
    return {
      lecture: [
        "Keep 'y' constant and find the derivative along 'x'. Keep 'x' constant and find the derivative along 'y'. Move in the direction given by the above vector. This is same as taking the gradient.",
        "“Overall” target direction of motion = −[∂f/∂x, ∂f/∂y] = −∇f",
      ],
      summary: `The bowl f(x, y) = x² + 10y² is 10 times steeper in y than in x. At the start (−2.5, 1) the gradient is ∇f = (${first.grad.map((g) => n4(g)).join(", ")}): −∇f points mostly down the steep y wall, not at the minimum. Gradient descent follows it and zig-zags; momentum adds β times its previous step to each −lr·∇f, so the y swings cancel and the x steps add up. The learning rate is ${lr} in every run; only β changes — too much momentum (β = 0.8) overshoots and is slower again.`,
      pictures: [picture],
      tables: [
        {
          caption: `The same start (−2.5, 1) and lr ${lr}, β from 0 (plain gradient descent) to 0.8`,
          header: ["β", ...RUN_HEADER.slice(1)],
          rows: sweep.map(({ beta: b, result }) => runRow(String(b), String(lr), result)),
        },
      ],
      line: `The gradient: on x² + 10y² at lr ${lr}, gradient descent zig-zags to (0, 0) in ${gd.iterations} steps; momentum β = ${beta} takes ${momentum.iterations}, β = 0.8 ${sweep[3]!.result.iterations}`,
    };
  },
};
