/**
 * Module: the base of every layer and model, with torch.nn.Module's contract — parameters and
 * child modules registered by name in order, train()/eval(), zeroGrad(), and stateDict() /
 * loadStateDict() with PyTorch's key names (`0.weight`, `encoder.1.bias`...).
 */
import { ArgumentError, ShapeError, formatShape } from "../errors.js";
import { noGrad } from "../autograd/grad-mode.js";
import { rebindStorage } from "../autograd/kernels.js";
import { isFloating, type DType } from "../tensor/dtype.js";
import { Tensor } from "../tensor/tensor.js";
import { Parameter } from "./parameter.js";

/** What loadStateDict reports, as torch's named tuple. */
export interface LoadStateDictResult {
  /** This module's keys that the state did not have (left unchanged). */
  missingKeys: string[];
  /** Keys of the state that this module does not have (ignored). */
  unexpectedKeys: string[];
}

/**
 * The base of every layer and model. A subclass registers its parameters and child modules by
 * name in its constructor (or field initialisers) and implements `forward`; Module then finds the
 * parameters, switches train/eval mode, and saves and loads state dicts with torch's key names.
 * Unlike torch, a module is not callable: call `model.forward(x)`. PyTorch: `torch.nn.Module`.
 *
 * @example
 * ```ts
 * import { nn, tensor, type Tensor } from "descentjs";
 *
 * class TwoLayer extends nn.Module {
 *   fc1 = this.registerModule("fc1", new nn.Linear(2, 8));
 *   fc2 = this.registerModule("fc2", new nn.Linear(8, 1));
 *   forward(x: Tensor): Tensor {
 *     return this.fc2.forward(this.fc1.forward(x).relu());
 *   }
 * }
 * const model = new TwoLayer();
 * model.forward(tensor([[0.5, -1]])).shape; // [1, 1]
 * Object.keys(model.stateDict()); // ["fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias"]
 * ```
 */
export abstract class Module {
  /** True in training mode (dropout active); set by train() and eval(). PyTorch: `Module.training`. */
  training = true;
  private readonly parametersByName = new Map<string, Parameter | null>();
  private readonly modulesByName = new Map<string, Module>();
  private readonly buffersByName = new Map<string, Tensor>();

  /** The layer's computation. Call it as `model.forward(x)` (torch's `model(x)`). PyTorch: `Module.forward`. */
  abstract forward(...inputs: Tensor[]): Tensor;

  /**
   * Registers a parameter under `name` (null for an absent one, e.g. no bias); returns it. Names are
   * unique and contain no ".". PyTorch: `Module.register_parameter`.
   */
  protected registerParameter<P extends Parameter | null>(name: string, parameter: P): P {
    this.checkName(name);
    this.parametersByName.set(name, parameter);
    return parameter;
  }

  /** Registers a child module under `name`; returns it. PyTorch: `Module.add_module`. */
  protected registerModule<M extends Module>(name: string, module: M): M {
    this.checkName(name);
    if (!(module instanceof Module))
      throw new ArgumentError(`registerModule: "${name}" is not a Module`);
    this.modulesByName.set(name, module);
    return module;
  }

  /**
   * Registers a non-trainable tensor saved in the state dict (e.g. running statistics).
   * PyTorch: `Module.register_buffer`.
   */
  protected registerBuffer(name: string, buffer: Tensor): Tensor {
    this.checkName(name);
    this.buffersByName.set(name, buffer);
    return buffer;
  }

  private checkName(name: string): void {
    if (name === "" || name.includes(".")) {
      throw new ArgumentError(
        `Module: invalid name "${name}": names must be non-empty and contain no "."`,
      );
    }
    if (
      this.parametersByName.has(name) ||
      this.modulesByName.has(name) ||
      this.buffersByName.has(name)
    ) {
      throw new ArgumentError(
        `Module: "${name}" is already registered in ${this.constructor.name}`,
      );
    }
  }

  /**
   * (name, parameter) pairs, this module's first, then each child's with its dotted prefix; a shared
   * parameter is listed once. PyTorch: `Module.named_parameters`.
   */
  namedParameters(prefix = "", recurse = true): [string, Parameter][] {
    const out: [string, Parameter][] = [];
    const seen = new Set<Tensor>();
    const visit = (module: Module, path: string) => {
      for (const [name, p] of module.parametersByName) {
        if (p !== null && !seen.has(p)) {
          seen.add(p);
          out.push([path + name, p]);
        }
      }
      if (recurse)
        for (const [name, child] of module.modulesByName) visit(child, `${path}${name}.`);
    };
    visit(this, prefix === "" ? "" : `${prefix}.`);
    return out;
  }

  /** Every parameter (each once), in registration order; what an optimizer takes. PyTorch: `Module.parameters`. */
  parameters(recurse = true): Parameter[] {
    return this.namedParameters("", recurse).map(([, p]) => p);
  }

  /** (name, buffer) pairs of this module and its descendants. PyTorch: `Module.named_buffers`. */
  namedBuffers(): [string, Tensor][] {
    const out: [string, Tensor][] = [];
    const visit = (module: Module, path: string) => {
      for (const [name, b] of module.buffersByName) out.push([path + name, b]);
      for (const [name, child] of module.modulesByName) visit(child, `${path}${name}.`);
    };
    visit(this, "");
    return out;
  }

  /** (name, module) pairs of the direct children. PyTorch: `Module.named_children`. */
  namedChildren(): [string, Module][] {
    return [...this.modulesByName];
  }

  /** The direct child modules, in registration order. PyTorch: `Module.children`. */
  children(): Module[] {
    return [...this.modulesByName.values()];
  }

  /** This module and every descendant, depth first. PyTorch: `Module.modules`. */
  modules(): Module[] {
    return [this, ...this.children().flatMap((child) => child.modules())];
  }

  /** Training mode on (or off) for this module and every descendant. PyTorch: `Module.train`. */
  train(mode = true): this {
    for (const module of this.modules()) module.training = mode;
    return this;
  }

  /**
   * Evaluation mode: dropout off, batch norm uses its running statistics. Same as train(false).
   * PyTorch: `Module.eval`.
   */
  eval(): this {
    return this.train(false);
  }

  /**
   * Forgets the parameters' gradients (null, as torch's default), or zeros them in place.
   * PyTorch: `Module.zero_grad`.
   */
  zeroGrad(setToNone = true): void {
    for (const p of this.parameters()) {
      if (setToNone) p.grad = null;
      else p.grad?.zero_();
    }
  }

  /** Calls fn on every module, children first, e.g. for custom initialisation. PyTorch: `Module.apply`. */
  apply(fn: (module: Module) => void): this {
    for (const child of this.children()) child.apply(fn);
    fn(this);
    return this;
  }

  /**
   * Parameters and buffers by PyTorch key name (`0.weight`, `encoder.1.bias`); the tensors share
   * the module's values. PyTorch: `Module.state_dict`.
   */
  stateDict(): Record<string, Tensor> {
    const out: Record<string, Tensor> = {};
    for (const [name, p] of this.namedParameters()) out[name] = p.detach();
    for (const [name, b] of this.namedBuffers()) out[name] = b.detach();
    return out;
  }

  /**
   * Copies values from a state dict into this module's parameters and buffers. Strict (the
   * default): keys must match exactly. Shapes must always match. Nothing is changed on error.
   * PyTorch: `Module.load_state_dict`.
   */
  loadStateDict(
    state: Record<string, Tensor>,
    options: { strict?: boolean } = {},
  ): LoadStateDictResult {
    const strict = options.strict ?? true;
    const own = new Map<string, Tensor>([...this.namedParameters(), ...this.namedBuffers()]);
    const missingKeys = [...own.keys()].filter((k) => !(k in state));
    const unexpectedKeys = Object.keys(state).filter((k) => !own.has(k));
    if (strict && (missingKeys.length > 0 || unexpectedKeys.length > 0)) {
      const parts = [
        missingKeys.length > 0 ? `missing keys: ${missingKeys.join(", ")}` : "",
        unexpectedKeys.length > 0 ? `unexpected keys: ${unexpectedKeys.join(", ")}` : "",
      ].filter(Boolean);
      throw new ArgumentError(
        `loadStateDict: the state does not fit ${this.constructor.name} (${parts.join("; ")}); ` +
          `pass { strict: false } to load the keys that match`,
      );
    }
    const updates: [Tensor, Tensor][] = [];
    for (const [name, target] of own) {
      const source = state[name];
      if (source === undefined) continue;
      if (!(source instanceof Tensor))
        throw new ArgumentError(`loadStateDict: "${name}" is not a Tensor`);
      if (source.shape.join() !== target.shape.join()) {
        throw new ShapeError(
          `loadStateDict: "${name}" has shape ${formatShape(source.shape)} in the state but ${formatShape(target.shape)} ` +
            `in ${this.constructor.name}`,
        );
      }
      updates.push([target, source]);
    }
    noGrad(() => updates.forEach(([target, source]) => target.copy_(source)));
    return { missingKeys, unexpectedKeys };
  }

  /**
   * Converts every floating-point parameter and buffer (and their gradients) to `dtype`, in
   * place, keeping the same Parameter objects; integer buffers stay. Returns this module.
   * PyTorch: `Module.to(dtype)`. Create optimizers after converting, as in torch.
   *
   * @example const model = nn.mlp([2, 8, 1]).to("float64");
   */
  to(dtype: "float32" | "float64"): this {
    if (dtype !== "float32" && dtype !== "float64") {
      throw new ArgumentError(
        `Module.to: only floating-point dtypes ("float32", "float64") are allowed, got ${JSON.stringify(dtype)}`,
      );
    }
    const seen = new Set<Tensor>();
    for (const t of [...this.parameters(), ...this.namedBuffers().map(([, b]) => b)]) {
      if (seen.has(t) || !isFloating(t.dtype)) continue;
      seen.add(t);
      retype(t, dtype);
      if (t.grad) retype(t.grad, dtype);
    }
    return this;
  }

  /** Floating-point parameters and buffers to float64, in place. PyTorch: `Module.double`. */
  double(): this {
    return this.to("float64");
  }

  /** Floating-point parameters and buffers to float32, in place. PyTorch: `Module.float`. */
  float(): this {
    return this.to("float32");
  }

  /** Extra text inside this module's line of toString(). PyTorch: `Module.extra_repr`. */
  protected extraRepr(): string {
    return "";
  }

  /** A tree like torch's repr: `Sequential(\n  (0): Linear(in_features=...)...`. PyTorch: `repr(module)`. */
  toString(): string {
    const children = this.namedChildren();
    const head = `${this.constructor.name}(${this.extraRepr()}`;
    if (children.length === 0) return `${head})`;
    const lines = children.map(
      ([name, child]) => `  (${name}): ${child.toString().split("\n").join("\n  ")}`,
    );
    return `${head}\n${lines.join("\n")}\n)`;
  }
}

/** Changes a tensor's dtype in place (its values converted), keeping the object. */
function retype(t: Tensor, dtype: DType): void {
  if (t.dtype === dtype) return;
  const converted = noGrad(() => t.detach().to(dtype));
  // modules must keep their Parameters: the object stays, its storage and dtype change
  rebindStorage(t, converted);
}
