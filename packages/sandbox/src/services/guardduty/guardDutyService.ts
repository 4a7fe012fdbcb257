import type { SandboxService } from '../../server/SandboxService';
import { GUARDDUTY_VALIDATION_ERROR } from './guardDutyErrors';
import {
  archiveFindings,
  unarchiveFindings,
} from './operations/archiveFindings';
import { getFindings } from './operations/getFindings';
import { getFindingsStatistics } from './operations/getFindingsStatistics';
import { listDetectors } from './operations/listDetectors';
import { listFindings } from './operations/listFindings';

/** Amazon GuardDuty, restJson1 (`@aws-sdk/client-guardduty`). */
export const guardDutyService: SandboxService = {
  name: 'guardduty',
  signingName: 'guardduty',
  protocol: {
    type: 'restJson1',
    routes: [
      { method: 'GET', path: '/detector', operation: 'ListDetectors' },
      {
        method: 'POST',
        path: '/detector/{DetectorId}/findings',
        operation: 'ListFindings',
      },
      {
        method: 'POST',
        path: '/detector/{DetectorId}/findings/get',
        operation: 'GetFindings',
      },
      {
        method: 'POST',
        path: '/detector/{DetectorId}/findings/statistics',
        operation: 'GetFindingsStatistics',
      },
      {
        method: 'POST',
        path: '/detector/{DetectorId}/findings/archive',
        operation: 'ArchiveFindings',
      },
      {
        method: 'POST',
        path: '/detector/{DetectorId}/findings/unarchive',
        operation: 'UnarchiveFindings',
      },
    ],
  },
  errors: {
    throttling: { name: 'TooManyRequestsException', statusCode: 429 },
    validation: GUARDDUTY_VALIDATION_ERROR,
  },
  operations: {
    ListDetectors: listDetectors,
    ListFindings: listFindings,
    GetFindings: getFindings,
    GetFindingsStatistics: getFindingsStatistics,
    ArchiveFindings: archiveFindings,
    UnarchiveFindings: unarchiveFindings,
  },
};
