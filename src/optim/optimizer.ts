/**
 * The optimizer contract of torch.optim: parameter groups with per-group options, per-parameter
 * state, zeroGrad(), step(), stateDict() / loadStateDict(). Subclasses write only the update.
 */
import { ArgumentError } from "../errors.js";
import { noGrad } from "../autograd/grad-mode.js";
import { Tensor } from "../tensor/tensor.js";
import { checkBoolean, checkOptionNames, checkRange } from "./validate.js";

/** Options every optimizer has. */
export interface BaseOptions {
  /** The learning rate. */
  lr: number;
}

/**
 * A group of parameters sharing options; options left out take the optimizer's defaults.
 * PyTorch: a dict in the `params` list, e.g. `{"params": model.bias, "lr": 0.1}`.
 */
export type ParamGroupInput<O> = {
  /** The group's parameters: leaf tensors, each in one group only. */
  params: Iterable<Tensor>;
} & Partial<O>;

/** A parameter group as the optimizer holds it: every option resolved. */
export type ParamGroup<O> = O & {
  /** The group's parameters, in the order given. */
  params: Tensor[];
};

/** Per-parameter state: named tensors and numbers (e.g. momentumBuffer, step). */
export type ParamState = Record<string, Tensor | number>;

/** torch's state_dict layout: state keyed by parameter index, groups list parameter indices. */
export interface OptimizerStateDict<O> {
  /** Each parameter's state (cloned tensors and numbers), by its index across all groups. */
  state: Record<number, ParamState>;
  /** Each group's options, with `params` listing its parameters' indices. */
  paramGroups: (O & {
    /** Indices of the group's parameters, numbered across groups in order. */
    params: number[];
  })[];
}

/**
 * The base of every optimizer: parameter groups with per-group options, per-parameter state,
 * `zeroGrad()`, `step()`, `stateDict()` / `loadStateDict()`; a subclass writes only the update.
 * PyTorch: `torch.optim.Optimizer`. Deviation: `state` is a `Map` keyed by the parameter tensor.
 */
export abstract class Optimizer<O extends BaseOptions = BaseOptions> {
  /** The parameter groups, options resolved; change `lr` here to change it between steps. */
  readonly paramGroups: ParamGroup<O>[] = [];
  /** Per-parameter state (momentum buffers, moments, step counts), made at its first update. */
  readonly state = new Map<Tensor, ParamState>();
  /** How many times step() has run. */
  stepCount = 0;
  /** The options of groups that do not set their own. */
  readonly defaults: O;

  /** `defaults` are the optimizer's own; `options` the user's, checked against their names. */
  constructor(
    params: Iterable<Tensor> | Iterable<ParamGroupInput<O>>,
    defaults: O,
    options: Partial<O> = {},
  ) {
    checkOptionNames(this.constructor.name, Object.keys(defaults), options);
    this.defaults = { ...defaults, ...withoutUndefined(options) };
    const list = [...(params as Iterable<Tensor | ParamGroupInput<O>>)];
    if (list.length === 0)
      throw new ArgumentError(`${this.constructor.name}: optimizer got an empty parameter list`);
    const groups: ParamGroupInput<O>[] =
      list[0] instanceof Tensor
        ? [{ params: list as Tensor[] } as unknown as ParamGroupInput<O>]
        : (list as ParamGroupInput<O>[]);
    for (const group of groups) this.addParamGroup(group);
  }

  /** Adds a group of parameters with its own options (torch's add_param_group). */
  addParamGroup(group: ParamGroupInput<O>): void {
    const params = [...group.params];
    const name = this.constructor.name;
    if (params.length === 0)
      throw new ArgumentError(`${name}: a parameter group has no parameters`);
    for (const p of params) {
      if (!(p instanceof Tensor))
        throw new ArgumentError(`${name}: parameters must be Tensors, got ${typeof p}`);
      if (!p.isLeaf) {
        throw new ArgumentError(
          `${name}: can't optimize a non-leaf Tensor (made by '${p.gradFn!.name}'); optimize the leaf it came from`,
        );
      }
      if (
        this.paramGroups.some((g) => g.params.includes(p)) ||
        params.indexOf(p) !== params.lastIndexOf(p)
      ) {
        throw new ArgumentError(`${name}: some parameters appear in more than one parameter group`);
      }
    }
    checkOptionNames(`${name} parameter group`, Object.keys(this.defaults), group, ["params"]);
    const resolved = { ...this.defaults, ...withoutUndefined(group), params } as ParamGroup<O>;
    this.validate(resolved);
    this.paramGroups.push(resolved);
  }

  /**
   * Checks one group's options: torch's messages (e.g. "Invalid learning rate: -1") and, beyond
   * torch, finiteness and the ranges where an update stops making sense (momentum ≥ 1 never
   * forgets, so it diverges).
   */
  protected validate(options: O): void {
    checkRange("Invalid learning rate", options.lr, { min: 0 });
    const maximize = (options as { maximize?: unknown }).maximize;
    if (maximize !== undefined) checkBoolean(this.constructor.name, "maximize", maximize);
  }

  /** Forgets gradients: sets them to null (torch's default), or zeros them in place. */
  zeroGrad(setToNone = true): void {
    for (const group of this.paramGroups) {
      for (const p of group.params) {
        if (setToNone) p.grad = null;
        else p.grad?.zero_();
      }
    }
  }

  /**
   * One update of every parameter that has a gradient. With a closure, it first re-evaluates
   * the loss (closure computes it and calls backward) and returns that loss.
   */
  step(closure?: () => number): number | undefined {
    const loss = closure?.();
    noGrad(() => {
      for (const group of this.paramGroups) {
        for (const p of group.params) {
          if (p.grad === null) continue;
          let state = this.state.get(p);
          if (state === undefined) {
            state = {};
            this.state.set(p, state);
          }
          this.update(p, p.grad, state, group);
        }
      }
    });
    this.stepCount++;
    return loss;
  }

  /** Updates p in place from its gradient; `state` is p's own and persists across steps. */
  protected abstract update(p: Tensor, grad: Tensor, state: ParamState, group: ParamGroup<O>): void;

  /** The optimizer's state: per-parameter tensors (keyed by index) and the groups' options. */
  stateDict(): OptimizerStateDict<O> {
    const index = new Map<Tensor, number>();
    const paramGroups = this.paramGroups.map((group) => {
      const { params, ...options } = group;
      return {
        ...(options as unknown as O),
        params: params.map((p) => index.set(p, index.size).get(p)!),
      };
    });
    const state: Record<number, ParamState> = {};
    for (const [p, s] of this.state) {
      state[index.get(p)!] = Object.fromEntries(
        Object.entries(s).map(([k, v]) => [k, v instanceof Tensor ? v.clone() : v]),
      );
    }
    return { state, paramGroups };
  }

  /** Restores a stateDict() of an optimizer over parameters of the same shapes, in the same order. */
  loadStateDict(dict: OptimizerStateDict<O>): void {
    const name = this.constructor.name;
    if (dict.paramGroups.length !== this.paramGroups.length) {
      throw new ArgumentError(
        `${name}.loadStateDict: the state has ${dict.paramGroups.length} parameter groups, this optimizer ${this.paramGroups.length}`,
      );
    }
    const byIndex: Tensor[] = [];
    dict.paramGroups.forEach((saved, g) => {
      const group = this.paramGroups[g]!;
      if (saved.params.length !== group.params.length) {
        throw new ArgumentError(
          `${name}.loadStateDict: group ${g} has ${saved.params.length} parameters in the state and ${group.params.length} here`,
        );
      }
      saved.params.forEach((i, k) => (byIndex[i] = group.params[k]!));
    });
    this.state.clear();
    for (const [key, s] of Object.entries(dict.state)) {
      const p = byIndex[Number(key)];
      if (p === undefined)
        throw new ArgumentError(`${name}.loadStateDict: state for unknown parameter ${key}`);
      for (const [k, v] of Object.entries(s)) {
        if (v instanceof Tensor && v.shape.join() !== p.shape.join()) {
          throw new ArgumentError(
            `${name}.loadStateDict: '${k}' of parameter ${key} has shape [${v.shape.join(", ")}], the parameter [${p.shape.join(", ")}]`,
          );
        }
      }
      this.state.set(
        p,
        Object.fromEntries(
          Object.entries(s).map(([k, v]) => [k, v instanceof Tensor ? v.clone() : v]),
        ),
      );
    }
    dict.paramGroups.forEach((saved, g) => {
      const options: Partial<typeof saved> = { ...saved };
      delete options.params;
      Object.assign(this.paramGroups[g]!, options);
    });
  }
}

/** Options left undefined take the default, as if they were not given. */
function withoutUndefined<T extends object>(options: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(options).filter(([, value]) => value !== undefined),
  ) as Partial<T>;
}

/** Reads a tensor from per-parameter state (it is always one when the key is set). */
export function stateTensor(state: ParamState, key: string): Tensor | undefined {
  const v = state[key];
  return v instanceof Tensor ? v : undefined;
}

// torch's addcmul/addcdiv kernels compute (value·t1)·t2 and (value·t1)/t2; the same order here
// keeps float64 trajectories equal to torch's to the last bits over hundreds of steps.

/** value·t1·t2, in torch.addcmul's order. */
export function addcmulTerm(t1: Tensor, t2: Tensor, value: number): Tensor {
  return t1.mul(value).mul(t2);
}

/** value·t1/t2, in torch.addcdiv's order. */
export function addcdivTerm(t1: Tensor, t2: Tensor, value: number): Tensor {
  return t1.mul(value).div(t2);
}
