// Step / play / pause / reset and a speed control, shared by the labs that run step by step.
import { button, h, select } from "./ui.js";

export interface Steppable {
  /** Moves to `step` and draws it; resolves with the step actually reached (a run may end). */
  goTo(step: number): Promise<number>;
  /** The last step, when the run has one (descent stops; training does not). */
  last(): number | null;
  reset(): void;
}

export const SPEEDS = [
  ["1", "1 step/s"],
  ["4", "4 steps/s"],
  ["15", "15 steps/s"],
  ["60", "60 steps/s"],
  ["240", "240 steps/s"],
  ["max", "as fast as it goes"],
] as const;
export type Speed = (typeof SPEEDS)[number][0];

export class Transport {
  readonly root: HTMLElement;
  private playing = false;
  private step = 0;
  private readonly playButton: HTMLButtonElement;
  private readonly counter: HTMLElement;

  constructor(
    private readonly lab: Steppable,
    initialStep: number,
    private speed: Speed,
    private readonly onSpeed: (speed: Speed) => void,
  ) {
    this.step = initialStep;
    this.playButton = button("Play", () => this.toggle(), {
      "aria-keyshortcuts": "Space",
      "data-action": "play",
    });
    this.counter = h("output", { class: "counter", "aria-label": "current step" }, "step 0");
    this.root = h(
      "div",
      { class: "transport", role: "toolbar", "aria-label": "Run controls" },
      button("Reset", () => this.reset(), { "aria-keyshortcuts": "R", "data-action": "reset" }),
      button("◀ Back", () => void this.stepBy(-1), {
        "aria-keyshortcuts": "ArrowLeft",
        "data-action": "back",
        "aria-label": "Step back",
      }),
      this.playButton,
      button("Step ▶", () => void this.stepBy(1), {
        "aria-keyshortcuts": "ArrowRight",
        "data-action": "step",
        "aria-label": "Step forward",
      }),
      h(
        "label",
        { class: "speed" },
        "Speed ",
        select("speed", speed, SPEEDS, (v) => {
          this.speed = v;
          this.onSpeed(v);
        }),
      ),
      this.counter,
    );
  }

  current(): number {
    return this.step;
  }

  show(step: number): void {
    this.step = step;
    const last = this.lab.last();
    this.counter.textContent = last === null ? `step ${step}` : `step ${step} of ${last}`;
  }

  async stepBy(delta: number): Promise<void> {
    this.pause();
    const last = this.lab.last();
    const target = Math.max(0, Math.min(this.step + delta, last ?? Infinity));
    this.step = target; // a second key press before the worker answers counts from here
    this.show(await this.lab.goTo(target));
  }

  reset(): void {
    this.pause();
    this.lab.reset();
  }

  toggle(): void {
    if (this.playing) this.pause();
    else void this.play();
  }

  pause(): void {
    if (!this.playing) return;
    this.playing = false;
    this.playButton.textContent = "Play";
    this.playButton.setAttribute("aria-pressed", "false");
  }

  isPlaying(): boolean {
    return this.playing;
  }

  /** Advances by the speed's share of the elapsed time, one worker round trip per frame at most. */
  private async play(): Promise<void> {
    const last = this.lab.last();
    if (last !== null && this.step >= last) this.show(await this.lab.goTo(0));
    this.playing = true;
    this.playButton.textContent = "Pause";
    this.playButton.setAttribute("aria-pressed", "true");
    let carried = 0;
    let before = performance.now();
    while (this.playing) {
      await new Promise(requestAnimationFrame);
      const now = performance.now();
      const rate = this.speed === "max" ? Infinity : Number(this.speed);
      carried += ((now - before) / 1000) * rate;
      before = now;
      const n = this.speed === "max" ? 1e9 : Math.floor(carried);
      if (n < 1) continue;
      carried -= Math.min(carried, n);
      const reached = await this.lab.goTo(this.step + n);
      if (!this.playing) break;
      this.show(reached);
      const end = this.lab.last();
      if (end !== null && reached >= end) this.pause();
    }
  }
}
