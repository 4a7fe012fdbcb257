import {
  DescribeServicesCommand,
  ECSClient,
  TagResourceCommand,
  type Tag,
} from '@aws-sdk/client-ecs';
import {
  GetResourcesCommand,
  ResourceGroupsTaggingAPIClient,
} from '@aws-sdk/client-resource-groups-tagging-api';
import {
  createSandboxServer,
  type SandboxServer,
} from '../../server/createSandboxServer';
import { sandboxClientConfig } from '../../testing/sandboxClientConfig';

const PROD = '222222222222';

const tagMap = (tags: Tag[] | undefined) =>
  Object.fromEntries((tags ?? []).map(t => [t.key!, t.value!]));

describe('ECS TagResource', () => {
  let server: SandboxServer;
  let ecs: ECSClient;

  beforeEach(async () => {
    server = await createSandboxServer({ port: 0 });
    ecs = new ECSClient(
      sandboxClientConfig(server, { accountId: PROD, maxAttempts: 1 }),
    );
  });

  afterEach(async () => {
    ecs.destroy();
    await server.close();
  });

  const checkout = () =>
    server.scenario.findServices({
      component: 'checkout-api',
      environment: 'prod',
      region: 'eu-west-1',
    })[0];

  it('overwrites and adds service tags, which DescribeServices and GetResources then answer', async () => {
    const service = checkout();
    await ecs.send(
      new TagResourceCommand({
        resourceArn: service.arn,
        tags: [
          { key: 'shipyard:deployed-by', value: 'user:default/sam.okafor' },
          { key: 'team:note', value: 'rolled back' },
        ],
      }),
    );

    const described = await ecs.send(
      new DescribeServicesCommand({
        cluster: 'prod-apps',
        services: [service.arn],
        include: ['TAGS'],
      }),
    );
    const tags = tagMap(described.services![0].tags);
    expect(tags['shipyard:deployed-by']).toBe('user:default/sam.okafor');
    expect(tags['team:note']).toBe('rolled back');
    // The other tags are kept.
    expect(tags['shipyard:component']).toBe('checkout-api');
    expect(tags['shipyard:environment']).toBe('prod');

    const tagging = new ResourceGroupsTaggingAPIClient(
      sandboxClientConfig(server, { accountId: PROD }),
    );
    const found = await tagging.send(
      new GetResourcesCommand({
        TagFilters: [{ Key: 'team:note', Values: ['rolled back'] }],
      }),
    );
    tagging.destroy();
    expect(found.ResourceTagMappingList?.map(r => r.ResourceARN)).toEqual([
      service.arn,
    ]);
  });

  it('refuses unknown resources, other accounts and empty tag lists', async () => {
    const service = checkout();
    await expect(
      ecs.send(
        new TagResourceCommand({
          resourceArn: `arn:aws:ecs:eu-west-1:${PROD}:service/prod-apps/nope`,
          tags: [{ key: 'a', value: 'b' }],
        }),
      ),
    ).rejects.toMatchObject({ name: 'ResourceNotFoundException' });

    const dev = new ECSClient(sandboxClientConfig(server, { maxAttempts: 1 }));
    await expect(
      dev.send(
        new TagResourceCommand({
          resourceArn: service.arn,
          tags: [{ key: 'a', value: 'b' }],
        }),
      ),
    ).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    dev.destroy();

    await expect(
      ecs.send(new TagResourceCommand({ resourceArn: service.arn, tags: [] })),
    ).rejects.toMatchObject({ name: 'InvalidParameterException' });
  });
});
