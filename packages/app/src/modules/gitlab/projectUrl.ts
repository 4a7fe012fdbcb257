/** A GitLab project as the scaffolder's repository URL names it: `host?owner=<group>&repo=<name>`. */
export interface ProjectRef {
  host: string;
  owner: string;
  repo: string;
}

/** The scaffolder's repository URL of a project (what `publish:gitlab` takes as `repoUrl`). */
export function projectUrl(ref: ProjectRef): string {
  const query = new URLSearchParams({ owner: ref.owner, repo: ref.repo });
  return `${ref.host}?${query.toString()}`;
}

/** The parts of a repository URL, or undefined when there is none or it is not one. */
export function parseProjectUrl(
  url: string | undefined,
): ProjectRef | undefined {
  if (!url) return undefined;
  const [host, query] = url.split('?', 2);
  if (!host || query === undefined) return undefined;
  const params = new URLSearchParams(query);
  return {
    host,
    owner: params.get('owner') ?? '',
    repo: params.get('repo') ?? '',
  };
}
