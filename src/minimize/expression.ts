// Formulas written as strings ("(1-x)^2 + 100(y-x^2)^2"), compiled to tensor ops for autograd.
export { ExpressionError } from "./expression/errors.js";
export type {
  BinaryOperator,
  ConstantName,
  ExpressionNode,
  FunctionName,
} from "./expression/ast.js";
export { FUNCTION_ARITY } from "./expression/ast.js";
export {
  Expression,
  compileExpression,
  parseExpression,
  type CompiledExpression,
  type EvaluateOptions,
} from "./expression/compile.js";
