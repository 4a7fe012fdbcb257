import {
  DescribeImagesCommand,
  ECRClient,
  ListTagsForResourceCommand,
} from '@aws-sdk/client-ecr';
import { ConfigReader } from '@backstage/config';
import { ConflictError, ServiceUnavailableError } from '@backstage/errors';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import {
  DefaultAwsCallCounter,
  DefaultAwsClientFactory,
  DefaultShipyardEnvironments,
  readShipyardTagKeys,
} from '@internal/plugin-aws-node';
import {
  createSandboxServer,
  sandboxClientConfig,
  sandboxPortalConfig,
  SandboxServer,
} from 'sandbox';
import { readShipyardScaffolderConfig } from '../../config/ShipyardScaffolderConfig';
import { createEcrRepositoryAction } from './createEcrRepositoryAction';

describe('shipyard:ecr:create-repository against the sandbox', () => {
  let server: SandboxServer;
  let factory: DefaultAwsClientFactory;
  let ecr: ECRClient;
  let action: ReturnType<typeof createEcrRepositoryAction>;

  beforeEach(async () => {
    server = await createSandboxServer({ port: 0 });
    const config = new ConfigReader(
      sandboxPortalConfig(server, { maxAttempts: 2 }),
    );
    factory = DefaultAwsClientFactory.fromConfig(config, {
      counter: DefaultAwsCallCounter.create(),
    });
    action = createEcrRepositoryAction({
      clientFactory: factory,
      environments: DefaultShipyardEnvironments.fromConfig(config),
      config: readShipyardScaffolderConfig(config),
      tagKeys: readShipyardTagKeys(config),
    });
    ecr = new ECRClient(sandboxClientConfig(server));
  });

  afterEach(async () => {
    ecr.destroy();
    factory.destroy();
    await server.close();
  });

  async function run(input: Record<string, string>) {
    const ctx = createMockActionContext({ input });
    await action.handler(ctx as any);
    return (ctx.output as jest.Mock).mock.calls;
  }

  const returnsApi = {
    repositoryName: 'returns-api',
    component: 'returns-api',
    owner: 'team-storefront',
    system: 'storefront',
  };

  it('creates the repository in the artifact account, tagged, and reuses it on a second run', async () => {
    const uri = '111111111111.dkr.ecr.eu-west-1.amazonaws.com/returns-api';
    expect(await run(returnsApi)).toEqual([['repositoryUri', uri]]);

    const tags = await ecr.send(
      new ListTagsForResourceCommand({
        resourceArn:
          'arn:aws:ecr:eu-west-1:111111111111:repository/returns-api',
      }),
    );
    expect(tags.tags).toEqual([
      { Key: 'shipyard:component', Value: 'returns-api' },
      { Key: 'shipyard:owner', Value: 'team-storefront' },
      { Key: 'shipyard:system', Value: 'storefront' },
    ]);
    const repository = server.state.repositories.get(
      '111111111111',
      'eu-west-1',
      'returns-api',
    );
    expect(repository?.imageTagMutability).toBe('IMMUTABLE');
    await expect(
      ecr.send(new DescribeImagesCommand({ repositoryName: 'returns-api' })),
    ).resolves.toMatchObject({ imageDetails: [] });

    // A template run again after a later step failed.
    expect(await run(returnsApi)).toEqual([['repositoryUri', uri]]);
  });

  it("refuses the name of the scenario's checkout-api repository for another component", async () => {
    const error = await run({
      ...returnsApi,
      repositoryName: 'checkout-api',
    }).catch(e => e);
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.message).toBe(
      'The ECR repository checkout-api already exists in account 111111111111 (eu-west-1) and belongs to component checkout-api; choose another repository name for returns-api',
    );
  });

  it('fails with a retryable error when ECR keeps throttling', async () => {
    server.faults.add({
      service: 'ecr',
      operation: 'CreateRepository',
      kind: 'throttle',
    });
    const error = await run(returnsApi).catch(e => e);
    expect(error).toBeInstanceOf(ServiceUnavailableError);
    expect(error.message).toMatch(
      /^AWS ECR is throttling ECR:CreateRepository in account 111111111111, eu-west-1 after 2 attempts/,
    );
  });
});
