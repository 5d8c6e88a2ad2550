/**
 * Version counters (torch's `_version`): every in-place op bumps the counter of the storage it
 * writes, so a backward can tell that a tensor it saved at forward time was modified since.
 * The counter belongs to the storage, not to a Tensor object, because detach() and reshape()
 * share storage: writing through any of them changes what the others hold.
 */

interface Counter {
  version: number;
  /** The in-place op that bumped it last, for the error message. */
  lastOp: string;
}

const counters = new WeakMap<object, Counter>();

/** The current version of a storage (0 until the first in-place write). */
export function versionOf(storage: object): number {
  return counters.get(storage)?.version ?? 0;
}

/** The in-place op that wrote the storage last, if any. */
export function lastInPlaceOp(storage: object): string | undefined {
  return counters.get(storage)?.lastOp;
}

/** Records an in-place write to `storage` by `op`. */
export function bumpVersion(storage: object, op: string): void {
  const counter = counters.get(storage);
  if (counter) {
    counter.version++;
    counter.lastOp = op;
  } else {
    counters.set(storage, { version: 1, lastOp: op });
  }
}
