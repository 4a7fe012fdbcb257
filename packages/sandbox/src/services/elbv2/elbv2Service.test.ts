import {
  DescribeTargetGroupsCommand,
  ElasticLoadBalancingV2Client,
  paginateDescribeTargetGroups,
  type TargetGroup,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import {
  createSandboxServer,
  type SandboxServer,
} from '../../server/createSandboxServer';
import { createEcsServiceAsTerraform } from '../../testing/createEcsServiceAsTerraform';
import { sandboxClientConfig } from '../../testing/sandboxClientConfig';

const DEV = '111111111111';
const PROD = '222222222222';

describe('Elastic Load Balancing v2', () => {
  let server: SandboxServer;
  const clients: Array<{ destroy(): void }> = [];
  const elb = (
    options: { accountId?: string; region?: string } = {},
  ): ElasticLoadBalancingV2Client => {
    const client = new ElasticLoadBalancingV2Client(
      sandboxClientConfig(server, { ...options, maxAttempts: 1 }),
    );
    clients.push(client);
    return client;
  };
  const loadBalancer = (environment: string, region = 'eu-west-1') =>
    server.scenario.loadBalancers.find(
      lb => lb.environment === environment && lb.region === region,
    )!;
  const prodService = (component: string, region = 'eu-west-1') =>
    server.scenario.findServices({
      component,
      environment: 'prod',
      region,
    })[0];
  const describeAll = async (
    client: ElasticLoadBalancingV2Client,
    input: { LoadBalancerArn?: string; PageSize?: number } = {},
  ) => {
    const all: TargetGroup[] = [];
    for await (const page of paginateDescribeTargetGroups({ client }, input)) {
      all.push(...page.TargetGroups!);
    }
    return all;
  };

  beforeEach(async () => {
    server = await createSandboxServer({
      port: 0,
      now: () => new Date('2026-03-02T09:30:00Z'),
    });
  });

  afterEach(async () => {
    clients.splice(0).forEach(c => c.destroy());
    await server.close();
  });

  it("describes target groups by ARN, each on its environment's shared load balancer", async () => {
    const checkout = prodService('checkout-api');
    const storefront = prodService('storefront-web');
    const { TargetGroups, NextMarker } = await elb({ accountId: PROD }).send(
      new DescribeTargetGroupsCommand({
        TargetGroupArns: [checkout.targetGroupArn!, storefront.targetGroupArn!],
      }),
    );
    expect(NextMarker).toBeUndefined();
    const alb = loadBalancer('prod');
    expect(alb.arn).toMatch(
      /^arn:aws:elasticloadbalancing:eu-west-1:222222222222:loadbalancer\/app\/shipyard-prod\/[0-9a-f]{16}$/,
    );
    expect(TargetGroups).toEqual([
      expect.objectContaining({
        TargetGroupArn: checkout.targetGroupArn,
        TargetGroupName: 'checkout-api-prod',
        Protocol: 'HTTP',
        Port: 8080,
        VpcId: alb.vpcId,
        TargetType: 'ip',
        HealthCheckPath: '/healthz',
        Matcher: { HttpCode: '200-299' },
        LoadBalancerArns: [alb.arn],
      }),
      expect.objectContaining({
        TargetGroupArn: storefront.targetGroupArn,
        TargetGroupName: 'storefront-web-prod',
        LoadBalancerArns: [alb.arn],
      }),
    ]);
    expect(checkout.loadBalancerArn).toBe(alb.arn);
  });

  it('lists every target group of an account and region, or those of one load balancer, in pages', async () => {
    const dev = loadBalancer('dev');
    const staging = loadBalancer('staging');
    expect(dev.arn).not.toBe(staging.arn);
    const behindLoadBalancer = (arn: string) =>
      server.scenario.services
        .filter(s => s.loadBalancerArn === arn)
        .map(s => s.targetGroupArn!)
        .sort();

    const client = elb({ accountId: DEV });
    const all = await describeAll(client);
    expect(all.map(tg => tg.TargetGroupArn).sort()).toEqual(
      [
        ...behindLoadBalancer(dev.arn),
        ...behindLoadBalancer(staging.arn),
      ].sort(),
    );
    // Workers sit behind no load balancer.
    expect(all.map(tg => tg.TargetGroupName)).not.toContain(
      'branch-inventory-worker-dev',
    );

    const first = await client.send(
      new DescribeTargetGroupsCommand({
        LoadBalancerArn: dev.arn,
        PageSize: 2,
      }),
    );
    expect(first.TargetGroups).toHaveLength(2);
    expect(first.NextMarker).toEqual(expect.any(String));
    const paged = await describeAll(client, {
      LoadBalancerArn: dev.arn,
      PageSize: 2,
    });
    expect(paged.slice(0, 2)).toEqual(first.TargetGroups);
    expect(paged.map(tg => tg.TargetGroupArn).sort()).toEqual(
      behindLoadBalancer(dev.arn),
    );
    expect(paged.every(tg => tg.LoadBalancerArns!.join() === dev.arn)).toBe(
      true,
    );

    // The DR region has its own load balancer, with the replicated services only.
    const dr = await describeAll(
      elb({ accountId: PROD, region: 'eu-central-1' }),
    );
    expect(dr.map(tg => tg.TargetGroupName).sort()).toEqual([
      'checkout-api-prod',
      'payments-gateway-prod',
    ]);
    expect(dr[0].LoadBalancerArns).toEqual([
      loadBalancer('prod', 'eu-central-1').arn,
    ]);
  });

  it('describes the target group of a service created since, as its Terraform would create it', async () => {
    const { targetGroupArn } = await createEcsServiceAsTerraform(server, {
      tfvars: {
        service: {
          name: 'basket-api',
          owner: 'team-storefront',
          system: 'storefront',
          cpu: 512,
          memory: 1024,
          port: 9000,
          desired_count: 2,
        },
        environments: {
          staging: {
            account_id: DEV,
            region: 'eu-west-1',
            cluster: 'staging-apps',
          },
        },
      },
      environment: 'staging',
      image: `${DEV}.dkr.ecr.eu-west-1.amazonaws.com/basket-api:bootstrap`,
    });
    const client = elb({ accountId: DEV });
    const { TargetGroups } = await client.send(
      new DescribeTargetGroupsCommand({ TargetGroupArns: [targetGroupArn] }),
    );
    expect(TargetGroups).toEqual([
      expect.objectContaining({
        TargetGroupArn: targetGroupArn,
        TargetGroupName: expect.stringMatching(/^svc-/),
        Port: 9000,
        LoadBalancerArns: [loadBalancer('staging').arn],
      }),
    ]);
    const staging = await describeAll(client, {
      LoadBalancerArn: loadBalancer('staging').arn,
    });
    expect(staging.map(tg => tg.TargetGroupArn)).toContain(targetGroupArn);
  });

  it("answers AWS's errors for unknown, malformed and too many ARNs and bad page sizes", async () => {
    const client = elb({ accountId: PROD });
    const checkout = prodService('checkout-api');
    const unknown = checkout.targetGroupArn!.replace(
      /[0-9a-f]{16}$/,
      'f'.repeat(16),
    );
    await expect(
      client.send(
        new DescribeTargetGroupsCommand({
          TargetGroupArns: [checkout.targetGroupArn!, unknown],
        }),
      ),
    ).rejects.toMatchObject({
      name: 'TargetGroupNotFoundException',
      message: 'One or more target groups not found',
      $metadata: { httpStatusCode: 400 },
    });
    await expect(
      client.send(
        new DescribeTargetGroupsCommand({ TargetGroupArns: ['checkout-api'] }),
      ),
    ).rejects.toMatchObject({
      name: 'ValidationError',
      message: "'checkout-api' is not a valid target group ARN",
    });
    // A target group of another region is not one this regional endpoint knows.
    await expect(
      client.send(
        new DescribeTargetGroupsCommand({
          TargetGroupArns: [
            prodService('checkout-api', 'eu-central-1').targetGroupArn!,
          ],
        }),
      ),
    ).rejects.toMatchObject({ name: 'ValidationError' });
    // The count is checked before whether they exist.
    const arns = Array.from(
      { length: 21 },
      (_, i) =>
        `arn:aws:elasticloadbalancing:eu-west-1:${PROD}:targetgroup/tg-${i}/${'0'.repeat(
          16,
        )}`,
    );
    await expect(
      client.send(new DescribeTargetGroupsCommand({ TargetGroupArns: arns })),
    ).rejects.toMatchObject({
      name: 'ValidationError',
      message: "You cannot describe more than '20' target groups at a time",
    });
    await expect(
      client.send(
        new DescribeTargetGroupsCommand({
          LoadBalancerArn: loadBalancer('prod').arn.replace(
            /[0-9a-f]{16}$/,
            '0'.repeat(16),
          ),
        }),
      ),
    ).rejects.toMatchObject({ name: 'LoadBalancerNotFoundException' });
    await expect(
      client.send(
        new DescribeTargetGroupsCommand({
          LoadBalancerArn: loadBalancer('prod').arn,
          TargetGroupArns: [checkout.targetGroupArn!],
        }),
      ),
    ).rejects.toMatchObject({ name: 'ValidationError' });
    for (const PageSize of [0, 401]) {
      await expect(
        client.send(new DescribeTargetGroupsCommand({ PageSize })),
      ).rejects.toMatchObject({ name: 'ValidationError' });
    }
    await expect(
      client.send(new DescribeTargetGroupsCommand({ Marker: 'forged' })),
    ).rejects.toMatchObject({ name: 'ValidationError' });
  });

  it('shows each account only its own target groups and load balancers', async () => {
    const checkout = prodService('checkout-api');
    const asDev = elb({ accountId: DEV });
    await expect(
      asDev.send(
        new DescribeTargetGroupsCommand({
          TargetGroupArns: [checkout.targetGroupArn!],
        }),
      ),
    ).rejects.toMatchObject({ name: 'TargetGroupNotFoundException' });
    await expect(
      asDev.send(
        new DescribeTargetGroupsCommand({
          LoadBalancerArn: loadBalancer('prod').arn,
        }),
      ),
    ).rejects.toMatchObject({ name: 'LoadBalancerNotFoundException' });
    const devGroups = await describeAll(asDev);
    expect(devGroups.map(tg => tg.TargetGroupArn)).not.toContain(
      checkout.targetGroupArn,
    );
    expect(devGroups.every(tg => tg.TargetGroupArn!.includes(`:${DEV}:`))).toBe(
      true,
    );
    expect((await describeAll(elb({ accountId: '333333333333' }))).length).toBe(
      0,
    );
  });

  it('finds target groups by name', async () => {
    const { TargetGroups } = await elb({ accountId: DEV }).send(
      new DescribeTargetGroupsCommand({
        Names: ['checkout-api-dev', 'checkout-api-stg'],
      }),
    );
    expect(TargetGroups!.map(tg => tg.TargetGroupName)).toEqual([
      'checkout-api-dev',
      'checkout-api-stg',
    ]);
    await expect(
      elb({ accountId: DEV }).send(
        new DescribeTargetGroupsCommand({ Names: ['checkout-api-prod'] }),
      ),
    ).rejects.toMatchObject({ name: 'TargetGroupNotFoundException' });
  });
});
