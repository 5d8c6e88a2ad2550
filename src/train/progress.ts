/**
 * Training progress for people: a live bar with ETA and loss on a terminal, one plain line per
 * epoch elsewhere. Writes through a function, so it has no Node dependency.
 */

/** Where progress goes: fit's `progress` option takes one (default: process.stdout). */
export interface ProgressSink {
  /** Writes text as it is (no newline added). */
  write(text: string): void;
  /** Whether the output is a terminal that understands carriage returns. */
  isTTY: boolean;
}

/** process.stdout when there is one (Node), otherwise nothing. */
export function defaultSink(): ProgressSink | null {
  const stdout = (
    globalThis as { process?: { stdout?: { write(s: string): unknown; isTTY?: boolean } } }
  ).process?.stdout;
  return stdout ? { write: (s) => void stdout.write(s), isTTY: stdout.isTTY === true } : null;
}

function duration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  return s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s` : `${s}s`;
}

/**
 * The progress fit() prints: on a terminal a bar redrawn in place with the ETA and the loss,
 * elsewhere one line per epoch. No PyTorch equivalent (tqdm's role).
 */
export class ProgressBar {
  private lastDraw = 0;

  /** A bar for `epochs` epochs of `batchesPerEpoch` batches, written to `sink`. */
  constructor(
    private readonly sink: ProgressSink,
    private readonly epochs: number,
    private readonly batchesPerEpoch: number,
  ) {}

  /** Called after each batch (TTY only): redraws at most every 100 ms. */
  batch(epoch: number, batch: number, loss: number, elapsedMs: number, epochStartMs: number): void {
    if (!this.sink.isTTY) return;
    const now = Date.now();
    if (now - this.lastDraw < 100 && batch + 1 < this.batchesPerEpoch) return;
    this.lastDraw = now;
    const done = (batch + 1) / this.batchesPerEpoch;
    const width = 24;
    const filled = Math.round(done * width);
    const perBatch = (elapsedMs - epochStartMs) / (batch + 1);
    const eta =
      perBatch *
      (this.batchesPerEpoch - batch - 1 + (this.epochs - epoch - 1) * this.batchesPerEpoch);
    this.sink.write(
      `\repoch ${epoch + 1}/${this.epochs} [${"█".repeat(filled)}${"·".repeat(width - filled)}] ${batch + 1}/${this.batchesPerEpoch} ` +
        `loss ${loss.toFixed(4)}  ETA ${duration(eta)}   `,
    );
  }

  /** One line per epoch, on any output. */
  epoch(line: string): void {
    this.sink.write(`${this.sink.isTTY ? "\r\x1b[K" : ""}${line}\n`);
  }
}
