import { NotAllowedError, ServiceUnavailableError } from '@backstage/errors';
import { mapGitlabError } from './mapGitlabError';

const context = {
  baseUrl: 'https://gitlab.example.com',
  project: 'northwind/storefront/returns-api',
  action: 'create the CI/CD variable AWS_REGION (dev)',
};

function named(name: string, message: string) {
  return Object.assign(new Error(message), { name });
}

describe('mapGitlabError', () => {
  // gitbeaker retries 429 and 502 itself, for minutes, before giving up.
  it('turns throttling that outlasted the retries into a 503 that says to wait', () => {
    const error = mapGitlabError(
      named(
        'GitbeakerRetryError',
        'Could not successfully complete this request after 10 retries, last status code: 429.',
      ),
      context,
    );
    expect(error).toBeInstanceOf(ServiceUnavailableError);
    expect(error.message).toMatch(
      /^GitLab at https:\/\/gitlab.example.com kept throttling or failing while trying to create the CI\/CD variable AWS_REGION \(dev\) in northwind\/storefront\/returns-api; try again in a few minutes/,
    );
  });

  it('treats a timeout as a 503', () => {
    expect(
      mapGitlabError(named('GitbeakerTimeoutError', 'timed out'), context),
    ).toBeInstanceOf(ServiceUnavailableError);
  });

  it('reads the status of a refused request', () => {
    const refused = Object.assign(named('GitbeakerRequestError', 'nope'), {
      cause: { description: 'nope', response: { status: 401 } },
    });
    expect(mapGitlabError(refused, context)).toBeInstanceOf(NotAllowedError);
  });

  it('returns errors that are not about GitLab as they are', () => {
    const bug = new TypeError('x is undefined');
    expect(mapGitlabError(bug, context)).toBe(bug);
  });
});
