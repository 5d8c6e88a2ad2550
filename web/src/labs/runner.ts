// The wiring every stepped lab repeats: fetch a frame from the worker, drop answers that a newer
// request overtook, mark the page busy meanwhile, save the state to the URL, drive it by Transport.
import type { LabContext } from "../lab.js";
import type { Params } from "../state.js";
import { Transport, type Speed } from "../transport.js";

/** The URL state a stepped lab keeps for its transport. */
export interface StepState {
  step: number;
  speed: string;
}

export interface Runner {
  transport: Transport;
  /** Fetches and shows the frame of the current state; resolves when it is drawn (or overtaken). */
  draw: () => Promise<void>;
  destroy: () => void;
}

export function runner<F>(
  ctx: LabContext,
  p: Params & StepState,
  o: {
    /** The frame for the state as it is now (a worker call). */
    fetch: () => Promise<F>;
    /** Draws a frame; may clamp p.step to what the run reached. */
    show: (frame: F) => void;
    /** The last step, when the run has one. */
    last: () => number | null;
    /** Says why a frame could not be made (a failed download); without it the error propagates. */
    fail?: (error: unknown) => void;
  },
): Runner {
  let request = 0;
  async function draw(): Promise<void> {
    const id = ++request;
    ctx.busy(true);
    try {
      const frame = await o.fetch();
      if (id !== request) return;
      o.show(frame);
      ctx.save(p);
    } catch (error) {
      if (!o.fail || id !== request) throw error;
      o.fail(error);
    } finally {
      ctx.busy(false);
    }
  }
  const lab = {
    last: o.last,
    goTo: async (step: number) => {
      p.step = step;
      await draw();
      return p.step;
    },
    reset: () => {
      p.step = 0;
      void draw();
    },
  };
  const transport = new Transport(lab, p.step, p.speed as Speed, (v) => {
    p.speed = v;
    ctx.save(p);
  });
  return {
    transport,
    draw,
    destroy: () => {
      transport.pause();
      request++;
    },
  };
}
