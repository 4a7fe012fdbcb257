import { createApiRef } from '@backstage/frontend-plugin-api';
import { AwsClient } from '@internal/plugin-aws-common';

/** The client of the `aws` backend plugin, generated from its OpenAPI spec. */
export const awsApiRef = createApiRef<AwsClient>().with({
  id: 'plugin.aws.client',
  pluginId: 'aws',
});
