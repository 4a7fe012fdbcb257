import { InputReader } from '../../../server/InputReader';
import type { OperationHandler } from '../../../server/OperationHandler';
import type { GuardDutyWireOutput } from '../guardDutyErrors';
import { paginate } from '../../../server/paginate';
import {
  detectorFindings,
  parseFindingCriteria,
  sortFindings,
} from '../findingQuery';
import { GUARDDUTY_VALIDATION_ERROR } from '../guardDutyErrors';

/** ListFindings: criteria, sort, at most 50 ids a page with nextToken. */
export const listFindings: OperationHandler<unknown, GuardDutyWireOutput> = (
  input,
  ctx,
) => {
  const reader = InputReader.of(input, GUARDDUTY_VALIDATION_ERROR);
  const findings = detectorFindings(reader, ctx);
  const maxResults = reader.integer('maxResults', { min: 1, max: 50 }) ?? 50;
  const matches = parseFindingCriteria(
    (input as Record<string, unknown>).findingCriteria,
  );
  const sorted = sortFindings(reader, findings.filter(matches));
  const { page, nextToken } = paginate(sorted, {
    pageSize: maxResults,
    token: reader.string('nextToken') || undefined,
    errorName: GUARDDUTY_VALIDATION_ERROR,
  });
  // GuardDuty answers an empty string, not an absent token, on the last page.
  return { findingIds: page.map(f => f.id), nextToken: nextToken ?? '' };
};
