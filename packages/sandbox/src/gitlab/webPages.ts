import type { SandboxRequest, SandboxResponse } from '../server/SandboxRequest';
import type { GitRepositories } from './GitRepositories';
import type { GitlabStore, GitlabUser } from './GitlabStore';

/** The stand-in's browser session: the signed-in username, set by `/gitlab/users/sign_in`. */
const SESSION_COOKIE = '_gitlab_session';

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, c => `&#${c.charCodeAt(0)};`);
}

export function htmlPage(
  statusCode: number,
  title: string,
  body: string,
  headers: Record<string, string> = {},
): SandboxResponse {
  return {
    statusCode,
    headers: { 'content-type': 'text/html; charset=utf-8', ...headers },
    body: `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(
      title,
    )} · GitLab (sandbox)</title></head><body><h1>${escapeHtml(
      title,
    )}</h1>${body}</body></html>`,
  };
}

export function sessionUserOf(
  request: SandboxRequest,
  store: GitlabStore,
): GitlabUser | undefined {
  const cookies = String(request.headers.cookie ?? '');
  const match = new RegExp(`(?:^|;\\s*)${SESSION_COOKIE}=([^;]+)`).exec(
    cookies,
  );
  return match ? store.userByUsername(decodeURIComponent(match[1])) : undefined;
}

/**
 * `GET /gitlab/users/sign_in`: without `login`, a page listing the seeded users as links; with
 * `login=<username>`, signs the browser in (a session cookie that OAuth authorize and the web
 * pages honour) and redirects to `redirect_to` (default: the stand-in's root).
 */
export function signIn(
  request: SandboxRequest,
  store: GitlabStore,
): SandboxResponse {
  const login = request.query.get('login');
  const redirectTo = request.query.get('redirect_to');
  // Only paths on this host: the sign-in page must not become an open redirect.
  const target =
    redirectTo && redirectTo.startsWith('/gitlab/') ? redirectTo : '/gitlab/';
  if (!login) {
    const links = store.users
      .map(u => {
        const href = `/gitlab/users/sign_in?login=${encodeURIComponent(
          u.username,
        )}&redirect_to=${encodeURIComponent(target)}`;
        return `<li><a href="${escapeHtml(href)}" data-login="${escapeHtml(
          u.username,
        )}">${escapeHtml(u.username)}</a> (${escapeHtml(u.name)})</li>`;
      })
      .join('');
    return htmlPage(200, 'Sign in', `<ul>${links}</ul>`);
  }
  const user = store.userByUsername(login);
  if (!user) {
    return htmlPage(
      400,
      'Unknown user',
      `<p>No user named ${escapeHtml(login)}.</p>`,
    );
  }
  return {
    statusCode: 302,
    headers: {
      location: target,
      'set-cookie': `${SESSION_COOKIE}=${encodeURIComponent(
        user.username,
      )}; Path=/gitlab; HttpOnly; SameSite=Lax`,
    },
    body: '',
  };
}

/**
 * The web pages a portal links to: a project's page, `/-/blob/<ref>/<path>` (the file's
 * content), `/-/raw/<ref>/<path>`, `/-/tree/<ref>` and `/-/pipelines` (always empty). Undefined
 * when the path is no project's.
 */
export async function projectPage(
  request: SandboxRequest,
  path: string,
  store: GitlabStore,
  repos: GitRepositories,
): Promise<SandboxResponse | undefined> {
  const [projectPath, rest = ''] = path.split('/-/');
  const project = store.findProject(projectPath);
  if (!project) return undefined;
  const user = sessionUserOf(request, store);
  const fullPath = store.fullPath(project);
  if (!store.canReadCode(user, project)) {
    const back = encodeURIComponent(`/gitlab/${path}`);
    return user
      ? htmlPage(
          404,
          'Page Not Found',
          "<p>The page could not be found or you don't have permission to view it.</p>",
        )
      : {
          statusCode: 302,
          headers: { location: `/gitlab/users/sign_in?redirect_to=${back}` },
          body: '',
        };
  }
  const [kind, ref, ...fileParts] = rest.split('/');
  if (kind === 'pipelines') {
    return htmlPage(
      200,
      `${fullPath}: Pipelines`,
      '<p>There are currently no pipelines.</p>',
    );
  }
  if (kind === 'blob' || kind === 'raw') {
    const filePath = decodeURIComponent(fileParts.join('/'));
    const commit = await repos.resolve(fullPath, decodeURIComponent(ref ?? ''));
    const file = commit && (await repos.readFile(fullPath, commit, filePath));
    if (!file) return htmlPage(404, 'Page Not Found', '<p>No such file.</p>');
    return kind === 'raw'
      ? {
          statusCode: 200,
          headers: { 'content-type': 'text/plain; charset=utf-8' },
          body: file.content,
        }
      : htmlPage(
          200,
          `${fullPath}: ${filePath}`,
          `<pre>${escapeHtml(file.content.toString('utf8'))}</pre>`,
        );
  }
  const branch =
    kind === 'tree' && ref ? decodeURIComponent(ref) : project.defaultBranch;
  const commit = await repos.resolve(fullPath, branch);
  const entries = commit ? await repos.tree(fullPath, commit, '', false) : [];
  const items = entries
    .map(e => {
      const href = `/gitlab/${fullPath}/-/${
        e.type === 'tree' ? 'tree' : 'blob'
      }/${encodeURIComponent(branch)}/${e.path}`;
      return `<li><a href="${escapeHtml(href)}">${escapeHtml(e.name)}</a></li>`;
    })
    .join('');
  return htmlPage(
    200,
    project.name,
    commit
      ? `<p>${escapeHtml(fullPath)} on ${escapeHtml(
          branch,
        )}</p><ul>${items}</ul>`
      : '<p>The repository for this project is empty.</p>',
  );
}
