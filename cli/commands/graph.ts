/** descent graph: the computation graph of an expression, with values and gradients. */
import {
  compileExpression,
  countChainRuleWork,
  retainGrads,
  tensor,
  traceGraph,
} from "../../src/index.js";
import { MAX_LAYOUT_CELLS, computationGraph, layoutCells, toDot } from "../../src/viz/index.js";
import { UsageError, pointAt, type CommandSpec, type FlagValues } from "../args.js";
import { num, table } from "../format.js";
import { checkOutputPath, checkPicturePath, writePicture, writeText } from "../output.js";

export const graphSpec = {
  name: "graph",
  summary: "draw an expression's computation graph with forward values and gradients",
  usage: "descent graph <expression> --at x=1,y=2 [--plot graph.svg] [--dot graph.dot]",
  positionals: ["expression"],
  flags: {
    at: { type: "string", help: "the point, one value per variable", placeholder: "x=1,y=2" },
    plot: {
      type: "string",
      help: "draw the graph to a .svg or .png file",
      placeholder: "file.svg|png",
    },
    dot: { type: "string", help: "write Graphviz DOT text", placeholder: "file.dot" },
  },
  examples: [
    'descent graph "(a*b + c)*d + a*a" --at a=2,b=-3,c=10,d=-2 --plot graph.svg',
    'descent graph "x^4 - 3x^3 + 2" --at x=1.5 --dot quartic.dot',
  ],
} as const satisfies CommandSpec;

export async function runGraph(
  positionals: string[],
  flags: FlagValues<typeof graphSpec.flags>,
): Promise<void> {
  const [source] = positionals as [string];
  checkPicturePath(flags.plot);
  checkOutputPath(flags.dot, "dot");
  const { variables, f } = compileExpression(source);
  const at = pointAt(flags.at, variables);
  const inputs = variables.map((v) => {
    const t = tensor(at[v]!, { dtype: "float64", requiresGrad: true });
    t.label = v;
    return t;
  });
  const out = f(...inputs);
  out.label = "out";
  retainGrads(out);
  out.backward();
  const graph = traceGraph(out);
  const cells = layoutCells(graph);
  if (flags.plot && cells > MAX_LAYOUT_CELLS) {
    throw new UsageError(
      `--plot: the graph has ${graph.nodes.length} nodes and ${graph.edges.length} edges, ` +
        `${cells.toLocaleString("en")} boxes and edge bends to lay out; pictures are drawn up to ` +
        `${MAX_LAYOUT_CELLS.toLocaleString("en")}: write --dot for Graphviz instead, or a shorter expression`,
    );
  }
  const work = countChainRuleWork(graph);
  console.log(
    `f = ${source} at ${variables.map((v) => `${v} = ${num(at[v]!)}`).join(", ")}: f = ${num(out.item(), 8)}`,
  );
  console.log(
    table(
      ["variable", "∂f/∂·"],
      variables.map((v, i) => [v, num(inputs[i]!.grad!.item(), 8)]),
    ),
  );
  console.log(`${graph.nodes.length} nodes, ${graph.edges.length} edges`);
  console.log(
    `derivatives reused: reverse mode multiplies ${work.reverseMode} local derivatives; ` +
      `expanding the chain rule path by path over ${work.paths} paths takes ${work.perPath}`,
  );
  if (flags.dot) {
    await writeText(flags.dot, toDot(graph, { title: source }));
    console.log(`wrote ${flags.dot}`);
  }
  if (flags.plot) {
    await writePicture(flags.plot, computationGraph(graph, { title: `out = ${source}` }));
    console.log(`wrote ${flags.plot}`);
  }
}
