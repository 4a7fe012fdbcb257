import { createPermission } from '@backstage/plugin-permission-common';

/**
 * Reads a service's GuardDuty findings in detail. A resource permission on
 * the catalog entity, so that a policy can decide by owner: Shipyard's policy
 * allows SREs, the configured security groups and the owning team's
 * developers; managers only when configuration says so (see its
 * `decisionTable`). An unconditional allow also opens the platform findings
 * (those attributed to no component). The security backend filters every
 * list by it on the server.
 *
 * @public
 */
export const securityFindingsReadPermission = createPermission({
  name: 'security.findings.read',
  attributes: { action: 'read' },
  resourceType: 'catalog-entity',
});

/**
 * Counts every service's findings (per environment, band, team and service)
 * without reading them: managers, SREs and the security groups. A caller
 * without it counts only the findings they may read.
 *
 * @public
 */
export const securityOverviewReadPermission = createPermission({
  name: 'security.overview.read',
  attributes: { action: 'read' },
});

/**
 * Every permission of the security plugin.
 *
 * @public
 */
export const securityPermissions = [
  securityFindingsReadPermission,
  securityOverviewReadPermission,
];
