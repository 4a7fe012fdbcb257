import type { GitlabCall } from './GitlabCall';
import { GitlabError } from './GitlabError';
import type { GitlabProject, GitlabUser } from './GitlabStore';

/** The caller, or GitLab's 401 for an endpoint that needs one. */
export function requireUser(call: GitlabCall): GitlabUser {
  if (!call.user) throw GitlabError.unauthorized();
  return call.user;
}

/**
 * The project `:id` names, if the caller may see it; GitLab answers a project the caller may
 * not see exactly as one that does not exist.
 */
export function visibleProject(call: GitlabCall): GitlabProject {
  const project = call.store.findProject(call.params.id);
  if (!project || !call.store.canSeeProject(call.user, project)) {
    throw GitlabError.notFound('Project');
  }
  return project;
}

/** A project whose code the caller may read (Reporter+ on a private project). */
export function readableProject(call: GitlabCall): GitlabProject {
  const project = visibleProject(call);
  if (!call.store.canReadCode(call.user, project)) {
    throw GitlabError.forbidden();
  }
  return project;
}

/** A project on which the caller has at least `level`; 401 anonymous, 403 too low. */
export function projectWithAccess(
  call: GitlabCall,
  level: number,
): { project: GitlabProject; user: GitlabUser } {
  const project = visibleProject(call);
  const user = requireUser(call);
  if (call.store.projectAccess(user, project) < level) {
    throw GitlabError.forbidden();
  }
  return { project, user };
}
