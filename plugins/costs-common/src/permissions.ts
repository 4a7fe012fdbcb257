import { createPermission } from '@backstage/plugin-permission-common';

/**
 * Reads a service's AWS costs. A resource permission on the catalog entity,
 * so that a policy can decide by owner: Shipyard's policy allows SREs and
 * managers, the owning team's developers, and nobody else (see its
 * `decisionTable`). The costs backend authorizes every service it serves,
 * and leaves the others out of portfolio views.
 *
 * @public
 */
export const costsReadPermission = createPermission({
  name: 'costs.read',
  attributes: { action: 'read' },
  resourceType: 'catalog-entity',
});

/**
 * Every permission of the costs plugin.
 *
 * @public
 */
export const costsPermissions = [costsReadPermission];
