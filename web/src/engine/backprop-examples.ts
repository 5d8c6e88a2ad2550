// Lab 5's examples (micrograd's and the lecture's), light enough for the page to list.

export const EXAMPLES: readonly { id: string; title: string; f: string; values: string }[] = [
  {
    id: "neuron",
    title: "micrograd's neuron tanh(x1·w1 + x2·w2 + b)",
    f: "tanh(x1*w1 + x2*w2 + b)",
    values: "x1=2, x2=0, w1=-3, w2=1, b=6.8813735870195432",
  },
  {
    id: "sanity",
    title: "micrograd's sanity check (z = 2x + 2 + x, inlined)",
    f: "relu((2*x+2+x)*(2*x+2+x)) + (relu(2*x+2+x) + (2*x+2+x)*x) + (relu(2*x+2+x) + (2*x+2+x)*x)*x",
    values: "x=-4",
  },
  { id: "reuse", title: "A reused node: x·x + x", f: "x*x + x", values: "x=3" },
  {
    id: "loss",
    title: "The lecture's loss (w·x + b − y)²",
    f: "(w*x + b - y)^2",
    values: "w=0.5, x=2, b=0.1, y=1",
  },
];
