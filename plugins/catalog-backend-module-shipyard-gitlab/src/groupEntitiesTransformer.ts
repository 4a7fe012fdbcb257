import { GroupEntity } from '@backstage/catalog-model';
import {
  GitLabGroup,
  GroupTransformer,
} from '@backstage/plugin-catalog-backend-module-gitlab';
import { groupNameTransformer } from './groupNameTransformer';

/**
 * The GitLab module's group entities, named by {@link groupNameTransformer}. The provider hands
 * its own (default) name transformer in the options; it is ignored so that groups, their parents
 * and users' memberships all use the same names.
 *
 * @public
 */
export const groupEntitiesTransformer: GroupTransformer = ({
  groups,
  providerConfig,
}) => {
  const byId = new Map(groups.map(group => [group.id, group]));
  const nameOf = (group: GitLabGroup) =>
    groupNameTransformer({ group, providerConfig });
  return groups.map(group => {
    const annotations: Record<string, string> = {
      [`${providerConfig.host}/team-path`]: group.full_path,
    };
    if (group.visibility !== undefined) {
      annotations[`${providerConfig.host}/visibility`] = group.visibility;
    }
    const parent =
      group.parent_id !== undefined ? byId.get(group.parent_id) : undefined;
    const entity: GroupEntity = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Group',
      metadata: {
        name: nameOf(group),
        annotations,
        ...(group.description ? { description: group.description } : {}),
      },
      spec: {
        type: 'team',
        children: [],
        profile: { displayName: group.name },
        ...(parent ? { parent: nameOf(parent) } : {}),
      },
    };
    return entity;
  });
};
