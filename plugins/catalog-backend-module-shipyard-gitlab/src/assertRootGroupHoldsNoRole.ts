import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { Config } from '@backstage/config';
import { gitlabGroupEntityName } from './gitlabGroupEntityName';

const ROLES_KEY = 'shipyard.permissions.roles';

/**
 * Refuses a configuration in which the root group of a GitLab org provider holds a Shipyard role,
 * directly or because inherited memberships are ingested. Everyone in the organisation is a member
 * of the root group (managers and GitLab Guests included), so a role given to it is given to all
 * of them.
 *
 * @public
 */
export function assertRootGroupHoldsNoRole(config: Config): void {
  const providers = config.getOptionalConfig('catalog.providers.gitlab');
  const roots = (providers?.keys() ?? []).flatMap(id => {
    const provider = providers!.getConfig(id);
    const group = provider.getOptionalString('group');
    if (!provider.getOptionalBoolean('orgEnabled') || !group) {
      return [];
    }
    // GitLab's inherited members of a subgroup are the members of its ancestors: the root
    // group's members would be members of every group, those that hold roles included.
    if (
      provider.getOptionalBoolean('allowInherited') ||
      provider.getOptionalStringArray('relations')?.includes('INHERITED')
    ) {
      throw new Error(
        `catalog.providers.gitlab.${id} ingests inherited group memberships (allowInherited or relations INHERITED): every member of ${group} would be a member of every subgroup, the groups that hold roles included; ingest direct memberships only (docs/configuration.md#shipyardpermissionsroles)`,
      );
    }
    return [`group:default/${gitlabGroupEntityName(group)}`];
  });
  const roles = config.getOptionalConfig(ROLES_KEY);
  for (const role of roles?.keys() ?? []) {
    for (const ref of roles!.getOptionalStringArray(role) ?? []) {
      const normalized = normalizeRef(ref);
      if (normalized && roots.includes(normalized)) {
        throw new Error(
          `${ROLES_KEY}.${role} lists ${ref}, the root group of the GitLab org ingestion: every member of the organisation would be ${role}; list the groups that hold the role instead (docs/configuration.md#shipyardpermissionsroles)`,
        );
      }
    }
  }
}

/** Refs compared as the permission policy compares them; a malformed one is the policy's to refuse. */
function normalizeRef(ref: string): string | undefined {
  try {
    return stringifyEntityRef(
      parseEntityRef(ref, {
        defaultKind: 'group',
        defaultNamespace: 'default',
      }),
    ).toLocaleLowerCase('en-US');
  } catch {
    return undefined;
  }
}
