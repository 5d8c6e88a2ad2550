/** Tour chapter 6: gradient accumulation equals one big batch. */
import { data, nn, Generator, mseLoss, optim, tensor, type Tensor } from "../../src/index.js";
import { contourPlot2d } from "../../src/viz/index.js";
import { START, WB_AXES, regression } from "./regression.js";
import { n4, type Chapter } from "./types.js";

const ACCUMULATION_CODE = `while( epoch_count < max_epochs or convergence_not_reached)
    grad = 0
    for batch_num in (num_samples / batch_size)
        grad += grad_for_this_iter
    x_new = x_old - lr * (grad_f)

// the same with descent:
optimizer.zeroGrad();
accumulateGradients(k, (i) => mseLoss(model.forward(xMicro[i]), yMicro[i]));  // each loss ÷ k
optimizer.step();`;

/** Max |a − b| over all parameters of two models. */
function maxDiff(a: nn.Module, b: nn.Module): number {
  const pb = b.parameters();
  let d = 0;
  a.parameters().forEach((p, i) =>
    p.data.forEach((v, j) => (d = Math.max(d, Math.abs(v - pb[i]!.data[j]!)))),
  );
  return d;
}

export const chapterAccumulation: Chapter = {
  number: 6,
  title: "Gradient accumulation equals one big batch",
  slug: "accumulation",
  run() {
    // The numbers: an MLP 1-16-1 (tanh, float64) on a noisy sine, SGD with momentum 0.9.
    const k = 4;
    const b = 16;
    const steps = 10;
    const { x, y } = data.sineRegression(k * b * steps, { seed: 1 });
    const [xd, yd] = [x.double(), y.double()];
    const make = () =>
      nn.mlp([1, 16, 1], { activation: "tanh", dtype: "float64", generator: new Generator(0) });
    const [accum, big, summed] = [make(), make(), make()];
    const opt = (m: nn.Module) => new optim.SGD(m.parameters(), { lr: 0.1, momentum: 0.9 });
    const [oa, ob, os] = [opt(accum), opt(big), opt(summed)];
    const part = (t: Tensor, start: number, len: number) => t.narrow(0, start, len);
    const initial = big.parameters().map((p) => Float64Array.from(p.data));
    const moved = (m: nn.Module) =>
      Math.hypot(
        ...m.parameters().flatMap((p, i) => Array.from(p.data, (v, j) => v - initial[i]![j]!)),
      );
    let ratio = NaN;
    const rows: string[][] = [];
    let worst = 0;
    let worstSummed = 0;
    for (let s = 0; s < steps; s++) {
      const at = s * k * b;
      oa.zeroGrad();
      const lossA = optim.accumulateGradients(k, (i) =>
        mseLoss(accum.forward(part(xd, at + i * b, b)), part(yd, at + i * b, b)),
      );
      oa.step();
      ob.zeroGrad();
      const lossB = mseLoss(big.forward(part(xd, at, k * b)), part(yd, at, k * b));
      lossB.backward();
      ob.step();
      os.zeroGrad();
      for (let i = 0; i < k; i++)
        mseLoss(summed.forward(part(xd, at + i * b, b)), part(yd, at + i * b, b)).backward();
      os.step();
      if (s === 0) ratio = moved(summed) / moved(big);
      const d = maxDiff(accum, big);
      const dSummed = maxDiff(summed, big);
      worst = Math.max(worst, d);
      worstSummed = Math.max(worstSummed, dSummed);
      rows.push([String(s + 1), n4(lossA, 8), n4(lossB.item(), 8), n4(d, 2), n4(dSummed, 3)]);
    }
    const picture = accumulationPicture(k);
    return {
      lecture: [
        "Gradient Accumulation: “Simulate” larger Batch Size (sum gradients over some iterations).",
        "Gradient Accumulation is used when we want to use a particular batch size (for faster convergence) but can't use it due to system constraints.",
      ],
      summary: `Three copies of one network (an MLP 1-16-1 with tanh, float64, the same initial weights), each trained for ${steps} steps of SGD with momentum 0.9 and lr 0.1 on the same ${k * b} examples per step. The first accumulates the gradients of ${k} micro-batches of ${b} with accumulateGradients (each loss divided by ${k}), the second takes one batch of ${k * b}, the third sums the ${k} micro-batch gradients without dividing. The first two end equal to rounding (max |difference| of any weight ${n4(worst, 2)}); the third's first update is ${n4(ratio, 4)}× as long — the effective-learning-rate trap — and at ${k}× the learning rate its momentum run drifts away (max difference ${n4(worstSummed, 3)} after ${steps} steps).`,
      code: ACCUMULATION_CODE,
      pictures: [picture],
      tables: [
        {
          caption: `${k} accumulated micro-batches of ${b} vs one batch of ${k * b}: the loss of each step and the largest weight difference after it`,
          header: [
            "step",
            `loss, accumulated ${k}×${b}`,
            `loss, one batch of ${k * b}`,
            "max |Δθ| accumulated vs big",
            `max |Δθ| summed (no ÷${k}) vs big`,
          ],
          rows,
        },
      ],
      line: `Gradient accumulation: ${k} micro-batches of ${b} vs one batch of ${k * b}, ${steps} momentum steps: max |Δθ| = ${n4(worst, 2)}; summing without ÷${k} makes the first update ${n4(ratio, 4)}× as long`,
    };
  },
};

/** The first update of the line fit drawn as arrows: k micro-batch steps added head to tail. */
function accumulationPicture(k: number) {
  const { x, y, mse } = regression();
  const b = 8;
  const lr = 0.3;
  const gradient = (start: number, len: number): [number, number] => {
    const w = tensor([START.w], { dtype: "float64", requiresGrad: true });
    const c = tensor([START.b], { dtype: "float64", requiresGrad: true });
    const xb = x.narrow(0, start, len);
    const pred = xb.mul(w).add(c);
    mseLoss(pred, y.narrow(0, start, len)).backward();
    return [w.grad!.item(), c.grad!.item()];
  };
  const micro = Array.from({ length: k }, (_, i) => gradient(i * b, b));
  const whole = gradient(0, k * b);
  const chain: [number, number][] = [[START.w, START.b]];
  const summedChain: [number, number][] = [[START.w, START.b]];
  for (const [gw, gb] of micro) {
    const [pw, pb] = chain[chain.length - 1]!;
    chain.push([pw - (lr * gw) / k, pb - (lr * gb) / k]);
    const [sw, sb] = summedChain[summedChain.length - 1]!;
    summedChain.push([sw - lr * gw, sb - lr * gb]);
  }
  const bigStep: [number, number] = [START.w - lr * whole[0], START.b - lr * whole[1]];
  const end = chain[chain.length - 1]!;
  const points = (ps: [number, number][]) => ps.map((p, i) => ({ x: p, iteration: i }));
  // zoomed on the accumulated chain and the big step; the summed chain runs out of the window
  const all = [...chain, bigStep];
  const ws = all.map((p) => p[0]);
  const bs = all.map((p) => p[1]);
  const pad = (lo: number, hi: number): [number, number] => {
    const m = (hi - lo) * 0.45 + 0.02;
    return [lo - m, hi + m];
  };
  const svg = contourPlot2d(
    {
      f: (w, c) => mse(w, c, k * b),
      window: [pad(Math.min(...ws), Math.max(...ws)), pad(Math.min(...bs), Math.max(...bs))],
      // the accumulated chain on top: it ends exactly where the big batch's one step ends
      runs: [
        {
          label: `summed without ÷${k}: ${k}× the step`,
          colour: "#009E73",
          points: points(summedChain),
        },
        {
          label: `one batch of ${k * b}: one step −lr·g`,
          colour: "#0072B2",
          points: points([[START.w, START.b], bigStep]),
        },
        {
          label: `${k} micro-batches of ${b}, each step −lr·gᵢ/${k}, added`,
          colour: "#D55E00",
          points: points(chain),
        },
      ],
    },
    {
      title: `One update of (w, b), lr ${lr}: accumulated vs one big batch`,
      width: 620,
      height: 520,
      gradientArrows: 0,
      stepLabels: k + 1,
      ...WB_AXES,
    },
  );
  return {
    file: "06-accumulation",
    svg,
    caption: `The first update of chapter 5's line fit, from (${n4(START.w)}, ${n4(START.b)}), on the MSE of its first ${k * b} points. Each micro-batch's gradient, divided by ${k}, is one short step; added head to tail they end exactly where one step on the batch of ${k * b} ends (difference ${n4(Math.hypot(end[0] - bigStep[0], end[1] - bigStep[1]), 2)}). Without the division the update is ${k} times too long.`,
  };
}
