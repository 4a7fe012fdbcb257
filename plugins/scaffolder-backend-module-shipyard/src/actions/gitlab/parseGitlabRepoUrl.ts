import { InputError } from '@backstage/errors';
import { ScmIntegrationRegistry } from '@backstage/integration';

/** A GitLab project named by a RepoUrlPicker value, and where its GitLab is. */
export interface GitlabProjectLocation {
  host: string;
  /** The GitLab base URL from the host's integration, e.g. https://gitlab.example.com */
  baseUrl: string;
  /** `<group path>/<project>`, e.g. northwind/storefront/returns-api */
  projectPath: string;
}

const FORMAT = '<host>?owner=<group path>&repo=<project>';

const trimSlashes = (value: string | null) =>
  value?.replace(/^\/+|\/+$/g, '') || undefined;

/**
 * Reads a RepoUrlPicker value (`host?owner=<group path>&repo=<name>`) and
 * finds the host's GitLab integration, whose base URL the calls go to. (The
 * scaffolder's parseRepoUrl would do, but its messages speak of a
 * "publisher".)
 */
export function parseGitlabRepoUrl(
  repoUrl: unknown,
  integrations: ScmIntegrationRegistry,
): GitlabProjectLocation {
  if (typeof repoUrl !== 'string' || repoUrl.trim() === '') {
    throw new InputError(
      `repoUrl is required, in the RepoUrlPicker format ${FORMAT}`,
    );
  }
  let url: URL;
  try {
    url = new URL(`https://${repoUrl}`);
  } catch {
    throw new InputError(
      `repoUrl "${repoUrl}" is not in the RepoUrlPicker format ${FORMAT}`,
    );
  }
  const integration = integrations.gitlab.byHost(url.host);
  if (!integration) {
    throw new InputError(
      `repoUrl host ${
        url.host
      } is not a GitLab host of this portal; use one of ${
        integrations.gitlab
          .list()
          .map(i => i.config.host)
          .join(', ') || '(none configured in integrations.gitlab)'
      }`,
    );
  }
  const owner = trimSlashes(url.searchParams.get('owner'));
  const repo = trimSlashes(url.searchParams.get('repo'));
  if (!owner || !repo) {
    throw new InputError(
      `repoUrl "${repoUrl}" must name the group and the project: ${url.host}?owner=<group path>&repo=<project>`,
    );
  }
  return {
    host: url.host,
    baseUrl: integration.config.baseUrl,
    projectPath: `${owner}/${repo}`,
  };
}
