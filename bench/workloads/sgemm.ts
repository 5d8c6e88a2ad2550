// (b) sgemm: C = A @ B in float32, square, output allocated and read back to JS each call.

import { uniformSource } from "../data.js";
import { matmulEntry } from "../reference.js";
import { fmt, guarded, measure, WrongAnswer, type Row, type Workload } from "./workload.js";

/** Float32 rounding bound, relative to sum_k |a_ik b_kj|. */
const TOLERANCE = 1e-4;
/** Entries checked against float64 (all of them for n = 64). */
const SAMPLES = 64;

function checkedEntries(n: number): [number, number][] {
  if (n * n <= SAMPLES * SAMPLES)
    return Array.from({ length: n * n }, (_, k) => [Math.floor(k / n), k % n]);
  const next = uniformSource(n);
  const picks: [number, number][] = [
    [0, 0],
    [0, n - 1],
    [n - 1, 0],
    [n - 1, n - 1],
  ];
  while (picks.length < SAMPLES) picks.push([Math.floor(next() * n), Math.floor(next() * n)]);
  return picks;
}

export const sgemm: Workload = {
  name: "sgemm",
  letter: "b",
  unit: "GFLOP/s",
  run(peer, inputs, timing): Row[] {
    return inputs.sgemm.flatMap(({ n, a, b }) => {
      const base = {
        workload: this.name,
        size: `n=${n}`,
        peer: peer.name,
        mode: "",
        unit: this.unit,
      };
      return guarded(base, () => {
        const c = peer.sgemm(n, a, b);
        try {
          const check = (): string => {
            const out = c.run();
            if (out.length !== n * n)
              throw new WrongAnswer(`result has ${out.length} entries, expected ${n * n}`);
            let worst = 0;
            for (const [i, j] of checkedEntries(n)) {
              const { value, scale } = matmulEntry(a, b, n, i, j);
              const err = Math.abs(out[i * n + j]! - value) / scale;
              if (!(err <= TOLERANCE)) {
                throw new WrongAnswer(`C[${i}][${j}] = ${out[i * n + j]}, expected ${value}`);
              }
              worst = Math.max(worst, err);
            }
            const count = Math.min(n * n, checkedEntries(n).length);
            return `${count} entries vs float64: max err ${fmt(worst)} rel`;
          };
          return [
            measure(
              { ...base, mode: c.mode },
              { check, call: () => c.run(), work: (2 * n ** 3) / 1e9 },
              timing,
            ),
          ];
        } finally {
          c.dispose();
        }
      });
    });
  },
};
