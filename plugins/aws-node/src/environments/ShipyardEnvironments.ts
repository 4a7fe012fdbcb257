import { AwsTarget, ShipyardEnvironment } from '@internal/plugin-aws-common';

/**
 * How to reach the Kubernetes API of an EKS cluster. Backend-only: it can
 * hold a token.
 *
 * @public
 */
export interface EksClusterConnection {
  environment: string;
  name: string;
  accountId: string;
  region: string;
  url?: string;
  authProvider: 'aws' | 'serviceAccount';
  serviceAccountToken?: string;
  caData?: string;
  skipTLSVerify: boolean;
}

/**
 * Called with the new environments after `shipyard.environments` changed.
 *
 * @public
 */
export type ShipyardEnvironmentsListener = (
  environments: ShipyardEnvironment[],
) => void;

/**
 * The environments configured under `shipyard.environments`: validated at
 * start-up (an invalid configuration stops the backend) and kept current
 * when the configuration changes (an invalid change is logged and ignored).
 *
 * @public
 */
export interface ShipyardEnvironments {
  /** All environments, in configuration order. */
  list(): ShipyardEnvironment[];
  /**
   * One environment by name.
   * @throws InputError (400) naming the known environments: an environment
   *   name is always the caller's input (request parameter or annotation).
   */
  get(name: string): ShipyardEnvironment;
  /**
   * Every (account, region) pair of an environment: where to look for its
   * resources.
   * @throws InputError for an unknown environment.
   */
  targets(name: string): AwsTarget[];
  /**
   * How to reach the API of one of an environment's EKS clusters.
   * @throws InputError for an unknown environment, NotFoundError for an
   *   unknown cluster.
   */
  eksClusterConnection(
    environment: string,
    cluster: string,
  ): EksClusterConnection;
  /**
   * Calls `listener` after every change of the configured environments, so
   * that views built from them (catalog entities, relations) follow edits
   * without a restart.
   * @returns a function that removes the listener.
   */
  onChange(listener: ShipyardEnvironmentsListener): () => void;
}
