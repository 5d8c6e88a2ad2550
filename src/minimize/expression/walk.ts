// Walking a tree without recursion: a flat sum of 50,000 terms parses to a left-deep tree 50,000
// levels deep, which any recursive walk (evaluating, printing, collecting names) overflows.
import type { ExpressionNode } from "./ast.js";

/** A node's children in source order. */
export function children(node: ExpressionNode): readonly ExpressionNode[] {
  switch (node.kind) {
    case "number":
    case "variable":
      return [];
    case "unary":
      return [node.operand];
    case "binary":
      return [node.left, node.right];
    case "call":
      return node.args;
  }
}

/**
 * The nodes of the tree in post-order (every child before its parent, children left to right),
 * with an explicit stack. `childrenOf` may leave subtrees out (they are then not visited).
 */
export function postOrder(
  root: ExpressionNode,
  childrenOf: (node: ExpressionNode) => readonly ExpressionNode[] = children,
): ExpressionNode[] {
  const order: ExpressionNode[] = [];
  const stack: { node: ExpressionNode; kids: readonly ExpressionNode[]; next: number }[] = [
    { node: root, kids: childrenOf(root), next: 0 },
  ];
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    if (top.next < top.kids.length) {
      const child = top.kids[top.next++]!;
      stack.push({ node: child, kids: childrenOf(child), next: 0 });
    } else {
      stack.pop();
      order.push(top.node);
    }
  }
  return order;
}

/**
 * Folds the tree bottom-up: `combine(node, values)` gets the values of the children that
 * `childrenOf` gave, in order. Iterative, so the depth of the tree does not matter.
 */
export function foldTree<T>(
  root: ExpressionNode,
  combine: (node: ExpressionNode, values: T[]) => T,
  childrenOf: (node: ExpressionNode) => readonly ExpressionNode[] = children,
): T {
  const values: T[] = [];
  for (const node of postOrder(root, childrenOf)) {
    const arity = childrenOf(node).length;
    const args = arity === 0 ? [] : values.splice(values.length - arity, arity);
    values.push(combine(node, args));
  }
  return values[0]!;
}

/** True when the subtree uses no variable, so that its value is a plain number. */
export const isConstant = (node: ExpressionNode): boolean =>
  postOrder(node).every((n) => n.kind !== "variable");
