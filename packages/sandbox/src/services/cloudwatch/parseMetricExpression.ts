import { validationError } from './cloudWatchErrors';

type Node =
  | { kind: 'number'; value: number }
  | { kind: 'id'; id: string }
  | { kind: 'binary'; op: string; left: Node; right: Node }
  | { kind: 'negate'; operand: Node };

/** A parsed metric math expression: the ids it reads and its value at one timestamp. */
export interface MetricExpression {
  ids: string[];
  evaluate(values: (id: string) => number | undefined): number | undefined;
}

/**
 * Metric math's arithmetic subset: query ids, numbers, `+ - * /` and parentheses
 * (`100 * m1 / m2`). Functions such as SUM(METRICS()) are refused with CloudWatch's error.
 */
export function parseMetricExpression(expression: string): MetricExpression {
  const tokens =
    expression.match(/\d+(?:\.\d+)?|[A-Za-z_][A-Za-z0-9_]*|\S/g) ?? [];
  let position = 0;
  const ids = new Set<string>();
  const fail = (): never => {
    throw validationError(
      `Error in expression '${expression}': Unsupported or invalid expression`,
    );
  };
  const peek = () => tokens[position];
  function primary(): Node {
    const token = tokens[position++];
    if (token === undefined) {
      return fail();
    }
    if (token === '(') {
      const inner = sum();
      if (tokens[position++] !== ')') {
        fail();
      }
      return inner;
    }
    if (token === '-') {
      return { kind: 'negate', operand: primary() };
    }
    if (/^\d/.test(token)) {
      return { kind: 'number', value: Number(token) };
    }
    if (/^[a-z][A-Za-z0-9_]*$/.test(token) && peek() !== '(') {
      ids.add(token);
      return { kind: 'id', id: token };
    }
    return fail();
  }
  function product(): Node {
    let node = primary();
    while (peek() === '*' || peek() === '/') {
      const op = tokens[position++];
      node = { kind: 'binary', op, left: node, right: primary() };
    }
    return node;
  }
  function sum(): Node {
    let node = product();
    while (peek() === '+' || peek() === '-') {
      const op = tokens[position++];
      node = { kind: 'binary', op, left: node, right: product() };
    }
    return node;
  }
  const root = sum();
  if (position !== tokens.length) {
    fail();
  }

  const evaluate = (
    node: Node,
    values: (id: string) => number | undefined,
  ): number | undefined => {
    switch (node.kind) {
      case 'number':
        return node.value;
      case 'id':
        return values(node.id);
      case 'negate': {
        const v = evaluate(node.operand, values);
        return v === undefined ? undefined : -v;
      }
      default: {
        const l = evaluate(node.left, values);
        const r = evaluate(node.right, values);
        if (l === undefined || r === undefined) {
          return undefined;
        }
        if (node.op === '+') return l + r;
        if (node.op === '-') return l - r;
        if (node.op === '*') return l * r;
        // Metric math drops a datapoint that divides by zero.
        return r === 0 ? undefined : l / r;
      }
    }
  };
  return { ids: [...ids], evaluate: values => evaluate(root, values) };
}
