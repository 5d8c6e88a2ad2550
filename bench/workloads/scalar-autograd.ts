// (a) scalar_autograd: a 10,002-op graph of scalars, built, backpropagated and read every call: per-op overhead.

import { scalarReference } from "../reference.js";
import { fmt, guarded, measure, WrongAnswer, type Row, type Workload } from "./workload.js";

/** Gradients are compared to a float64 reference, relative to the largest of them. */
const TOLERANCE = 1e-4;

export const scalarAutograd: Workload = {
  name: "scalar_autograd",
  letter: "a",
  unit: "ops/s",
  run(peer, inputs, timing): Row[] {
    const base = { workload: this.name, size: "", peer: peer.name, mode: "", unit: this.unit };
    return guarded(base, () =>
      peer.scalarAutograd(inputs.leaves, inputs.scalarIterations, inputs.quick).map((c) => {
        const row = { ...base, mode: c.mode, size: `${3 * c.iterations} ops` };
        if (c.skipped !== undefined) {
          c.dispose?.();
          return { ...row, status: "skipped", note: c.skipped } satisfies Row;
        }
        const reference = scalarReference(inputs.leaves, c.iterations).grads;
        const scale = Math.max(...reference.map(Math.abs));
        const result = measure(
          row,
          {
            check() {
              const grads = c.run();
              if (grads.length !== reference.length) {
                throw new WrongAnswer(`${grads.length} gradients, expected ${reference.length}`);
              }
              let worst = 0;
              grads.forEach((g, i) => (worst = Math.max(worst, Math.abs(g - reference[i]!))));
              if (!(worst <= TOLERANCE * scale)) {
                throw new WrongAnswer(
                  `gradient off by ${fmt(worst)} (largest gradient ${fmt(scale)})`,
                );
              }
              return `grads vs float64: max err ${fmt(worst / scale)} rel`;
            },
            call: () => c.run(),
            work: 3 * c.iterations,
            selfTimedMs: c.selfTimedMs,
          },
          timing,
        );
        c.dispose?.();
        return result;
      }),
    );
  },
};
