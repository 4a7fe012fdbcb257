import {
  GetResourcesCommand,
  ResourceGroupsTaggingAPIClient,
  paginateGetResources,
} from '@aws-sdk/client-resource-groups-tagging-api';
import {
  createSandboxServer,
  type SandboxServer,
} from '../../server/createSandboxServer';
import { sandboxClientConfig } from '../../testing/sandboxClientConfig';

describe('Resource Groups Tagging API', () => {
  let server: SandboxServer;
  let prod: ResourceGroupsTaggingAPIClient;

  beforeEach(async () => {
    server = await createSandboxServer({ port: 0 });
    prod = new ResourceGroupsTaggingAPIClient(
      sandboxClientConfig(server, { accountId: '222222222222' }),
    );
  });

  afterEach(async () => {
    prod.destroy();
    await server.close();
  });

  it("finds a component's resources in an environment by its tags", async () => {
    const result = await prod.send(
      new GetResourcesCommand({
        TagFilters: [
          { Key: 'shipyard:component', Values: ['checkout-api'] },
          { Key: 'shipyard:environment', Values: ['prod'] },
        ],
        ResourceTypeFilters: [
          'ecs:service',
          'elasticloadbalancing:targetgroup',
          'cloudwatch:alarm',
        ],
      }),
    );
    const service = server.scenario.getService(
      '222222222222/eu-west-1/prod-apps/checkout-api',
    )!;
    expect(
      result.ResourceTagMappingList!.map(r => r.ResourceARN).sort(),
    ).toEqual(
      [
        service.arn,
        service.targetGroupArn!,
        ...service.alarms.map(a => a.arn),
      ].sort(),
    );
    expect(result.ResourceTagMappingList![0].Tags).toEqual(
      expect.arrayContaining([
        { Key: 'shipyard:owner', Value: 'team-storefront' },
        { Key: 'shipyard:system', Value: 'storefront' },
      ]),
    );
    expect(result.PaginationToken).toBe('');
  });

  it('matches a service prefix, any of several values, and a key without values', async () => {
    const ecsOnly = await prod.send(
      new GetResourcesCommand({
        TagFilters: [
          { Key: 'shipyard:owner', Values: ['team-payments', 'team-freight'] },
        ],
        ResourceTypeFilters: ['ecs'],
      }),
    );
    const arns = ecsOnly.ResourceTagMappingList!.map(r => r.ResourceARN!);
    expect(
      arns.some(a => a.includes(':service/prod-apps/payments-gateway')),
    ).toBe(true);
    expect(
      arns.some(a => a.includes(':task-definition/ledger-service-prod:')),
    ).toBe(true);
    expect(arns.every(a => a.startsWith('arn:aws:ecs:'))).toBe(true);
    // Freight runs on EKS, so it has no ECS resources.
    expect(arns.some(a => a.includes('freight'))).toBe(false);

    const clusters = await prod.send(
      new GetResourcesCommand({
        TagFilters: [{ Key: 'shipyard:environment' }],
        ResourceTypeFilters: ['eks:cluster'],
      }),
    );
    expect(clusters.ResourceTagMappingList!.map(r => r.ResourceARN)).toEqual([
      'arn:aws:eks:eu-west-1:222222222222:cluster/prod-eks',
    ]);
  });

  it('pages through every resource with ResourcesPerPage and PaginationToken', async () => {
    const all = await prod.send(
      new GetResourcesCommand({
        TagFilters: [{ Key: 'shipyard:environment', Values: ['prod'] }],
      }),
    );
    const seen: string[] = [];
    for await (const page of paginateGetResources(
      { client: prod, pageSize: 7 },
      {
        TagFilters: [{ Key: 'shipyard:environment', Values: ['prod'] }],
        ResourcesPerPage: 7,
      },
    )) {
      expect(page.ResourceTagMappingList!.length).toBeLessThanOrEqual(7);
      seen.push(...page.ResourceTagMappingList!.map(r => r.ResourceARN!));
    }
    const total = server.scenario.taggedResources.filter(
      r =>
        r.accountId === '222222222222' &&
        r.region === 'eu-west-1' &&
        r.tags['shipyard:environment'] === 'prod',
    ).length;
    expect(seen).toHaveLength(total);
    expect(new Set(seen).size).toBe(total);
    expect(all.ResourceTagMappingList).toHaveLength(Math.min(50, total));
  });

  it('rejects bad input with InvalidParameterException', async () => {
    const bad = [
      { ResourcesPerPage: 101 },
      { ResourcesPerPage: 10, TagsPerPage: 100 },
      { ResourceTypeFilters: ['Not A Type'] },
      {
        ResourceARNList: [
          'arn:aws:ecs:eu-west-1:222222222222:cluster/prod-apps',
        ],
        TagFilters: [{ Key: 'a' }],
      },
      { TagFilters: [{ Values: ['x'] }] },
      { PaginationToken: 'forged' },
    ];
    for (const input of bad) {
      await expect(
        prod.send(new GetResourcesCommand(input as any)),
      ).rejects.toMatchObject({
        name: 'InvalidParameterException',
      });
    }
  });

  it('looks resources up by ARN within the calling account and region only', async () => {
    const result = await prod.send(
      new GetResourcesCommand({
        ResourceARNList: [
          'arn:aws:ecs:eu-west-1:222222222222:cluster/prod-apps',
          'arn:aws:ecs:eu-west-1:111111111111:cluster/dev-apps',
        ],
      }),
    );
    expect(result.ResourceTagMappingList!.map(r => r.ResourceARN)).toEqual([
      'arn:aws:ecs:eu-west-1:222222222222:cluster/prod-apps',
    ]);
  });
});
