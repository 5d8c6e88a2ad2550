/**
 * Training checkpoints in one safetensors file: a model's stateDict(), an optimizer's
 * stateDict() and free-form JSON. Format-level only (bytes ↔ objects); file IO is in ./node.ts.
 *
 * Layout (format version 1):
 * - model tensors under their own names (`0.weight`, `0.bias`, ...), so PyTorch's
 *   `safetensors.torch.load_file` gives a dict that `model.load_state_dict` takes;
 * - optimizer tensors under `optimizer.state.<param index>.<key>` (e.g. `optimizer.state.0.expAvg`);
 * - `__metadata__` = `{"descent": <JSON string>, "format": "pt"}`, where the JSON string is
 *   `{"version": 1, "model": [names in stateDict order],
 *     "optimizer": {"state": {"<index>": {"<key>": number | {"tensor": "<name in the file>"}}},
 *                   "paramGroups": [...]},          (only when an optimizer is saved)
 *     "extra": {...}}`                                (only when extra is given)
 */
import { Tensor } from "../tensor/tensor.js";
import {
  CheckpointError,
  describeValue,
  parseSafetensors,
  serializeSafetensors,
  type ParseSafetensorsOptions,
} from "./safetensors/index.js";

/** The version of the checkpoint layout this descent writes and reads. */
export const CHECKPOINT_FORMAT_VERSION = 1;

/** The `__metadata__` key that holds the checkpoint's JSON. */
export const CHECKPOINT_METADATA_KEY = "descent";

/** The prefix of the optimizer's tensors: `optimizer.state.<param index>.<key>`. */
export const OPTIMIZER_STATE_PREFIX = "optimizer.state.";

/** An optimizer's stateDict(): per-parameter state by parameter index, and the groups. */
export interface CheckpointOptimizerState {
  /** Each parameter's state (tensors and numbers, e.g. `expAvg`, `step`) by parameter index. */
  state: Record<number, Record<string, Tensor | number>>;
  /** The groups' options, each with `params`: the indices of its parameters. */
  paramGroups: object[];
}

/** What a checkpoint holds: model weights, optionally the optimizer's state, and JSON extras. */
export interface Checkpoint {
  /** The model's stateDict(): tensors under PyTorch's names (`0.weight`, `0.bias`, …). */
  model: Record<string, Tensor>;
  /** The optimizer's stateDict(), to resume training where it stopped. */
  optimizer?: CheckpointOptimizerState;
  /** Anything JSON can hold: epoch, step, loss history, the run's configuration... */
  extra?: Record<string, unknown>;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

interface TensorRef {
  tensor: string;
}

interface CheckpointIndex {
  version: number;
  model: string[];
  optimizer?: {
    state: Record<string, Record<string, number | TensorRef>>;
    paramGroups: Json[];
  };
  extra?: Record<string, Json>;
}

/**
 * The safetensors bytes of a checkpoint. Model tensors keep their names; optimizer tensors are
 * named `optimizer.state.<index>.<key>`; numbers, parameter groups and `extra` go as JSON into
 * the `descent` metadata entry.
 */
export function checkpointToBytes(checkpoint: Checkpoint): Uint8Array {
  const fn = "checkpointToBytes";
  if (typeof checkpoint !== "object" || checkpoint === null) {
    throw new CheckpointError(
      `${fn}: expected { model, optimizer?, extra? }, got ${describeValue(checkpoint)}`,
    );
  }
  const { model, optimizer, extra } = checkpoint;
  if (typeof model !== "object" || model === null || Array.isArray(model)) {
    throw new CheckpointError(
      `${fn}: model must be a state dict (e.g. model.stateDict()), got ${describeValue(model)}`,
    );
  }
  const tensors: Record<string, Tensor> = {};
  const names: string[] = [];
  for (const [name, t] of Object.entries(model)) {
    if (!(t instanceof Tensor)) {
      throw new CheckpointError(
        `${fn}: model[${JSON.stringify(name)}] is ${describeValue(t)}, not a Tensor`,
      );
    }
    define(tensors, name, t);
    names.push(name);
  }
  const index: CheckpointIndex = { version: CHECKPOINT_FORMAT_VERSION, model: names };

  if (optimizer !== undefined) {
    if (typeof optimizer !== "object" || optimizer === null) {
      throw new CheckpointError(
        `${fn}: optimizer must be an optimizer's stateDict() { state, paramGroups }, got ${describeValue(optimizer)}`,
      );
    }
    const { state, paramGroups } = optimizer;
    if (typeof state !== "object" || state === null || Array.isArray(state)) {
      throw new CheckpointError(
        `${fn}: optimizer.state must be an object keyed by parameter index, got ${describeValue(state)}`,
      );
    }
    if (!Array.isArray(paramGroups)) {
      throw new CheckpointError(
        `${fn}: optimizer.paramGroups must be an array, got ${describeValue(paramGroups)}`,
      );
    }
    const savedState: Record<string, Record<string, number | TensorRef>> = {};
    for (const [param, entries] of Object.entries(state)) {
      if (!/^(0|[1-9][0-9]*)$/.test(param)) {
        throw new CheckpointError(
          `${fn}: optimizer.state key ${JSON.stringify(param)} is not a parameter index (0, 1, 2...)`,
        );
      }
      if (typeof entries !== "object" || entries === null || Array.isArray(entries)) {
        throw new CheckpointError(
          `${fn}: optimizer.state[${param}] must be an object of tensors and numbers, got ${describeValue(entries)}`,
        );
      }
      const saved: Record<string, number | TensorRef> = {};
      for (const [key, value] of Object.entries(entries as Record<string, unknown>)) {
        const where = `optimizer.state[${param}][${JSON.stringify(key)}]`;
        if (value instanceof Tensor) {
          const name = `${OPTIMIZER_STATE_PREFIX}${param}.${key}`;
          if (Object.prototype.hasOwnProperty.call(tensors, name)) {
            throw new CheckpointError(
              `${fn}: the model has a tensor named ${JSON.stringify(name)}, the name of ${where}; rename that model key`,
            );
          }
          define(tensors, name, value);
          define(saved, key, { tensor: name });
        } else if (typeof value === "number" && Number.isFinite(value)) {
          define(saved, key, value);
        } else {
          throw new CheckpointError(
            `${fn}: ${where} is ${describeValue(value)}; optimizer state holds tensors and finite numbers`,
          );
        }
      }
      define(savedState, param, saved);
    }
    index.optimizer = {
      state: savedState,
      paramGroups: paramGroups.map((g, i) => {
        if (typeof g !== "object" || g === null || Array.isArray(g)) {
          throw new CheckpointError(
            `${fn}: optimizer.paramGroups[${i}] must be an object, got ${describeValue(g)}`,
          );
        }
        return toJson(g, `optimizer.paramGroups[${i}]`, fn, new Set());
      }),
    };
  }
  if (extra !== undefined) {
    if (typeof extra !== "object" || extra === null || Array.isArray(extra)) {
      throw new CheckpointError(`${fn}: extra must be an object, got ${describeValue(extra)}`);
    }
    index.extra = toJson(extra, "extra", fn, new Set()) as Record<string, Json>;
  }
  return serializeSafetensors(tensors, {
    [CHECKPOINT_METADATA_KEY]: JSON.stringify(index),
    format: "pt",
  });
}

/**
 * Reads a checkpoint written by checkpointToBytes: the model state dict (in its saved order),
 * the optimizer's stateDict() if one was saved, and extra. Throws a CheckpointError for a plain
 * safetensors file, a newer format version, or an index that does not match the tensors.
 */
export function checkpointFromBytes(
  bytes: Uint8Array | ArrayBuffer,
  options: ParseSafetensorsOptions = {},
): Checkpoint {
  const where =
    options.source === undefined
      ? "checkpointFromBytes"
      : `checkpointFromBytes (${options.source})`;
  const fail = (message: string): never => {
    throw new CheckpointError(`${where}: ${message}`);
  };
  const { tensors, metadata } = parseSafetensors(bytes, options);
  const text = metadata[CHECKPOINT_METADATA_KEY];
  if (text === undefined) {
    return fail(
      `the file has no "${CHECKPOINT_METADATA_KEY}" metadata entry, so it is a plain safetensors file ` +
        `rather than a descent checkpoint; read its tensors with parseSafetensors() / loadSafetensors()`,
    );
  }
  let index: unknown;
  try {
    index = JSON.parse(text);
  } catch {
    return fail(
      `the "${CHECKPOINT_METADATA_KEY}" metadata entry is not valid JSON: the file is corrupted`,
    );
  }
  if (!isPlainObject(index)) {
    return fail(
      `the "${CHECKPOINT_METADATA_KEY}" metadata entry is not a JSON object: the file is corrupted`,
    );
  }
  const version = index.version;
  if (version !== CHECKPOINT_FORMAT_VERSION) {
    if (
      typeof version === "number" &&
      Number.isInteger(version) &&
      version > CHECKPOINT_FORMAT_VERSION
    ) {
      fail(
        `the checkpoint has format version ${version}, newer than this descent reads ` +
          `(${CHECKPOINT_FORMAT_VERSION}); update descent to load it`,
      );
    }
    fail(
      `the checkpoint's format version is ${JSON.stringify(version) ?? "missing"}; this descent ` +
        `reads version ${CHECKPOINT_FORMAT_VERSION}: the file is corrupted or not from descent`,
    );
  }

  const used = new Set<string>();
  const take = (name: unknown, what: string): Tensor => {
    if (typeof name !== "string") return fail(`${what} does not name a tensor`);
    if (used.has(name)) return fail(`tensor ${JSON.stringify(name)} is listed twice in the index`);
    if (!Object.prototype.hasOwnProperty.call(tensors, name)) {
      return fail(`${what} is the tensor ${JSON.stringify(name)}, which the file does not have`);
    }
    used.add(name);
    return tensors[name]!;
  };

  if (!Array.isArray(index.model)) return fail(`the index has no "model" list of tensor names`);
  const model: Record<string, Tensor> = {};
  for (const name of index.model as unknown[]) {
    const t = take(name, `a model entry`);
    define(model, name as string, t);
  }

  const checkpoint: Checkpoint = { model };
  if (index.optimizer !== undefined) {
    const optimizer = index.optimizer;
    if (
      !isPlainObject(optimizer) ||
      !isPlainObject(optimizer.state) ||
      !Array.isArray(optimizer.paramGroups)
    ) {
      return fail(`the "optimizer" section must be { state: {...}, paramGroups: [...] }`);
    }
    const state: Record<number, Record<string, Tensor | number>> = {};
    for (const [param, entries] of Object.entries(optimizer.state)) {
      if (!/^(0|[1-9][0-9]*)$/.test(param) || !isPlainObject(entries)) {
        return fail(
          `optimizer.state[${JSON.stringify(param)}] is not the state of a parameter index`,
        );
      }
      const out: Record<string, Tensor | number> = {};
      for (const [key, value] of Object.entries(entries)) {
        const what = `optimizer.state[${param}][${JSON.stringify(key)}]`;
        if (typeof value === "number") define(out, key, value);
        else if (isPlainObject(value) && Object.keys(value).length === 1 && "tensor" in value) {
          define(out, key, take(value.tensor, what));
        } else fail(`${what} is neither a number nor a {"tensor": name} reference`);
      }
      define(state, param, out);
    }
    if (!optimizer.paramGroups.every(isPlainObject)) {
      return fail(`optimizer.paramGroups must be an array of objects`);
    }
    checkpoint.optimizer = { state, paramGroups: optimizer.paramGroups };
  }
  if (index.extra !== undefined) {
    if (!isPlainObject(index.extra)) return fail(`"extra" must be a JSON object`);
    checkpoint.extra = index.extra;
  }
  const unlisted = Object.keys(tensors).filter((name) => !used.has(name));
  if (unlisted.length > 0) {
    fail(
      `the file has tensors the checkpoint index does not list (${unlisted.map((n) => JSON.stringify(n)).join(", ")}): ` +
        `it was changed after descent wrote it; read it with parseSafetensors() instead`,
    );
  }
  return checkpoint;
}

/** A JSON copy of `value`, or a CheckpointError naming the path of what JSON cannot hold. */
function toJson(value: unknown, path: string, fn: string, seen: Set<object>): Json {
  const bad = (what: string): never => {
    throw new CheckpointError(`${fn}: ${path} is ${what}, which a checkpoint's JSON cannot hold`);
  };
  if (value === null || typeof value === "boolean" || typeof value === "string") return value;
  if (typeof value === "number") {
    return Number.isFinite(value) ? value : bad(`${value} (not finite)`);
  }
  if (value instanceof Tensor) {
    return bad("a Tensor (put tensors in model or optimizer.state)");
  }
  if (typeof value !== "object") return bad(describeValue(value));
  if (seen.has(value)) return bad("a reference back to itself (a cycle)");
  seen.add(value);
  let out: Json;
  if (Array.isArray(value)) {
    out = value.map((v, i) => toJson(v, `${path}[${i}]`, fn, seen));
  } else if (isPlainObject(value)) {
    const object: { [key: string]: Json } = {};
    for (const [k, v] of Object.entries(value)) {
      if (v !== undefined) define(object, k, toJson(v, `${path}.${k}`, fn, seen));
    }
    out = object;
  } else {
    out = bad(describeValue(value));
  }
  seen.delete(value);
  return out;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/** Sets a property even when the name is "__proto__" (never the prototype). */
function define<T>(object: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(object, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}
