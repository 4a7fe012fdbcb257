import { LoggerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import {
  ANNOTATION_KUBERNETES_AUTH_PROVIDER,
  ANNOTATION_KUBERNETES_AWS_ASSUME_ROLE,
  ANNOTATION_KUBERNETES_AWS_CLUSTER_ID,
  ANNOTATION_KUBERNETES_AWS_EXTERNAL_ID,
} from '@backstage/plugin-kubernetes-common';
import {
  AuthMetadata,
  ClusterDetails,
  KubernetesClustersSupplier,
} from '@backstage/plugin-kubernetes-node';
import {
  EksClusterConnection,
  ShipyardEnvironments,
} from '@internal/plugin-aws-node';

/** The role and external id the AWS integration uses for an account. */
interface AccountRole {
  roleName?: string;
  externalId?: string;
}

/**
 * The Kubernetes plugin's clusters, read from `shipyard.environments` so that
 * each EKS cluster is configured once: the same url, auth and TLS settings
 * that aws-node's locator uses.
 *
 * @public
 */
export class ShipyardClusterSupplier implements KubernetesClustersSupplier {
  static create(options: {
    config: Config;
    environments: ShipyardEnvironments;
    logger: LoggerService;
  }): ShipyardClusterSupplier {
    return new ShipyardClusterSupplier(
      options.config,
      options.environments,
      options.logger,
    );
  }

  /** Clusters already warned about, so a missing url is logged once, not per request. */
  readonly #warnedWithoutUrl = new Set<string>();

  private constructor(
    private readonly config: Config,
    private readonly environments: ShipyardEnvironments,
    private readonly logger: LoggerService,
  ) {}

  // Read on every call: the environments service (and the root config) follow
  // configuration changes, and the list is small and held in memory, so there
  // is nothing to cache.
  async getClusters(): Promise<ClusterDetails[]> {
    const environments = this.environments.list();
    const connections = environments.flatMap(env =>
      env.eksClusters.map(cluster => ({
        title: env.title ?? env.name,
        connection: this.environments.eksClusterConnection(
          env.name,
          cluster.name,
        ),
      })),
    );
    const countByName = new Map<string, number>();
    for (const { connection } of connections) {
      countByName.set(
        connection.name,
        (countByName.get(connection.name) ?? 0) + 1,
      );
    }
    const skipMetricsLookup =
      this.config.getOptionalBoolean('shipyard.kubernetes.skipMetricsLookup') ??
      true;

    const clusters: ClusterDetails[] = [];
    for (const { title, connection } of connections) {
      // Names are the Kubernetes plugin's cluster ids; environments may only
      // repeat a name across environments, so the environment disambiguates.
      const name =
        countByName.get(connection.name)! > 1
          ? `${connection.environment}-${connection.name}`
          : connection.name;
      if (!connection.url) {
        if (!this.#warnedWithoutUrl.has(name)) {
          this.#warnedWithoutUrl.add(name);
          this.logger.warn(
            `EKS cluster "${connection.name}" of environment "${connection.environment}" has no url ` +
              `(shipyard.environments[].eksClusters[].url), so the Kubernetes plugin leaves it out`,
          );
        }
        continue;
      }
      clusters.push({
        name,
        title: `${connection.name} (${title})`,
        url: connection.url,
        skipTLSVerify: connection.skipTLSVerify,
        skipMetricsLookup,
        caData: connection.caData,
        authMetadata: this.#authMetadata(connection),
      });
    }
    return clusters;
  }

  #authMetadata(connection: EksClusterConnection): AuthMetadata {
    if (connection.authProvider === 'serviceAccount') {
      // As the Kubernetes backend's ConfigClusterLocator passes a configured
      // serviceAccountToken: a plain key that its ServiceAccountStrategy reads.
      return {
        [ANNOTATION_KUBERNETES_AUTH_PROVIDER]: 'serviceAccount',
        ...(connection.serviceAccountToken && {
          serviceAccountToken: connection.serviceAccountToken,
        }),
      };
    }
    const role = this.#accountRole(connection.accountId);
    return {
      [ANNOTATION_KUBERNETES_AUTH_PROVIDER]: 'aws',
      [ANNOTATION_KUBERNETES_AWS_CLUSTER_ID]: connection.name,
      ...(role.roleName && {
        [ANNOTATION_KUBERNETES_AWS_ASSUME_ROLE]: `arn:aws:iam::${connection.accountId}:role/${role.roleName}`,
      }),
      ...(role.roleName &&
        role.externalId && {
          [ANNOTATION_KUBERNETES_AWS_EXTERNAL_ID]: role.externalId,
        }),
    };
  }

  /**
   * The role the AWS integration assumes in an account: its `aws.accounts`
   * entry, else `aws.accountDefaults` (which the environments service accepts
   * for any account). None for static credentials, which are used as they are.
   */
  #accountRole(accountId: string): AccountRole {
    const entry = (
      this.config.getOptionalConfigArray('aws.accounts') ?? []
    ).find(account => String(account.getOptional('accountId')) === accountId);
    if (entry) {
      return {
        roleName: entry.getOptionalString('roleName'),
        externalId: entry.getOptionalString('externalId'),
      };
    }
    return {
      roleName: this.config.getOptionalString('aws.accountDefaults.roleName'),
      externalId: this.config.getOptionalString(
        'aws.accountDefaults.externalId',
      ),
    };
  }
}
