/** The chapters of `descent demo`, in the lecture's order. */
import { chapterAccumulation } from "./accumulation.js";
import { chapterBatches } from "./batches.js";
import { chapterBackprop } from "./backprop.js";
import { chapterDescent, chapterSurface } from "./descent.js";
import { chapterMnist } from "./mnist.js";
import { chapterKink, chapterLocalMinima } from "./traps.js";
import type { Chapter } from "./types.js";

export const CHAPTERS: readonly Chapter[] = [
  chapterDescent,
  chapterSurface,
  chapterLocalMinima,
  chapterKink,
  chapterBatches,
  chapterAccumulation,
  chapterBackprop,
  chapterMnist,
];
