import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { CompoundEntityRef } from '@backstage/catalog-model';
import { ComponentResources } from '@internal/plugin-aws-common';

/**
 * Reads the AWS resources linked to catalog entities, on behalf of a caller.
 * Answers in the contract's types (src/schema/openapi.yaml).
 */
export interface ComponentResourcesModel {
  /**
   * The environments the component runs in with what the collector stored
   * for each, or one of them. Never calls AWS.
   * @throws InputError for an unknown environment, one the component does not
   * run in, or invalid annotations; NotFoundError for an entity the caller
   * cannot see.
   */
  get(options: {
    entityRef: CompoundEntityRef;
    environment?: string;
    credentials: BackstageCredentials;
  }): Promise<ComponentResources>;

  /**
   * Locates the resources of one component in one environment now, stores and
   * returns them. Calls AWS.
   * @throws ServiceUnavailableError (503) when AWS throttles or fails.
   */
  refresh(options: {
    entityRef: CompoundEntityRef;
    environment: string;
    credentials: BackstageCredentials;
  }): Promise<ComponentResources>;
}
