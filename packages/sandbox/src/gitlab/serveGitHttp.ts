import type { SandboxRequest, SandboxResponse } from '../server/SandboxRequest';
import { basicCredentialsOf, tokenOf, userOfToken } from './authenticateGitlab';
import { GitlabError } from './GitlabError';
import type { GitRepositories } from './GitRepositories';
import type { GitlabStore, GitlabUser } from './GitlabStore';
import { ACCESS } from './gitlabSeed';
import { runGitHttpBackend } from './runGitHttpBackend';

/** `<namespace path>/<project>.git/<smart HTTP endpoint>`. */
const GIT_PATH = /^(.+)\.git\/(info\/refs|git-upload-pack|git-receive-pack)$/;

export function isGitHttpPath(path: string): boolean {
  return GIT_PATH.test(path);
}

function text(
  statusCode: number,
  message: string,
  headers: Record<string, string> = {},
) {
  return {
    statusCode,
    headers: { 'content-type': 'text/plain; charset=utf-8', ...headers },
    body: message,
  };
}

const askForCredentials = () =>
  text(401, 'HTTP Basic: Access denied\n', {
    'www-authenticate': 'Basic realm="GitLab"',
  });

/**
 * Git over HTTP for the stand-in's projects, authenticated as GitLab does: HTTP basic with a
 * token as the password (`oauth2:<OAuth token>` as publish:gitlab sends it, or any username with
 * a personal token). Clone needs read access (anonymous for public projects), push Developer or
 * above. After a push into an empty repository whose default branch was not pushed, the first
 * pushed branch becomes the default, as in GitLab.
 */
export async function serveGitHttp(
  request: SandboxRequest,
  path: string,
  deps: { store: GitlabStore; repos: GitRepositories; now: Date },
): Promise<SandboxResponse> {
  const { store, repos, now } = deps;
  const [, projectPath, endpoint] = GIT_PATH.exec(path)!;
  const service =
    endpoint === 'info/refs' ? request.query.get('service') : endpoint;
  if (service !== 'git-upload-pack' && service !== 'git-receive-pack') {
    return text(403, 'Only the smart HTTP protocol is served.\n');
  }
  const token = basicCredentialsOf(request)?.password ?? tokenOf(request);
  let user: GitlabUser | undefined;
  if (token) {
    try {
      user = userOfToken(store, token, now);
    } catch (error) {
      if (error instanceof GitlabError) return askForCredentials();
      throw error;
    }
  }
  const project = store.findProject(projectPath);
  const visible = project && store.canSeeProject(user, project);
  if (!project || !visible) {
    // Anonymous callers are asked to sign in rather than told what exists.
    return user
      ? text(
          404,
          "The project you were looking for could not be found or you don't have permission to view it.\n",
        )
      : askForCredentials();
  }
  if (service === 'git-upload-pack' && !store.canReadCode(user, project)) {
    return user
      ? text(403, 'You are not allowed to download code from this project.\n')
      : askForCredentials();
  }
  if (service === 'git-receive-pack') {
    if (!user) return askForCredentials();
    if (store.projectAccess(user, project) < ACCESS.developer) {
      return text(403, 'You are not allowed to push code to this project.\n');
    }
  }
  const fullPath = store.fullPath(project);
  const before =
    service === 'git-receive-pack' && request.method === 'POST'
      ? await repos.branches(fullPath)
      : undefined;
  const response = await runGitHttpBackend(request, {
    projectRoot: repos.rootDir,
    pathInfo: `/${fullPath}.git/${endpoint}`,
    // Set only for push: git-http-backend enables receive-pack only for an authenticated user.
    remoteUser: service === 'git-receive-pack' ? user!.username : undefined,
  });
  if (before) {
    const after = await repos.branches(fullPath);
    const changed = [...after].filter(
      ([name, sha]) => before.get(name) !== sha,
    );
    if (changed.length > 0) {
      if (!after.has(project.defaultBranch)) {
        project.defaultBranch = changed[0][0];
        await repos.setHead(fullPath, project.defaultBranch);
      }
      project.lastActivityAt = now;
      store.record({
        at: now.toISOString(),
        actor: user!.username,
        action: 'repository.push',
        project: fullPath,
        details: Object.fromEntries(changed),
      });
    }
  }
  return response;
}
