import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import { AwsServiceUnavailableError } from '../errors/AwsServiceUnavailableError';
import {
  KubernetesCallContext,
  mapKubernetesError,
} from './mapKubernetesError';

const WHERE =
  'EKS cluster prod-eks (environment prod, account 222222222222, eu-west-1)';

const context: KubernetesCallContext = {
  environment: 'prod',
  cluster: 'prod-eks',
  accountId: '222222222222',
  region: 'eu-west-1',
  authProvider: 'aws',
  operation: 'patchNamespacedDeployment',
  permission: 'patch deployments.apps in namespace team-payments',
};

describe('mapKubernetesError', () => {
  it.each([
    [
      401,
      'Unauthorized',
      NotAllowedError,
      `The Kubernetes API of ${WHERE} rejected Shipyard's token for Kubernetes patchNamespacedDeployment; give the IAM role Shipyard uses in account 222222222222 access to the cluster`,
    ],
    [
      403,
      'Forbidden',
      NotAllowedError,
      `Shipyard may not patch deployments.apps in namespace team-payments in ${WHERE} (Kubernetes patchNamespacedDeployment); grant it`,
    ],
    [
      404,
      'NotFound',
      NotFoundError,
      `Kubernetes patchNamespacedDeployment in ${WHERE} found no such resource`,
    ],
    [
      409,
      'Conflict',
      ConflictError,
      `Kubernetes patchNamespacedDeployment in ${WHERE} conflicts with a change made meanwhile (Conflict); read the object again`,
    ],
    [
      409,
      'AlreadyExists',
      ConflictError,
      `Kubernetes patchNamespacedDeployment in ${WHERE} conflicts with a change made meanwhile (AlreadyExists)`,
    ],
    [
      400,
      'BadRequest',
      InputError,
      `The Kubernetes API of ${WHERE} rejected Kubernetes patchNamespacedDeployment as invalid (BadRequest)`,
    ],
    [
      422,
      'Invalid',
      InputError,
      `The Kubernetes API of ${WHERE} rejected Kubernetes patchNamespacedDeployment as invalid (Invalid)`,
    ],
    [
      415,
      'UnsupportedMediaType',
      InputError,
      `The Kubernetes API of ${WHERE} rejected Kubernetes patchNamespacedDeployment as invalid (UnsupportedMediaType)`,
    ],
    [
      429,
      'TooManyRequests',
      AwsServiceUnavailableError,
      `The Kubernetes API of ${WHERE} is throttling Kubernetes patchNamespacedDeployment; try again in 5 seconds`,
    ],
    [
      410,
      'Expired',
      AwsServiceUnavailableError,
      `The Kubernetes API of ${WHERE} answered Expired to Kubernetes patchNamespacedDeployment; try again in 15 seconds`,
    ],
    [
      500,
      'InternalError',
      AwsServiceUnavailableError,
      `The Kubernetes API of ${WHERE} answered InternalError to Kubernetes patchNamespacedDeployment; try again in 15 seconds`,
    ],
  ])('maps %i %s to %p', (statusCode, reason, ErrorType, messageStart) => {
    const mapped = mapKubernetesError(
      { statusCode, reason, message: 'the API server says why' },
      context,
    );
    expect(mapped).toBeInstanceOf(ErrorType);
    expect(mapped.message.startsWith(messageStart)).toBe(true);
    expect(mapped.message).toMatch(
      new RegExp(
        `; caused by ${reason}: ${statusCode} ${reason}: the API server says why$`,
      ),
    );
  });

  it('never answers a client error with a retryable 503', () => {
    const retryable = [];
    for (let statusCode = 400; statusCode < 500; statusCode++) {
      const mapped = mapKubernetesError({ statusCode }, context);
      if (mapped instanceof AwsServiceUnavailableError) {
        retryable.push(statusCode);
      }
    }
    // 410: a list's continue token expired, a new list works; 429: throttling.
    expect(retryable).toEqual([410, 429]);
  });

  it('points a 401 with a service account token at its configuration', () => {
    const mapped = mapKubernetesError(
      { statusCode: 401 },
      { ...context, authProvider: 'serviceAccount' },
    );
    expect(mapped).toBeInstanceOf(NotAllowedError);
    expect(mapped.message).toContain(
      'check shipyard.environments[].eksClusters[].serviceAccountToken for prod-eks',
    );
  });

  it('names the HTTP status when the answer was not a Status, and honours Retry-After', () => {
    const mapped = mapKubernetesError(
      { statusCode: 503, retryAfter: '7' },
      context,
    ) as AwsServiceUnavailableError;
    expect(mapped).toBeInstanceOf(AwsServiceUnavailableError);
    expect(mapped.retryAfterSeconds).toBe(7);
    expect(mapped.awsErrorName).toBe('HTTP 503');
    expect(mapped.message).toMatch(
      /answered HTTP 503 to Kubernetes patchNamespacedDeployment; try again in 7 seconds; caused by Http503: 503 HTTP 503: $/,
    );
  });

  it('explains an unreachable API server as unavailable', () => {
    const mapped = mapKubernetesError(
      new TypeError('fetch failed', {
        cause: Object.assign(new Error('connect ECONNREFUSED'), {
          code: 'ECONNREFUSED',
        }),
      }),
      context,
    ) as AwsServiceUnavailableError;
    expect(mapped).toBeInstanceOf(AwsServiceUnavailableError);
    expect(mapped.retryAfterSeconds).toBe(15);
    expect(mapped.message).toMatch(
      /^Could not reach the Kubernetes API of EKS cluster prod-eks .*; caused by TypeError: fetch failed$/,
    );
  });

  it('leaves aborts and InputErrors as they are', () => {
    const abort = Object.assign(new Error('aborted'), { name: 'AbortError' });
    expect(mapKubernetesError(abort, context)).toBe(abort);
    const input = new InputError('no url');
    expect(mapKubernetesError(input, context)).toBe(input);
  });

  it('names the object of a 404 when the call names one', () => {
    const mapped = mapKubernetesError(
      { statusCode: 404, reason: 'NotFound' },
      {
        ...context,
        resource: 'deployments.apps "checkout-api" in namespace team-payments',
      },
    );
    expect(mapped).toBeInstanceOf(NotFoundError);
    expect(mapped.message).toMatch(
      `Kubernetes patchNamespacedDeployment in ${WHERE} found no deployments.apps "checkout-api" in namespace team-payments; caused by NotFound`,
    );
  });

  it('says that a failed mutation may have been applied, but not for a client error', () => {
    const mutation = { ...context, mutation: true };
    const unknown =
      'the change may have been applied, so read the object again before retrying';
    expect(mapKubernetesError({ statusCode: 500 }, mutation).message).toContain(
      unknown,
    );
    expect(
      mapKubernetesError(new TypeError('fetch failed'), mutation).message,
    ).toContain(unknown);
    for (const statusCode of [409, 422, 429]) {
      expect(
        mapKubernetesError({ statusCode }, mutation).message,
      ).not.toContain(unknown);
    }
    expect(
      mapKubernetesError({ statusCode: 500 }, context).message,
    ).not.toContain(unknown);
  });
});
