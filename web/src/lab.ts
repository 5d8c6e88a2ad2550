// What a lab is to the page: a module that mounts into a <main> with the worker and the URL state.
import type { Remote } from "comlink";
import type { Params } from "./state.js";
import type { Transport } from "./transport.js";
import type { WorkerApi } from "./worker.js";

export interface LabContext {
  worker: Remote<WorkerApi>;
  /** The query part of the URL when the lab opened. */
  query: URLSearchParams;
  /** Puts the lab's whole state (every control, seed and step) into the URL. */
  save(params: Params): void;
  /** Says something to screen readers (a polite live region). */
  announce(text: string): void;
  /** Marks the lab busy (computing) or idle (what is drawn matches the URL). */
  busy(on: boolean): void;
}

export interface MountedLab {
  transport?: Transport;
  /** The current run as the library returned it (trajectory, history…), for "Export JSON". */
  json(): Promise<unknown>;
  destroy(): void;
}

export interface LabModule {
  mount(root: HTMLElement, ctx: LabContext): MountedLab;
}

export interface LabEntry {
  id: string;
  /** The lab's number in the lecture's order, also its keyboard shortcut. */
  key: string;
  title: string;
  summary: string;
  load: () => Promise<LabModule>;
}

export const LABS: readonly LabEntry[] = [
  {
    id: "descent-1d",
    key: "1",
    title: "1 · Descent in 1-D",
    summary: "A ball on a curve: the learning rate, the threshold ε and why a run stops.",
    load: () => import("./labs/lab1.js"),
  },
  {
    id: "descent-2d",
    key: "2",
    title: "2 · Descent in 2-D",
    summary:
      "Optimizers race on a surface: contours, 3-D, the trap and its escapes, one update narrated.",
    load: () => import("./labs/lab2.js"),
  },
  {
    id: "batches",
    key: "3",
    title: "3 · Batches",
    summary:
      "Full batch, mini-batch and SGD on one loss surface; epochs, updates, examples; accumulation.",
    load: () => import("./labs/lab3.js"),
  },
  {
    id: "network",
    key: "4",
    title: "4 · Network",
    summary: "TensorFlow Playground's lab: a network learns a boundary on points you can change.",
    load: () => import("./labs/lab4.js"),
  },
  {
    id: "backprop",
    key: "5",
    title: "5 · Backpropagation",
    summary:
      "The backward pass node by node: each chain-rule product, the reused gradients, the count.",
    load: () => import("./labs/lab5.js"),
  },
  {
    id: "mnist",
    key: "6",
    title: "6 · MNIST",
    summary:
      "Train 784-128-10 on handwritten digits in the browser, then draw one and read its probabilities.",
    load: () => import("./labs/lab6.js"),
  },
];
