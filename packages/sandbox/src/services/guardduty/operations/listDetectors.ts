import { InputReader } from '../../../server/InputReader';
import type { OperationHandler } from '../../../server/OperationHandler';
import type { GuardDutyWireOutput } from '../guardDutyErrors';
import { detectorIdFor } from '../../../scenario/securityFindings';
import { GUARDDUTY_VALIDATION_ERROR } from '../guardDutyErrors';

/** One detector per account and region, as GuardDuty allows. */
export const listDetectors: OperationHandler<unknown, GuardDutyWireOutput> = (
  input,
  ctx,
) => {
  const reader = InputReader.of(input, GUARDDUTY_VALIDATION_ERROR);
  reader.integer('maxResults', { min: 1, max: 50 });
  return { detectorIds: [detectorIdFor(ctx.accountId, ctx.region)] };
};
