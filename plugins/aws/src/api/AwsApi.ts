import { CompoundEntityRef } from '@backstage/catalog-model';
import { createApiRef } from '@backstage/frontend-plugin-api';
import {
  ComponentResources,
  ShipyardEnvironment,
} from '@internal/plugin-aws-common';

/** The resources of a component in one environment, as the backend answers them. */
export type EnvironmentResources = Omit<
  ComponentResources,
  'componentTagValue'
> & {
  /** The tag value the resources were found by; undefined before collection. */
  componentTagValue?: string;
  /** ISO time of the last collection; undefined until the collector has looked. */
  collectedAt?: string;
};

/** The answer of the component resources routes. */
export interface ComponentResourcesResponse {
  entityRef: string;
  items: EnvironmentResources[];
}

/**
 * Client of the `aws` backend plugin. Failed requests reject with a
 * `ResponseError`, whose `response.headers` keep `Retry-After`.
 */
export interface AwsApi {
  /** The configured environments, in configuration order. */
  getEnvironments(): Promise<ShipyardEnvironment[]>;

  /** What the collector last stored for a component, one item per environment. */
  getComponentResources(
    entityRef: CompoundEntityRef,
  ): Promise<ComponentResourcesResponse>;

  /** Looks the component up in AWS now, in one environment; answers that one item. */
  refreshComponentResources(
    entityRef: CompoundEntityRef,
    environment: string,
  ): Promise<EnvironmentResources>;
}

/** The {@link AwsApi} of the `aws` plugin. */
export const awsApiRef = createApiRef<AwsApi>().with({
  id: 'plugin.aws.client',
  pluginId: 'aws',
});
