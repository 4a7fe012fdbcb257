import { InputReader } from '../../../server/InputReader';
import type { OperationHandler } from '../../../server/OperationHandler';
import type { GuardDutyWireOutput } from '../guardDutyErrors';
import { GUARDDUTY_VALIDATION_ERROR } from '../guardDutyErrors';

/** One detector per account and region, as GuardDuty allows; none where GuardDuty is off. */
export const listDetectors: OperationHandler<unknown, GuardDutyWireOutput> = (
  input,
  ctx,
) => {
  const reader = InputReader.of(input, GUARDDUTY_VALIDATION_ERROR);
  reader.integer('maxResults', { min: 1, max: 50 });
  const detectorId = ctx.state.securityFindings.detectorId(
    ctx.accountId,
    ctx.region,
  );
  return { detectorIds: detectorId ? [detectorId] : [] };
};
