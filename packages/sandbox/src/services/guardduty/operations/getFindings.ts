import { InputReader } from '../../../server/InputReader';
import type { OperationHandler } from '../../../server/OperationHandler';
import type { GuardDutyWireOutput } from '../guardDutyErrors';
import { detectorFindings, sortFindings } from '../findingQuery';
import { GUARDDUTY_VALIDATION_ERROR } from '../guardDutyErrors';

/** GetFindings: at most 50 ids; unknown ids are left out, as GuardDuty does. */
export const getFindings: OperationHandler<unknown, GuardDutyWireOutput> = (
  input,
  ctx,
) => {
  const reader = InputReader.of(input, GUARDDUTY_VALIDATION_ERROR);
  const findings = detectorFindings(reader, ctx);
  const ids = reader.stringList('findingIds', { maxItems: 50 });
  if (!ids) {
    throw reader.invalid(
      "1 validation error detected: Value null at 'findingIds' failed to satisfy constraint: Member must not be null",
    );
  }
  const wanted = new Set(ids);
  const found = findings.filter(f => wanted.has(f.id));
  return {
    findings: sortFindings(reader, found),
  };
};
