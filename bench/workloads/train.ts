// Shared by tiny_train and mlp_train: check the initial loss and that training lowers it, then time.

import type { TrainData } from "../data.js";
import type { Peer } from "../peers/peer.js";
import { initialLoss } from "../reference.js";
import type { TimingOptions } from "../stats.js";
import { fmt, guarded, measure, WrongAnswer, type Row, type WorkloadName } from "./workload.js";

/** The first loss must match the float64 forward pass of the same initial weights this closely (relative). */
const TOLERANCE = 1e-4;

export interface TrainSpec {
  workload: WorkloadName;
  unit: string;
  /** Steps of one timed call. */
  stepsPerCall: number;
  /** Steps after the first one before the loss must have decreased. */
  checkSteps: number;
  /** Work units per step (1 for steps/s, the batch size for samples/s). */
  workPerStep: number;
}

export function runTraining(
  spec: TrainSpec,
  peer: Peer,
  data: TrainData,
  timing: TimingOptions,
): Row[] {
  const base = {
    workload: spec.workload,
    size: `batch ${data.batch}`,
    peer: peer.name,
    mode: "",
    unit: spec.unit,
  };
  return guarded(base, () => {
    const c = peer.train(data);
    const reference = initialLoss(data);
    let lastLoss = Number.NaN;
    try {
      const check = (): string => {
        const first = c.run(1);
        if (!(Math.abs(first - reference) <= TOLERANCE * Math.max(1, Math.abs(reference)))) {
          throw new WrongAnswer(`first loss ${first}, float64 reference ${reference}`);
        }
        const later = c.run(spec.checkSteps);
        if (!(later < first)) {
          throw new WrongAnswer(
            `loss did not decrease: ${first} -> ${later} after ${spec.checkSteps} more steps`,
          );
        }
        return `loss ${fmt(first)} (ref ${fmt(reference)}) -> ${fmt(later)} after ${spec.checkSteps + 1} steps`;
      };
      const after = (): string | null =>
        Number.isFinite(lastLoss) ? null : `loss became ${lastLoss} while timing`;
      return [
        measure(
          { ...base, mode: c.mode },
          {
            check,
            call: () => (lastLoss = c.run(spec.stepsPerCall)),
            work: spec.stepsPerCall * spec.workPerStep,
            after,
          },
          timing,
        ),
      ];
    } finally {
      c.dispose();
    }
  });
}
