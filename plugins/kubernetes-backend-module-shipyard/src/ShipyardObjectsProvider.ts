import {
  AuthService,
  BackstageCredentials,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, NotAllowedError } from '@backstage/errors';
import { ObjectsByEntityResponse } from '@backstage/plugin-kubernetes-common';
import {
  CustomResourcesByEntity,
  KubernetesObjectsByEntity,
  KubernetesObjectsProvider,
} from '@backstage/plugin-kubernetes-node';
import { ownerAndSystemOf } from '@internal/plugin-aws-node';
import { RoleMapping } from '@internal/plugin-permission-backend-module-shipyard-policy';

/**
 * Plurals never fetched, whatever the group: ConfigMaps and Secrets hold
 * configuration and credentials, not workload state. Singulars too, in case a
 * cluster's API accepts them.
 */
const REFUSED_PLURALS = new Set([
  'configmaps',
  'configmap',
  'secrets',
  'secret',
]);

/**
 * The Kubernetes plugin's objects provider with Shipyard's limits around the
 * default one. The plugin checks `kubernetes.resources.read` without the
 * entity, so the policy cannot narrow it to the owning team, and its custom
 * resource query fetches whatever types the request names. Here a component's
 * resources are read only by its owning team (the entity's `spec.owner` among
 * the user's ownership refs) and by SREs (the permission policy's
 * {@link RoleMapping}), and ConfigMaps and Secrets are never fetched.
 *
 * The plugin passes the catalog's entity in every route (the `/services`
 * route replaces a body's entity with the catalog's), so the owner is the
 * catalog's.
 *
 * @public
 */
export class ShipyardObjectsProvider implements KubernetesObjectsProvider {
  static create(options: {
    provider: KubernetesObjectsProvider;
    auth: AuthService;
    userInfo: UserInfoService;
    roles: RoleMapping;
  }): ShipyardObjectsProvider {
    return new ShipyardObjectsProvider(
      options.provider,
      options.auth,
      options.userInfo,
      options.roles,
    );
  }

  private constructor(
    private readonly provider: KubernetesObjectsProvider,
    private readonly auth: AuthService,
    private readonly userInfo: UserInfoService,
    private readonly roles: RoleMapping,
  ) {}

  async getKubernetesObjectsByEntity(
    request: KubernetesObjectsByEntity,
    options: { credentials: BackstageCredentials },
  ): Promise<ObjectsByEntityResponse> {
    await this.assertMayRead(request.entity, options.credentials);
    return this.provider.getKubernetesObjectsByEntity(request, options);
  }

  async getCustomResourcesByEntity(
    request: CustomResourcesByEntity,
    options: { credentials: BackstageCredentials },
  ): Promise<ObjectsByEntityResponse> {
    for (const resource of request.customResources as unknown[]) {
      const { group, apiVersion, plural } = (resource ?? {}) as Record<
        string,
        unknown
      >;
      if (
        typeof group !== 'string' ||
        typeof apiVersion !== 'string' ||
        typeof plural !== 'string'
      ) {
        throw new InputError(
          'each of customResources must have a string group, apiVersion and plural',
        );
      }
      if (REFUSED_PLURALS.has(plural.trim().toLocaleLowerCase('en-US'))) {
        throw new NotAllowedError(
          `ConfigMaps and Secrets are not readable through the portal; refused: ${
            group ? `${group}/` : ''
          }${plural}`,
        );
      }
    }
    await this.assertMayRead(request.entity, options.credentials);
    return this.provider.getCustomResourcesByEntity(request, options);
  }

  private async assertMayRead(
    entity: Entity | undefined,
    credentials: BackstageCredentials,
  ): Promise<void> {
    // Services have no team; a plugin or token that needs these reads acts for a user.
    if (!this.auth.isPrincipal(credentials, 'user')) {
      throw new NotAllowedError(
        "Only users may read a component's Kubernetes resources",
      );
    }
    const { ownershipEntityRefs } = await this.userInfo.getUserInfo(
      credentials,
    );
    if (this.roles.roleOf(ownershipEntityRefs) === 'sre') {
      return;
    }
    const owner = entity && ownerAndSystemOf(entity).owner;
    const claims = ownershipEntityRefs.map(ref =>
      ref.toLocaleLowerCase('en-US'),
    );
    if (!owner || !claims.includes(owner.toLocaleLowerCase('en-US'))) {
      throw new NotAllowedError(
        `Only the team that owns ${
          entity ? stringifyEntityRef(entity) : 'the entity'
        } and SREs may read its Kubernetes resources`,
      );
    }
  }
}
