import { InputReader } from '../../../server/InputReader';
import type { OperationContext } from '../../../server/OperationHandler';
import type { OperationHandler } from '../../../server/OperationHandler';
import type { GuardDutyWireOutput } from '../guardDutyErrors';
import { checkDetector } from '../findingQuery';
import { GUARDDUTY_VALIDATION_ERROR } from '../guardDutyErrors';

/** GuardDuty's limit on findingIds per ArchiveFindings and UnarchiveFindings call. */
const MAX_FINDING_IDS = 50;

function setArchived(input: unknown, ctx: OperationContext, archived: boolean) {
  const reader = InputReader.of(input, GUARDDUTY_VALIDATION_ERROR);
  checkDetector(reader, ctx);
  const ids = reader.stringList('findingIds', { maxItems: MAX_FINDING_IDS });
  if (!ids) {
    throw reader.invalid(
      "1 validation error detected: Value null at 'findingIds' failed to satisfy constraint: Member must not be null",
    );
  }
  // updatedAt stays as it was, as in GuardDuty: a sync that follows updatedAt alone never
  // sees the change, it must compare the active list.
  ctx.state.securityFindings.setArchived(
    ctx.accountId,
    ctx.region,
    ids,
    archived,
  );
  return {};
}

/** ArchiveFindings: at most 50 ids; unknown ids are ignored. */
export const archiveFindings: OperationHandler<unknown, GuardDutyWireOutput> = (
  input,
  ctx,
) => setArchived(input, ctx, true);

/** UnarchiveFindings: at most 50 ids; unknown ids are ignored. */
export const unarchiveFindings: OperationHandler<
  unknown,
  GuardDutyWireOutput
> = (input, ctx) => setArchived(input, ctx, false);
