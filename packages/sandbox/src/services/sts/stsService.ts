import type { SandboxService } from '../../server/SandboxService';
import { assumeRole } from './operations/assumeRole';
import { assumeRoleWithWebIdentity } from './operations/assumeRoleWithWebIdentity';
import { getCallerIdentity } from './operations/getCallerIdentity';

/** AWS STS, awsQuery (`@aws-sdk/client-sts`). */
export const stsService: SandboxService = {
  name: 'sts',
  signingName: 'sts',
  protocol: {
    type: 'awsQuery',
    version: '2011-06-15',
    xmlNamespace: 'https://sts.amazonaws.com/doc/2011-06-15/',
  },
  errors: {
    throttling: { name: 'Throttling', statusCode: 400 },
    validation: 'ValidationError',
  },
  operations: {
    GetCallerIdentity: getCallerIdentity,
    AssumeRole: assumeRole,
    AssumeRoleWithWebIdentity: assumeRoleWithWebIdentity,
  },
  unsignedOperations: ['AssumeRoleWithWebIdentity'],
};
