// The narrated step's arrows: each sub-step draws what its sentence says, at the length its
// numbers give, and the arrows end where the library's update took the point.
import assert from "node:assert/strict";
import { test } from "node:test";
import type { OptimizerName, RaceRun } from "../../src/index.js";
import { formatNumber } from "../../src/viz/svg.js";
import {
  narrationArrows,
  run2d,
  view2d,
  type Descent2dSettings,
} from "../../web/src/engine/descent2d.js";
import { narrate, type NarratedArrow, type SubStep } from "../../web/src/engine/narrate.js";
import { find, parseXml } from "../viz/xml.js";

const RACERS: OptimizerName[] = [
  "gd",
  "momentum",
  "nesterov",
  "rmsprop",
  "adagrad",
  "adam",
  "adamw",
];
const SETTINGS: Descent2dSettings = {
  f: "x*x + 10*y*y",
  x0: -2.5,
  y0: 1,
  racers: RACERS,
  lrs: {
    gd: 0.05,
    momentum: 0.02,
    nesterov: 0.02,
    rmsprop: 0.05,
    adagrad: 0.3,
    adam: 0.1,
    adamw: 0.1,
  },
  fair: false,
  lr: 0.01,
  eps: 1e-6,
  maxIters: 50,
  momentum: 0.9,
  noise: 0,
  seed: 0,
};
const runs = run2d(SETTINGS) as RaceRun[];
assert.ok(!("problem" in runs));

function narrated(name: OptimizerName, k: number): { subs: SubStep[]; run: RaceRun } {
  const run = runs.find((r) => r.label === name)!;
  const t = run.result.trajectory;
  const subs = narrate({ optimizer: name, lr: t[k]!.lr, momentum: 0.9 }, t, k);
  return { subs, run };
}

/** The sub-steps of each rule, in order. */
const SHOWS: Partial<Record<OptimizerName, SubStep["show"][]>> = {
  gd: ["gradient", "step"],
  momentum: ["gradient", "velocity", "step"],
  nesterov: ["gradient", "velocity", "velocity", "step"],
  rmsprop: ["gradient", "moments", "step"],
  adagrad: ["gradient", "moments", "step"],
  adam: ["gradient", "moments", "moments", "moments", "step"],
  adamw: ["gradient", "moments", "moments", "moments", "moments", "step"],
};

/** The part that ends each rule's own drawing (AdamW's adds its decay). */
const RULE_END: Partial<Record<OptimizerName, (subs: SubStep[]) => NarratedArrow>> = {
  momentum: (subs) => part(subs, "gradient-term"),
  nesterov: (subs) => part(subs, "look-ahead"),
  rmsprop: (subs) => part(subs, "adaptive"),
  adagrad: (subs) => part(subs, "adaptive"),
  adam: (subs) => part(subs, "adaptive"),
};

const close = (a: readonly number[], b: readonly number[], what: string) =>
  a.forEach((v, i) =>
    assert.ok(
      Math.abs(v - b[i]!) <= 1e-12 * (1 + Math.abs(v)),
      `${what}: ${a.join(", ")} against ${b.join(", ")}`,
    ),
  );
const part = (subs: SubStep[], name: string) =>
  subs.flatMap((s) => s.arrows).find((a) => a.part === name)!;

test("each arrow's displacement is a number its sentence states", () => {
  for (const name of RACERS)
    for (const k of [0, 1, 7]) {
      for (const s of narrated(name, k).subs)
        for (const a of s.arrows) {
          const d = `(${a.to.map((v, i) => formatNumber(v - a.from[i]!, 4)).join(", ")})`;
          assert.ok(s.text.includes(d), `${name} step ${k} ${a.part}: ${d} not in "${s.text}"`);
        }
    }
});

test("the narrated arrows end where the replayed update takes the point", () => {
  for (const name of RACERS)
    for (const k of [0, 1, 7]) {
      const { subs, run } = narrated(name, k);
      const t = run.result.trajectory;
      const [x, next, lr] = [t[k]!.x, t[k + 1]!.x, t[k]!.lr];
      assert.deepEqual(
        subs.map((s) => s.show),
        SHOWS[name],
      );
      close(part(subs, "gradient").from, x, `${name} ${k}: the gradient starts at the point`);
      close(
        part(subs, "gradient").to,
        x.map((v, i) => v - lr * t[k]!.grad[i]!),
        "−η·∇f",
      );
      close(part(subs, "step").to, next, `${name} ${k}: the step ends at point k + 1`);
      // the optimizer's own drawing ends where the library's update does (AdamW adds its decay)
      const end = RULE_END[name];
      if (end) close(end(subs).to, next, `${name} ${k}: its rule's arrows end at point k + 1`);
      if (name === "momentum" && k > 0) {
        close(part(subs, "decayed").from, x, "the decayed velocity starts at the point");
        close(part(subs, "gradient-term").from, part(subs, "decayed").to, "head to tail");
      }
      if (name === "adamw") {
        const decay = part(subs, "decay").to.map((v, i) => v - x[i]!);
        const rest = part(subs, "adaptive").to.map((v, i) => v - x[i]!);
        close(
          x.map((v, i) => v + decay[i]! + rest[i]!),
          next,
          "adamw: decay plus the step",
        );
      }
    }
});

test("the contour plot draws the arrows of the sub-steps shown, named by sub-step", () => {
  const { subs } = narrated("adam", 3);
  const counts = subs.map((_, sub) => {
    const svg = view2d(SETTINGS, runs, 3, 600, narrationArrows(subs, sub)).contour;
    const lines = find(parseXml(svg), "line", "narrated");
    lines.forEach((l) =>
      assert.ok(l.attrs.class!.includes(`narrated-${l.attrs["data-sub-step"]}`)),
    );
    return lines.map((l) => `${l.attrs["data-sub-step"]}:${l.attrs["data-part"]}`).join(" ");
  });
  assert.deepEqual(counts, [
    "gradient:gradient",
    "gradient:gradient moments:first-moment",
    "gradient:gradient moments:first-moment",
    "gradient:gradient moments:first-moment moments:raw moments:adaptive",
    "gradient:gradient moments:first-moment moments:raw moments:adaptive step:step",
  ]);
});
