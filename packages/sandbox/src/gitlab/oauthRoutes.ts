import { randomBytes } from 'node:crypto';
import type { SandboxRequest, SandboxResponse } from '../server/SandboxRequest';
import { jsonResponse } from './GitlabCall';
import { GitlabInput } from './GitlabInput';
import type { GitlabStore, GitlabUser } from './GitlabStore';
import { GITLAB_DEFAULT_OAUTH_LOGIN } from './gitlabSeed';
import { basicCredentialsOf } from './authenticateGitlab';
import { htmlPage, sessionUserOf } from './webPages';

const CODE_TTL_MS = 10 * 60 * 1000;
/** GitLab's OAuth access tokens live two hours. */
const ACCESS_TOKEN_TTL_SECONDS = 7200;

const newToken = () => randomBytes(32).toString('hex');

function oauthError(error: string, description: string, status = 400) {
  return jsonResponse(status, { error, error_description: description });
}

const INVALID_GRANT =
  'The provided authorization grant is invalid, expired, revoked, does not match the redirection URI used in the authorization request, or was issued to another client.';

/**
 * `GET /gitlab/oauth/authorize`: approves at once and redirects to `redirect_uri` with `code`
 * and `state`. The user is the `login` parameter, else the browser's stand-in session (set by
 * `/gitlab/users/sign_in?login=`), else ana.lima, so a headless browser needs no clicks.
 */
export function oauthAuthorize(
  request: SandboxRequest,
  store: GitlabStore,
  now: Date,
): SandboxResponse {
  const q = request.query;
  const clientId = q.get('client_id');
  const redirectUri = q.get('redirect_uri');
  let redirect: URL | undefined;
  try {
    redirect = redirectUri ? new URL(redirectUri) : undefined;
  } catch {
    redirect = undefined;
  }
  if (!clientId || !redirect || !/^https?:$/.test(redirect.protocol)) {
    return htmlPage(
      400,
      'An error has occurred',
      '<p>Client authentication failed due to unknown client, no client authentication included, or unsupported authentication method.</p>' +
        '<p>The sandbox needs <code>client_id</code> and an absolute http(s) <code>redirect_uri</code>.</p>',
    );
  }
  const state = q.get('state');
  const back = (params: Record<string, string>) => {
    for (const [key, value] of Object.entries(params)) {
      redirect!.searchParams.set(key, value);
    }
    if (state !== null) redirect!.searchParams.set('state', state);
    return {
      statusCode: 302,
      headers: { location: redirect!.toString() },
      body: '',
    };
  };
  if (q.get('response_type') !== 'code') {
    return back({
      error: 'unsupported_response_type',
      error_description:
        'The authorization server does not support this response type.',
    });
  }
  const login = q.get('login');
  const user: GitlabUser | undefined = login
    ? store.userByUsername(login)
    : sessionUserOf(request, store) ??
      store.userByUsername(GITLAB_DEFAULT_OAUTH_LOGIN);
  if (!user) {
    return htmlPage(
      400,
      'Unknown user',
      `<p>No sandbox GitLab user named <code>${escape(
        login ?? '',
      )}</code>.</p>`,
    );
  }
  const code = newToken();
  store.oauthCodes.set(code, {
    userId: user.id,
    clientId,
    redirectUri: redirectUri!,
    scope: q.get('scope') ?? 'read_user',
    expiresAt: new Date(now.getTime() + CODE_TTL_MS),
  });
  return back({ code });
}

function issueTokens(
  store: GitlabStore,
  now: Date,
  grant: { userId: number; clientId: string; scope: string },
): SandboxResponse {
  const accessToken = newToken();
  const refreshToken = newToken();
  store.tokens.set(accessToken, {
    userId: grant.userId,
    kind: 'oauth',
    expiresAt: new Date(now.getTime() + ACCESS_TOKEN_TTL_SECONDS * 1000),
  });
  store.refreshTokens.set(refreshToken, grant);
  return jsonResponse(200, {
    access_token: accessToken,
    token_type: 'Bearer',
    expires_in: ACCESS_TOKEN_TTL_SECONDS,
    refresh_token: refreshToken,
    scope: grant.scope,
    created_at: Math.floor(now.getTime() / 1000),
  });
}

/**
 * `POST /gitlab/oauth/token`: the `authorization_code` grant (code, redirect_uri, client_id)
 * and the `refresh_token` grant, which rotates the refresh token as GitLab does. Any client id
 * and secret are accepted, but a code is only redeemed by the client it was issued to.
 */
export function oauthToken(
  request: SandboxRequest,
  store: GitlabStore,
  now: Date,
): SandboxResponse {
  const input = GitlabInput.of(request);
  const clientId =
    input.string('client_id') ?? basicCredentialsOf(request)?.username;
  const grantType = input.string('grant_type');
  const missing = (name: string) =>
    oauthError('invalid_request', `Missing required parameter: ${name}.`);
  if (!grantType) return missing('grant_type');
  if (!clientId) {
    return oauthError(
      'invalid_client',
      'Client authentication failed due to unknown client, no client authentication included, or unsupported authentication method.',
      401,
    );
  }
  if (grantType === 'authorization_code') {
    const code = input.string('code');
    if (!code) return missing('code');
    const grant = store.oauthCodes.get(code);
    store.oauthCodes.delete(code);
    if (
      !grant ||
      grant.expiresAt.getTime() <= now.getTime() ||
      grant.clientId !== clientId ||
      grant.redirectUri !== input.string('redirect_uri')
    ) {
      return oauthError('invalid_grant', INVALID_GRANT);
    }
    return issueTokens(store, now, grant);
  }
  if (grantType === 'refresh_token') {
    const refreshToken = input.string('refresh_token');
    if (!refreshToken) return missing('refresh_token');
    const grant = store.refreshTokens.get(refreshToken);
    if (!grant || grant.clientId !== clientId) {
      return oauthError('invalid_grant', INVALID_GRANT);
    }
    store.refreshTokens.delete(refreshToken);
    return issueTokens(store, now, grant);
  }
  return oauthError(
    'unsupported_grant_type',
    'The authorization grant type is not supported by the authorization server.',
  );
}

function escape(text: string): string {
  return text.replace(/[&<>"']/g, c => `&#${c.charCodeAt(0)};`);
}
