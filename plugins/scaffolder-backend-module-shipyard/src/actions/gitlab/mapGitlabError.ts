import {
  InputError,
  isError,
  NotAllowedError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';

/** Which GitLab call failed, for the message. */
export interface GitlabCallContext {
  /** The GitLab base URL, e.g. https://gitlab.example.com */
  baseUrl: string;
  /** The project path, e.g. northwind/storefront/returns-api */
  project: string;
  /** What was being done, e.g. "create the CI/CD variable AWS_REGION (dev)". */
  action: string;
}

type GitbeakerErrorLike = Error & {
  cause?: { description?: string; response?: { status?: number } };
};

const NETWORK_CODES =
  /\b(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|ENOTFOUND|EAI_AGAIN)\b/;

function networkCodeOf(error: Error): string | undefined {
  const cause = (error as { cause?: { code?: unknown } }).cause;
  const text = `${typeof cause?.code === 'string' ? cause.code : ''} ${
    error.message
  }`;
  return NETWORK_CODES.exec(text)?.[1];
}

/**
 * Turns a failed GitLab call (from `@gitbeaker/rest`) into the Backstage
 * error that says what to do. The token is always the user's own, so a
 * refusal is about the user's GitLab access, not the portal's.
 */
export function mapGitlabError(
  error: unknown,
  context: GitlabCallContext,
): Error {
  if (!isError(error)) {
    return new Error(`GitLab call failed with a non-error value: ${error}`);
  }
  const e = error as GitbeakerErrorLike;
  const { baseUrl, project, action } = context;
  const status = e.cause?.response?.status;
  if (e.name === 'GitbeakerRetryError') {
    return new ServiceUnavailableError(
      `GitLab at ${baseUrl} kept throttling or failing while trying to ${action} in ${project}; try again in a few minutes`,
      e,
    );
  }
  if (e.name === 'GitbeakerTimeoutError') {
    return new ServiceUnavailableError(
      `GitLab at ${baseUrl} did not answer in time while trying to ${action} in ${project}; try again later`,
      e,
    );
  }
  switch (status) {
    case 401:
      return new NotAllowedError(
        `GitLab at ${baseUrl} rejected your token while trying to ${action} in ${project}; sign in to GitLab again from the portal and rerun the template`,
        e,
      );
    case 403:
      return new NotAllowedError(
        `Your GitLab account may not ${action} in ${project}: it needs the Maintainer role in the project, and the token the api scope`,
        e,
      );
    case 404:
      return new NotFoundError(
        `GitLab at ${baseUrl} has no project ${project} that your account can see (trying to ${action}); check the repository location and that the project was created`,
        e,
      );
    case 429:
      return new ServiceUnavailableError(
        `GitLab at ${baseUrl} is throttling your requests (trying to ${action} in ${project}); try again in a minute`,
        e,
      );
    default:
  }
  if (status !== undefined && status >= 400 && status < 500) {
    return new InputError(
      `GitLab at ${baseUrl} refused to ${action} in ${project} (HTTP ${status})`,
      e,
    );
  }
  if (status !== undefined && status >= 500) {
    return new ServiceUnavailableError(
      `GitLab at ${baseUrl} failed with HTTP ${status} while trying to ${action} in ${project}; try again later`,
      e,
    );
  }
  const code = networkCodeOf(e);
  if (code || e.message === 'fetch failed') {
    return new ServiceUnavailableError(
      `Could not reach GitLab at ${baseUrl}${
        code ? ` (${code})` : ''
      } to ${action} in ${project}; check integrations.gitlab and, in development, that the sandbox is running`,
      e,
    );
  }
  return e;
}
