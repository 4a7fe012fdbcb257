import {
  CreateRepositoryCommand,
  DescribeImagesCommand,
  ECRClient,
  GetRepositoryPolicyCommand,
  ListTagsForResourceCommand,
} from '@aws-sdk/client-ecr';
import { UserEntity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import {
  ConflictError,
  NotAllowedError,
  ServiceUnavailableError,
} from '@backstage/errors';
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

/** Ana of the storefront team, as the catalog holds her (catalog/ in the demo organisation). */
const ana: UserEntity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'User',
  metadata: { name: 'ana.lima', namespace: 'default' },
  spec: { memberOf: ['team-storefront'] },
  relations: [{ type: 'memberOf', targetRef: 'group:default/team-storefront' }],
};

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
    const ctx = createMockActionContext({
      input,
      user: { entity: ana, ref: 'user:default/ana.lima' },
    });
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

    // The prod account pulls from the artifact (and dev) account 111111111111.
    const policy = await ecr.send(
      new GetRepositoryPolicyCommand({ repositoryName: 'returns-api' }),
    );
    expect(JSON.parse(policy.policyText!)).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'ShipyardEnvironmentsPull',
          Effect: 'Allow',
          Principal: { AWS: ['arn:aws:iam::222222222222:root'] },
          Action: [
            'ecr:BatchCheckLayerAvailability',
            'ecr:BatchGetImage',
            'ecr:GetDownloadUrlForLayer',
          ],
        },
      ],
    });
    expect(server.stats.count('ecr', 'SetRepositoryPolicy')).toBe(1);

    // A template run again after a later step failed: the grant is there, nothing is set.
    expect(await run(returnsApi)).toEqual([['repositoryUri', uri]]);
    expect(server.stats.count('ecr', 'GetRepositoryPolicy')).toBe(2);
    expect(server.stats.count('ecr', 'SetRepositoryPolicy')).toBe(1);
  });

  it("refuses another team as owner, and a repository of the component that no owner tag gives to the user's team", async () => {
    await expect(
      run({ ...returnsApi, owner: 'team-payments' }),
    ).rejects.toThrow(
      'Cannot create the ECR repository for owner team-payments: user:default/ana.lima is not a member of group:default/team-payments',
    );
    expect(server.stats.count('ecr')).toBe(0);

    await ecr.send(
      new CreateRepositoryCommand({
        repositoryName: 'returns-api',
        tags: [{ Key: 'shipyard:component', Value: 'returns-api' }],
      }),
    );
    const error = await run(returnsApi).catch(e => e);
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.message).toMatch(
      /^The ECR repository returns-api already exists in account 111111111111 \(eu-west-1\) for component returns-api but carries no shipyard:owner tag/,
    );
    expect(server.stats.count('ecr', 'SetRepositoryPolicy')).toBe(0);
  });

  it('refuses a task without a user entity before calling ECR', async () => {
    const ctx = createMockActionContext({ input: returnsApi });
    await expect(action.handler(ctx as any)).rejects.toThrow(NotAllowedError);
    expect(server.stats.count('ecr')).toBe(0);
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
