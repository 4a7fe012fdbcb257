import { ConfigReader } from '@backstage/config';
import { JsonObject } from '@backstage/types';
import { ECSClient } from '@aws-sdk/client-ecs';
import {
  GetResourcesCommand,
  ResourceGroupsTaggingAPIClient,
} from '@aws-sdk/client-resource-groups-tagging-api';
import {
  mockServices,
  ServiceFactoryTester,
} from '@backstage/backend-test-utils';
import {
  builtinServices,
  createSandboxServer,
  OperationContext,
  sandboxPortalConfig,
  SandboxServer,
  SandboxService,
} from 'sandbox';
import { DefaultAwsCallCounter } from './DefaultAwsCallCounter';
import { DefaultAwsClientFactory } from './DefaultAwsClientFactory';
import { getAwsCallContext } from './awsCallContext';
import { awsClientFactoryServiceFactory } from './awsClientFactoryServiceRef';
import { awsCallCounterServiceRef } from './awsCallCounterServiceRef';

const dev = { accountId: '111111111111', region: 'eu-west-1' };
const prodIreland = { accountId: '222222222222', region: 'eu-west-1' };
const prodFrankfurt = { accountId: '222222222222', region: 'eu-central-1' };

/** How the sandbox saw a GetResources caller: its account, region and request. */
interface SeenCall {
  accountId: string;
  region: string;
  accessKeyId: string;
  userAgent: string;
  input: unknown;
}

/**
 * The sandbox's own Tagging service, reporting the caller as the sandbox
 * authenticated it (from the SigV4 access key and credential scope).
 */
function observedTaggingService(seen: SeenCall[]): SandboxService {
  const tagging = builtinServices.find(s => s.name === 'tagging')!;
  return {
    ...tagging,
    operations: {
      ...tagging.operations,
      GetResources: (input: unknown, ctx: OperationContext) => {
        seen.push({
          accountId: ctx.accountId,
          region: ctx.region,
          accessKeyId: ctx.caller.accessKeyId,
          userAgent: String(ctx.http.headers['user-agent'] ?? ''),
          input,
        });
        return tagging.operations.GetResources(input, ctx);
      },
    },
  };
}

describe('DefaultAwsClientFactory', () => {
  let server: SandboxServer;
  let seen: SeenCall[];

  beforeEach(async () => {
    seen = [];
    server = await createSandboxServer({
      port: 0,
      services: [observedTaggingService(seen)],
    });
  });

  afterEach(async () => {
    await server.close();
  });

  const getResources = () => server.stats.count('tagging', 'GetResources');

  function createFactory(shipyardAws: JsonObject = {}) {
    const counter = DefaultAwsCallCounter.create();
    const portal = sandboxPortalConfig(server);
    const factory = DefaultAwsClientFactory.fromConfig(
      new ConfigReader({
        ...portal,
        shipyard: {
          ...portal.shipyard,
          aws: { ...portal.shipyard.aws, ...shipyardAws },
        },
      }),
      { counter },
    );
    return { counter, factory };
  }

  it('reuses one client per (account, region, client class)', () => {
    const { factory } = createFactory();
    const a = factory.getClient(ResourceGroupsTaggingAPIClient, prodIreland);
    expect(factory.getClient(ResourceGroupsTaggingAPIClient, prodIreland)).toBe(
      a,
    );
    expect(
      factory.getClient(ResourceGroupsTaggingAPIClient, { ...prodIreland }),
    ).toBe(a);
    const others = [
      factory.getClient(ResourceGroupsTaggingAPIClient, prodFrankfurt),
      factory.getClient(ResourceGroupsTaggingAPIClient, dev),
      factory.getClient(ECSClient, prodIreland),
    ];
    expect(new Set([a, ...others]).size).toBe(4);
    expect(others[2]).toBeInstanceOf(ECSClient);
    factory.destroy();
  });

  it('sends every call to the configured endpoint, signed with the account credentials and region', async () => {
    const { factory } = createFactory();
    const frankfurt = await factory
      .getClient(ResourceGroupsTaggingAPIClient, prodFrankfurt)
      .send(
        new GetResourcesCommand({
          ResourcesPerPage: 100,
          ResourceTypeFilters: ['ecs:service'],
        }),
      );
    await factory
      .getClient(ResourceGroupsTaggingAPIClient, dev)
      .send(new GetResourcesCommand({}));

    expect(getResources()).toBe(2);
    expect(seen).toEqual([
      {
        accountId: '222222222222',
        region: 'eu-central-1',
        accessKeyId: 'SANDBOX222222222222',
        userAgent: expect.stringContaining('shipyard'),
        input: { ResourcesPerPage: 100, ResourceTypeFilters: ['ecs:service'] },
      },
      expect.objectContaining({
        accountId: '111111111111',
        region: 'eu-west-1',
        accessKeyId: 'SANDBOX111111111111',
      }),
    ]);
    // The answer is the one for that account and region: the DR cluster's
    // services, nothing from Ireland or another account.
    const arns = (frankfurt.ResourceTagMappingList ?? []).map(
      r => r.ResourceARN,
    );
    expect(arns.length).toBeGreaterThan(0);
    expect(
      arns.every(arn =>
        arn?.startsWith(
          'arn:aws:ecs:eu-central-1:222222222222:service/prod-apps-dr/',
        ),
      ),
    ).toBe(true);
    factory.destroy();
  });

  it('refuses an endpoint when NODE_ENV is production, naming the key', () => {
    const nodeEnv = process.env.NODE_ENV;
    process.env.NODE_ENV = 'production';
    try {
      const config = new ConfigReader({
        aws: sandboxPortalConfig().aws,
        shipyard: { aws: { endpoint: 'http://localhost:4566' } },
      });
      const counter = DefaultAwsCallCounter.create();
      expect(() =>
        DefaultAwsClientFactory.fromConfig(config, { counter }),
      ).toThrow(
        /^shipyard\.aws\.endpoint is set to 'http:\/\/localhost:4566', but NODE_ENV is production/,
      );
      // Without the endpoint, the same configuration is fine in production.
      expect(() =>
        DefaultAwsClientFactory.fromConfig(
          new ConfigReader({ aws: sandboxPortalConfig().aws }),
          { counter },
        ),
      ).not.toThrow();
    } finally {
      process.env.NODE_ENV = nodeEnv;
    }
  });

  it('leaves the endpoint to the SDK when none is configured', async () => {
    const factory = DefaultAwsClientFactory.fromConfig(
      new ConfigReader({ aws: sandboxPortalConfig().aws }),
      { counter: DefaultAwsCallCounter.create() },
    );
    const client = factory.getClient(ResourceGroupsTaggingAPIClient, dev);
    expect(client.config.endpoint).toBeUndefined();
    expect(
      await factory
        .getClient(ResourceGroupsTaggingAPIClient, {
          ...dev,
          region: 'eu-central-1',
        })
        .config.region(),
    ).toBe('eu-central-1');
    factory.destroy();
  });

  it('counts every call per account, region, service, operation and outcome', async () => {
    const { counter, factory } = createFactory();
    const tagging = factory.getClient(ResourceGroupsTaggingAPIClient, dev);
    await tagging.send(new GetResourcesCommand({}));
    await tagging.send(new GetResourcesCommand({}));
    // AWS's limit is 100 per page; the sandbox refuses more, as AWS does.
    await expect(
      tagging.send(new GetResourcesCommand({ ResourcesPerPage: 500 })),
    ).rejects.toThrow(
      expect.objectContaining({ name: 'InvalidParameterException' }),
    );
    await factory
      .getClient(ResourceGroupsTaggingAPIClient, prodIreland)
      .send(new GetResourcesCommand({}));

    expect(getResources()).toBe(4);
    expect(counter.snapshot()).toEqual([
      {
        accountId: '111111111111',
        region: 'eu-west-1',
        service: 'ResourceGroupsTaggingAPI',
        operation: 'GetResources',
        outcome: 'error',
        errorName: 'InvalidParameterException',
        count: 1,
        retries: 0,
      },
      {
        accountId: '111111111111',
        region: 'eu-west-1',
        service: 'ResourceGroupsTaggingAPI',
        operation: 'GetResources',
        outcome: 'success',
        count: 2,
        retries: 0,
      },
      {
        accountId: '222222222222',
        region: 'eu-west-1',
        service: 'ResourceGroupsTaggingAPI',
        operation: 'GetResources',
        outcome: 'success',
        count: 1,
        retries: 0,
      },
    ]);
    factory.destroy();
  });

  it('retries throttling in standard mode and counts the retries', async () => {
    const { counter, factory } = createFactory({ maxAttempts: 3 });
    server.faults.add({
      service: 'tagging',
      operation: 'GetResources',
      kind: 'throttle',
      count: 2,
    });
    await factory
      .getClient(ResourceGroupsTaggingAPIClient, dev)
      .send(new GetResourcesCommand({}));
    expect(
      server.stats.snapshot().services.tagging.operations.GetResources,
    ).toEqual({ requests: 3, ok: 1, errors: 0, throttled: 2, injected: 0 });
    expect(counter.snapshot()).toEqual([
      expect.objectContaining({ outcome: 'success', count: 1, retries: 2 }),
    ]);
    factory.destroy();
  });

  it('retries server errors too', async () => {
    const { counter, factory } = createFactory({ maxAttempts: 3 });
    server.faults.add({
      service: 'tagging',
      kind: 'error',
      statusCode: 503,
      count: 1,
    });
    await factory
      .getClient(ResourceGroupsTaggingAPIClient, dev)
      .send(new GetResourcesCommand({}));
    expect(getResources()).toBe(2);
    expect(counter.snapshot()).toEqual([
      expect.objectContaining({ outcome: 'success', count: 1, retries: 1 }),
    ]);
    factory.destroy();
  });

  it('gives up after shipyard.aws.maxAttempts and records the error and its call context', async () => {
    const { counter, factory } = createFactory({ maxAttempts: 2 });
    server.faults.add({
      service: 'tagging',
      operation: 'GetResources',
      kind: 'throttle',
    });
    const error = await factory
      .getClient(ResourceGroupsTaggingAPIClient, prodFrankfurt)
      .send(new GetResourcesCommand({}))
      .catch(e => e);
    expect(error.name).toBe('ThrottledException');
    expect(getResources()).toBe(2);
    expect(counter.snapshot()).toEqual([
      expect.objectContaining({
        outcome: 'error',
        errorName: 'ThrottledException',
        count: 1,
        retries: 1,
      }),
    ]);
    expect(getAwsCallContext(error)).toEqual({
      accountId: '222222222222',
      region: 'eu-central-1',
      service: 'ResourceGroupsTaggingAPI',
      operation: 'GetResources',
    });
    factory.destroy();
  });

  it('counts calls inside a scope separately from concurrent work', async () => {
    const { counter, factory } = createFactory();
    const tagging = factory.getClient(ResourceGroupsTaggingAPIClient, dev);
    const scope = counter.createScope();
    await Promise.all([
      scope.run(async () => {
        await tagging.send(new GetResourcesCommand({}));
        await tagging.send(new GetResourcesCommand({}));
      }),
      tagging.send(new GetResourcesCommand({})),
    ]);
    expect(getResources()).toBe(3);
    expect(scope.snapshot()).toEqual([
      expect.objectContaining({ operation: 'GetResources', count: 2 }),
    ]);
    expect(counter.snapshot()).toEqual([
      expect.objectContaining({ operation: 'GetResources', count: 3 }),
    ]);
    factory.destroy();
  });

  it('rejects a maxAttempts below 1', () => {
    expect(() => createFactory({ maxAttempts: 0 })).toThrow(
      'shipyard.aws.maxAttempts must be a whole number of at least 1, got 0',
    );
  });

  it('is shared through the service ref with the process-wide counter', async () => {
    const tester = ServiceFactoryTester.from(awsClientFactoryServiceFactory, {
      dependencies: [
        mockServices.rootConfig.factory({
          data: sandboxPortalConfig(server) as JsonObject,
        }),
      ],
    });
    const factory = await tester.getSubject();
    const counter = await tester.getService(awsCallCounterServiceRef);
    await factory
      .getClient(ResourceGroupsTaggingAPIClient, dev)
      .send(new GetResourcesCommand({}));
    expect(getResources()).toBe(1);
    expect(counter.snapshot()).toEqual([
      expect.objectContaining({ accountId: '111111111111', count: 1 }),
    ]);
    (factory as DefaultAwsClientFactory).destroy();
  });
});
