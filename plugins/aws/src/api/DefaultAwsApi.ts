import { CompoundEntityRef } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';
import { ShipyardEnvironment } from '@internal/plugin-aws-common';
import {
  AwsApi,
  ComponentResourcesResponse,
  EnvironmentResources,
} from './AwsApi';

/** {@link AwsApi} over HTTP, with the signed-in user's token from the fetch API. */
export class DefaultAwsApi implements AwsApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;

  static create(options: {
    discoveryApi: DiscoveryApi;
    fetchApi: FetchApi;
  }): DefaultAwsApi {
    return new DefaultAwsApi(options);
  }

  private constructor(options: {
    discoveryApi: DiscoveryApi;
    fetchApi: FetchApi;
  }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  async getEnvironments(): Promise<ShipyardEnvironment[]> {
    const body = await this.request<{ items: ShipyardEnvironment[] }>(
      'GET',
      '/environments',
    );
    return body.items;
  }

  async getComponentResources(
    entityRef: CompoundEntityRef,
  ): Promise<ComponentResourcesResponse> {
    return this.request('GET', `${componentPath(entityRef)}/resources`);
  }

  async refreshComponentResources(
    entityRef: CompoundEntityRef,
    environment: string,
  ): Promise<EnvironmentResources> {
    const body = await this.request<ComponentResourcesResponse>(
      'POST',
      `${componentPath(
        entityRef,
      )}/resources/refresh?environment=${encodeURIComponent(environment)}`,
    );
    const item = body.items.find(i => i.environment === environment);
    if (!item) {
      throw new Error(
        `The refresh of ${environment} answered no item for that environment`,
      );
    }
    return item;
  }

  private async request<T>(method: 'GET' | 'POST', path: string): Promise<T> {
    const baseUrl = await this.discoveryApi.getBaseUrl('aws');
    const response = await this.fetchApi.fetch(`${baseUrl}${path}`, {
      method,
    });
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }
}

// Kinds compare case-insensitively; the lower case matches the catalog's own URLs.
function componentPath(ref: CompoundEntityRef): string {
  return `/components/${[
    ref.namespace,
    ref.kind.toLocaleLowerCase('en-US'),
    ref.name,
  ]
    .map(encodeURIComponent)
    .join('/')}`;
}
