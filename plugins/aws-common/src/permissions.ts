import { createPermission } from '@backstage/plugin-permission-common';

/**
 * Makes Shipyard look up one component's AWS resources now and store them:
 * it calls AWS and writes the database, so it is a mutation (`update`) of the
 * catalog entity whose resources are refreshed.
 *
 * The resource type is the catalog's (`RESOURCE_TYPE_CATALOG_ENTITY` of
 * `@backstage/plugin-catalog-common/alpha`, written out so that this package
 * does not depend on the catalog), so that a policy can answer with catalog
 * conditions such as `isEntityOwner`.
 *
 * @public
 */
export const awsComponentResourcesRefreshPermission = createPermission({
  name: 'aws.component.resources.refresh',
  attributes: { action: 'update' },
  resourceType: 'catalog-entity',
});

/**
 * Lets the caller see what went wrong inside Shipyard's AWS and Kubernetes
 * calls: the causes in error bodies and collector runs (assumed-role ARNs,
 * account ids, cluster URLs, AWS request ids) and the per-account call
 * totals and environment details of `/api/aws/status`. Everyone else gets a
 * message without internals and a reference to the server log. Not tied to
 * a resource: the diagnostics are the portal's, not an entity's.
 *
 * @public
 */
export const awsDiagnosticsReadPermission = createPermission({
  name: 'aws.diagnostics.read',
  attributes: { action: 'read' },
});

/**
 * Every permission of the aws plugin.
 *
 * @public
 */
export const awsPermissions = [
  awsComponentResourcesRefreshPermission,
  awsDiagnosticsReadPermission,
];
