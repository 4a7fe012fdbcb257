import { FindingSummary } from '@internal/plugin-security-common';
import { CsvColumn, toCsv } from '@internal/shipyard-react';

const columns: CsvColumn<FindingSummary>[] = [
  ['band', f => f.band],
  ['severity', f => f.severity],
  ['type', f => f.type],
  ['title', f => f.findingTitle],
  ['service', f => f.entityRef ?? 'platform'],
  ['owner', f => f.owner],
  ['environment', f => f.environment],
  ['account', f => f.accountId],
  ['region', f => f.region],
  ['resource', f => f.resource.label],
  ['resource arn', f => f.resource.arn],
  ['first seen', f => f.firstSeen],
  ['last seen', f => f.lastSeen],
  ['count', f => f.count],
  ['archived', f => f.archived],
  ['finding id', f => f.id],
  ['console', f => f.consoleUrl],
];

/** Findings as CSV, one per line, with ISO times and full refs for whoever computes with them. */
export function findingsCsv(findings: readonly FindingSummary[]): string {
  return toCsv(columns, findings);
}
