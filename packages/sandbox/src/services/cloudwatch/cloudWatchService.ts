import type { SandboxService } from '../../server/SandboxService';
import { CLOUDWATCH_VALIDATION_ERROR } from './cloudWatchErrors';
import { describeAlarms } from './operations/describeAlarms';
import { getMetricData } from './operations/getMetricData';

/** Amazon CloudWatch, awsJson1_0 in query-compatible mode (`@aws-sdk/client-cloudwatch`). */
export const cloudWatchService: SandboxService = {
  name: 'cloudwatch',
  signingName: 'monitoring',
  protocol: {
    type: 'awsJson1_0',
    targetPrefix: 'GraniteServiceVersion20100801',
    awsQueryCompatible: true,
  },
  errors: {
    throttling: {
      name: 'Throttling',
      statusCode: 400,
      queryErrorCode: 'Throttling',
    },
    validation: CLOUDWATCH_VALIDATION_ERROR,
  },
  operations: {
    GetMetricData: getMetricData,
    DescribeAlarms: describeAlarms,
  },
};
