import { InputError } from '@backstage/errors';
import { ScmIntegrationRegistry } from '@backstage/integration';
import { parseRepoUrl } from '@backstage/plugin-scaffolder-node';

/** A GitLab project named by a RepoUrlPicker value, and where its GitLab is. */
export interface GitlabProjectLocation {
  host: string;
  /** The GitLab base URL from the host's integration, e.g. https://gitlab.example.com */
  baseUrl: string;
  /** `<group path>/<project>`, e.g. northwind/storefront/returns-api */
  projectPath: string;
}

/**
 * Reads a RepoUrlPicker value (`host?owner=<group path>&repo=<name>`) with the scaffolder's
 * `parseRepoUrl` (which refuses a malformed value, a host without an integration and a missing
 * owner or repo) and finds the host's GitLab integration, whose base URL the calls go to.
 */
export function parseGitlabRepoUrl(
  repoUrl: unknown,
  integrations: ScmIntegrationRegistry,
): GitlabProjectLocation {
  // parseRepoUrl would read undefined as the host "undefined".
  if (typeof repoUrl !== 'string' || repoUrl.trim() === '') {
    throw new InputError(
      'repoUrl is required, in the RepoUrlPicker format <host>?owner=<group path>&repo=<project>',
    );
  }
  const { host, owner, repo } = parseRepoUrl(repoUrl, integrations);
  const integration = integrations.gitlab.byHost(host);
  if (!integration) {
    throw new InputError(
      `repoUrl host ${host} is not a GitLab host of this portal; use one of ${
        integrations.gitlab
          .list()
          .map(i => i.config.host)
          .join(', ') || '(none configured in integrations.gitlab)'
      }`,
    );
  }
  // For GitLab, parseRepoUrl also accepts ?project=<id> without an owner; variables are set by path.
  if (!owner) {
    throw new InputError(
      `repoUrl "${repoUrl}" must name the group and the project: ${host}?owner=<group path>&repo=<project>`,
    );
  }
  return {
    host,
    baseUrl: integration.config.baseUrl,
    projectPath: `${owner}/${repo}`,
  };
}
