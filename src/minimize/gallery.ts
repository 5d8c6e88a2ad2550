/**
 * Named test functions with their known minima and a view window: the lecture's cubic and
 * quartic, the classic optimisation benchmarks, a saddle, a kink and a plateau.
 */

/** A minimum of a gallery function, for stars on the pictures and distances in tests. */
export interface KnownMinimum {
  /** Where it is, one coordinate per variable. */
  point: readonly number[];
  /** f there. */
  value: number;
  /** Whether this is a (the) global minimum; false for a local one. */
  global: boolean;
}

/** A named test function: its expression, known minima, view window and starting points. */
export interface GalleryFunction {
  /** The name minimize(), race() and the CLI take ("rosenbrock"). */
  name: string;
  /** A human title for pictures ("Rosenbrock (1 − x)² + 100(y − x²)²"). */
  title: string;
  /** The function in descent's expression syntax, over x (and y). */
  expression: string;
  /** ["x"] or ["x", "y"]. */
  variables: readonly string[];
  /** Its known minima, global and local (empty for the saddles, which have none). */
  minima: readonly KnownMinimum[];
  /** A sensible view window: [lo, hi] per variable. */
  window: readonly (readonly [number, number])[];
  /** Starting points that show the function's character. */
  starts: readonly (readonly number[])[];
  /** Steep functions read better with log-scaled contours. */
  logScale: boolean;
  /** One or two sentences: what this function teaches. */
  note: string;
  /**
   * Learning rates that converge here from the first of `starts` in 2,000 steps, by optimizer
   * name, where the optimizer's default does not (tests/minimize/gallery-lr.test.ts races them all).
   */
  lr?: Readonly<Record<string, number>>;
}

const fn = (
  f: Omit<GalleryFunction, "variables" | "logScale"> & { logScale?: boolean },
): GalleryFunction => ({
  ...f,
  variables: f.window.length === 1 ? ["x"] : ["x", "y"],
  logScale: f.logScale ?? false,
});

/**
 * The gallery: the lecture's cubic, quartic and double well, the ill-conditioned bowl,
 * Rosenbrock, Himmelblau, Beale, Booth, two saddles, Rastrigin, Ackley, the six-hump camel, a
 * kink (|x| + |y|) and a plateau. Pass a name wherever a function is asked for.
 */
export const GALLERY: readonly GalleryFunction[] = [
  fn({
    name: "cubic",
    title: "Cubic x³ − 3x",
    expression: "x^3 - 3x",
    minima: [{ point: [1], value: -2, global: false }],
    window: [[-2.5, 2.5]],
    starts: [[2], [-0.5], [-1.5]],
    note: "A local minimum at x = 1 but no global one: from the left of x = −1 descent runs downhill forever.",
  }),
  fn({
    name: "quartic",
    title: "Quartic x⁴ − 3x³ + 2",
    expression: "x^4 - 3x^3 + 2",
    minima: [{ point: [2.25], value: 2.25 ** 4 - 3 * 2.25 ** 3 + 2, global: true }],
    window: [[-1.5, 3.5]],
    starts: [[-1], [3], [0.5]],
    note: "The minimum is at x = 9/4; at x = 0 the derivative vanishes too (a flat inflection), so descent from the left crawls.",
  }),
  fn({
    name: "double-well",
    title: "Quartic double well x⁴ − 4x² + x",
    expression: "x^4 - 4x^2 + x",
    minima: [
      { point: [-1.4729976011140302], value: -5.4441920666108965, global: true },
      { point: [1.346997408527774], value: -2.6185559807652474, global: false },
    ],
    window: [[-2.5, 2.5]],
    starts: [[2], [-2]],
    note: "Two valleys: plain descent from the right stops in the shallow one; momentum or noise can carry it over the hump.",
  }),
  fn({
    name: "bowl",
    title: "Ill-conditioned bowl x² + 10y²",
    expression: "x^2 + 10y^2",
    minima: [{ point: [0, 0], value: 0, global: true }],
    window: [
      [-3, 3],
      [-3, 3],
    ],
    starts: [[-2.5, 1]],
    note: "Steep in y, shallow in x: the learning rate that is safe for y is slow for x, so plain descent zig-zags.",
  }),
  fn({
    name: "rosenbrock",
    // the default 0.01 makes GD and momentum diverge in the curved valley
    lr: {
      gd: 0.002,
      sgd: 0.002,
      momentum: 0.001,
      nesterov: 0.001,
      rmsprop: 0.005,
      adagrad: 0.5,
      adam: 0.05,
      adamw: 0.05,
    },
    title: "Rosenbrock (1 − x)² + 100(y − x²)²",
    expression: "(1-x)^2 + 100(y-x^2)^2",
    minima: [{ point: [1, 1], value: 0, global: true }],
    window: [
      [-2, 2],
      [-1, 3],
    ],
    starts: [
      [-1.5, 2],
      [-1.2, 1],
    ],
    logScale: true,
    note: "A long curved valley: easy to reach, slow to follow to its end at (1, 1).",
  }),
  fn({
    name: "himmelblau",
    title: "Himmelblau (x² + y − 11)² + (x + y² − 7)²",
    expression: "(x^2 + y - 11)^2 + (x + y^2 - 7)^2",
    minima: [
      { point: [3, 2], value: 0, global: true },
      { point: [-2.805118, 3.131312], value: 0, global: true },
      { point: [-3.77931, -3.283186], value: 0, global: true },
      { point: [3.584428, -1.848126], value: 0, global: true },
    ],
    window: [
      [-5, 5],
      [-5, 5],
    ],
    starts: [
      [0, 0],
      [-1, 1],
      [-1, -1],
      [1, -1],
    ],
    logScale: true,
    note: "Four equal minima: where you start decides where you end.",
  }),
  fn({
    name: "beale",
    // momentum at 0.01 overshoots the steep ridge next to the start and diverges
    lr: { momentum: 0.005, nesterov: 0.005 },
    title: "Beale",
    expression: "(1.5 - x + x y)^2 + (2.25 - x + x y^2)^2 + (2.625 - x + x y^3)^2",
    minima: [{ point: [3, 0.5], value: 0, global: true }],
    window: [
      [-4.5, 4.5],
      [-4.5, 4.5],
    ],
    starts: [[1, 1.5]],
    logScale: true,
    note: "Flat regions and sharp ridges; the minimum sits at the end of a narrow valley.",
  }),
  fn({
    name: "booth",
    // from (−8, −8) the steps of AdamW and Adagrad at their defaults are too short to arrive in 2,000
    lr: { adamw: 0.2, adagrad: 1 },
    title: "Booth (x + 2y − 7)² + (2x + y − 5)²",
    expression: "(x + 2y - 7)^2 + (2x + y - 5)^2",
    minima: [{ point: [1, 3], value: 0, global: true }],
    window: [
      [-10, 10],
      [-10, 10],
    ],
    starts: [[-8, -8]],
    note: "A tilted quadratic bowl: every descent method gets there.",
  }),
  fn({
    name: "saddle",
    title: "Saddle x² − y²",
    expression: "x^2 - y^2",
    minima: [],
    window: [
      [-2, 2],
      [-2, 2],
    ],
    starts: [
      [1.5, 0.001],
      [1.5, 0],
    ],
    note: "The gradient vanishes at (0, 0) but it is no minimum: a start exactly on y = 0 stops there, any other escapes along y.",
  }),
  fn({
    name: "monkey-saddle",
    title: "Monkey saddle x³ − 3xy²",
    expression: "x^3 - 3x y^2",
    minima: [],
    window: [
      [-1.5, 1.5],
      [-1.5, 1.5],
    ],
    starts: [[0.5, 0.3]],
    note: "A flat point with three ways down: no minimum at all.",
  }),
  fn({
    name: "rastrigin",
    // curvature up to 2 + 40π² ≈ 397: GD is stable below 2/397, momentum 0.9 below 3.8/397
    lr: { gd: 0.002, sgd: 0.002, momentum: 0.001, nesterov: 0.001 },
    title: "Rastrigin",
    expression: "20 + x^2 - 10cos(2pi x) + y^2 - 10cos(2pi y)",
    minima: [{ point: [0, 0], value: 0, global: true }],
    window: [
      [-5.12, 5.12],
      [-5.12, 5.12],
    ],
    starts: [[3.2, 2.1]],
    note: "A bowl covered in local minima: plain descent stops in the nearest dimple.",
  }),
  fn({
    name: "ackley",
    title: "Ackley",
    expression: "-20exp(-0.2sqrt(0.5(x^2 + y^2))) - exp(0.5(cos(2pi x) + cos(2pi y))) + e + 20",
    minima: [{ point: [0, 0], value: 0, global: true }],
    window: [
      [-5, 5],
      [-5, 5],
    ],
    starts: [[2.5, 3.5]],
    note: "Nearly flat far out with many small dips, and a deep funnel at the centre.",
  }),
  fn({
    name: "six-hump-camel",
    title: "Six-hump camel",
    expression: "(4 - 2.1x^2 + x^4/3)x^2 + x y + (-4 + 4y^2)y^2",
    minima: [
      { point: [0.0898, -0.7126], value: -1.0316, global: true },
      { point: [-0.0898, 0.7126], value: -1.0316, global: true },
      { point: [-1.7036, 0.7961], value: -0.2155, global: false },
      { point: [1.7036, -0.7961], value: -0.2155, global: false },
    ],
    window: [
      [-2, 2],
      [-1, 1],
    ],
    starts: [
      [-1.5, 0.5],
      [0.5, 0.5],
    ],
    note: "Six valleys, two of them deepest: local minima in plenty.",
  }),
  fn({
    name: "abs",
    title: "|x| + |y| (not differentiable)",
    expression: "abs(x) + abs(y)",
    minima: [{ point: [0, 0], value: 0, global: true }],
    window: [
      [-2, 2],
      [-2, 2],
    ],
    starts: [[1.3, -0.7]],
    note: "A kink at the minimum: the gradient never shrinks, so a fixed step bounces across it; a decaying step settles.",
  }),
  fn({
    name: "plateau",
    title: "Plateau 1 − exp(−(x² + y²))",
    expression: "1 - exp(-(x^2 + y^2))",
    minima: [{ point: [0, 0], value: 0, global: true }],
    window: [
      [-4, 4],
      [-4, 4],
    ],
    starts: [
      [3, 3],
      [1, 1],
    ],
    note: "Far from the centre the surface is almost flat: the gradient is tiny and descent stalls or stops early.",
  }),
];

/** A gallery function by name, or undefined. */
export function galleryFunction(name: string): GalleryFunction | undefined {
  return GALLERY.find((f) => f.name === name);
}
