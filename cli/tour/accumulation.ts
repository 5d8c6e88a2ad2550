/** Tour chapter 6: gradient accumulation equals one big batch (and summing without ÷k does not). */
import { data, mseLoss, nn, optim, type Tensor } from "../../src/index.js";
import { contourPlot2d, type TrajectoryRun } from "../../src/viz/index.js";
import { START, WB_AXES } from "./regression.js";
import { figure, n4, type Chapter, type Size } from "./types.js";

const ACCUMULATION_CODE = `while( epoch_count < max_epochs or convergence_not_reached)
    grad = 0
    for batch_num in (num_samples / batch_size)
        grad += grad_for_this_iter
    x_new = x_old - lr * (grad_f)

// the same with descent:
optimizer.zeroGrad();
accumulateGradients(k, (i) => mseLoss(model.forward(xMicro[i]), yMicro[i]));  // each loss ÷ k
optimizer.step();`;

const K = 4;
const B = 16;
const STEPS = 10;
const LR = 0.1;
const MOMENTUM = 0.9;

/** The line w·x + b from chapter 5's start, as a float64 model. */
function line(): nn.Linear {
  const model = new nn.Linear(1, 1, { dtype: "float64" });
  nn.init.constant_(model.weight, START.w);
  nn.init.constant_(model.bias!, START.b);
  return model;
}

const wb = (m: nn.Linear): [number, number] => [m.weight.item(), m.bias!.item()];

/** The three runs of the experiment, step by step, with each step's losses and differences. */
function experiment() {
  const { x, y } = data.linearRegression(K * B * STEPS, { seed: 0, noise: 0.3 });
  const [xd, yd] = [x.double(), y.double()];
  const part = (t: Tensor, start: number, len: number) => t.narrow(0, start, len);
  const [accum, big, summed] = [line(), line(), line()];
  const opt = (m: nn.Module) => new optim.SGD(m.parameters(), { lr: LR, momentum: MOMENTUM });
  const [oa, ob, os] = [opt(accum), opt(big), opt(summed)];
  const paths = { accum: [wb(accum)], big: [wb(big)], summed: [wb(summed)] };
  const micro: [number, number][] = [wb(accum)];
  const rows: string[][] = [];
  let [worst, worstSummed] = [0, 0];
  for (let s = 0; s < STEPS; s++) {
    const at = s * K * B;
    const microLoss = (m: nn.Linear, i: number) =>
      mseLoss(m.forward(part(xd, at + i * B, B)), part(yd, at + i * B, B));
    oa.zeroGrad();
    const lossA = optim.accumulateGradients(K, (i) => microLoss(accum, i));
    oa.step();
    ob.zeroGrad();
    const lossB = mseLoss(big.forward(part(xd, at, K * B)), part(yd, at, K * B));
    lossB.backward();
    ob.step();
    os.zeroGrad();
    for (let i = 0; i < K; i++) {
      microLoss(summed, i).backward();
      // The first update's micro-steps, head to tail: the summed model's gradient so far is
      // g₁ + … + gᵢ, so −lr·(g₁ + … + gᵢ)/k is where the accumulated update has got to.
      if (s === 0) {
        const [gw, gb] = [summed.weight.grad!.item(), summed.bias!.grad!.item()];
        micro.push([START.w - (LR * gw) / K, START.b - (LR * gb) / K]);
      }
    }
    os.step();
    for (const [key, m] of [
      ["accum", accum],
      ["big", big],
      ["summed", summed],
    ] as const)
      paths[key].push(wb(m));
    const d = Math.max(...wb(accum).map((v, i) => Math.abs(v - wb(big)[i]!)));
    const dSummed = Math.max(...wb(summed).map((v, i) => Math.abs(v - wb(big)[i]!)));
    [worst, worstSummed] = [Math.max(worst, d), Math.max(worstSummed, dSummed)];
    rows.push([String(s + 1), n4(lossA, 8), n4(lossB.item(), 8), n4(d, 2), n4(dSummed, 3)]);
  }
  return { x: xd, y: yd, paths, micro, rows, worst, worstSummed };
}

/** The MSE of the line w·x + b over all the examples the runs saw. */
function mseOver(x: Tensor, y: Tensor): (w: number, b: number) => number {
  const [xs, ys] = [Array.from(x.toTypedArray()), Array.from(y.toTypedArray())];
  return (w, b) => xs.reduce((sum, xi, i) => sum + (w * xi + b - ys[i]!) ** 2, 0) / xs.length;
}

/** A window around every point of the paths, padded by a fifth. */
function around(points: readonly (readonly [number, number])[]) {
  const pad = ([lo, hi]: [number, number]): [number, number] => {
    const m = (hi - lo) * 0.2 + 0.05;
    return [lo - m, hi + m];
  };
  const ws = points.map((p) => p[0]);
  const bs = points.map((p) => p[1]);
  return [
    pad([Math.min(...ws), Math.max(...ws)]),
    pad([Math.min(...bs), Math.max(...bs)]),
  ] as const;
}

function picture(e: ReturnType<typeof experiment>) {
  const points = (ps: readonly [number, number][]) => ps.map((p, i) => ({ x: p, iteration: i }));
  const runs: TrajectoryRun[] = [
    { label: `one batch of ${K * B}`, colour: "#0072B2", points: points(e.paths.big) },
    {
      label: `${K} micro-batches of ${B} accumulated (each loss ÷${K})`,
      colour: "#D55E00",
      points: points(e.paths.accum),
    },
    {
      label: `summed without ÷${K}: steps ${K}× too long`,
      colour: "#009E73",
      points: points(e.paths.summed),
    },
    {
      label: `the first accumulated update as its ${K} micro-steps −lr·gᵢ/${K}`,
      colour: "#000000",
      points: points(e.micro),
    },
  ];
  const f = mseOver(e.x, e.y);
  const window = around([...e.paths.big, ...e.paths.summed, ...e.paths.accum]);
  const draw = (size: Size) => [
    contourPlot2d(
      { f, window, runs },
      {
        title: `${STEPS} updates of (w, b): accumulated, one big batch, summed`,
        width: size.width,
        ...(size.theme ? { theme: size.theme } : {}),
        gradientArrows: 0,
        velocityArrows: false,
        stepLabels: 4,
        // the big batch underneath, the accumulated run on it (they coincide), micro-steps on top
        drawOrder: [2, 0, 1, 3],
        ...WB_AXES,
      },
    ),
  ];
  const [end] = [e.micro[e.micro.length - 1]!];
  const first = e.paths.big[1]!;
  return figure("06-accumulation", draw, {
    title: "Gradient accumulation equals one big batch",
    desc: `The line w·x + b from (${n4(START.w)}, ${n4(START.b)}), ${STEPS} updates of SGD with momentum ${MOMENTUM}, lr ${LR}, on ${K * B} examples each. Accumulating ${K} micro-batches of ${B} (each loss ÷${K}) and one batch of ${K * B} follow the same path (largest difference ${n4(e.worst, 2)}); summing without ÷${K} takes ${K}× longer steps and swings away.`,
    caption: `The experiment of the table, drawn: the three runs in (w, b), on the contours of the MSE over the ${K * B * STEPS} examples they saw, both axes to one scale. The accumulated run (orange) lies exactly on the one big batch (blue) — their difference after ${STEPS} steps is ${n4(e.worst, 2)}. In black, the first update split into its ${K} micro-batch steps −lr·gᵢ/${K}, added head to tail: they end where the big batch's first step ends (${n4(Math.hypot(end[0] - first[0], end[1] - first[1]), 2)} apart). Without the ÷${K} (green) every step is ${K} times too long and, with momentum, the run overshoots the valley.`,
  });
}

export const chapterAccumulation: Chapter = {
  number: 6,
  title: "Gradient accumulation equals one big batch",
  slug: "accumulation",
  run() {
    const e = experiment();
    const [s0, s1] = [e.paths.summed[1]!, e.paths.big[1]!];
    const ratio =
      Math.hypot(s0[0] - START.w, s0[1] - START.b) / Math.hypot(s1[0] - START.w, s1[1] - START.b);
    return {
      lecture: [
        "Gradient Accumulation: “Simulate” larger Batch Size (sum gradients over some iterations).",
        "Gradient Accumulation is used when we want to use a particular batch size (for faster convergence) but can't use it due to system constraints.",
      ],
      summary: `Three copies of chapter 5's line w·x + b (float64, the same start), each trained for ${STEPS} steps of SGD with momentum ${MOMENTUM} and lr ${LR} on the same ${K * B} examples per step. The first accumulates the gradients of ${K} micro-batches of ${B} with accumulateGradients (each loss divided by ${K}), the second takes one batch of ${K * B}, the third sums the ${K} micro-batch gradients without dividing. The first two end equal to rounding (max |difference| of w or b ${n4(e.worst, 2)}); the third's first update is ${n4(ratio, 4)}× as long — the effective-learning-rate trap — and with momentum it swings away (max difference ${n4(e.worstSummed, 3)} after ${STEPS} steps).`,
      code: ACCUMULATION_CODE,
      pictures: [picture(e)],
      tables: [
        {
          caption: `${K} accumulated micro-batches of ${B} vs one batch of ${K * B}: the loss of each step and the largest difference in (w, b) after it`,
          header: [
            "step",
            `loss, accumulated ${K}×${B}`,
            `loss, one batch of ${K * B}`,
            "max |Δθ| accumulated vs big",
            `max |Δθ| summed (no ÷${K}) vs big`,
          ],
          rows: e.rows,
        },
      ],
      line: `Gradient accumulation: ${K} micro-batches of ${B} vs one batch of ${K * B}, ${STEPS} momentum steps of the line fit: max |Δθ| = ${n4(e.worst, 2)}; summing without ÷${K} makes the first update ${n4(ratio, 4)}× as long`,
    };
  },
};
