import type { SandboxService } from '../../server/SandboxService';
import { COST_EXPLORER_VALIDATION_ERROR } from './costExplorerErrors';
import { getAnomalies } from './operations/getAnomalies';
import { getCostAndUsage } from './operations/getCostAndUsage';
import { getCostForecast } from './operations/getCostForecast';

/** AWS Cost Explorer, awsJson1_1 (`@aws-sdk/client-cost-explorer`). */
export const costExplorerService: SandboxService = {
  name: 'costexplorer',
  signingName: 'ce',
  protocol: { type: 'awsJson1_1', targetPrefix: 'AWSInsightsIndexService' },
  errors: {
    throttling: { name: 'LimitExceededException', statusCode: 400 },
    validation: COST_EXPLORER_VALIDATION_ERROR,
  },
  operations: {
    GetCostAndUsage: getCostAndUsage,
    GetCostForecast: getCostForecast,
    GetAnomalies: getAnomalies,
  },
};
