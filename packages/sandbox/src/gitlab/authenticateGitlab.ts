import type { SandboxRequest } from '../server/SandboxRequest';
import { GitlabError } from './GitlabError';
import type { GitlabStore, GitlabUser } from './GitlabStore';

/**
 * The token a request carries, where GitLab's API looks for one: the `PRIVATE-TOKEN` header
 * (gitbeaker with `token`), `Authorization: Bearer` (OAuth tokens, the URL reader), or the
 * `private_token` / `access_token` query parameters.
 */
export function tokenOf(request: SandboxRequest): string | undefined {
  const privateToken = request.headers['private-token'];
  if (typeof privateToken === 'string' && privateToken) return privateToken;
  const authorization = request.headers.authorization;
  if (typeof authorization === 'string') {
    const match = /^Bearer\s+(.+)$/i.exec(authorization);
    if (match) return match[1].trim();
  }
  return (
    request.query.get('private_token') ??
    request.query.get('access_token') ??
    undefined
  );
}

/**
 * The user a token acts as. An unknown token is a 401 even where anonymous access would do, as
 * in GitLab; an expired OAuth token is GitLab's `invalid_token` 401.
 */
export function userOfToken(
  store: GitlabStore,
  token: string,
  now: Date,
): GitlabUser {
  const found = store.tokens.get(token);
  if (!found) {
    throw GitlabError.unauthorized();
  }
  if (found.expiresAt && found.expiresAt.getTime() <= now.getTime()) {
    throw new GitlabError(
      401,
      {
        error: 'invalid_token',
        error_description:
          'Token is expired. You can either do re-authorization or token refresh.',
      },
      {
        'www-authenticate':
          'Bearer realm="Protected by OAuth 2", error="invalid_token"',
      },
    );
  }
  return store.user(found.userId)!;
}

/** HTTP basic credentials (Git over HTTP: `oauth2:<token>`, or any username with a token). */
export function basicCredentialsOf(
  request: SandboxRequest,
): { username: string; password: string } | undefined {
  const authorization = request.headers.authorization;
  const match =
    typeof authorization === 'string' && /^Basic\s+(.+)$/i.exec(authorization);
  if (!match) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  return {
    username: decoded.slice(0, colon),
    password: decoded.slice(colon + 1),
  };
}
