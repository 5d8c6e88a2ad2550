// The worker's side of lab 6: one MNIST run kept between calls, trained up to the asked step
// (or for a time budget while playing), drawn, and asked about drawings. Worker only (fetches).
import { mnistDigits } from "./mnist-asset.js";
import { clampMnist, MnistRun, type Evaluation, type MnistSettings } from "./mnist.js";
import { latest, mnistViews, type MnistViews } from "./mnist-view.js";

let current: { key: string; run: Promise<MnistRun> } | null = null;

/** The run for these settings, restarted when they change or when asked for an earlier step. */
async function runFor(s: MnistSettings, step: number): Promise<MnistRun> {
  const key = JSON.stringify(clampMnist(s));
  if (current && current.key === key && (await current.run).step <= step) return current.run;
  const settings = clampMnist(s);
  const run = mnistDigits({ trainSize: settings.trainSize, seed: settings.seed }).then(
    (digits) => new MnistRun(digits, settings),
  );
  current = { key, run };
  run.catch(() => (current = null));
  return run;
}

export interface Lab6Frame extends MnistViews {
  step: number;
  last: number;
  stepsPerEpoch: number;
  nTrain: number;
  nTest: number;
  batchLoss: number | null;
  evaluation: Omit<Evaluation, "confused">;
  confusedDigits: Evaluation["confused"];
}

export const lab6Api = {
  /** Trains up to `step` (or for `budgetMs`), then draws. */
  async lab6(s: MnistSettings, step: number, width: number, budgetMs = 60): Promise<Lab6Frame> {
    const run = await runFor(s, step);
    const start = performance.now();
    const target = Math.min(step, run.last);
    while (run.step < target && performance.now() - start < budgetMs) run.advance();
    const { confused, ...evaluation } = latest(run);
    return {
      ...mnistViews(run, width),
      step: run.step,
      last: run.last,
      stepsPerEpoch: run.stepsPerEpoch,
      nTrain: run.digits.train.y.shape[0]!,
      nTest: run.digits.test.y.shape[0]!,
      batchLoss: run.batchLoss[run.batchLoss.length - 1] ?? null,
      evaluation,
      confusedDigits: confused,
    };
  },
  /** The ten probabilities the current network gives a 28×28 drawing. */
  async lab6Predict(s: MnistSettings, step: number, pixels: number[]): Promise<number[]> {
    return (await runFor(s, step)).probabilities(pixels);
  },
  async lab6Digit(s: MnistSettings, step: number, index: number): Promise<number[]> {
    return (await runFor(s, step)).testDigit(index);
  },
  async lab6Json(s: MnistSettings, step: number) {
    const run = await runFor(s, step);
    while (run.step < Math.min(step, run.last)) run.advance();
    return {
      settings: run.s,
      step: run.step,
      stepsPerEpoch: run.stepsPerEpoch,
      batchLoss: run.batchLoss,
      evaluations: run.evaluations,
    };
  },
};
