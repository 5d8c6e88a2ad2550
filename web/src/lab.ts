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
  title: string;
  summary: string;
  load: () => Promise<LabModule>;
}

export const LABS: readonly LabEntry[] = [
  {
    id: "descent-1d",
    title: "1 · Descent in 1-D",
    summary: "A ball on a curve: the learning rate, the threshold ε and why a run stops.",
    load: () => import("./labs/lab1.js"),
  },
  {
    id: "descent-2d",
    title: "2 · Descent in 2-D",
    summary:
      "Optimizers race on a surface: contours, 3-D, the trap and its escapes, one update narrated.",
    load: () => import("./labs/lab2.js"),
  },
];
