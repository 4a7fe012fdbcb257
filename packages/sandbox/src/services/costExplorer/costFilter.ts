import type { CostLine } from '../../scenario/costs/CostModel';
import { validation } from './costExplorerErrors';

type Predicate = (line: CostLine) => boolean;

/** The dimensions the sandbox bills by, and a line's value for each. */
export const COST_DIMENSIONS: Record<string, (line: CostLine) => string> = {
  SERVICE: l => l.service,
  LINKED_ACCOUNT: l => l.accountId,
  REGION: l => l.region,
  USAGE_TYPE: l => l.usageType,
};

function values(node: Record<string, unknown>, what: string): string[] {
  const list = node.Values ?? [];
  if (!Array.isArray(list)) {
    throw validation(`${what} Values must be a list.`);
  }
  return list.map(String);
}

/**
 * A Cost Explorer filter Expression (And, Or, Not, Dimensions, Tags) as a predicate over cost
 * lines. Exactly one operator per expression, as Cost Explorer requires; a tag's empty value
 * (or MatchOptions ABSENT) matches lines without that tag.
 */
export function parseCostFilter(expression: unknown): Predicate {
  if (expression === undefined || expression === null) {
    return () => true;
  }
  if (typeof expression !== 'object' || Array.isArray(expression)) {
    throw validation('Expression must be a structure.');
  }
  const e = expression as Record<string, any>;
  const operators = [
    'And',
    'Or',
    'Not',
    'Dimensions',
    'Tags',
    'CostCategories',
  ].filter(k => e[k] !== undefined);
  if (operators.length !== 1) {
    throw validation(
      'Expression must have exactly one of And, Or, Not, Dimensions, Tags or CostCategories.',
    );
  }
  const [op] = operators;
  if (op === 'And' || op === 'Or') {
    if (!Array.isArray(e[op]) || e[op].length < 2) {
      throw validation(`${op} expression must have at least 2 operands.`);
    }
    const parts = (e[op] as unknown[]).map(parseCostFilter);
    return op === 'And'
      ? l => parts.every(p => p(l))
      : l => parts.some(p => p(l));
  }
  if (op === 'Not') {
    const inner = parseCostFilter(e.Not);
    return l => !inner(l);
  }
  if (op === 'CostCategories') {
    throw validation('The sandbox defines no cost categories.');
  }
  const node = e[op] as Record<string, unknown>;
  const matchOptions = (node.MatchOptions as string[] | undefined) ?? [
    'EQUALS',
  ];
  if (op === 'Dimensions') {
    const get = COST_DIMENSIONS[String(node.Key)];
    if (!get) {
      throw validation(
        `Dimension ${String(
          node.Key,
        )} is not allowed. Allowed values: ${Object.keys(COST_DIMENSIONS).join(
          ', ',
        )}`,
      );
    }
    const wanted = values(node, 'Dimensions');
    return l => wanted.includes(get(l));
  }
  const key = String(node.Key ?? '');
  if (!key) {
    throw validation('Tags Key is required.');
  }
  const wanted = values(node, 'Tags');
  if (matchOptions.includes('ABSENT')) {
    return l => l.tags[key] === undefined;
  }
  return l => wanted.includes(l.tags[key] ?? '');
}
