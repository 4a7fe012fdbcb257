import type { GitlabCall } from './GitlabCall';
import type { GitlabProject } from './GitlabStore';
import { projectJson } from './gitlabJson';

/** A project as the API shows it; whether its repository is empty is asked of git. */
export async function renderProject(
  call: GitlabCall,
  project: GitlabProject,
): Promise<unknown> {
  const branches = await call.repos.branches(call.store.fullPath(project));
  return projectJson(call.store, project, call.baseUrl, {
    emptyRepo: branches.size === 0,
  });
}

/** GitLab's `search` filter on projects: name or path containing it, case-insensitively. */
export function searchProjects(
  call: GitlabCall,
  projects: readonly GitlabProject[],
): GitlabProject[] {
  const search = call.input.string('search')?.toLowerCase();
  return projects
    .filter(p => call.store.canSeeProject(call.user, p))
    .filter(
      p =>
        !search ||
        p.name.toLowerCase().includes(search) ||
        p.path.toLowerCase().includes(search),
    )
    .sort((a, b) => b.id - a.id);
}
