import type { SandboxService } from '../../server/SandboxService';
import { getResources } from './operations/getResources';

/** Resource Groups Tagging API, awsJson1_1 (`@aws-sdk/client-resource-groups-tagging-api`). */
export const taggingService: SandboxService = {
  name: 'tagging',
  signingName: 'tagging',
  protocol: {
    type: 'awsJson1_1',
    targetPrefix: 'ResourceGroupsTaggingAPI_20170126',
  },
  errors: {
    throttling: { name: 'ThrottledException', statusCode: 400 },
    validation: 'InvalidParameterException',
  },
  operations: {
    GetResources: getResources,
  },
};
