/**
 * Ctrl-C during a training run: the first SIGINT asks fit() to stop after the current batch
 * (through an AbortSignal), so the command can still save the last completed epoch and say so;
 * a second one exits at once.
 */
export interface Interrupt {
  signal: AbortSignal;
  /** Whether Ctrl-C was pressed. */
  readonly interrupted: boolean;
  /** Removes the handler (always call it, in a finally). */
  dispose(): void;
}

export function onInterrupt(notice: string): Interrupt {
  const controller = new AbortController();
  const handler = (): void => {
    if (controller.signal.aborted) process.exit(130);
    console.error(`\n${notice}`);
    controller.abort();
  };
  process.on("SIGINT", handler);
  return {
    signal: controller.signal,
    get interrupted() {
      return controller.signal.aborted;
    },
    dispose: () => void process.off("SIGINT", handler),
  };
}
