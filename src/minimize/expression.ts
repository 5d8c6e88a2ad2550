// Formulas written as strings ("(1-x)^2 + 100(y-x^2)^2"), compiled to tensor ops for autograd.
export { ExpressionError } from "./expression/errors.js";
export type {
  BinaryOperator,
  ConstantName,
  ExpressionNode,
  FunctionName,
  Span,
} from "./expression/ast.js";
export { CONSTANTS, FUNCTION_ARITY } from "./expression/ast.js";
export {
  Expression,
  compileExpression,
  parseExpression,
  type CompiledExpression,
  type EvaluateOptions,
} from "./expression/compile.js";
