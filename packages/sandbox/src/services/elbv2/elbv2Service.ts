import type { SandboxService } from '../../server/SandboxService';
import { ELBV2_VALIDATION_ERROR } from './elbv2Errors';
import { describeTargetGroups } from './operations/describeTargetGroups';

/** Elastic Load Balancing v2, awsQuery (`@aws-sdk/client-elastic-load-balancing-v2`). */
export const elbv2Service: SandboxService = {
  name: 'elasticloadbalancing',
  signingName: 'elasticloadbalancing',
  protocol: {
    type: 'awsQuery',
    version: '2015-12-01',
    xmlNamespace: 'http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/',
  },
  errors: {
    throttling: { name: 'Throttling', statusCode: 400 },
    validation: ELBV2_VALIDATION_ERROR,
  },
  operations: {
    DescribeTargetGroups: describeTargetGroups,
  },
};
