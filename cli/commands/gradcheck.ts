/** descent gradcheck: autograd's gradient of an expression against finite differences. */
import { compileExpression, gradcheck, tensor } from "../../src/index.js";
import { pointAt, type CommandSpec, type FlagValues } from "../args.js";
import { num, table } from "../format.js";

export const gradcheckSpec = {
  name: "gradcheck",
  summary: "compare autograd's gradient with central finite differences",
  usage: "descent gradcheck <expression> --at x=1,y=2 [--eps 1e-6]",
  positionals: ["expression"],
  flags: {
    at: { type: "string", help: "the point, one value per variable", placeholder: "x=1,y=2" },
    eps: { type: "number", help: "finite-difference step", default: 1e-6, min: 0, minOpen: true },
    atol: { type: "number", help: "absolute tolerance", default: 1e-5, min: 0 },
    rtol: { type: "number", help: "relative tolerance", default: 1e-3, min: 0 },
  },
  examples: [
    'descent gradcheck "x^4 - 3x^3 + 2" --at x=1.5',
    'descent gradcheck "sin(x)*cos(y)" --at x=0.3,y=1.2',
  ],
} as const satisfies CommandSpec;

/** Exit code 1 when the gradients differ. */
export function runGradcheck(
  positionals: string[],
  flags: FlagValues<typeof gradcheckSpec.flags>,
): number {
  const [source] = positionals as [string];
  const { variables, f } = compileExpression(source);
  const at = pointAt(flags.at, variables);
  const inputs = variables.map((v) => tensor(at[v]!, { dtype: "float64" }));
  const result = gradcheck(f, inputs, {
    eps: flags.eps,
    atol: flags.atol,
    rtol: flags.rtol,
  });
  const analytical = variables.map((_, i) => {
    const x = inputs.map((t) => t.detach().clone().requiresGrad_());
    const out = f(...x);
    out.backward();
    return x[i]!.grad?.item() ?? 0;
  });
  const numerical = variables.map((_, i) => {
    const eps = flags.eps;
    const shifted = (d: number) => f(...inputs.map((t, k) => (k === i ? t.add(d) : t))).item();
    return (shifted(eps) - shifted(-eps)) / (2 * eps);
  });
  console.log(
    `gradient of ${source} at ${variables.map((v) => `${v} = ${num(at[v]!)}`).join(", ")}`,
  );
  console.log(
    table(
      ["variable", "autograd", "finite difference", "difference"],
      variables.map((v, i) => [
        `∂f/∂${v}`,
        num(analytical[i]!, 10),
        num(numerical[i]!, 10),
        num(Math.abs(analytical[i]! - numerical[i]!), 2),
      ]),
    ),
  );
  console.log(result.ok ? "ok: the gradients match" : `MISMATCH: ${result.message}`);
  return result.ok ? 0 : 1;
}
