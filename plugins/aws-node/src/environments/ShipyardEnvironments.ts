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
 * The environments configured under `shipyard.environments`, validated at
 * start-up.
 *
 * @public
 */
export interface ShipyardEnvironments {
  /** All environments, in configuration order. */
  list(): ShipyardEnvironment[];
  /**
   * One environment by name.
   * @throws NotFoundError naming the known environments.
   */
  get(name: string): ShipyardEnvironment;
  /**
   * Every (account, region) pair of an environment: where to look for its
   * resources.
   * @throws NotFoundError for an unknown environment.
   */
  targets(name: string): AwsTarget[];
  /**
   * How to reach the API of one of an environment's EKS clusters.
   * @throws NotFoundError for an unknown environment or cluster.
   */
  eksClusterConnection(
    environment: string,
    cluster: string,
  ): EksClusterConnection;
}
