import { SandboxError } from '../server/SandboxError';

/**
 * A GitLab API refusal, with the body GitLab answers it with: `{"message":"404 Project Not
 * Found"}`, validation errors as `{"message":{"key":["..."]}}`, missing parameters as
 * `{"error":"key is missing"}`.
 */
export class GitlabError extends SandboxError {
  constructor(
    statusCode: number,
    readonly body: Record<string, unknown>,
    readonly headers: Record<string, string> = {},
  ) {
    super(
      'GitlabError',
      typeof body.message === 'string'
        ? body.message
        : JSON.stringify(body.message ?? body.error),
      statusCode,
    );
  }

  static unauthorized(): GitlabError {
    return new GitlabError(401, { message: '401 Unauthorized' });
  }

  static forbidden(): GitlabError {
    return new GitlabError(403, { message: '403 Forbidden' });
  }

  /** `what` as GitLab names it: `Project`, `Group`, `Namespace`, `File`, `Branch`, `Variable`. */
  static notFound(what: string): GitlabError {
    return new GitlabError(404, { message: `404 ${what} Not Found` });
  }

  /** A model validation failure: `{"message":{"path":["has already been taken"]}}`. */
  static invalid(errors: Record<string, string[]>): GitlabError {
    return new GitlabError(400, { message: errors });
  }

  /** Missing required parameters, as GitLab's parameter validation words it. */
  static missing(names: string[]): GitlabError {
    return new GitlabError(400, {
      error: names.map(n => `${n} is missing`).join(', '),
    });
  }

  static badParameter(name: string, problem = 'is invalid'): GitlabError {
    return new GitlabError(400, { error: `${name} ${problem}` });
  }
}
