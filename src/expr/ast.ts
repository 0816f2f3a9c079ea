/**
 * The syntax tree grammar.peggy builds. Every node carries `start` and `end`: character offsets of
 * its text in the parsed expression (end exclusive), for error positions and for quoting the part
 * of an expression a message is about.
 */

interface Span {
  start: number;
  end: number;
}

export type ArithmeticOperator = '+' | '-' | '*' | '/' | '%';
export type ComparisonOperator = '=' | '!=' | '<' | '<=' | '>' | '>=';
export type LogicalOperator = 'and' | 'or' | 'xor';
export type BinaryOperator = ArithmeticOperator | ComparisonOperator | LogicalOperator;

export interface NumberNode extends Span {
  kind: 'number';
  /** The literal as written (for messages). */
  text: string;
  value: number;
  /** Written without a decimal point, exponent or F suffix (decimal and hex integers). */
  integer: boolean;
  /** Written with Kinetica's F suffix (3.14F): a float constant. */
  float?: boolean;
}

export interface StringNode extends Span {
  kind: 'string';
  value: string;
}

export interface BooleanNode extends Span {
  kind: 'boolean';
  value: boolean;
}

export interface NullNode extends Span {
  kind: 'null';
}

export interface ColumnNode extends Span {
  kind: 'column';
  name: string;
  /** Written in double quotes. */
  quoted: boolean;
}

export interface NegateNode extends Span {
  kind: 'negate';
  operand: ExprNode;
}

export interface NotNode extends Span {
  kind: 'not';
  operand: ExprNode;
}

export interface BinaryNode extends Span {
  kind: 'binary';
  op: BinaryOperator;
  left: ExprNode;
  right: ExprNode;
}

export interface IsNullNode extends Span {
  kind: 'isNull';
  operand: ExprNode;
  negated: boolean;
}

export interface InNode extends Span {
  kind: 'in';
  operand: ExprNode;
  negated: boolean;
  list: ExprNode[];
}

export interface BetweenNode extends Span {
  kind: 'between';
  operand: ExprNode;
  negated: boolean;
  low: ExprNode;
  high: ExprNode;
}

export interface LikeNode extends Span {
  kind: 'like';
  operand: ExprNode;
  negated: boolean;
  pattern: ExprNode;
}

/** A construct outside the subset, kept so the error can name it and say where it starts. */
export interface UnsupportedNode extends Span {
  kind: 'unsupported';
  /** What it is, for the message: `function call 'abs()'`, `subquery`, `operator '&&'`... */
  construct: string;
  /** Offset of the construct itself (for an operator: the operator, not its left operand). */
  at: number;
  operands: ExprNode[];
}

/** Text that cannot be read, such as an unterminated string. */
export interface InvalidNode extends Span {
  kind: 'invalid';
  problem: 'unterminatedString' | 'unterminatedIdentifier';
  at: number;
}

export type ExprNode =
  | NumberNode
  | StringNode
  | BooleanNode
  | NullNode
  | ColumnNode
  | NegateNode
  | NotNode
  | BinaryNode
  | IsNullNode
  | InNode
  | BetweenNode
  | LikeNode
  | UnsupportedNode
  | InvalidNode;

/** The direct sub-expressions of a node, left to right. */
export function childrenOf(node: ExprNode): ExprNode[] {
  switch (node.kind) {
    case 'negate':
    case 'not':
    case 'isNull':
      return [node.operand];
    case 'binary':
      return [node.left, node.right];
    case 'in':
      return [node.operand, ...node.list];
    case 'between':
      return [node.operand, node.low, node.high];
    case 'like':
      return [node.operand, node.pattern];
    case 'unsupported':
      return node.operands;
    default:
      return [];
  }
}

/**
 * Calls `visit` on every node of a tree, parents before children and left to right, with a loop
 * rather than recursion: `a + a + ... + a` folds into a tree as deep as the chain is long, which
 * recursion over a long enough chain would run out of stack on.
 */
export function walkNodes(root: ExprNode, visit: (node: ExprNode) => void): void {
  const stack = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    visit(node);
    const children = childrenOf(node);
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
  }
}
