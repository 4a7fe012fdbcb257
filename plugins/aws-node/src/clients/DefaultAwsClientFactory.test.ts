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
  awsJsonError,
  FakeAwsResponse,
  startFakeAwsJsonServer,
} from '../testUtils/startFakeAwsJsonServer';
import { DefaultAwsCallCounter } from './DefaultAwsCallCounter';
import { DefaultAwsClientFactory } from './DefaultAwsClientFactory';
import { getAwsCallContext } from './awsCallContext';
import { awsClientFactoryServiceFactory } from './awsClientFactoryServiceRef';
import { awsCallCounterServiceRef } from './awsCallCounterServiceRef';

const dev = { accountId: '111111111111', region: 'eu-west-1' };
const prodIreland = { accountId: '222222222222', region: 'eu-west-1' };
const prodFrankfurt = { accountId: '222222222222', region: 'eu-central-1' };

function sandboxConfig(shipyardAws: JsonObject = {}) {
  return new ConfigReader({
    aws: {
      accounts: ['111111111111', '222222222222'].map(accountId => ({
        accountId,
        accessKeyId: `SANDBOX${accountId}`,
        secretAccessKey: 'sandbox',
      })),
    },
    shipyard: { aws: shipyardAws },
  });
}

const emptyPage: FakeAwsResponse = { body: { ResourceTagMappingList: [] } };

describe('DefaultAwsClientFactory', () => {
  let server: Awaited<ReturnType<typeof startFakeAwsJsonServer>>;
  let responses: FakeAwsResponse[];

  beforeEach(async () => {
    responses = [];
    server = await startFakeAwsJsonServer(() => responses.shift() ?? emptyPage);
  });

  afterEach(async () => {
    await server.close();
  });

  function createFactory(shipyardAws: JsonObject = {}) {
    const counter = DefaultAwsCallCounter.create();
    const factory = DefaultAwsClientFactory.fromConfig(
      sandboxConfig({ endpoint: server.url, ...shipyardAws }),
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
    await factory
      .getClient(ResourceGroupsTaggingAPIClient, prodFrankfurt)
      .send(new GetResourcesCommand({ ResourcesPerPage: 100 }));
    await factory
      .getClient(ResourceGroupsTaggingAPIClient, dev)
      .send(new GetResourcesCommand({}));

    expect(server.requests).toHaveLength(2);
    expect(server.requests[0].target).toBe(
      'ResourceGroupsTaggingAPI_20170126.GetResources',
    );
    expect(server.requests[0].body).toEqual({ ResourcesPerPage: 100 });
    expect(server.requests[0].headers.authorization).toContain(
      'Credential=SANDBOX222222222222/',
    );
    expect(server.requests[0].headers.authorization).toContain(
      '/eu-central-1/tagging/aws4_request',
    );
    expect(server.requests[0].headers['user-agent']).toContain('shipyard');
    expect(server.requests[1].headers.authorization).toContain(
      'Credential=SANDBOX111111111111/',
    );
    factory.destroy();
  });

  it('leaves the endpoint to the SDK when none is configured', async () => {
    const factory = DefaultAwsClientFactory.fromConfig(sandboxConfig(), {
      counter: DefaultAwsCallCounter.create(),
    });
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
    responses.push(awsJsonError('AccessDeniedException', 'not authorized'));
    await expect(tagging.send(new GetResourcesCommand({}))).rejects.toThrow(
      'not authorized',
    );
    await factory
      .getClient(ResourceGroupsTaggingAPIClient, prodIreland)
      .send(new GetResourcesCommand({}));

    expect(counter.snapshot()).toEqual([
      {
        accountId: '111111111111',
        region: 'eu-west-1',
        service: 'ResourceGroupsTaggingAPI',
        operation: 'GetResources',
        outcome: 'error',
        errorName: 'AccessDeniedException',
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
    responses.push(
      awsJsonError('ThrottlingException', 'Rate exceeded'),
      awsJsonError('ThrottlingException', 'Rate exceeded'),
    );
    await factory
      .getClient(ResourceGroupsTaggingAPIClient, dev)
      .send(new GetResourcesCommand({}));
    expect(server.requests).toHaveLength(3);
    expect(counter.snapshot()).toEqual([
      expect.objectContaining({ outcome: 'success', count: 1, retries: 2 }),
    ]);
    factory.destroy();
  });

  it('gives up after shipyard.aws.maxAttempts and records the error and its call context', async () => {
    const { counter, factory } = createFactory({ maxAttempts: 2 });
    responses.push(
      ...Array.from({ length: 5 }, () =>
        awsJsonError('ThrottlingException', 'Rate exceeded'),
      ),
    );
    const error = await factory
      .getClient(ResourceGroupsTaggingAPIClient, prodFrankfurt)
      .send(new GetResourcesCommand({}))
      .catch(e => e);
    expect(error.name).toBe('ThrottlingException');
    expect(server.requests).toHaveLength(2);
    expect(counter.snapshot()).toEqual([
      expect.objectContaining({
        outcome: 'error',
        errorName: 'ThrottlingException',
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
          data: {
            aws: {
              accounts: [
                {
                  accountId: '111111111111',
                  accessKeyId: 'SANDBOX111111111111',
                  secretAccessKey: 'sandbox',
                },
              ],
            },
            shipyard: { aws: { endpoint: server.url } },
          },
        }),
      ],
    });
    const factory = await tester.getSubject();
    const counter = await tester.getService(awsCallCounterServiceRef);
    await factory
      .getClient(ResourceGroupsTaggingAPIClient, dev)
      .send(new GetResourcesCommand({}));
    expect(counter.snapshot()).toEqual([
      expect.objectContaining({ accountId: '111111111111', count: 1 }),
    ]);
    (factory as DefaultAwsClientFactory).destroy();
  });
});
