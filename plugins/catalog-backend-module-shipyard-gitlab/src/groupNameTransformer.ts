import { GroupNameTransformer } from '@backstage/plugin-catalog-backend-module-gitlab';
import { gitlabGroupEntityName } from './gitlabGroupEntityName';

/**
 * Names GitLab groups by their full path (see {@link gitlabGroupEntityName}), where the GitLab
 * module's default drops the configured root group and turns `/` into `-`, so that
 * `platform/sre` and `platform-sre` become the same group.
 *
 * @public
 */
export const groupNameTransformer: GroupNameTransformer = ({ group }) =>
  gitlabGroupEntityName(group.full_path);
