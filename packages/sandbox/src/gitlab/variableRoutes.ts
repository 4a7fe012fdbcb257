import { jsonResponse, type GitlabCall, type GitlabRoute } from './GitlabCall';
import { GitlabError } from './GitlabError';
import type { GitlabProject, GitlabVariable } from './GitlabStore';
import { ACCESS } from './gitlabSeed';
import { variableJson } from './gitlabJson';
import { paginateGitlab } from './paginateGitlab';
import { projectWithAccess } from './projectAccess';

const KEY_PATTERN = /^[a-zA-Z0-9_]+$/;
const KEY_MESSAGE = "can contain only letters, digits and '_'.";
/** GitLab's rule for masked values: 8+ characters from this alphabet, on one line. */
const MASKABLE = /^[a-zA-Z0-9_:@\-+.~=/]{8,}$/;
const TYPES = ['env_var', 'file'] as const;

/**
 * The `filter[environment_scope]` parameter that picks one of several same-key variables, in the
 * query or form (`filter[environment_scope]=prod`) or a JSON body (`"filter":{...}`, gitbeaker).
 */
function scopeFilter(call: GitlabCall): string | undefined {
  const filter = call.input.all().filter;
  if (typeof filter === 'object' && filter !== null) {
    const scope = (filter as Record<string, unknown>).environment_scope;
    if (scope !== undefined && typeof scope !== 'string') {
      throw GitlabError.badParameter('filter[environment_scope]');
    }
    return scope;
  }
  return call.input.string('filter[environment_scope]');
}

/** The one variable `:key` (and the scope filter) name; 404 none, 409 ambiguous, as in GitLab. */
function findVariable(
  call: GitlabCall,
  project: GitlabProject,
): GitlabVariable {
  const scope = scopeFilter(call);
  const matches = project.variables.filter(
    v =>
      v.key === call.params.key &&
      (scope === undefined || v.environmentScope === scope),
  );
  if (matches.length === 0) throw GitlabError.notFound('Variable');
  if (matches.length > 1) {
    throw new GitlabError(409, {
      message:
        "There are multiple variables with provided parameters. Please use 'filter[environment_scope]'",
    });
  }
  return matches[0];
}

/** Applies the optional attributes of a create or update, validating them as GitLab does. */
function applyAttributes(call: GitlabCall, variable: GitlabVariable): void {
  const { input } = call;
  variable.value = input.string('value') ?? variable.value;
  variable.variableType =
    input.oneOf('variable_type', TYPES) ?? variable.variableType;
  variable.protected = input.boolean('protected') ?? variable.protected;
  variable.masked = input.boolean('masked') ?? variable.masked;
  variable.raw = input.boolean('raw') ?? variable.raw;
  variable.environmentScope =
    input.string('environment_scope') ?? variable.environmentScope;
  variable.description = input.string('description') ?? variable.description;
  if (variable.masked && !MASKABLE.test(variable.value)) {
    throw GitlabError.invalid({ value: ['is invalid'] });
  }
}

/**
 * Project CI/CD variables. Only Maintainers (and above) may list, read or change them; a
 * variable is unique by key and environment scope.
 */
export const variableRoutes: GitlabRoute[] = [
  {
    method: 'GET',
    path: '/projects/:id/variables',
    operation: 'allProjectVariables',
    handle: call => {
      const { project } = projectWithAccess(call, ACCESS.maintainer);
      return paginateGitlab(call, project.variables, variableJson);
    },
  },
  {
    method: 'GET',
    path: '/projects/:id/variables/:key',
    operation: 'showProjectVariable',
    handle: call => {
      const { project } = projectWithAccess(call, ACCESS.maintainer);
      return jsonResponse(200, variableJson(findVariable(call, project)));
    },
  },
  {
    method: 'POST',
    path: '/projects/:id/variables',
    operation: 'createProjectVariable',
    handle: call => {
      const { project, user } = projectWithAccess(call, ACCESS.maintainer);
      call.input.require('key', 'value');
      const key = call.input.string('key')!;
      if (key.length > 255 || !KEY_PATTERN.test(key)) {
        throw GitlabError.invalid({ key: [KEY_MESSAGE] });
      }
      const hidden = call.input.boolean('masked_and_hidden') ?? false;
      const variable: GitlabVariable = {
        key,
        value: '',
        variableType: 'env_var',
        protected: false,
        masked: hidden,
        hidden,
        raw: false,
        environmentScope: '*',
        createdBy: user.id,
        updatedBy: user.id,
      };
      applyAttributes(call, variable);
      if (
        project.variables.some(
          v =>
            v.key === key && v.environmentScope === variable.environmentScope,
        )
      ) {
        throw GitlabError.invalid({ key: [`(${key}) has already been taken`] });
      }
      project.variables.push(variable);
      call.store.record({
        at: call.now.toISOString(),
        actor: user.username,
        action: 'variable.create',
        project: call.store.fullPath(project),
        details: { key, environmentScope: variable.environmentScope },
      });
      return jsonResponse(201, variableJson(variable));
    },
  },
  {
    method: 'PUT',
    path: '/projects/:id/variables/:key',
    operation: 'editProjectVariable',
    handle: call => {
      const { project, user } = projectWithAccess(call, ACCESS.maintainer);
      const variable = findVariable(call, project);
      const updated = { ...variable, updatedBy: user.id };
      applyAttributes(call, updated);
      if (
        project.variables.some(
          v =>
            v !== variable &&
            v.key === updated.key &&
            v.environmentScope === updated.environmentScope,
        )
      ) {
        throw GitlabError.invalid({
          key: [`(${updated.key}) has already been taken`],
        });
      }
      Object.assign(variable, updated);
      call.store.record({
        at: call.now.toISOString(),
        actor: user.username,
        action: 'variable.update',
        project: call.store.fullPath(project),
        details: {
          key: variable.key,
          environmentScope: variable.environmentScope,
        },
      });
      return jsonResponse(200, variableJson(variable));
    },
  },
  {
    method: 'DELETE',
    path: '/projects/:id/variables/:key',
    operation: 'removeProjectVariable',
    handle: call => {
      const { project, user } = projectWithAccess(call, ACCESS.maintainer);
      const variable = findVariable(call, project);
      project.variables.splice(project.variables.indexOf(variable), 1);
      call.store.record({
        at: call.now.toISOString(),
        actor: user.username,
        action: 'variable.delete',
        project: call.store.fullPath(project),
        details: {
          key: variable.key,
          environmentScope: variable.environmentScope,
        },
      });
      return { statusCode: 204, headers: {}, body: '' };
    },
  },
];
