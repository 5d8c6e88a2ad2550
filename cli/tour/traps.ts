/** Tour chapters 3 and 4: the lecture's two limitations, local minima and non-differentiability. */
import { galleryFunction, minimize, optim, tensor, type MinimizeResult } from "../../src/index.js";
import { lineChart } from "../../src/viz/index.js";
import { RUN_HEADER, curve, run, runRow, stopText } from "./draw.js";
import { figure, n4, tall, WIDE, type Chapter } from "./types.js";

export const chapterLocalMinima: Chapter = {
  number: 3,
  title: "The local-minimum trap and two ways out",
  slug: "local-minima",
  run({ quick }) {
    const well = galleryFunction("double-well")!;
    const [global, local] = well.minima as [(typeof well.minima)[0], (typeof well.minima)[0]];
    const base = { lr: 0.01, maxIters: 3000 };
    const noise = (seed: number) =>
      minimize("double-well", [2], {
        ...base,
        noise: optim.exponentialLR(0.5, { gamma: 0.99 }),
        seed,
      });
    const gd = minimize("double-well", [2], base);
    const momentum = minimize("double-well", [2], {
      ...base,
      optimizer: "momentum",
      optimizerOptions: { momentum: 0.95 },
    });
    const noisy = noise(0);
    const isGlobal = (r: MinimizeResult) => Math.abs(r.x[0]! - global.point[0]!) < 1e-3;
    const seeds = quick ? 5 : 20;
    const escapes = Array.from({ length: seeds }, (_, s) => noise(s)).filter(isGlobal).length;
    const betas = [0.5, 0.8, 0.9, 0.95].map((beta) => ({
      beta,
      result: minimize("double-well", [2], {
        ...base,
        optimizer: "momentum",
        optimizerOptions: { momentum: beta },
      }),
    }));
    const where = (r: MinimizeResult) => (isGlobal(r) ? "global" : "local");
    // One order in both legends; the noisy run drawn underneath, plain descent on top.
    const runs = [
      { ...run(gd, "gradient descent"), colour: "#0072B2" },
      { ...run(momentum, "momentum 0.95"), colour: "#D55E00" },
      { ...run(noisy, "noise σ = 0.5·0.99ᵗ"), colour: "#009E73" },
    ];
    const shown = 200;
    const picture = figure(
      "03-local-minima",
      (size) => [
        curve(
          "double-well",
          runs,
          {
            title: "Double well x⁴ − 4x² + x, from x = 2, lr 0.01",
            derivative: false,
            height: 430,
            drawOrder: [2, 1, 0],
          },
          size,
        ),
        lineChart(
          {
            series: runs.map((r) => ({
              label: r.label!,
              colour: r.colour,
              y: r.points.map((p) => p.x[0]!),
            })),
          },
          {
            title: `Where each run is: x over the first ${shown} iterations`,
            xLabel: "iteration",
            yLabel: "x",
            xRange: [0, shown],
            markers: false,
            references: [
              { value: global.point[0]!, label: `global minimum x = ${n4(global.point[0]!, 3)}` },
              { value: local.point[0]!, label: `local minimum x = ${n4(local.point[0]!, 3)}` },
            ],
            width: size.width,
            height: tall(size, 430),
            ...(size.theme ? { theme: size.theme } : {}),
          },
        ),
      ],
      {
        title: "The local-minimum trap and the escapes",
        desc: `From x = 2 on x⁴ − 4x² + x: gradient descent ${stopText(gd)} at x = ${n4(gd.x[0]!)} (local minimum, f = ${n4(gd.value)}); momentum 0.95 ${stopText(momentum)} at x = ${n4(momentum.x[0]!)}; decaying noise ${stopText(noisy)} at x = ${n4(noisy.x[0]!)} (global minimum, f = ${n4(global.value)}).`,
        caption: `Left: the three paths on the curve (the ring marks the start; hollow star: local minimum, filled: global). Right: x over the first ${shown} iterations, with dashed lines at both minima — plain descent settles at once in the shallow valley, momentum overshoots and swings into the deep one, the noisy run wanders and settles there too (it runs to iteration ${noisy.iterations}; the rest is flat).`,
      },
    );
    const rows = [
      [...runRow("gradient descent", "0.01", gd), where(gd)],
      [...runRow("momentum 0.95", "0.01", momentum), where(momentum)],
      [...runRow("noise (seed 0)", "0.01", noisy), where(noisy)],
    ];
    return {
      lecture: [
        "Suppose you start from M. Our method will guide you till C. But you will get “stuck” at C as gradient becomes 0 there.",
        "Solutions: Use “momentum”. Use “noise” while walking (happens “automatically” as part of Stochastic GD).",
      ],
      summary: `The double well has a shallow valley at x = ${n4(local.point[0]!)} (f = ${n4(local.value)}) and a deep one at x = ${n4(global.point[0]!)} (f = ${n4(global.value)}). From x = 2 all three runs use lr 0.01. Momentum 0.95 carries the speed gathered on the way down over the hump; the noisy run adds Gaussian noise after each step, σ = 0.5·0.99ᵗ (seeded), which shakes it out of the shallow valley and then fades so that it settles.`,
      pictures: [picture],
      tables: [
        {
          caption: "The three runs from x = 2",
          header: [...RUN_HEADER, "minimum"],
          rows,
        },
        {
          caption: `How often, and with how much momentum, the escape works`,
          header: ["setting", "reached the global minimum"],
          rows: [
            [`noise σ = 0.5·0.99ᵗ, seeds 0–${seeds - 1}`, `${escapes} of ${seeds}`],
            ...betas.map(({ beta, result }) => [
              `momentum ${beta}`,
              `${isGlobal(result) ? "yes" : "no"} (x = ${n4(result.x[0]!)}, ${result.iterations} steps)`,
            ]),
          ],
        },
      ],
      line: `Local minima: GD stopped at x = ${n4(gd.x[0]!)} (${where(gd)}, f = ${n4(gd.value, 3)}); ${escapedLine(momentum, noisy, where)}; noise escaped for ${escapes} of ${seeds} seeds`,
    };
  },
};

/** "momentum and noise reached x = −1.473 (global)", or each on its own when they differ. */
function escapedLine(
  momentum: MinimizeResult,
  noisy: MinimizeResult,
  where: (r: MinimizeResult) => string,
): string {
  const [m, z] = [n4(momentum.x[0]!), n4(noisy.x[0]!)];
  return m === z && where(momentum) === where(noisy)
    ? `momentum and noise reached x = ${m} (${where(momentum)})`
    : `momentum reached x = ${m} (${where(momentum)}), noise x = ${z} (${where(noisy)})`;
}

export const chapterKink: Chapter = {
  number: 4,
  title: "Non-differentiability: the kink of |x|",
  slug: "kink",
  run() {
    const start = [1.05];
    const fixed = minimize("abs(x)", start, { lr: 0.1, maxIters: 200 });
    const decaying = minimize("abs(x)", start, {
      lr: 0.1,
      schedule: optim.exponentialLR(0.1, { gamma: 0.97 }),
      stepTol: 1e-6,
      maxIters: 1000,
    });
    const smooth = minimize("sqrt(x^2 + 0.01)", start, { lr: 0.1, maxIters: 200 });
    // The smooth run's path drawn on |x| itself.
    const onAbs: MinimizeResult = {
      ...smooth,
      trajectory: smooth.trajectory.map((p) => ({ ...p, value: Math.abs(p.x[0]!) })),
    };
    const at0 = tensor(0, { dtype: "float64", requiresGrad: true });
    at0.abs().backward();
    const slopeAt0 = at0.grad!.item();
    const tail = fixed.trajectory.slice(-4).map((p) => n4(p.x[0]!, 3));
    const kinkRuns = [
      run(fixed, "fixed lr 0.1", `bounces, ${stopText(fixed)}`),
      run(decaying, "lr 0.1·0.97ᵗ"),
      run(onAbs, "fixed lr 0.1 on √(x² + 0.01)"),
    ];
    const distance = [
      { label: "fixed lr 0.1", y: fixed.trajectory.map((p) => Math.abs(p.x[0]!)) },
      { label: "lr 0.1·0.97ᵗ", y: decaying.trajectory.map((p) => Math.abs(p.x[0]!)) },
      { label: "fixed lr 0.1 on √(x² + 0.01)", y: smooth.trajectory.map((p) => Math.abs(p.x[0]!)) },
    ];
    const picture = figure(
      "04-kink",
      (size) => [
        curve(
          "abs(x)",
          kinkRuns,
          {
            title: "|x| near its kink (the runs start at x = 1.05)",
            window: [-0.3, 0.3],
            minima: [{ point: [0], value: 0 }],
            stepLabels: 4,
          },
          size,
        ),
        lineChart(
          { series: distance },
          {
            title: "Distance to the minimum, |x|, against iteration",
            yScale: "log",
            xLabel: "iteration",
            yLabel: "|x|",
            markers: false,
            width: size.width,
            height: tall(size, Math.round(WIDE.width * 0.68)),
            ...(size.theme ? { theme: size.theme } : {}),
          },
        ),
      ],
      {
        title: "Gradient descent at a kink",
        desc: `|x| from x = 1.05. Fixed lr 0.1: the slope is ±1 everywhere, so every step is 0.1 long and the run bounces (last x: ${tail.join(", ")}), ${stopText(fixed)}. Decaying lr 0.1·0.97ᵗ: ${stopText(decaying)} at |x| = ${n4(Math.abs(decaying.x[0]!))}. On the smooth √(x² + 0.01) the fixed lr ${stopText(smooth)}.`,
        caption:
          "Left: the three runs on |x|, zoomed in on the kink (the smooth run's iterates drawn on |x|), with f′ below: a step of ±1 that never shrinks. Right: |x| on a log axis — the fixed step never gets below 0.05; with the decaying lr the run keeps jumping across the kink, landing alternately near and far from 0, with ever shorter steps.",
      },
    );
    return {
      lecture: [
        "Non-differentiability! Choose a different function. Use local differentiability or any such property. Define a differentiable approximation for the function of interest (easier said than done!). Give up !!",
      ],
      summary: `|x| has slope −1 left of 0 and +1 right of it, and no derivative at 0 (descent, like torch, uses sign(0) = ${slopeAt0} there). The gradient never gets small, so the stopping rule |f′| < ε never fires: with a fixed lr every step is exactly lr long and the run bounces across the kink. A learning rate that decays makes the steps shrink so the run settles; a differentiable approximation, √(x² + 0.01), has a gradient that does vanish at its minimum.`,
      pictures: [picture],
      tables: [
        {
          caption: "Three runs from x = 1.05",
          header: RUN_HEADER,
          rows: [
            runRow("|x|, fixed lr", "0.1", fixed),
            runRow("|x|, decaying lr", "0.1·0.97ᵗ", decaying),
            runRow("√(x² + 0.01), fixed lr", "0.1", smooth),
          ],
        },
      ],
      line: `Non-differentiability: on |x| a fixed lr 0.1 bounces between ±${n4(Math.abs(fixed.x[0]!), 3)} until ${fixed.reason} (${fixed.iterations}); a decaying lr settles at |x| = ${n4(Math.abs(decaying.x[0]!), 3)} in ${decaying.iterations} steps`,
    };
  },
};
