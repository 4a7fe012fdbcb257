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
 * Reads a RepoUrlPicker value (`host?owner=<group path>&repo=<name>`) and
 * finds the host's GitLab integration, whose base URL the calls go to.
 */
export function parseGitlabRepoUrl(
  repoUrl: unknown,
  integrations: ScmIntegrationRegistry,
): GitlabProjectLocation {
  if (typeof repoUrl !== 'string' || repoUrl.trim() === '') {
    throw new InputError(
      'repoUrl is required, in the RepoUrlPicker format <host>?owner=<group path>&repo=<project>',
    );
  }
  // Throws InputError naming the host when no integration serves it.
  const { host, owner, repo } = parseRepoUrl(repoUrl, integrations);
  const integration = integrations.gitlab.byHost(host);
  if (!integration) {
    throw new InputError(
      `repoUrl host ${host} is not a GitLab host; add it to integrations.gitlab or use a GitLab repository location`,
    );
  }
  if (!owner || !repo) {
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
