// Checkpoints: a model's stateDict, an optimizer's state and JSON extras in one safetensors file.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { Tensor, manualSeed, optim, randn, tensor } from "../../src/index.js";
import {
  CHECKPOINT_FORMAT_VERSION,
  checkpointFromBytes,
  checkpointToBytes,
  type Checkpoint,
} from "../../src/io/checkpoint.js";
import {
  CheckpointError,
  parseSafetensors,
  serializeSafetensors,
} from "../../src/io/safetensors/index.js";

function sameTensor(a: Tensor | number | undefined, b: Tensor, what: string): void {
  assert.ok(a instanceof Tensor, `${what}: not a tensor`);
  assert.equal(a.dtype, b.dtype, what);
  assert.deepEqual(a.shape, b.shape, what);
  assert.deepEqual([...a.data], [...b.data], what);
}

function throwsWith(fn: () => unknown, ...patterns: RegExp[]): void {
  assert.throws(fn, (e: Error) => {
    assert.ok(e instanceof CheckpointError, `expected a CheckpointError, got ${String(e)}`);
    for (const p of patterns) assert.match(e.message, p);
    return true;
  });
}

/** A checkpoint file with the given `descent` metadata and tensors. */
function withIndex(index: unknown, tensors: Record<string, Tensor> = {}): Uint8Array {
  return serializeSafetensors(tensors, { descent: JSON.stringify(index) });
}

const model = (): Record<string, Tensor> => ({
  "0.weight": tensor([
    [1, 2],
    [3, 4],
  ]),
  "0.bias": tensor([0.5, -0.5]),
  "2.weight": tensor([[1, -1]], { dtype: "float64" }),
  "2.bias": tensor([0]),
  "bn.num_batches_tracked": tensor(3, { dtype: "int32" }),
  mask: tensor([true, false]),
});

describe("checkpoint layout", () => {
  test("model tensors under their names, optimizer tensors under optimizer.state.<i>.<key>", () => {
    const bytes = checkpointToBytes({
      model: model(),
      optimizer: {
        state: {
          0: {
            step: 2,
            expAvg: tensor([
              [0.1, 0.2],
              [0.3, 0.4],
            ]),
          },
          3: { step: 2 },
        },
        paramGroups: [{ lr: 0.01, betas: [0.9, 0.999], params: [0, 1, 2, 3] }],
      },
      extra: { epoch: 7, history: [1.5, 0.5], name: "run", nested: { ok: true, none: null } },
    });
    const { tensors, metadata } = parseSafetensors(bytes);
    assert.deepEqual(Object.keys(tensors).sort(), [
      "0.bias",
      "0.weight",
      "2.bias",
      "2.weight",
      "bn.num_batches_tracked",
      "mask",
      "optimizer.state.0.expAvg",
    ]);
    assert.deepEqual(Object.keys(metadata), ["descent", "format"]);
    assert.equal(metadata.format, "pt");
    assert.deepEqual(JSON.parse(metadata.descent!), {
      version: CHECKPOINT_FORMAT_VERSION,
      model: ["0.weight", "0.bias", "2.weight", "2.bias", "bn.num_batches_tracked", "mask"],
      optimizer: {
        state: { 0: { step: 2, expAvg: { tensor: "optimizer.state.0.expAvg" } }, 3: { step: 2 } },
        paramGroups: [{ lr: 0.01, betas: [0.9, 0.999], params: [0, 1, 2, 3] }],
      },
      extra: { epoch: 7, history: [1.5, 0.5], name: "run", nested: { ok: true, none: null } },
    });
  });

  test("a model-only checkpoint has no optimizer or extra section", () => {
    const { metadata } = parseSafetensors(checkpointToBytes({ model: model() }));
    const index = JSON.parse(metadata.descent!) as Record<string, unknown>;
    assert.deepEqual(Object.keys(index), ["version", "model"]);
    const back = checkpointFromBytes(checkpointToBytes({ model: {} }));
    assert.deepEqual(back, { model: {} });
  });
});

describe("checkpoint round trips", () => {
  test("model order, optimizer tensors and numbers, groups and extra come back", () => {
    const checkpoint: Checkpoint = {
      model: model(),
      optimizer: {
        state: {
          0: {
            step: 2,
            expAvg: tensor([
              [0.1, 0.2],
              [0.3, 0.4],
            ]),
            expAvgSq: tensor([
              [1, 2],
              [3, 4],
            ]),
          },
          1: { step: 2, "odd.key with dots": tensor([5, 6]) },
        },
        paramGroups: [
          { lr: 0.01, params: [0, 1] },
          { lr: 0.1, params: [] },
        ],
      },
      extra: { epoch: 7, losses: [3, 2, 1], __proto__: null },
    };
    const back = checkpointFromBytes(checkpointToBytes(checkpoint));
    assert.deepEqual(Object.keys(back.model), Object.keys(checkpoint.model));
    for (const [k, v] of Object.entries(checkpoint.model)) sameTensor(back.model[k], v, k);
    const state = back.optimizer!.state;
    assert.deepEqual(Object.keys(state), ["0", "1"]);
    assert.deepEqual(Object.keys(state[0]!), ["step", "expAvg", "expAvgSq"]);
    assert.equal(state[0]!.step, 2);
    sameTensor(state[0]!.expAvg, checkpoint.optimizer!.state[0]!.expAvg as Tensor, "expAvg");
    sameTensor(state[1]!["odd.key with dots"], tensor([5, 6]), "odd key");
    assert.deepEqual(back.optimizer!.paramGroups, checkpoint.optimizer!.paramGroups);
    assert.deepEqual(back.extra, { epoch: 7, losses: [3, 2, 1] });
  });

  test("an Adam optimizer resumes exactly where it stopped", () => {
    manualSeed(0);
    const target = randn([4, 3]);
    const params = () => [
      randn([4, 3], { requiresGrad: true }),
      randn([3], { requiresGrad: true }),
    ];
    const train = (ps: Tensor[], opt: optim.Adam, steps: number): void => {
      for (let i = 0; i < steps; i++) {
        opt.zeroGrad();
        ps[0]!.sub(target).square().sum().add(ps[1]!.square().sum()).backward();
        opt.step();
      }
    };
    const a = params();
    const optA = new optim.Adam(a, { lr: 0.05, amsgrad: true });
    train(a, optA, 5);
    const bytes = checkpointToBytes({
      model: { w: a[0]!, b: a[1]! },
      optimizer: optA.stateDict(),
      extra: { step: 5 },
    });

    const restored = checkpointFromBytes(bytes);
    const b = [
      restored.model.w!.clone().requiresGrad_(),
      restored.model.b!.clone().requiresGrad_(),
    ];
    const optB = new optim.Adam(b, { lr: 0.5 });
    optB.loadStateDict(restored.optimizer as optim.OptimizerStateDict<optim.AdamOptions>);
    assert.equal(optB.paramGroups[0]!.lr, 0.05);
    assert.equal(optB.paramGroups[0]!.amsgrad, true);
    train(a, optA, 5);
    train(b, optB, 5);
    assert.deepEqual([...b[0]!.data], [...a[0]!.data]);
    assert.deepEqual([...b[1]!.data], [...a[1]!.data]);
  });
});

describe("checkpoint errors", () => {
  test("reading: a plain safetensors file, a wrong or missing version", () => {
    throwsWith(
      () => checkpointFromBytes(serializeSafetensors({ w: tensor([1]) })),
      /^checkpointFromBytes: the file has no "descent" metadata entry, so it is a plain safetensors file/,
      /parseSafetensors\(\) \/ loadSafetensors\(\)/,
    );
    throwsWith(
      () => checkpointFromBytes(withIndex({ version: 2, model: [] })),
      /format version 2, newer than this descent reads \(1\); update descent/,
    );
    throwsWith(() => checkpointFromBytes(withIndex({ model: [] })), /format version is missing/);
    throwsWith(
      () => checkpointFromBytes(withIndex({ version: "1", model: [] })),
      /format version is "1"/,
    );
    throwsWith(
      () => checkpointFromBytes(serializeSafetensors({}, { descent: "{oops" })),
      /the "descent" metadata entry is not valid JSON/,
    );
    throwsWith(() => checkpointFromBytes(withIndex([1])), /not a JSON object/);
    throwsWith(
      () =>
        checkpointFromBytes(serializeSafetensors({}, { descent: "x" }), {
          source: "a.safetensors",
        }),
      /^checkpointFromBytes \(a.safetensors\): /,
    );
  });

  test("reading: an index that does not match the tensors", () => {
    const w = { w: tensor([1]) };
    throwsWith(() => checkpointFromBytes(withIndex({ version: 1 }, w)), /no "model" list/);
    throwsWith(
      () => checkpointFromBytes(withIndex({ version: 1, model: ["w", "v"] }, w)),
      /a model entry is the tensor "v", which the file does not have/,
    );
    throwsWith(
      () => checkpointFromBytes(withIndex({ version: 1, model: ["w", "w"] }, w)),
      /"w" is listed twice/,
    );
    throwsWith(
      () => checkpointFromBytes(withIndex({ version: 1, model: [] }, w)),
      /tensors the checkpoint index does not list \("w"\)/,
    );
    throwsWith(
      () => checkpointFromBytes(withIndex({ version: 1, model: [], optimizer: { state: {} } })),
      /"optimizer" section must be \{ state: \{...\}, paramGroups: \[...\] \}/,
    );
    throwsWith(
      () =>
        checkpointFromBytes(
          withIndex({
            version: 1,
            model: [],
            optimizer: { state: { 0: { m: { tensor: "x" } } }, paramGroups: [] },
          }),
        ),
      /optimizer.state\[0\]\["m"\] is the tensor "x", which the file does not have/,
    );
    throwsWith(
      () =>
        checkpointFromBytes(
          withIndex({
            version: 1,
            model: [],
            optimizer: { state: { 0: { m: "x" } }, paramGroups: [] },
          }),
        ),
      /optimizer.state\[0\]\["m"\] is neither a number nor a \{"tensor": name\} reference/,
    );
    throwsWith(
      () =>
        checkpointFromBytes(
          withIndex({ version: 1, model: [], optimizer: { state: { a: {} }, paramGroups: [] } }),
        ),
      /optimizer.state\["a"\] is not the state of a parameter index/,
    );
    throwsWith(
      () => checkpointFromBytes(withIndex({ version: 1, model: [], extra: [] })),
      /"extra" must be a JSON object/,
    );
  });

  test("reading: a corrupted file is a CheckpointError from the format layer", () => {
    const bytes = checkpointToBytes({ model: model() });
    for (let n = 0; n < bytes.length; n += 13) {
      assert.throws(() => checkpointFromBytes(bytes.subarray(0, n)), CheckpointError);
    }
  });

  test("writing: what JSON or the layout cannot hold", () => {
    throwsWith(
      () => checkpointToBytes({ model: { w: 3 as unknown as Tensor } }),
      /model\["w"\] is a number \(3\), not a Tensor/,
    );
    throwsWith(
      () => checkpointToBytes(null as unknown as Checkpoint),
      /expected \{ model, optimizer\?, extra\? \}/,
    );
    throwsWith(() => checkpointToBytes({} as Checkpoint), /model must be a state dict/);
    throwsWith(
      () => checkpointToBytes({ model: {}, extra: { loss: NaN } }),
      /extra.loss is NaN \(not finite\), which a checkpoint's JSON cannot hold/,
    );
    throwsWith(
      () => checkpointToBytes({ model: {}, extra: { t: tensor([1]) } }),
      /extra.t is a Tensor \(put tensors in model/,
    );
    throwsWith(
      () => checkpointToBytes({ model: {}, extra: { f: () => 1 } }),
      /extra.f is a function/,
    );
    throwsWith(
      () => checkpointToBytes({ model: {}, extra: { d: new Date(0) } }),
      /extra.d is a Date/,
    );
    throwsWith(() => checkpointToBytes({ model: {}, extra: { big: 1n } }), /extra.big is a bigint/);
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    throwsWith(
      () => checkpointToBytes({ model: {}, extra: { cycle } }),
      /extra.cycle.self is a reference back to itself/,
    );
    throwsWith(
      () =>
        checkpointToBytes({ model: {}, optimizer: { state: { x: {} } as never, paramGroups: [] } }),
      /optimizer.state key "x" is not a parameter index/,
    );
    throwsWith(
      () =>
        checkpointToBytes({
          model: {},
          optimizer: { state: { 0: { step: Infinity } }, paramGroups: [] },
        }),
      /optimizer.state\[0\]\["step"\] is a number \(Infinity\); optimizer state holds tensors and finite numbers/,
    );
    throwsWith(
      () =>
        checkpointToBytes({ model: {}, optimizer: { state: {}, paramGroups: [{ lr: Infinity }] } }),
      /optimizer.paramGroups\[0\].lr is Infinity/,
    );
    throwsWith(
      () => checkpointToBytes({ model: {}, optimizer: { state: {}, paramGroups: {} as never } }),
      /optimizer.paramGroups must be an array/,
    );
    throwsWith(
      () =>
        checkpointToBytes({
          model: { "optimizer.state.0.m": tensor([1]) },
          optimizer: { state: { 0: { m: tensor([2]) } }, paramGroups: [] },
        }),
      /the model has a tensor named "optimizer.state.0.m", the name of optimizer.state\[0\]\["m"\]/,
    );
  });

  test("undefined fields are left out, like JSON.stringify", () => {
    const back = checkpointFromBytes(
      checkpointToBytes({ model: {}, extra: { a: 1, b: undefined } }),
    );
    assert.deepEqual(back.extra, { a: 1 });
  });
});
