import { Entity } from '@backstage/catalog-model';

/** A catalog entity in the default namespace, owned by team-storefront. */
export function catalogEntity(
  kind: string,
  name: string,
  annotations: Record<string, string> = {},
  type = 'service',
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind,
    metadata: { name, namespace: 'default', annotations },
    spec: { type, owner: 'team-storefront', lifecycle: 'production' },
  };
}

/** A service that runs on ECS: the plugins' entity views apply to it. */
export const checkoutApi = catalogEntity('Component', 'checkout-api', {
  'shipyard.io/runtime': 'ecs',
});
