/** Tour chapters 1 and 2: gradient descent on the cubic and the quartic, then on a surface. */
import { galleryFunction, minimize } from "../../src/index.js";
import { lineChart } from "../../src/viz/index.js";
import { panels } from "../report.js";
import { RUN_HEADER, contours, curve, run, runRow, stopText } from "./draw.js";
import { n4, type Chapter } from "./types.js";

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
    const paths = panels(
      [
        curve(
          "cubic",
          [
            run(cubicFrom2, "from x = 2"),
            run(
              cubicFromLeft,
              "from x = −1.5",
              `runs downhill for ever (${stopText(cubicFromLeft)})`,
            ),
          ],
          {
            title: "Cubic x³ − 3x, lr 0.05",
          },
        ),
        curve("quartic", [run(quarticFrom3, "from x = 3"), run(quarticFromLeft, "from x = −1")], {
          title: "Quartic x⁴ − 3x³ + 2, lr 0.01",
        }),
      ],
      {
        title: "Gradient descent on the cubic and the quartic",
        desc: `Cubic x³ − 3x from x = 2: ${stopText(cubicFrom2)} at x = ${n4(cubicFrom2.x[0]!)}; from x = −1.5: ${stopText(cubicFromLeft)} (no global minimum). Quartic x⁴ − 3x³ + 2 from x = 3: ${stopText(quarticFrom3)} at x = ${n4(quarticFrom3.x[0]!)}; from x = −1: ${stopText(quarticFromLeft)} near the flat point x = 0.`,
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
    const lrPicture = panels(
      [
        curve("quartic", lrRuns, { title: "The learning rate on the quartic, from x = 3" }),
        lineChart(
          {
            series: results.map(({ label, lr, result }) => ({
              label: `lr ${lr} (${label})`,
              y: result.trajectory.map((p) => p.value - fStar),
            })),
          },
          {
            title: "f(x) − f(x*) against iteration",
            yScale: "log",
            xLabel: "iteration",
            yLabel: "f(x) − f(x*)",
            width: 560,
            height: Math.round(560 * 0.62),
          },
        ),
      ],
      {
        title: "What the learning rate does",
        desc: `Quartic from x = 3. lr ${small.lr}: ${stopText(small.result)} at x = ${n4(small.result.x[0]!)}. lr ${good.lr}: ${stopText(good.result)}. lr ${large.lr}: ${stopText(large.result)}, x = ${escapePath}.`,
      },
    );
    const lastLarge = large.result.trajectory[large.result.trajectory.length - 1]!;
    return {
      lecture: [
        "If derivative is negative, move towards direction of increasing 'x', else, move towards direction of decreasing 'x'. Further, on reaching the minima, derivative = 0. So you stop.",
        "While updating the input values, we also need to keep a parameter called learning rate - to control our “step size” … The value of learning rate is a hyperparameter which requires some tuning.",
      ],
      summary:
        "Plain gradient descent, x ← x − lr·f′(x), stopped when |f′(x)| < 10⁻⁶ or after max iterations. The dashed curve is f′ (right axis): the steps are long where it is large and shrink where it reaches 0. Then three learning rates on the quartic from the same start: too small crawls, a good one converges, a too large one overshoots and diverges.",
      code: PSEUDOCODE,
      pictures: [
        {
          file: "01-cubic-quartic",
          svg: paths,
          caption:
            "Each dot is one iterate on the curve; numbers are iterations. On the cubic, a start left of x = −1 runs downhill for ever: x = 1 is only a local minimum. On the quartic, f′ = 0 at x = 0 too (a flat inflection), where a start from the left crawls.",
        },
        {
          file: "01-learning-rate",
          svg: lrPicture,
          caption:
            "Left: the three runs on the curve (the diverged one leaves the window on its first step). Right: the gap to the minimum value on a log axis.",
        },
      ],
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
    const gd = minimize("bowl", start, { lr: 0.09, maxIters: 2000 });
    const momentum = minimize("bowl", start, {
      optimizer: "momentum",
      lr: 0.05,
      optimizerOptions: { momentum: 0.5 },
      maxIters: 2000,
    });
    // A window around the paths with equal scales on both axes, so −∇f looks perpendicular to the contours.
    const view = {
      width: 540,
      gradientArrows: 14,
      stepLabels: 6,
      window: [
        [-2.8, 0.5],
        [-1.35, 1.55],
      ] as const,
    };
    const picture = panels(
      [
        contours("bowl", [run(gd, "gradient descent, lr 0.09")], {
          ...view,
          title: "x² + 10y²: gradient descent",
        }),
        contours("bowl", [run(momentum, "momentum 0.5, lr 0.05")], {
          ...view,
          title: "x² + 10y²: with momentum",
        }),
      ],
      {
        title: "Gradient descent on the ill-conditioned bowl",
        desc: `From (−2.5, 1) on x² + 10y²: gradient descent with lr 0.09 ${stopText(gd)}, zig-zagging across the steep y direction; momentum 0.5 with lr 0.05 ${stopText(momentum)}.`,
      },
    );
    const first = gd.trajectory[0]!;
    return {
      lecture: [
        "Keep 'y' constant and find the derivative along 'x'. Keep 'x' constant and find the derivative along 'y'. Move in the direction given by the above vector. This is same as taking the gradient.",
        "“Overall” target direction of motion = −[∂f/∂x, ∂f/∂y] = −∇f",
      ],
      summary: `The bowl f(x, y) = x² + 10y² is 10 times steeper in y than in x. At the start (−2.5, 1) the gradient is ∇f = (${first.grad.map((g) => n4(g)).join(", ")}): −∇f points mostly down the steep y wall, not at the minimum. Gradient descent follows it and zig-zags; momentum averages the steps, so the y swings cancel and the x steps add up.`,
      pictures: [
        {
          file: "02-gradient-surface",
          svg: picture,
          caption:
            "Contours of f (dark = low). Black arrows are −∇f at points of the path; dashed coloured arrows are the momentum (the velocity). Numbers are iterations; the star is the minimum.",
        },
      ],
      tables: [
        {
          caption: "Both runs from (−2.5, 1)",
          header: RUN_HEADER,
          rows: [runRow("gradient descent", "0.09", gd), runRow("momentum 0.5", "0.05", momentum)],
        },
      ],
      line: `The gradient: on x² + 10y², gradient descent (lr 0.09) zig-zags to (0, 0) in ${gd.iterations} steps; momentum 0.5 (lr 0.05) takes ${momentum.iterations}`,
    };
  },
};
