/** Global autograd switches: whether ops record a graph, and anomaly detection. */

export const gradMode = { enabled: true, anomaly: false };

/**
 * Runs `fn` without recording a graph and returns its result. For synchronous code: the mode is
 * restored when `fn` returns, not when a promise it returns settles. PyTorch: `torch.no_grad`.
 *
 * @example
 * ```ts
 * noGrad(() => w.sub_(w.grad!.mul(0.1))); // a gradient descent step, not recorded
 * ```
 */
export function noGrad<T>(fn: () => T): T {
  const previous = gradMode.enabled;
  gradMode.enabled = false;
  try {
    return fn();
  } finally {
    gradMode.enabled = previous;
  }
}

/** Runs `fn` with graph recording on, even inside `noGrad`. PyTorch: `torch.enable_grad`. */
export function enableGrad<T>(fn: () => T): T {
  const previous = gradMode.enabled;
  gradMode.enabled = true;
  try {
    return fn();
  } finally {
    gradMode.enabled = previous;
  }
}

/** Whether ops record a graph now (false inside noGrad). PyTorch: `torch.is_grad_enabled`. */
export function isGradEnabled(): boolean {
  return gradMode.enabled;
}

/**
 * Turns graph recording on or off until changed again; returns the previous setting.
 * PyTorch: `torch.set_grad_enabled`.
 */
export function setGradEnabled(enabled: boolean): boolean {
  const previous = gradMode.enabled;
  gradMode.enabled = enabled;
  return previous;
}

/**
 * While on, the first op whose forward or backward produces NaN or ±Infinity throws an
 * AnomalyError naming the op (slower: every result is scanned). Returns the previous setting.
 * PyTorch: `torch.autograd.set_detect_anomaly` (which checks only the backward pass).
 */
export function detectAnomaly(enabled: boolean): boolean {
  const previous = gradMode.anomaly;
  gradMode.anomaly = enabled;
  return previous;
}
