import { jsonResponse, type GitlabCall, type GitlabRoute } from './GitlabCall';
import { GitlabError } from './GitlabError';
import { ACCESS } from './gitlabSeed';
import { projectJson, protectedBranchJson, userJson } from './gitlabJson';
import { paginateGitlab } from './paginateGitlab';
import {
  projectWithAccess,
  readableProject,
  requireUser,
  visibleProject,
} from './projectAccess';
import { renderProject, searchProjects } from './renderProject';

const VISIBILITIES = ['private', 'internal', 'public'] as const;

/** GitLab's rule for project paths. */
const PATH_PATTERN = /^[a-zA-Z0-9_.][a-zA-Z0-9_.-]*$/;
const PATH_MESSAGE =
  "can contain only letters, digits, '_', '-' and '.'. Cannot start with '-', end in '.git' or end in '.atom'";

/** The path GitLab derives from a name when none is given. */
function pathFromName(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9_.-]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

async function createProject(call: GitlabCall) {
  const user = requireUser(call);
  const { input, store } = call;
  const givenName = input.string('name');
  const givenPath = input.string('path');
  if (!givenName && !givenPath) {
    throw new GitlabError(400, {
      error: 'name, path are missing, at least one parameter must be provided',
    });
  }
  const path = givenPath ?? pathFromName(givenName!);
  const name = givenName ?? path;
  if (!PATH_PATTERN.test(path) || /\.(git|atom)$/.test(path)) {
    throw GitlabError.invalid({ path: [PATH_MESSAGE] });
  }
  const namespaceId = input.string('namespace_id');
  const namespace =
    namespaceId === undefined
      ? store.namespace(user.namespaceId)!
      : store.findNamespace(namespaceId);
  if (!namespace || !store.canSeeNamespace(user, namespace)) {
    throw GitlabError.notFound('Namespace');
  }
  // GitLab's API answers a namespace the caller may not create projects in with this
  // validation error (Projects::CreateService), not with a 403.
  if (!store.canCreateProjectIn(user, namespace)) {
    throw GitlabError.invalid({ namespace: ['is not valid'] });
  }
  const siblings = store.projects.filter(p => p.namespaceId === namespace.id);
  const taken: Record<string, string[]> = {};
  if (siblings.some(p => p.name.toLowerCase() === name.toLowerCase())) {
    taken.name = ['has already been taken'];
  }
  if (siblings.some(p => p.path.toLowerCase() === path.toLowerCase())) {
    taken.path = ['has already been taken'];
  }
  if (Object.keys(taken).length > 0) throw GitlabError.invalid(taken);

  const visibility = input.oneOf('visibility', VISIBILITIES) ?? 'private';
  const defaultBranch = input.string('default_branch') ?? 'main';
  if (!(await call.repos.isValidBranchName(defaultBranch))) {
    throw GitlabError.badParameter('default_branch');
  }
  const { name: _n, path: _p, namespace_id: _ns, ...settings } = input.all();
  const project = store.addProject({
    name,
    path,
    namespaceId: namespace.id,
    description: input.string('description'),
    visibility,
    defaultBranch,
    creatorId: user.id,
    createdAt: call.now,
    topics: input.stringList('topics') ?? input.stringList('tag_list') ?? [],
    settings,
  });
  // The creator of a project in a group becomes its Maintainer, as in GitLab.
  if (store.projectAccess(user, project) < ACCESS.maintainer) {
    project.members.set(user.id, ACCESS.maintainer);
  }
  const fullPath = store.fullPath(project);
  await call.repos.create(fullPath, defaultBranch);
  store.record({
    at: call.now.toISOString(),
    actor: user.username,
    action: 'project.create',
    project: fullPath,
  });
  return jsonResponse(
    201,
    projectJson(store, project, call.baseUrl, { emptyRepo: true }),
  );
}

/** Projects, their members, protected branches and (empty) pipelines. */
export const projectRoutes: GitlabRoute[] = [
  {
    method: 'GET',
    path: '/projects',
    operation: 'allProjects',
    handle: async call => {
      const membership = call.input.boolean('membership') ?? false;
      const owned = call.input.boolean('owned') ?? false;
      const projects = searchProjects(call, call.store.projects).filter(
        p =>
          (!membership || call.store.projectAccess(call.user, p) > 0) &&
          (!owned || p.creatorId === call.user?.id),
      );
      return paginateGitlab(call, projects, p => renderProject(call, p));
    },
  },
  {
    method: 'GET',
    path: '/projects/:id',
    operation: 'showProject',
    handle: async call => {
      return jsonResponse(200, await renderProject(call, visibleProject(call)));
    },
  },
  {
    method: 'POST',
    path: '/projects',
    operation: 'createProject',
    handle: createProject,
  },
  {
    method: 'POST',
    path: '/projects/:id/members',
    operation: 'addProjectMember',
    handle: call => {
      const { project, user } = projectWithAccess(call, ACCESS.maintainer);
      call.input.require('user_id', 'access_level');
      const level = call.input.integer('access_level')!;
      if (!Object.values(ACCESS).includes(level as never)) {
        throw GitlabError.badParameter(
          'access_level',
          'does not have a valid value',
        );
      }
      // Only an Owner may grant Owner.
      if (level > call.store.projectAccess(user, project)) {
        throw GitlabError.forbidden();
      }
      const member = call.store.user(call.input.integer('user_id')!);
      if (!member) throw GitlabError.notFound('User');
      if (project.members.has(member.id)) {
        throw new GitlabError(409, { message: 'Member already exists' });
      }
      project.members.set(member.id, level);
      call.store.record({
        at: call.now.toISOString(),
        actor: user.username,
        action: 'project.member.add',
        project: call.store.fullPath(project),
        details: { username: member.username, accessLevel: level },
      });
      return jsonResponse(201, {
        ...userJson(member, call.baseUrl),
        access_level: level,
      });
    },
  },
  {
    method: 'GET',
    path: '/projects/:id/pipelines',
    operation: 'allPipelines',
    handle: call => {
      readableProject(call);
      // No CI runs here: the list is always empty.
      return paginateGitlab(call, [], p => p);
    },
  },
  {
    method: 'GET',
    path: '/projects/:id/protected_branches',
    operation: 'allProtectedBranches',
    handle: call => {
      const project = readableProject(call);
      return paginateGitlab(
        call,
        project.protectedBranches,
        protectedBranchJson,
      );
    },
  },
  {
    method: 'POST',
    path: '/projects/:id/protected_branches',
    operation: 'protectBranch',
    handle: call => {
      const { project, user } = projectWithAccess(call, ACCESS.maintainer);
      call.input.require('name');
      const name = call.input.string('name')!;
      if (project.protectedBranches.some(b => b.name === name)) {
        throw new GitlabError(409, {
          message: `Protected branch '${name}' already exists`,
        });
      }
      const levels = [0, ACCESS.developer, ACCESS.maintainer];
      const level = (param: string) => {
        const value = call.input.integer(param) ?? ACCESS.maintainer;
        if (!levels.includes(value)) {
          throw GitlabError.badParameter(param, 'does not have a valid value');
        }
        return value;
      };
      const branch = call.store.protectBranch(project, {
        name,
        pushAccessLevel: level('push_access_level'),
        mergeAccessLevel: level('merge_access_level'),
      });
      call.store.record({
        at: call.now.toISOString(),
        actor: user.username,
        action: 'branch.protect',
        project: call.store.fullPath(project),
        details: { branch: name },
      });
      return jsonResponse(201, protectedBranchJson(branch));
    },
  },
];
