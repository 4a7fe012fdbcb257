import { AwsTarget } from '@internal/plugin-aws-common';
import { MiddlewareStack } from '@smithy/types';

/**
 * What the factory needs from an AWS SDK v3 client, e.g. `ECSClient`.
 *
 * @public
 */
export interface AwsSdkClient {
  middlewareStack: MiddlewareStack<any, any>;
  destroy(): void;
}

/**
 * An AWS SDK v3 client class, e.g. `ECSClient`.
 *
 * @public
 */
export type AwsSdkClientClass<TClient extends AwsSdkClient> = new (
  ...args: any[]
) => TClient;

/**
 * Builds AWS SDK v3 clients for an (account, region), with Shipyard's
 * credentials, retry policy, endpoint and call counting. The one way to get
 * an AWS client in Shipyard.
 *
 * @public
 */
export interface AwsClientFactory {
  /**
   * Returns the client of this class for the account and region, creating it
   * on first use and reusing it afterwards.
   */
  getClient<TClient extends AwsSdkClient>(
    ClientClass: AwsSdkClientClass<TClient>,
    target: AwsTarget,
  ): TClient;
}
