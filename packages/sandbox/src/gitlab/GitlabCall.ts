import type { SandboxRequest, SandboxResponse } from '../server/SandboxRequest';
import type { GitlabInput } from './GitlabInput';
import type { GitlabUser, GitlabStore } from './GitlabStore';
import type { GitRepositories } from './GitRepositories';

/** What a GitLab API route handler gets. */
export interface GitlabCall {
  request: SandboxRequest;
  now: Date;
  store: GitlabStore;
  repos: GitRepositories;
  /** The caller, when a valid token came with the request. */
  user?: GitlabUser;
  /** Path parameters, decoded (`:id` of `northwind%2Fstorefront%2Fapp` is `northwind/storefront/app`). */
  params: Record<string, string>;
  input: GitlabInput;
  /** The stand-in's external base URL as the caller reached it, e.g. `http://localhost:4566/gitlab`. */
  baseUrl: string;
}

/** One API endpoint, under `/gitlab/api/v4`; `path` segments starting with `:` are parameters. */
export interface GitlabRoute {
  method: string;
  path: string;
  /** The name in stats and faults, after gitbeaker's method (`createProject`). */
  operation: string;
  handle(call: GitlabCall): Promise<SandboxResponse> | SandboxResponse;
}

export function jsonResponse(
  statusCode: number,
  body: unknown,
  headers: Record<string, string> = {},
): SandboxResponse {
  return {
    statusCode,
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  };
}

/** Matches a path against a route's pattern, giving the decoded parameters. */
export function matchPath(
  pattern: string,
  path: string,
): Record<string, string> | undefined {
  const want = pattern.split('/');
  const got = path.replace(/\/+$/, '').split('/');
  if (want.length !== got.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    if (want[i].startsWith(':')) {
      if (!got[i]) return undefined;
      try {
        params[want[i].slice(1)] = decodeURIComponent(got[i]);
      } catch {
        return undefined;
      }
    } else if (want[i] !== got[i]) {
      return undefined;
    }
  }
  return params;
}
