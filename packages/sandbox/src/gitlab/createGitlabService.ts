import { mkdtempSync, rmSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SandboxRequest, SandboxResponse } from '../server/SandboxRequest';
import type {
  SandboxHttpContext,
  SandboxHttpService,
} from '../server/SandboxService';
import type { SandboxState } from '../state/SandboxState';
import { tokenOf, userOfToken } from './authenticateGitlab';
import { jsonResponse, matchPath, type GitlabRoute } from './GitlabCall';
import { GitlabError } from './GitlabError';
import { GitlabInput } from './GitlabInput';
import { GitlabStore } from './GitlabStore';
import { GitRepositories } from './GitRepositories';
import { namespaceRoutes } from './namespaceRoutes';
import { oauthAuthorize, oauthToken } from './oauthRoutes';
import { projectRoutes } from './projectRoutes';
import { repositoryRoutes } from './repositoryRoutes';
import { isGitHttpPath, serveGitHttp } from './serveGitHttp';
import { variableRoutes } from './variableRoutes';
import { htmlPage, projectPage, signIn } from './webPages';

const PREFIX = '/gitlab/';
const API = '/gitlab/api/v4';
/** The stand-in's own route (not GitLab's): the mutation log, with the acting user. */
const EVENTS_PATH = '/gitlab/-/sandbox/events';

const ROUTES: GitlabRoute[] = [
  ...namespaceRoutes,
  ...projectRoutes,
  ...repositoryRoutes,
  ...variableRoutes,
];

/** One GitLab world per sandbox server: its store and its bare repositories. */
interface GitlabInstance {
  store: GitlabStore;
  repos: GitRepositories;
}

/**
 * The GitLab stand-in, as a sandbox HTTP service under `/gitlab/`.
 *
 * @public
 */
export interface GitlabService extends SandboxHttpService {
  /**
   * Removes the bare repositories of every server this service has served and forgets their
   * worlds (a later request starts a fresh one). A sandbox server calls it when it closes.
   */
  close(): Promise<void>;
}

/**
 * Repository directories still on disk, removed when the process exits at the latest (a server
 * that is never closed); a closed server has removed its own already.
 */
const liveDirs = new Set<string>();
let exitHookInstalled = false;
function trackDir(dir: string) {
  liveDirs.add(dir);
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.once('exit', () => {
      for (const d of liveDirs) rmSync(d, { recursive: true, force: true });
    });
  }
}

function routeOf(request: SandboxRequest) {
  const apiPath = request.path.slice(API.length);
  for (const route of ROUTES) {
    if (route.method !== request.method) continue;
    const params = matchPath(route.path, apiPath);
    if (params) return { route, params };
  }
  return undefined;
}

/**
 * GitLab's API v4 (`/gitlab/api/v4`), Git over HTTP (`/gitlab/<namespace>/<project>.git`),
 * OAuth (`/gitlab/oauth/authorize`, `/gitlab/oauth/token`) and the web pages a portal links to,
 * as `publish:gitlab`, gitbeaker, isomorphic-git, Backstage's GitLab URL reader and GitLab auth
 * provider use them. Each sandbox server (each `SandboxState`) gets its own seeded world and
 * its own temporary directory of bare repositories.
 *
 * @public
 */
export function createGitlabService(): GitlabService {
  let instances = new WeakMap<SandboxState, GitlabInstance>();
  const dirs = new Set<string>();

  const instanceFor = (ctx: SandboxHttpContext): GitlabInstance => {
    let instance = instances.get(ctx.state);
    if (!instance) {
      const dir = mkdtempSync(join(tmpdir(), 'sandbox-gitlab-'));
      dirs.add(dir);
      trackDir(dir);
      instance = {
        store: GitlabStore.create({ now: ctx.now }),
        repos: GitRepositories.at(dir),
      };
      instances.set(ctx.state, instance);
    }
    return instance;
  };

  return {
    name: 'gitlab',
    pathPrefix: PREFIX,
    errors: { throttling: { name: 'TooManyRequests', statusCode: 429 } },
    operationOf(request) {
      if (request.path.startsWith(`${API}/`)) {
        return routeOf(request)?.route.operation ?? 'unknown';
      }
      const rest = request.path.slice(PREFIX.length);
      if (rest === 'oauth/authorize') return 'oauthAuthorize';
      if (rest === 'oauth/token') return 'oauthToken';
      if (isGitHttpPath(rest)) {
        const service =
          request.query.get('service') ?? rest.slice(rest.lastIndexOf('/') + 1);
        return service === 'git-receive-pack'
          ? 'gitReceivePack'
          : 'gitUploadPack';
      }
      return 'web';
    },
    renderError(error) {
      if (error instanceof GitlabError) {
        return jsonResponse(error.statusCode, error.body, error.headers);
      }
      if (error.statusCode === 429) {
        // GitLab's rate limiter answers in plain text.
        return {
          statusCode: 429,
          headers: { 'content-type': 'text/plain', 'retry-after': '60' },
          body: 'Retry later\n',
        };
      }
      const status = error.statusCode >= 500 ? error.statusCode : 500;
      const reasons: Record<number, string> = { 503: 'Service Unavailable' };
      return jsonResponse(status, {
        message: `${status} ${reasons[status] ?? 'Internal Server Error'}`,
      });
    },
    async handle(request, ctx) {
      const { store, repos } = instanceFor(ctx);
      const rest = request.path.slice(PREFIX.length);
      if (request.path === API || request.path.startsWith(`${API}/`)) {
        const match = routeOf(request);
        if (!match) throw new GitlabError(404, { error: '404 Not Found' });
        const token = tokenOf(request);
        const user = token ? userOfToken(store, token, ctx.now) : undefined;
        const host = String(request.headers.host ?? 'localhost');
        return match.route.handle({
          request,
          now: ctx.now,
          store,
          repos,
          user,
          params: match.params,
          input: GitlabInput.of(request),
          baseUrl: `http://${host}/gitlab`,
        });
      }
      if (rest === 'oauth/authorize' && request.method === 'GET') {
        return oauthAuthorize(request, store, ctx.now);
      }
      if (rest === 'oauth/token' && request.method === 'POST') {
        return oauthToken(request, store, ctx.now);
      }
      if (isGitHttpPath(rest)) {
        return serveGitHttp(request, rest, { store, repos, now: ctx.now });
      }
      if (request.path === EVENTS_PATH && request.method === 'GET') {
        return jsonResponse(200, store.events);
      }
      if (rest === 'users/sign_in' && request.method === 'GET') {
        return signIn(request, store);
      }
      const page =
        request.method === 'GET'
          ? await projectPage(request, rest.replace(/\/+$/, ''), store, repos)
          : undefined;
      return page ?? notFoundPage();
    },
    async close() {
      // Forget the worlds first: a request after close must not reach a removed directory.
      instances = new WeakMap();
      const removing = [...dirs];
      dirs.clear();
      for (const dir of removing) {
        await rm(dir, { recursive: true, force: true });
        liveDirs.delete(dir);
      }
    },
  };
}

function notFoundPage(): SandboxResponse {
  return htmlPage(404, 'Page Not Found', '<p>The page could not be found.</p>');
}
