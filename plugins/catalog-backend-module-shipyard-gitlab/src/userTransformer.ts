import { UserEntity } from '@backstage/catalog-model';
import { UserTransformer } from '@backstage/plugin-catalog-backend-module-gitlab';
import { groupNameTransformer } from './groupNameTransformer';

/**
 * The GitLab module's user entities, with memberships named by {@link groupNameTransformer}:
 * the provider's default name transformer, handed in the options, is ignored, since a
 * membership must name the same group entity that `groupEntitiesTransformer` emits.
 *
 * @public
 */
export const userTransformer: UserTransformer = ({
  user,
  integrationConfig,
  providerConfig,
}) => {
  const annotations: Record<string, string> = {
    [`${integrationConfig.host}/user-login`]: user.web_url,
    [`${integrationConfig.host}/user-id`]: user.id.toString(),
  };
  if (user.group_saml_identity?.extern_uid) {
    annotations[`${integrationConfig.host}/saml-external-uid`] =
      user.group_saml_identity.extern_uid;
  }
  const entity: UserEntity = {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name: user.username, annotations },
    spec: {
      profile: {
        displayName: user.name || undefined,
        picture: user.avatar_url || undefined,
        ...(user.email ? { email: user.email } : {}),
      },
      memberOf: (user.groups ?? []).map(group =>
        groupNameTransformer({ group, providerConfig }),
      ),
    },
  };
  return entity;
};
