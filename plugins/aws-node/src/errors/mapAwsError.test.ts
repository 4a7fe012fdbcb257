import {
  DescribeServicesCommand,
  ECSClient,
  UpdateServiceCommand,
} from '@aws-sdk/client-ecs';
import { ConfigReader } from '@backstage/config';
import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import { DefaultAwsCallCounter } from '../clients/DefaultAwsCallCounter';
import { DefaultAwsClientFactory } from '../clients/DefaultAwsClientFactory';
import {
  builtinServices,
  createSandboxServer,
  sandboxPortalConfig,
  SandboxError,
  SandboxServer,
  SandboxService,
} from 'sandbox';
import { AwsServiceUnavailableError } from './AwsServiceUnavailableError';
import { mapAwsError } from './mapAwsError';

// The status Backstage's error handler answers for each error type.
const STATUS: Record<string, number> = {
  InputError: 400,
  NotAllowedError: 403,
  NotFoundError: 404,
  ConflictError: 409,
  ServiceUnavailableError: 503,
};

const GRANT =
  "Shipyard's role in account 222222222222 cannot call ECS:DescribeServices in eu-west-1; " +
  'grant ecs:DescribeServices to the role Shipyard assumes there (aws.accounts[].roleName)';
const CREDENTIALS =
  "AWS rejected Shipyard's credentials for account 222222222222 when calling ECS:DescribeServices in eu-west-1; " +
  'check the aws.accounts entry for 222222222222 (roleName and externalId, or the static keys in development)';
const THROTTLED =
  'AWS ECS is throttling ECS:DescribeServices in account 222222222222, eu-west-1 after 1 attempt; try again in 5 seconds';
const NOT_FOUND =
  'ECS:DescribeServices in account 222222222222, eu-west-1 found no such resource; check that it exists in that account and region';
const INVALID =
  'ECS:DescribeServices in account 222222222222, eu-west-1 rejected the request as invalid';
const CONFLICT =
  'ECS:DescribeServices in account 222222222222, eu-west-1 conflicts with a change in progress; try again once it has finished';
const OUTAGE =
  'AWS ECS answered %s to ECS:DescribeServices in account 222222222222, eu-west-1 (request id %r); ' +
  'try again in 15 seconds, and report the request id to AWS if it persists';
/** A 4xx that AWS would answer again: never a retryable 503. */
const refused = (name: string, httpStatus: number) =>
  `AWS ECS refused ECS:DescribeServices in account 222222222222, eu-west-1 with ${name} ` +
  `(HTTP ${httpStatus}, request id %r); trying again will not help until the request or the resource changes`;

function retryAfter(message: string, unavailable: boolean) {
  if (!unavailable) {
    return undefined;
  }
  return message.includes('throttling') ? 5 : 15;
}

/**
 * The sandbox's ECS, except that DescribeServices answers with `next`: the
 * sandbox serialises it as ECS does on the wire (awsJson1_1 error body,
 * x-amzn-ErrorType, request id), so the real SDK client parses it.
 */
function ecsAnswering(next: () => SandboxError): SandboxService {
  const ecs = builtinServices.find(s => s.name === 'ecs')!;
  return {
    ...ecs,
    operations: {
      ...ecs.operations,
      DescribeServices: () => {
        throw next();
      },
    },
  };
}

describe('mapAwsError', () => {
  let server: SandboxServer;
  let next: SandboxError;
  let factory: DefaultAwsClientFactory;

  beforeAll(async () => {
    server = await createSandboxServer({
      port: 0,
      services: [ecsAnswering(() => next)],
    });
    factory = DefaultAwsClientFactory.fromConfig(
      // One attempt, so that the table sees each AWS answer as it is.
      new ConfigReader(sandboxPortalConfig(server, { maxAttempts: 1 })),
      { counter: DefaultAwsCallCounter.create() },
    );
  });

  afterAll(async () => {
    factory.destroy();
    await server.close();
  });

  /** Makes a real ECS call that AWS (the sandbox) answers with `error`. */
  async function errorFrom(error: SandboxError): Promise<any> {
    next = error;
    return factory
      .getClient(ECSClient, { accountId: '222222222222', region: 'eu-west-1' })
      .send(
        new DescribeServicesCommand({ cluster: 'prod-apps', services: ['x'] }),
      )
      .then(
        () => {
          throw new Error('expected the call to fail');
        },
        e => e,
      );
  }

  it.each([
    ['AccessDeniedException', 400, NotAllowedError, GRANT],
    ['AccessDenied', 403, NotAllowedError, GRANT],
    ['UnauthorizedOperation', 403, NotAllowedError, GRANT],
    ['UnrecognizedClientException', 400, NotAllowedError, CREDENTIALS],
    ['InvalidClientTokenId', 403, NotAllowedError, CREDENTIALS],
    ['ClusterNotFoundException', 400, NotFoundError, NOT_FOUND],
    ['ServiceNotFoundException', 400, NotFoundError, NOT_FOUND],
    ['ResourceNotFoundException', 400, NotFoundError, NOT_FOUND],
    ['NotFoundException', 400, NotFoundError, NOT_FOUND],
    ['NoSuchEntity', 404, NotFoundError, NOT_FOUND],
    // Not a known name, but HTTP 404 (restJson1 services).
    ['TaskSetGone', 404, NotFoundError, NOT_FOUND],
    ['ThrottlingException', 400, AwsServiceUnavailableError, THROTTLED],
    ['Throttling', 400, AwsServiceUnavailableError, THROTTLED],
    ['TooManyRequestsException', 429, AwsServiceUnavailableError, THROTTLED],
    ['LimitExceededException', 400, AwsServiceUnavailableError, THROTTLED],
    ['ThrottledException', 400, AwsServiceUnavailableError, THROTTLED],
    ['RequestLimitExceeded', 503, AwsServiceUnavailableError, THROTTLED],
    // Not a known name, but HTTP 429 is throttling to the SDK.
    ['SlowDownPlease', 429, AwsServiceUnavailableError, THROTTLED],
    ['ValidationException', 400, InputError, INVALID],
    ['InvalidParameterException', 400, InputError, INVALID],
    ['ClientException', 400, InputError, INVALID],
    ['ConflictException', 409, ConflictError, CONFLICT],
    ['ResourceInUseException', 400, ConflictError, CONFLICT],
    ['UpdateInProgressException', 400, ConflictError, CONFLICT],
    ['EditedMeanwhile', 409, ConflictError, CONFLICT],
    // Client faults the table does not name: a 4xx with AWS's reason.
    [
      'ServiceNotActiveException',
      400,
      InputError,
      refused('ServiceNotActiveException', 400),
    ],
    [
      'PlatformUnknownException',
      400,
      InputError,
      refused('PlatformUnknownException', 400),
    ],
    // Not in the SDK's model either, so the SDK builds it as a client fault.
    [
      'BrandNewRefusalException',
      400,
      InputError,
      refused('BrandNewRefusalException', 400),
    ],
    ['OptInRequired', 403, InputError, refused('OptInRequired', 403)],
    // Client faults the SDK deems transient stay retryable.
    [
      'RequestTimeoutException',
      408,
      AwsServiceUnavailableError,
      OUTAGE.replace('%s', 'RequestTimeoutException'),
    ],
    [
      'InternalFailure',
      500,
      AwsServiceUnavailableError,
      OUTAGE.replace('%s', 'InternalFailure'),
    ],
    [
      'ServerException',
      500,
      AwsServiceUnavailableError,
      OUTAGE.replace('%s', 'ServerException'),
    ],
    [
      'ServiceUnavailable',
      503,
      AwsServiceUnavailableError,
      OUTAGE.replace('%s', 'ServiceUnavailable'),
    ],
    // The SDK calls an unmodelled 5xx a client fault; the status decides.
    [
      'BadGateway',
      502,
      AwsServiceUnavailableError,
      OUTAGE.replace('%s', 'BadGateway'),
    ],
  ])(
    'maps %s (HTTP %i) to %p',
    async (name, httpStatus, ErrorType, messageStart) => {
      const awsError = await errorFrom(
        new SandboxError(name, 'the AWS message', httpStatus),
      );
      expect((awsError as Error).name).toBe(name);
      const requestId = awsError.$metadata.requestId;
      expect(requestId).toMatch(/^[0-9a-f-]{36}$/);

      const mapped = mapAwsError(awsError);
      expect(mapped).toBeInstanceOf(ErrorType);
      expect(STATUS[mapped.name]).toBeDefined();
      expect(mapped.message).toBe(
        `${messageStart.replace(
          '%r',
          requestId,
        )}; caused by ${name}: the AWS message`,
      );
      expect((mapped as NotFoundError).cause).toBe(awsError);
      const unavailable = ErrorType === AwsServiceUnavailableError;
      expect({
        name: mapped.name,
        awsErrorName: (mapped as AwsServiceUnavailableError).awsErrorName,
        requestId: (mapped as AwsServiceUnavailableError).requestId,
        retryAfterSeconds: (mapped as AwsServiceUnavailableError)
          .retryAfterSeconds,
      }).toEqual({
        name: unavailable ? 'ServiceUnavailableError' : ErrorType.name,
        awsErrorName: unavailable ? name : undefined,
        requestId: unavailable ? requestId : undefined,
        retryAfterSeconds: retryAfter(messageStart, unavailable),
      });
    },
  );

  it('never answers throttling with a 500', async () => {
    const mapped = mapAwsError(
      await errorFrom(new SandboxError('ThrottlingException', 'Rate exceeded')),
    );
    expect(mapped).toBeInstanceOf(ServiceUnavailableError);
    expect(STATUS[mapped.name]).toBe(503);
  });

  it("takes the retry delay from AWS's Retry-After header", async () => {
    // The sandbox sends no Retry-After, so the header is added to the real
    // SDK error's raw response, which is where mapAwsError reads it.
    const awsError = await errorFrom(
      new SandboxError('TooManyRequestsException', 'slow down', 429),
    );
    awsError.$response.headers['retry-after'] = '12';
    const mapped = mapAwsError(awsError) as AwsServiceUnavailableError;
    expect(mapped.retryAfterSeconds).toBe(12);
    expect(mapped.message).toContain('try again in 12 seconds');
  });

  it('lets the caller name the resource and override the recorded context', async () => {
    const awsError = await errorFrom(
      new SandboxError('ServiceNotFoundException', 'Service not found.'),
    );
    expect(
      mapAwsError(awsError, {
        resource:
          'arn:aws:ecs:eu-west-1:222222222222:service/prod-apps/checkout-api',
      }).message,
    ).toBe(
      'ECS:DescribeServices in account 222222222222, eu-west-1 found no such resource for ' +
        'arn:aws:ecs:eu-west-1:222222222222:service/prod-apps/checkout-api; ' +
        'check that it exists in that account and region; caused by ServiceNotFoundException: Service not found.',
    );
  });

  it('never answers a client fault with a retryable 503', async () => {
    const awsError = await errorFrom(
      new SandboxError('BrandNewRefusalException', 'No.', 400),
    );
    // What the SDK makes of an error name it has no model for.
    expect(awsError.$fault).toBe('client');
    const mapped = mapAwsError(awsError);
    expect(mapped).not.toBeInstanceOf(ServiceUnavailableError);
    expect(STATUS[mapped.name]).toBe(400);
  });

  it("maps the sandbox's own UpdateService refusals, as a rollback meets them", async () => {
    const ecs = factory.getClient(ECSClient, {
      accountId: '222222222222',
      region: 'eu-west-1',
    });
    const update = (service: string, taskDefinition: string) =>
      ecs
        .send(
          new UpdateServiceCommand({
            cluster: 'prod-apps',
            service,
            taskDefinition,
          }),
        )
        .then(
          () => {
            throw new Error('expected the call to fail');
          },
          e => mapAwsError(e),
        );

    const gone = await update('ghost', 'payments-gateway-prod:1');
    expect(gone).toBeInstanceOf(NotFoundError);
    expect(gone.message).toMatch(
      /^ECS:UpdateService in account 222222222222, eu-west-1 found no such resource; .*caused by ServiceNotFoundException: Service not found\.$/,
    );
    const unknownRevision = await update(
      'payments-gateway',
      'payments-gateway-prod:999',
    );
    expect(unknownRevision).toBeInstanceOf(InputError);
    expect(unknownRevision.message).toMatch(
      /^ECS:UpdateService in account 222222222222, eu-west-1 rejected the request as invalid; caused by ClientException: TaskDefinition not found\.$/,
    );
  });

  it('explains an unreachable endpoint as unavailable', async () => {
    const closed = await createSandboxServer({ port: 0 });
    await closed.close();
    const offline = DefaultAwsClientFactory.fromConfig(
      new ConfigReader(sandboxPortalConfig(closed, { maxAttempts: 1 })),
      { counter: DefaultAwsCallCounter.create() },
    );
    const awsError = await offline
      .getClient(ECSClient, { accountId: '111111111111', region: 'eu-west-1' })
      .send(
        new DescribeServicesCommand({ cluster: 'dev-apps', services: ['x'] }),
      )
      .catch(e => e);
    offline.destroy();

    const mapped = mapAwsError(awsError);
    expect(mapped).toBeInstanceOf(AwsServiceUnavailableError);
    expect(mapped.message).toMatch(
      /^Could not reach AWS ECS for ECS:DescribeServices in account 111111111111, eu-west-1; check the network and, in development, that the sandbox is running at shipyard\.aws\.endpoint; caused by .*ECONNREFUSED/,
    );
  });

  it('points at aws.accounts when an account has no credentials', () => {
    const mapped = mapAwsError(
      new Error(
        'There is no AWS integration that matches 333333333333. Please add a configuration for this AWS account.',
      ),
      { accountId: '333333333333', service: 'ECS', operation: 'ListServices' },
    );
    expect(mapped).toBeInstanceOf(NotAllowedError);
    expect(mapped.message).toBe(
      'Shipyard has no credentials for account 333333333333 to call ECS:ListServices; add the account to aws.accounts with the role Shipyard assumes there; ' +
        'caused by Error: There is no AWS integration that matches 333333333333. Please add a configuration for this AWS account.',
    );
  });

  it('leaves Backstage errors, aborts and bugs as they are', () => {
    const notFound = new NotFoundError('already mapped');
    expect(mapAwsError(notFound)).toBe(notFound);
    const abort = Object.assign(new Error('aborted'), { name: 'AbortError' });
    expect(mapAwsError(abort)).toBe(abort);
    const bug = new TypeError(
      "Cannot read properties of undefined (reading 'services')",
    );
    expect(mapAwsError(bug)).toBe(bug);
  });
});
