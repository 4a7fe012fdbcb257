import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { CompoundEntityRef } from '@backstage/catalog-model';
import { ComponentResources } from '@internal/plugin-aws-common';

/** The resources of a component in one environment, as routes return them. */
export type EnvironmentResources = Omit<
  ComponentResources,
  'componentTagValue'
> & {
  /** The tag value the resources were found by; undefined before collection. */
  componentTagValue?: string;
  /** When the collector last saw them; undefined before the first collection. */
  collectedAt?: string;
};

/** The answer of the component resources routes. */
export type ComponentResourcesResponse = {
  entityRef: string;
  items: EnvironmentResources[];
};

/**
 * Reads the AWS resources linked to catalog entities, on behalf of a caller.
 */
export interface ComponentResourcesModel {
  /**
   * What the collector stored, for one or every environment. Never calls AWS.
   * @throws InputError for an unknown environment, NotFoundError for an
   * entity the caller cannot see.
   */
  get(options: {
    entityRef: CompoundEntityRef;
    environment?: string;
    credentials: BackstageCredentials;
  }): Promise<ComponentResourcesResponse>;

  /**
   * Locates the resources of one component in one environment now, stores and
   * returns them. Calls AWS.
   * @throws ServiceUnavailableError (503) when AWS throttles or fails.
   */
  refresh(options: {
    entityRef: CompoundEntityRef;
    environment: string;
    credentials: BackstageCredentials;
  }): Promise<ComponentResourcesResponse>;
}
