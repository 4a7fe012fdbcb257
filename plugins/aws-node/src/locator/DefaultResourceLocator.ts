import {
  GetResourcesCommand,
  GetResourcesCommandOutput,
  ResourceGroupsTaggingAPIClient,
  ResourceTagMapping,
  TagFilter,
} from '@aws-sdk/client-resource-groups-tagging-api';
import { CacheService, LoggerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import {
  AwsTarget,
  LocatedResources,
  LocatedEksWorkload,
  SHIPYARD_KUBERNETES_COMPONENT_LABEL,
  SHIPYARD_KUBERNETES_OWNER_LABEL,
  SHIPYARD_KUBERNETES_SYSTEM_LABEL,
  ShipyardTagKeys,
} from '@internal/plugin-aws-common';
import { AwsCallCounter } from '../clients/AwsCallCounter';
import { AwsClientFactory } from '../clients/AwsClientFactory';
import { AWS_LIMITS } from '../collectors/awsLimits';
import { readShipyardTagKeys } from '../config/readShipyardTagKeys';
import { ShipyardEnvironments } from '../environments/ShipyardEnvironments';
import { mapAwsError } from '../errors/mapAwsError';
import { DefaultKubernetesReader } from '../kubernetes/DefaultKubernetesReader';
import { KubernetesReader } from '../kubernetes/KubernetesReader';
import { parseResourceArn } from './parseResourceArn';
import {
  LocatableComponent,
  LocateOptions,
  ResourceLocator,
} from './ResourceLocator';
import { allSettledOrThrow } from './allSettledOrThrow';
import { workloadSelector } from './workloadSelector';

/**
 * The resource types the locator asks the Tagging API for: one set, so that
 * each (account, region) costs one paginated query.
 */
const RESOURCE_TYPES = [
  'ecs:service',
  'elasticloadbalancing:targetgroup',
  'cloudwatch:alarm',
];

const DEFAULT_CACHE_TTL_MS = 60_000;

/** What tags find; EKS workloads come from the clusters' Kubernetes API. */
type TaggedResources = Pick<
  LocatedResources,
  'ecsServices' | 'targetGroups' | 'alarms'
>;

function emptyTagged(): TaggedResources {
  return { ecsServices: [], targetGroups: [], alarms: [] };
}

function addMapping(
  into: TaggedResources,
  mapping: ResourceTagMapping,
  tagKeys: ShipyardTagKeys,
) {
  const arn = mapping.ResourceARN;
  const parsed = arn ? parseResourceArn(arn) : undefined;
  if (!arn || !parsed) {
    return;
  }
  const { service, region, accountId, resource } = parsed;
  if (service === 'ecs' && resource.startsWith('service/')) {
    // Only the long ARN format names the cluster; AWS has required it for
    // new services since 2021, so short-format services are not supported.
    const [, cluster, name] = resource.split('/');
    if (cluster && name) {
      // Kept so that a service tagged with the component but another owner
      // or system is shown as a mismatch, not as the component's.
      const tag = (key: string) =>
        mapping.Tags?.find(t => t.Key === key)?.Value;
      const ownerTag = tag(tagKeys.owner);
      const systemTag = tag(tagKeys.system);
      into.ecsServices.push({
        arn,
        cluster,
        name,
        accountId,
        region,
        ...(ownerTag !== undefined ? { ownerTag } : {}),
        ...(systemTag !== undefined ? { systemTag } : {}),
      });
    }
  } else if (
    service === 'elasticloadbalancing' &&
    resource.startsWith('targetgroup/')
  ) {
    into.targetGroups.push({
      arn,
      name: resource.split('/')[1],
      accountId,
      region,
    });
  } else if (service === 'cloudwatch' && resource.startsWith('alarm:')) {
    into.alarms.push({
      arn,
      name: resource.slice('alarm:'.length),
      accountId,
      region,
    });
  }
}

function linkLabels(labels: Record<string, string>) {
  const ownerTag = labels[SHIPYARD_KUBERNETES_OWNER_LABEL];
  const systemTag = labels[SHIPYARD_KUBERNETES_SYSTEM_LABEL];
  return {
    ...(ownerTag !== undefined ? { ownerTag } : {}),
    ...(systemTag !== undefined ? { systemTag } : {}),
  };
}

function byArn(a: { arn: string }, b: { arn: string }) {
  if (a.arn === b.arn) {
    return 0;
  }
  return a.arn < b.arn ? -1 : 1;
}

function byWorkload(a: LocatedEksWorkload, b: LocatedEksWorkload) {
  const ka = `${a.cluster}/${a.namespace}/${a.name}`;
  const kb = `${b.cluster}/${b.namespace}/${b.name}`;
  if (ka === kb) {
    return 0;
  }
  return ka < kb ? -1 : 1;
}

function sortTagged(tagged: TaggedResources): TaggedResources {
  return {
    ecsServices: [...tagged.ecsServices].sort(byArn),
    targetGroups: [...tagged.targetGroups].sort(byArn),
    alarms: [...tagged.alarms].sort(byArn),
  };
}

/**
 * Locates resources with the Resource Groups Tagging API, caching results
 * for a short time in the plugin's CacheService.
 *
 * @public
 */
export class DefaultResourceLocator implements ResourceLocator {
  /**
   * Reads `shipyard.tagKeys`. Results are cached for `cacheTtlMs`
   * (default 60 seconds). EKS workloads are read with `kubernetes`, by
   * default a {@link DefaultKubernetesReader} that counts its calls in
   * `counter`.
   */
  static fromConfig(
    config: Config,
    deps: {
      environments: ShipyardEnvironments;
      clientFactory: AwsClientFactory;
      cache: CacheService;
      cacheTtlMs?: number;
      logger?: LoggerService;
      counter?: AwsCallCounter;
      /** Only its `listDeployments` is used. */
      kubernetes?: Pick<KubernetesReader, 'listDeployments'>;
    },
  ): DefaultResourceLocator {
    const ttl = deps.cacheTtlMs ?? DEFAULT_CACHE_TTL_MS;
    return new DefaultResourceLocator(
      deps.environments,
      deps.clientFactory,
      deps.cache.withOptions({ defaultTtl: ttl }),
      readShipyardTagKeys(config),
      deps.kubernetes ??
        DefaultKubernetesReader.fromConfig(config, {
          environments: deps.environments,
          clientFactory: deps.clientFactory,
          counter: deps.counter,
        }),
      deps.logger,
    );
  }

  readonly #inFlight = new Map<string, Promise<unknown>>();
  /** Clusters already warned about, so that each missing url is logged once. */
  readonly #warnedClusters = new Set<string>();

  private constructor(
    private readonly environments: ShipyardEnvironments,
    private readonly clientFactory: AwsClientFactory,
    private readonly cache: CacheService,
    private readonly tagKeys: ShipyardTagKeys,
    private readonly kubernetes: Pick<KubernetesReader, 'listDeployments'>,
    private readonly logger: LoggerService | undefined,
  ) {}

  async locate(
    request: LocatableComponent & { environment: string },
    options: LocateOptions = {},
  ): Promise<LocatedResources> {
    const { componentTagValue, environment } = request;
    const targets = this.environments.targets(environment);
    const eks =
      request.runtime === 'ecs'
        ? Promise.resolve([])
        : this.#readThrough(
            `locator:v1:eks:component:${environment}:${componentTagValue}`,
            options,
            () =>
              this.#listWorkloads(
                environment,
                workloadSelector({ environment, componentTagValue }),
                options.signal,
              ),
          );
    const taggedLoad = this.#readThrough(
      `locator:v1:component:${environment}:${componentTagValue}`,
      options,
      async () => {
        const found = emptyTagged();
        const pages = await allSettledOrThrow(
          targets.map(target =>
            this.#getResources(
              target,
              [
                { Key: this.tagKeys.component, Values: [componentTagValue] },
                { Key: this.tagKeys.environment, Values: [environment] },
              ],
              options.signal,
            ),
          ),
        );
        for (const mapping of pages.flat()) {
          addMapping(found, mapping, this.tagKeys);
        }
        return sortTagged(found);
      },
    );
    const [tagged, workloads] = await allSettledOrThrow([taggedLoad, eks]);
    return {
      environment,
      componentTagValue,
      // A copy, so that callers cannot change what an in-memory cache holds.
      ...structuredClone(tagged),
      eksWorkloads: structuredClone(workloads),
    };
  }

  async locateMany(
    components: LocatableComponent[],
    environment: string,
    options: LocateOptions = {},
  ): Promise<Map<string, LocatedResources>> {
    const targets = this.environments.targets(environment);
    const eks = components.some(c => c.runtime !== 'ecs')
      ? this.#readThrough(
          `locator:v1:eks:environment:${environment}`,
          options,
          async () => {
            const workloads = await this.#listWorkloads(
              environment,
              workloadSelector({ environment }),
              options.signal,
            );
            const grouped: Record<string, LocatedEksWorkload[]> =
              Object.create(null);
            for (const workload of workloads) {
              const value = workload.labelSelector.slice(
                SHIPYARD_KUBERNETES_COMPONENT_LABEL.length + 1,
              );
              grouped[value] ??= [];
              grouped[value].push(workload);
            }
            return grouped;
          },
        )
      : Promise.resolve(
          Object.create(null) as Record<string, LocatedEksWorkload[]>,
        );
    const indexLoad = this.#readThrough(
      `locator:v1:environment:${environment}`,
      options,
      async () => {
        const pages = await allSettledOrThrow(
          targets.map(target =>
            this.#getResources(
              target,
              [{ Key: this.tagKeys.environment, Values: [environment] }],
              options.signal,
            ),
          ),
        );
        // No prototype: tag values are keys, and `__proto__` is a valid one.
        const grouped: Record<string, TaggedResources> = Object.create(null);
        for (const mapping of pages.flat()) {
          const value = mapping.Tags?.find(
            tag => tag.Key === this.tagKeys.component,
          )?.Value;
          if (value) {
            grouped[value] ??= emptyTagged();
            addMapping(grouped[value], mapping, this.tagKeys);
          }
        }
        for (const [value, tagged] of Object.entries(grouped)) {
          grouped[value] = sortTagged(tagged);
        }
        return grouped;
      },
    );

    const [index, workloads] = await allSettledOrThrow([indexLoad, eks]);
    const has = (record: object, key: string) =>
      Object.prototype.hasOwnProperty.call(record, key);
    const result = new Map<string, LocatedResources>();
    for (const component of components) {
      const value = component.componentTagValue;
      const tagged = has(index, value) ? index[value] : emptyTagged();
      result.set(value, {
        environment,
        componentTagValue: value,
        ...structuredClone(tagged),
        eksWorkloads:
          component.runtime !== 'ecs' && has(workloads, value)
            ? structuredClone(workloads[value])
            : [],
      });
    }
    return result;
  }

  /**
   * The one cache pattern: read the CacheService, else load once per key
   * (concurrent callers share the load) and store with the default TTL.
   */
  async #readThrough<
    T extends
      | TaggedResources
      | Record<string, TaggedResources>
      | LocatedEksWorkload[]
      | Record<string, LocatedEksWorkload[]>,
  >(key: string, options: LocateOptions, load: () => Promise<T>): Promise<T> {
    if (!options.bypassCache) {
      const cached = await this.cache.get<any>(key);
      if (cached !== undefined) {
        return cached as T;
      }
    }
    const pending = this.#inFlight.get(key) as Promise<T> | undefined;
    if (pending && !options.bypassCache) {
      return pending;
    }
    const loading = (async () => {
      const value = await load();
      await this.cache.set(key, value as any);
      return value;
    })();
    this.#inFlight.set(key, loading);
    try {
      return await loading;
    } finally {
      if (this.#inFlight.get(key) === loading) {
        this.#inFlight.delete(key);
      }
    }
  }

  async #getResources(
    target: AwsTarget,
    tagFilters: TagFilter[],
    signal?: AbortSignal,
  ): Promise<ResourceTagMapping[]> {
    const client = this.clientFactory.getClient(
      ResourceGroupsTaggingAPIClient,
      target,
    );
    const mappings: ResourceTagMapping[] = [];
    let token: string | undefined;
    do {
      let page: GetResourcesCommandOutput;
      try {
        page = await client.send(
          new GetResourcesCommand({
            TagFilters: tagFilters,
            ResourceTypeFilters: RESOURCE_TYPES,
            ResourcesPerPage: AWS_LIMITS.taggingGetResourcesPage,
            ...(token ? { PaginationToken: token } : {}),
          }),
          { abortSignal: signal as any },
        );
      } catch (error) {
        throw mapAwsError(error, {
          ...target,
          service: 'ResourceGroupsTaggingAPI',
          operation: 'GetResources',
        });
      }
      mappings.push(...(page.ResourceTagMappingList ?? []));
      const next = page.PaginationToken || undefined;
      if (next !== undefined && next === token) {
        throw new Error(
          `GetResources in account ${target.accountId}, ${target.region} returned the same pagination token twice`,
        );
      }
      token = next;
    } while (token);
    return mappings;
  }

  /**
   * Deployments matching the selector in every EKS cluster of the
   * environment that has a url, as workloads whose `labelSelector` names
   * their own component.
   */
  async #listWorkloads(
    environment: string,
    labelSelector: string,
    signal?: AbortSignal,
  ): Promise<LocatedEksWorkload[]> {
    const clusters = this.environments
      .get(environment)
      .eksClusters.filter(cluster => {
        if (cluster.url) {
          return true;
        }
        const key = `${environment}/${cluster.name}`;
        if (!this.#warnedClusters.has(key)) {
          this.#warnedClusters.add(key);
          this.logger?.warn(
            `EKS cluster ${cluster.name} of environment ${environment} has no url in shipyard.environments[].eksClusters; its workloads are not located until one is set`,
          );
        }
        return false;
      });
    const lists = await allSettledOrThrow(
      clusters.map(async cluster => {
        const deployments = await this.kubernetes.listDeployments(
          { environment, cluster: cluster.name, labelSelector },
          { signal },
        );
        return deployments.flatMap(deployment => {
          const value = deployment.labels[SHIPYARD_KUBERNETES_COMPONENT_LABEL];
          if (!value) {
            return [];
          }
          return [
            {
              cluster: cluster.name,
              accountId: cluster.accountId,
              region: cluster.region,
              namespace: deployment.namespace,
              name: deployment.name,
              kind: 'Deployment' as const,
              labelSelector: `${SHIPYARD_KUBERNETES_COMPONENT_LABEL}=${value}`,
              ...linkLabels(deployment.labels),
            },
          ];
        });
      }),
    );
    return lists.flat().sort(byWorkload);
  }
}
