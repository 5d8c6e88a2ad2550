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

export interface LoadStateDictResult {
  missingKeys: string[];
  unexpectedKeys: string[];
}

export abstract class Module {
  /** True in training mode (dropout active); set by train() and eval(). */
  training = true;
  private readonly parametersByName = new Map<string, Parameter | null>();
  private readonly modulesByName = new Map<string, Module>();
  private readonly buffersByName = new Map<string, Tensor>();

  /** The layer's computation. Call it as `model.forward(x)`. */
  abstract forward(...inputs: Tensor[]): Tensor;

  /** Registers a parameter under `name` (null for an absent one, e.g. no bias); returns it. */
  protected registerParameter<P extends Parameter | null>(name: string, parameter: P): P {
    this.checkName(name);
    this.parametersByName.set(name, parameter);
    return parameter;
  }

  /** Registers a child module under `name`; returns it. */
  protected registerModule<M extends Module>(name: string, module: M): M {
    this.checkName(name);
    if (!(module instanceof Module))
      throw new ArgumentError(`registerModule: "${name}" is not a Module`);
    this.modulesByName.set(name, module);
    return module;
  }

  /** Registers a non-trainable tensor saved in the state dict (e.g. running statistics). */
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

  /** (name, parameter) pairs, this module's first, then each child's with its prefix. */
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

  parameters(recurse = true): Parameter[] {
    return this.namedParameters("", recurse).map(([, p]) => p);
  }

  namedBuffers(): [string, Tensor][] {
    const out: [string, Tensor][] = [];
    const visit = (module: Module, path: string) => {
      for (const [name, b] of module.buffersByName) out.push([path + name, b]);
      for (const [name, child] of module.modulesByName) visit(child, `${path}${name}.`);
    };
    visit(this, "");
    return out;
  }

  namedChildren(): [string, Module][] {
    return [...this.modulesByName];
  }

  children(): Module[] {
    return [...this.modulesByName.values()];
  }

  /** This module and every descendant, depth first. */
  modules(): Module[] {
    return [this, ...this.children().flatMap((child) => child.modules())];
  }

  /** Training mode on (or off) for this module and every descendant. */
  train(mode = true): this {
    for (const module of this.modules()) module.training = mode;
    return this;
  }

  /** Evaluation mode: dropout off. Same as train(false). */
  eval(): this {
    return this.train(false);
  }

  /** Forgets the parameters' gradients (null, as torch's default), or zeros them in place. */
  zeroGrad(setToNone = true): void {
    for (const p of this.parameters()) {
      if (setToNone) p.grad = null;
      else p.grad?.zero_();
    }
  }

  /** Calls fn on every module, children first (torch's apply), e.g. for custom initialisation. */
  apply(fn: (module: Module) => void): this {
    for (const child of this.children()) child.apply(fn);
    fn(this);
    return this;
  }

  /** Parameters and buffers by PyTorch key name; the tensors share the module's values. */
  stateDict(): Record<string, Tensor> {
    const out: Record<string, Tensor> = {};
    for (const [name, p] of this.namedParameters()) out[name] = p.detach();
    for (const [name, b] of this.namedBuffers()) out[name] = b.detach();
    return out;
  }

  /**
   * Copies values from a state dict into this module's parameters and buffers. Strict (the
   * default): keys must match exactly. Shapes must always match. Nothing is changed on error.
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

  /** Floating-point parameters and buffers to float64 (torch's Module.double()). */
  double(): this {
    return this.to("float64");
  }

  /** Floating-point parameters and buffers to float32 (torch's Module.float()). */
  float(): this {
    return this.to("float32");
  }

  /** Extra text inside this module's line of toString(), e.g. "in=784, out=128". */
  protected extraRepr(): string {
    return "";
  }

  /** A tree like torch's repr: `Sequential(\n  (0): Linear(in_features=...)...`. */
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
