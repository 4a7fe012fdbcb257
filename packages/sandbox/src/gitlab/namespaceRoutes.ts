import { jsonResponse, type GitlabCall, type GitlabRoute } from './GitlabCall';
import { GitlabError } from './GitlabError';
import type { GitlabNamespace } from './GitlabStore';
import { groupJson, namespaceJson, userJson } from './gitlabJson';
import { paginateGitlab } from './paginateGitlab';
import { requireUser } from './projectAccess';
import { renderProject, searchProjects } from './renderProject';

function visibleNamespace(call: GitlabCall, kind?: 'group'): GitlabNamespace {
  const ns = call.store.findNamespace(call.params.id);
  if (
    !ns ||
    (kind && ns.kind !== kind) ||
    !call.store.canSeeNamespace(call.user, ns)
  ) {
    throw GitlabError.notFound(kind === 'group' ? 'Group' : 'Namespace');
  }
  return ns;
}

function search(call: GitlabCall, items: GitlabNamespace[]): GitlabNamespace[] {
  const term = call.input.string('search')?.toLowerCase();
  return term
    ? items.filter(
        n =>
          n.fullPath.toLowerCase().includes(term) ||
          n.name.toLowerCase().includes(term),
      )
    : items;
}

/** Users, namespaces and groups: what `publish:gitlab` looks up before it creates a project. */
export const namespaceRoutes: GitlabRoute[] = [
  {
    method: 'GET',
    path: '/user',
    operation: 'showCurrentUser',
    handle: call =>
      jsonResponse(200, userJson(requireUser(call), call.baseUrl, true)),
  },
  {
    method: 'GET',
    path: '/users',
    operation: 'allUsers',
    handle: call => {
      const username = call.input.string('username')?.toLowerCase();
      const term = call.input.string('search')?.toLowerCase();
      const users = call.store.users.filter(
        u =>
          (!username || u.username.toLowerCase() === username) &&
          (!term ||
            u.username.toLowerCase().includes(term) ||
            u.name.toLowerCase().includes(term)),
      );
      return paginateGitlab(call, users, u => userJson(u, call.baseUrl));
    },
  },
  {
    method: 'GET',
    path: '/users/:id',
    operation: 'showUser',
    handle: call => {
      const user = /^\d+$/.test(call.params.id)
        ? call.store.user(Number(call.params.id))
        : undefined;
      if (!user) throw GitlabError.notFound('User');
      return jsonResponse(
        200,
        userJson(user, call.baseUrl, call.user?.isAdmin),
      );
    },
  },
  {
    method: 'GET',
    path: '/users/:id/projects',
    operation: 'allUserProjects',
    handle: async call => {
      const user = /^\d+$/.test(call.params.id)
        ? call.store.user(Number(call.params.id))
        : call.store.userByUsername(call.params.id);
      if (!user) throw GitlabError.notFound('User');
      const projects = searchProjects(
        call,
        call.store.projects.filter(p => p.namespaceId === user.namespaceId),
      );
      return paginateGitlab(call, projects, p => renderProject(call, p));
    },
  },
  {
    method: 'GET',
    path: '/namespaces',
    operation: 'allNamespaces',
    handle: call => {
      const user = requireUser(call);
      const mine = call.store.namespaces.filter(n =>
        user.isAdmin ? true : call.store.namespaceAccess(user, n) > 0,
      );
      return paginateGitlab(call, search(call, mine), n =>
        namespaceJson(call.store, n, call.baseUrl),
      );
    },
  },
  {
    method: 'GET',
    path: '/namespaces/:id',
    operation: 'showNamespace',
    handle: call => {
      requireUser(call);
      return jsonResponse(
        200,
        namespaceJson(call.store, visibleNamespace(call), call.baseUrl),
      );
    },
  },
  {
    method: 'GET',
    path: '/groups',
    operation: 'allGroups',
    handle: call => {
      const groups = call.store.namespaces.filter(
        n => n.kind === 'group' && call.store.canSeeNamespace(call.user, n),
      );
      return paginateGitlab(call, search(call, groups), g =>
        groupJson(g, call.baseUrl),
      );
    },
  },
  {
    method: 'GET',
    path: '/groups/:id',
    operation: 'showGroup',
    handle: call =>
      jsonResponse(
        200,
        groupJson(visibleNamespace(call, 'group'), call.baseUrl),
      ),
  },
  {
    method: 'GET',
    path: '/groups/:id/subgroups',
    operation: 'allSubgroups',
    handle: call => {
      const group = visibleNamespace(call, 'group');
      const children = call.store.namespaces.filter(
        n =>
          n.parentId === group.id && call.store.canSeeNamespace(call.user, n),
      );
      return paginateGitlab(call, search(call, children), g =>
        groupJson(g, call.baseUrl),
      );
    },
  },
  {
    method: 'GET',
    path: '/groups/:id/projects',
    operation: 'allGroupProjects',
    handle: async call => {
      const group = visibleNamespace(call, 'group');
      const withSubgroups = call.input.boolean('include_subgroups') ?? false;
      const projects = searchProjects(
        call,
        call.store.projects.filter(p => {
          const ns = call.store.namespace(p.namespaceId)!;
          return withSubgroups
            ? call.store.ancestry(ns).includes(group)
            : ns === group;
        }),
      );
      return paginateGitlab(call, projects, p => renderProject(call, p));
    },
  },
  {
    method: 'GET',
    path: '/groups/:id/members',
    operation: 'allGroupMembers',
    handle: call => {
      const group = visibleNamespace(call, 'group');
      const members = [...call.store.groupMembersOf(group)].map(
        ([userId, level]) => ({
          ...userJson(call.store.user(userId)!, call.baseUrl),
          access_level: level,
        }),
      );
      return paginateGitlab(call, members, m => m);
    },
  },
];
