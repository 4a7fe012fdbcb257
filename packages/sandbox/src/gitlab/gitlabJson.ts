import type { GitCommit } from './GitRepositories';
import type {
  GitlabNamespace,
  GitlabProject,
  GitlabProtectedBranch,
  GitlabStore,
  GitlabUser,
  GitlabVariable,
} from './GitlabStore';

/** The JSON shapes of GitLab's API v4 for the stand-in's objects. */

const iso = (d: Date) => d.toISOString();

const ACCESS_NAMES: Record<number, string> = {
  0: 'No access',
  10: 'Guest',
  20: 'Reporter',
  30: 'Developers + Maintainers',
  40: 'Maintainers',
  50: 'Owner',
};

export function userJson(user: GitlabUser, baseUrl: string, self = false) {
  return {
    id: user.id,
    username: user.username,
    name: user.name,
    state: 'active',
    locked: false,
    avatar_url: null,
    web_url: `${baseUrl}/${user.username}`,
    ...(self && {
      created_at: iso(user.createdAt),
      bio: '',
      public_email: user.email,
      email: user.email,
      commit_email: user.email,
      is_admin: user.isAdmin,
      bot: user.isAdmin,
      can_create_group: user.isAdmin,
      can_create_project: true,
      two_factor_enabled: false,
      external: false,
      private_profile: false,
    }),
  };
}

export function namespaceJson(
  store: GitlabStore,
  ns: GitlabNamespace,
  baseUrl: string,
) {
  return {
    id: ns.id,
    name: ns.name,
    path: ns.path,
    kind: ns.kind,
    full_path: ns.fullPath,
    parent_id: ns.parentId ?? null,
    avatar_url: null,
    web_url: `${baseUrl}/${ns.kind === 'user' ? '' : 'groups/'}${ns.fullPath}`,
    ...(ns.kind === 'group' && {
      members_count_with_descendants: new Set(
        store.namespaces
          .filter(n => store.ancestry(n).includes(ns))
          .flatMap(n => [...store.groupMembersOf(n).keys()]),
      ).size,
    }),
  };
}

export function groupJson(ns: GitlabNamespace, baseUrl: string) {
  return {
    id: ns.id,
    web_url: `${baseUrl}/groups/${ns.fullPath}`,
    name: ns.name,
    path: ns.path,
    description: ns.description,
    visibility: ns.visibility,
    full_name: ns.fullPath,
    full_path: ns.fullPath,
    parent_id: ns.parentId ?? null,
    created_at: iso(ns.createdAt),
    avatar_url: null,
    project_creation_level: 'developer',
    subgroup_creation_level: 'maintainer',
    default_branch: null,
  };
}

export function projectJson(
  store: GitlabStore,
  project: GitlabProject,
  baseUrl: string,
  extra: { emptyRepo: boolean },
) {
  const ns = store.namespace(project.namespaceId)!;
  const fullPath = `${ns.fullPath}/${project.path}`;
  const host = new URL(baseUrl).host;
  const webUrl = `${baseUrl}/${fullPath}`;
  return {
    id: project.id,
    description: project.description ?? null,
    name: project.name,
    name_with_namespace: `${ns.name} / ${project.name}`,
    path: project.path,
    path_with_namespace: fullPath,
    created_at: iso(project.createdAt),
    default_branch: project.defaultBranch,
    tag_list: project.topics,
    topics: project.topics,
    ssh_url_to_repo: `git@${host}:${fullPath}.git`,
    http_url_to_repo: `${webUrl}.git`,
    web_url: webUrl,
    readme_url: null,
    avatar_url: null,
    forks_count: 0,
    star_count: 0,
    last_activity_at: iso(project.lastActivityAt),
    namespace: namespaceJson(store, ns, baseUrl),
    visibility: project.visibility,
    creator_id: project.creatorId,
    empty_repo: extra.emptyRepo,
    archived: false,
    ci_config_path: (project.settings.ci_config_path as string) ?? null,
    _links: {
      self: `${baseUrl}/api/v4/projects/${project.id}`,
      repo_branches: `${baseUrl}/api/v4/projects/${project.id}/repository/branches`,
      members: `${baseUrl}/api/v4/projects/${project.id}/members`,
    },
  };
}

export function variableJson(variable: GitlabVariable) {
  return {
    variable_type: variable.variableType,
    key: variable.key,
    // Hidden variables' values are never shown again, as in GitLab.
    value: variable.hidden ? null : variable.value,
    hidden: variable.hidden,
    protected: variable.protected,
    masked: variable.masked,
    raw: variable.raw,
    environment_scope: variable.environmentScope,
    description: variable.description ?? null,
  };
}

export function commitJson(commit: GitCommit, webBase: string) {
  return {
    id: commit.id,
    short_id: commit.id.slice(0, 8),
    title: commit.title,
    message: commit.message,
    author_name: commit.authorName,
    author_email: commit.authorEmail,
    authored_date: commit.authoredDate,
    committer_name: commit.committerName,
    committer_email: commit.committerEmail,
    committed_date: commit.committedDate,
    created_at: commit.committedDate,
    parent_ids: commit.parentIds,
    web_url: `${webBase}/-/commit/${commit.id}`,
  };
}

export function protectedBranchJson(branch: GitlabProtectedBranch) {
  const level = (access_level: number) => [
    { access_level, access_level_description: ACCESS_NAMES[access_level] },
  ];
  return {
    id: branch.id,
    name: branch.name,
    push_access_levels: level(branch.pushAccessLevel),
    merge_access_levels: level(branch.mergeAccessLevel),
    allow_force_push: false,
    code_owner_approval_required: false,
  };
}
