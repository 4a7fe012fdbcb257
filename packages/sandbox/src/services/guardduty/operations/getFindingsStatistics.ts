import { InputReader } from '../../../server/InputReader';
import type { OperationHandler } from '../../../server/OperationHandler';
import type { GuardDutyWireOutput } from '../guardDutyErrors';
import type { SecurityFinding } from '../../../scenario/securityFindings';
import { detectorFindings, parseFindingCriteria } from '../findingQuery';
import { badRequest, GUARDDUTY_VALIDATION_ERROR } from '../guardDutyErrors';

interface Group {
  key: string;
  totalFindings: number;
  lastGeneratedAt: number;
  sample: SecurityFinding;
}

function resourceIdOf(f: SecurityFinding): string {
  const r = f.resource ?? {};
  return (
    r.ecsClusterDetails?.taskDetails?.arn ??
    r.ecsClusterDetails?.arn ??
    r.eksClusterDetails?.arn ??
    r.instanceDetails?.instanceId ??
    'unknown'
  );
}

/**
 * GetFindingsStatistics: COUNT_BY_SEVERITY (counts keyed by severity), or GroupBy SEVERITY,
 * FINDING_TYPE, RESOURCE, ACCOUNT or DATE with orderBy and maxResults (≤ 100).
 */
export const getFindingsStatistics: OperationHandler<
  unknown,
  GuardDutyWireOutput
> = (input, ctx) => {
  const reader = InputReader.of(input, GUARDDUTY_VALIDATION_ERROR);
  const all = detectorFindings(reader, ctx);
  const types = reader.stringList('findingStatisticTypes');
  const groupBy = reader.enumValue('groupBy', [
    'ACCOUNT',
    'DATE',
    'FINDING_TYPE',
    'RESOURCE',
    'SEVERITY',
  ] as const);
  const orderBy =
    reader.enumValue('orderBy', ['ASC', 'DESC'] as const) ?? 'DESC';
  const maxResults = reader.integer('maxResults', { min: 1, max: 100 }) ?? 25;
  if (!types?.length && !groupBy) {
    throw badRequest(
      'The request is rejected because either findingStatisticTypes or groupBy must be specified.',
    );
  }
  if (types?.some(t => t !== 'COUNT_BY_SEVERITY')) {
    throw badRequest(
      `The request is rejected because the findingStatisticType is invalid.`,
    );
  }
  const findings = all.filter(
    parseFindingCriteria((input as Record<string, unknown>).findingCriteria),
  );
  if (!groupBy) {
    const countBySeverity: Record<string, number> = {};
    for (const f of findings) {
      const key = f.severity.toFixed(1);
      countBySeverity[key] = (countBySeverity[key] ?? 0) + 1;
    }
    return { findingStatistics: { countBySeverity } };
  }

  const keyOf: Record<typeof groupBy, (f: SecurityFinding) => string> = {
    ACCOUNT: f => f.accountId,
    DATE: f => f.updatedAt.slice(0, 10),
    FINDING_TYPE: f => f.type,
    RESOURCE: resourceIdOf,
    SEVERITY: f => f.severity.toFixed(1),
  };
  const groups = new Map<string, Group>();
  for (const f of findings) {
    const key = keyOf[groupBy](f);
    const at = Date.parse(f.updatedAt);
    const group = groups.get(key);
    if (group) {
      group.totalFindings += 1;
      group.lastGeneratedAt = Math.max(group.lastGeneratedAt, at);
    } else {
      groups.set(key, {
        key,
        totalFindings: 1,
        lastGeneratedAt: at,
        sample: f,
      });
    }
  }
  const sorted = [...groups.values()]
    .sort((a, b) =>
      a.totalFindings === b.totalFindings
        ? a.key.localeCompare(b.key)
        : (a.totalFindings - b.totalFindings) * (orderBy === 'ASC' ? 1 : -1),
    )
    .slice(0, maxResults);
  const last = (g: Group) => new Date(g.lastGeneratedAt);
  switch (groupBy) {
    case 'ACCOUNT':
      return {
        findingStatistics: {
          groupedByAccount: sorted.map(g => ({
            accountId: g.key,
            totalFindings: g.totalFindings,
            lastGeneratedAt: last(g),
          })),
        },
      };
    case 'DATE':
      return {
        findingStatistics: {
          groupedByDate: sorted.map(g => ({
            date: new Date(`${g.key}T00:00:00Z`),
            totalFindings: g.totalFindings,
            lastGeneratedAt: last(g),
            severity: g.sample.severity,
          })),
        },
      };
    case 'FINDING_TYPE':
      return {
        findingStatistics: {
          groupedByFindingType: sorted.map(g => ({
            findingType: g.key,
            totalFindings: g.totalFindings,
            lastGeneratedAt: last(g),
          })),
        },
      };
    case 'RESOURCE':
      return {
        findingStatistics: {
          groupedByResource: sorted.map(g => ({
            accountId: g.sample.accountId,
            resourceId: g.key,
            resourceType: g.sample.resource?.resourceType,
            totalFindings: g.totalFindings,
            lastGeneratedAt: last(g),
          })),
        },
      };
    default:
      return {
        findingStatistics: {
          groupedBySeverity: sorted.map(g => ({
            severity: Number(g.key),
            totalFindings: g.totalFindings,
            lastGeneratedAt: last(g),
          })),
        },
      };
  }
};
