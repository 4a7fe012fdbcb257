import {
  ANNOTATION_LOCATION,
  ANNOTATION_ORIGIN_LOCATION,
  ResourceEntity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { Config } from '@backstage/config';
import { LoggerService } from '@backstage/backend-plugin-api';
import { stringifyError } from '@backstage/errors';
import {
  EntityProvider,
  EntityProviderConnection,
} from '@backstage/plugin-catalog-node';
import { ShipyardEnvironment } from '@internal/plugin-aws-common';
import { ShipyardEnvironments } from '@internal/plugin-aws-node';

/** The `spec.type` of the Resource entities that stand for environments. */
export const ENVIRONMENT_RESOURCE_TYPE = 'environment';

/** Annotation holding the environment's tier: dev, staging or prod. */
export const ANNOTATION_ENVIRONMENT_TIER = 'shipyard.io/tier';

// Facts copied from configuration for people to browse. They live under
// their own prefix because `shipyard.io/*` annotations are inputs that may
// never name accounts or regions; these are outputs the platform wrote.
/** Annotation listing the environment's AWS account ids, comma separated. */
export const ANNOTATION_ENVIRONMENT_ACCOUNTS =
  'environment.shipyard.io/accounts';
/** Annotation listing the environment's AWS regions, comma separated. */
export const ANNOTATION_ENVIRONMENT_REGIONS = 'environment.shipyard.io/regions';
/** Annotation listing `<accountId>/<region>/<name>` of each ECS cluster. */
export const ANNOTATION_ENVIRONMENT_ECS_CLUSTERS =
  'environment.shipyard.io/ecs-clusters';
/** Annotation listing `<accountId>/<region>/<name>` of each EKS cluster. */
export const ANNOTATION_ENVIRONMENT_EKS_CLUSTERS =
  'environment.shipyard.io/eks-clusters';

const DEFAULT_OWNER = 'group:default/platform-sre';
const PROVIDER_NAME = 'shipyard-environments';
const LOCATION = `shipyard-config:shipyard.environments`;

/**
 * Surfaces every configured environment as a catalog entity, so that people
 * can browse environments and see what runs where.
 *
 * An environment becomes a `Resource` of `spec.type: environment`: it is
 * infrastructure that components depend on, and as a Resource the stock
 * catalog pages show it in a component's "depends on" card with no custom
 * kind to register. Components point at it with `dependsOn`, emitted by the
 * ShipyardAnnotationProcessor.
 *
 * The environments come from `environmentsServiceRef`, the one copy that the
 * AWS routes, locator and collectors also read; the provider re-emits them
 * whenever that service reports a configuration change.
 */
export class EnvironmentEntityProvider implements EntityProvider {
  private readonly environments: ShipyardEnvironments;
  private readonly owner: string;
  private readonly logger: LoggerService;
  private connection?: EntityProviderConnection;
  private unsubscribe?: () => void;

  static fromConfig(
    config: Config,
    deps: { environments: ShipyardEnvironments; logger: LoggerService },
  ): EnvironmentEntityProvider {
    const owner = stringifyEntityRef(
      parseEntityRef(
        config.getOptionalString('shipyard.environmentOwner') ?? DEFAULT_OWNER,
        { defaultKind: 'group', defaultNamespace: 'default' },
      ),
    );
    return new EnvironmentEntityProvider(deps.environments, owner, deps.logger);
  }

  private constructor(
    environments: ShipyardEnvironments,
    owner: string,
    logger: LoggerService,
  ) {
    this.environments = environments;
    this.owner = owner;
    this.logger = logger;
  }

  getProviderName(): string {
    return PROVIDER_NAME;
  }

  async connect(connection: EntityProviderConnection): Promise<void> {
    this.connection = connection;
    // A second connect (the catalog does not do this today) must not leave
    // two subscriptions emitting the same mutation.
    this.unsubscribe?.();
    this.unsubscribe = this.environments.onChange(environments => {
      this.apply(environments).catch(error =>
        this.logger.error(
          `Failed to update the environment entities: ${stringifyError(error)}`,
        ),
      );
    });
    await this.apply(this.environments.list());
  }

  private async apply(environments: ShipyardEnvironment[]): Promise<void> {
    // A full mutation also removes the entities of deleted environments.
    await this.connection?.applyMutation({
      type: 'full',
      entities: environments.map(environment => ({
        entity: this.toEntity(environment),
        locationKey: PROVIDER_NAME,
      })),
    });
  }

  private toEntity(environment: ShipyardEnvironment): ResourceEntity {
    const regions = [
      ...new Set(environment.accounts.flatMap(account => account.regions)),
    ];
    const accounts = environment.accounts.map(account => account.accountId);
    const cluster = (c: { accountId: string; region: string; name: string }) =>
      `${c.accountId}/${c.region}/${c.name}`;
    const where = environment.accounts
      .map(a => `account ${a.accountId} (${a.regions.join(', ')})`)
      .join('; ');
    const clusters = [
      ...environment.ecsClusters.map(c => `ECS ${c.name}`),
      ...environment.eksClusters.map(c => `EKS ${c.name}`),
    ];

    return {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Resource',
      metadata: {
        name: environment.name,
        title: environment.title ?? environment.name,
        description: `${environment.tier} tier environment in AWS ${where}${
          clusters.length ? `, clusters ${clusters.join(', ')}` : ''
        }.`,
        labels: {
          [ANNOTATION_ENVIRONMENT_TIER]: environment.tier,
        },
        tags: ['environment', environment.tier],
        annotations: omitEmpty({
          [ANNOTATION_LOCATION]: LOCATION,
          [ANNOTATION_ORIGIN_LOCATION]: LOCATION,
          [ANNOTATION_ENVIRONMENT_TIER]: environment.tier,
          [ANNOTATION_ENVIRONMENT_ACCOUNTS]: accounts.join(','),
          [ANNOTATION_ENVIRONMENT_REGIONS]: regions.join(','),
          [ANNOTATION_ENVIRONMENT_ECS_CLUSTERS]: environment.ecsClusters
            .map(cluster)
            .join(','),
          [ANNOTATION_ENVIRONMENT_EKS_CLUSTERS]: environment.eksClusters
            .map(cluster)
            .join(','),
        }),
      },
      spec: {
        type: ENVIRONMENT_RESOURCE_TYPE,
        owner: this.owner,
      },
    };
  }
}

function omitEmpty(values: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== ''));
}
