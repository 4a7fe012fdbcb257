import type { InputReader } from '../../server/InputReader';
import type { OperationContext } from '../../server/OperationHandler';
import type { SecurityFinding } from '../../scenario/securityFindings';
import { badRequest } from './guardDutyErrors';

type Predicate = (finding: SecurityFinding) => boolean;

/** Every value at a dotted path, through lists (`resource.ecsClusterDetails.tags.value`). */
export function valuesAt(finding: unknown, path: string): unknown[] {
  let current: unknown[] = [finding];
  for (const key of path.split('.')) {
    current = current.flatMap(node => {
      const value = (node as Record<string, unknown> | undefined)?.[key];
      if (value === undefined || value === null) return [];
      return Array.isArray(value) ? value : [value];
    });
  }
  return current;
}

const TIMESTAMP_ATTRIBUTES = new Set([
  'updatedAt',
  'createdAt',
  'service.eventFirstSeen',
  'service.eventLastSeen',
]);

/** Numbers compare as numbers; timestamps (ISO on findings) as epoch milliseconds, as GuardDuty's criteria take them. */
function numeric(attribute: string, value: unknown): number {
  if (TIMESTAMP_ATTRIBUTES.has(attribute) && typeof value === 'string') {
    return Date.parse(value);
  }
  return Number(value);
}

const OPERATORS: Record<string, 'eq' | 'neq' | 'gt' | 'gte' | 'lt' | 'lte'> = {
  eq: 'eq',
  equals: 'eq',
  neq: 'neq',
  notEquals: 'neq',
  gt: 'gt',
  greaterThan: 'gt',
  gte: 'gte',
  greaterThanOrEqual: 'gte',
  lt: 'lt',
  lessThan: 'lt',
  lte: 'lte',
  lessThanOrEqual: 'lte',
};

/**
 * A FindingCriteria (as on the wire: `{ criterion: { attribute: { gte: 7 } } }`) as one
 * predicate: every attribute's conditions must hold.
 */
export function parseFindingCriteria(findingCriteria: unknown): Predicate {
  if (findingCriteria === undefined || findingCriteria === null) {
    return () => true;
  }
  const criterion = (findingCriteria as { criterion?: unknown }).criterion;
  if (
    typeof criterion !== 'object' ||
    criterion === null ||
    Array.isArray(criterion)
  ) {
    throw badRequest(
      'The request is rejected because the findingCriteria is invalid.',
    );
  }
  const map = criterion as Record<string, unknown>;
  const predicates: Predicate[] = [];
  for (const [attribute, condition] of Object.entries(map)) {
    if (typeof condition !== 'object' || condition === null) {
      throw badRequest(
        `The request is rejected because the criterion for ${attribute} is invalid.`,
      );
    }
    for (const [name, operand] of Object.entries(
      condition as Record<string, unknown>,
    )) {
      const op = OPERATORS[name];
      if (!op) {
        throw badRequest(
          `The request is rejected because an invalid or out-of-range value is specified as an input parameter: ${name}`,
        );
      }
      if (op === 'eq' || op === 'neq') {
        if (!Array.isArray(operand)) {
          throw badRequest(
            `The request is rejected because ${attribute}.${name} must be a list.`,
          );
        }
        const wanted = operand.map(String);
        predicates.push(f => {
          const hit = valuesAt(f, attribute).some(v =>
            wanted.includes(String(v)),
          );
          return op === 'eq' ? hit : !hit;
        });
      } else {
        const bound = Number(operand);
        if (!Number.isFinite(bound)) {
          throw badRequest(
            `The request is rejected because ${attribute}.${name} must be a number.`,
          );
        }
        predicates.push(f =>
          valuesAt(f, attribute).some(v => {
            const n = numeric(attribute, v);
            if (op === 'gt') return n > bound;
            if (op === 'gte') return n >= bound;
            if (op === 'lt') return n < bound;
            return n <= bound;
          }),
        );
      }
    }
  }
  return f => predicates.every(p => p(f));
}

/** Sorts by `sortCriteria` (any attribute path; ASC unless DESC), the default order being by id. */
export function sortFindings(
  reader: InputReader,
  findings: readonly SecurityFinding[],
): SecurityFinding[] {
  const sort = reader.structure('sortCriteria');
  const attribute = sort?.string('attributeName');
  if (!attribute) {
    return [...findings];
  }
  const direction =
    sort!.enumValue('orderBy', ['ASC', 'DESC'] as const) === 'DESC' ? -1 : 1;
  const keyOf = (f: SecurityFinding) => {
    const v = valuesAt(f, attribute)[0];
    return typeof v === 'number' || TIMESTAMP_ATTRIBUTES.has(attribute)
      ? numeric(attribute, v)
      : String(v ?? '');
  };
  // Keys computed once per finding, not per comparison: a detector of thousands of findings
  // is sorted on every ListFindings page.
  return findings
    .map(f => ({ f, key: keyOf(f) }))
    .sort((a, b) => {
      if (a.key === b.key) return a.f.id < b.f.id ? -1 : 1;
      return (a.key < b.key ? -1 : 1) * direction;
    })
    .map(({ f }) => f);
}

/**
 * Checks that the detector named in the path is the caller's account and region's (where
 * GuardDuty is off, no detector is), as GuardDuty does.
 */
export function checkDetector(reader: InputReader, ctx: OperationContext) {
  const detectorId = reader.requiredString('DetectorId');
  if (
    detectorId !==
    ctx.state.securityFindings.detectorId(ctx.accountId, ctx.region)
  ) {
    throw badRequest(
      'The request is rejected because the input detectorId is not owned by the current account.',
    );
  }
}

/** The findings of the detector named in the path, which must be the caller's account and region's. */
export function detectorFindings(
  reader: InputReader,
  ctx: OperationContext,
): readonly SecurityFinding[] {
  checkDetector(reader, ctx);
  return ctx.state.securityFindings.list(ctx.accountId, ctx.region);
}
