/** Activation functions as modules, each the torch.nn class of the same name. */
import type { Tensor } from "../tensor/tensor.js";
import { Module } from "./module.js";

/** max(x, 0) elementwise. PyTorch: `torch.nn.ReLU`. */
export class ReLU extends Module {
  forward(x: Tensor): Tensor {
    return x.relu();
  }
}

/** x where x > 0, else negativeSlope·x. PyTorch: `torch.nn.LeakyReLU`. */
export class LeakyReLU extends Module {
  constructor(
    /** The slope for x < 0 (default 0.01). */
    readonly negativeSlope = 0.01,
  ) {
    super();
  }
  forward(x: Tensor): Tensor {
    return x.leakyRelu(this.negativeSlope);
  }
  protected override extraRepr(): string {
    return `negative_slope=${this.negativeSlope}`;
  }
}

/** x where x > 0, else α(eˣ − 1). PyTorch: `torch.nn.ELU`. */
export class ELU extends Module {
  constructor(
    /** α, the value approached as x → −∞ is −α (default 1). */
    readonly alpha = 1,
  ) {
    super();
  }
  forward(x: Tensor): Tensor {
    return x.elu(this.alpha);
  }
}

/** tanh(x) elementwise. PyTorch: `torch.nn.Tanh`. */
export class Tanh extends Module {
  forward(x: Tensor): Tensor {
    return x.tanh();
  }
}

/** 1/(1 + e⁻ˣ) elementwise. PyTorch: `torch.nn.Sigmoid`. */
export class Sigmoid extends Module {
  forward(x: Tensor): Tensor {
    return x.sigmoid();
  }
}

/** x·Φ(x), the Gaussian error linear unit. PyTorch: `torch.nn.GELU`. */
export class GELU extends Module {
  constructor(
    /** "none" (exact, through erf; the default) or "tanh" (the approximation). */
    readonly approximate: "none" | "tanh" = "none",
  ) {
    super();
  }
  forward(x: Tensor): Tensor {
    return x.gelu({ approximate: this.approximate });
  }
  protected override extraRepr(): string {
    return `approximate='${this.approximate}'`;
  }
}

/** ln(1 + e^(βx))/β, a smooth ReLU; linear above the threshold. PyTorch: `torch.nn.Softplus`. */
export class Softplus extends Module {
  constructor(
    /** β, the sharpness (default 1). */
    readonly beta = 1,
    /** Where βx exceeds it, the output is x itself (default 20). */
    readonly threshold = 20,
  ) {
    super();
  }
  forward(x: Tensor): Tensor {
    return x.softplus({ beta: this.beta, threshold: this.threshold });
  }
  protected override extraRepr(): string {
    return `beta=${this.beta}, threshold=${this.threshold}`;
  }
}

/**
 * Softmax along `dim`: positive values that sum to 1. PyTorch: `torch.nn.Softmax` (whose dim has no
 * default; here −1).
 */
export class Softmax extends Module {
  constructor(
    /** The dim that sums to 1 (default −1, the last). */
    readonly dim = -1,
  ) {
    super();
  }
  forward(x: Tensor): Tensor {
    return x.softmax(this.dim);
  }
  protected override extraRepr(): string {
    return `dim=${this.dim}`;
  }
}

/** log softmax along `dim`, computed stably. PyTorch: `torch.nn.LogSoftmax` (default dim here −1). */
export class LogSoftmax extends Module {
  constructor(
    /** The dim normalised over (default −1, the last). */
    readonly dim = -1,
  ) {
    super();
  }
  forward(x: Tensor): Tensor {
    return x.logSoftmax(this.dim);
  }
  protected override extraRepr(): string {
    return `dim=${this.dim}`;
  }
}

/** Its input, unchanged: a placeholder layer. PyTorch: `torch.nn.Identity`. */
export class Identity extends Module {
  forward(x: Tensor): Tensor {
    return x;
  }
}
