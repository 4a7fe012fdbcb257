import {
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  ECSClient,
} from '@aws-sdk/client-ecs';
import {
  createSandboxServer,
  type SandboxServer,
} from '../server/createSandboxServer';
import {
  createEcsServiceAsTerraform,
  type EcsServiceTfvars,
} from './createEcsServiceAsTerraform';
import { sandboxClientConfig } from './sandboxClientConfig';

// As Shipyard's ecs-service template writes infra/shipyard.auto.tfvars.json.
const tfvars: EcsServiceTfvars = {
  service: {
    name: 'basket-api',
    owner: 'team-storefront',
    system: 'storefront',
    cpu: 512,
    memory: 1024,
    port: 8080,
    desired_count: 2,
  },
  environments: {
    dev: {
      account_id: '111111111111',
      region: 'eu-west-1',
      cluster: 'dev-apps',
    },
  },
};

describe('createEcsServiceAsTerraform', () => {
  let server: SandboxServer;
  let ecs: ECSClient;

  beforeEach(async () => {
    server = await createSandboxServer({ port: 0 });
    ecs = new ECSClient(
      sandboxClientConfig(server, { accountId: '111111111111' }),
    );
  });

  afterEach(async () => {
    ecs.destroy();
    await server.close();
  });

  it("creates the bootstrap revision and the service in the environment's cluster, tagged with the link tags", async () => {
    const image =
      '111111111111.dkr.ecr.eu-west-1.amazonaws.com/basket-api:bootstrap';
    const created = await createEcsServiceAsTerraform(server, {
      tfvars,
      environment: 'dev',
      image,
    });
    const linkTags = [
      { key: 'shipyard:component', value: 'basket-api' },
      { key: 'shipyard:environment', value: 'dev' },
      { key: 'shipyard:owner', value: 'team-storefront' },
      { key: 'shipyard:system', value: 'storefront' },
    ];
    const { taskDefinition, tags } = await ecs.send(
      new DescribeTaskDefinitionCommand({
        taskDefinition: created.taskDefinitionArn,
        include: ['TAGS'],
      }),
    );
    expect(taskDefinition).toMatchObject({
      family: 'basket-api-dev',
      cpu: '512',
      memory: '1024',
      containerDefinitions: [
        expect.objectContaining({ name: 'basket-api', image }),
      ],
    });
    expect(tags).toEqual(linkTags);
    const { services } = await ecs.send(
      new DescribeServicesCommand({
        cluster: 'dev-apps',
        services: ['basket-api'],
        include: ['TAGS'],
      }),
    );
    expect(created.targetGroupArn).toMatch(
      /^arn:aws:elasticloadbalancing:eu-west-1:111111111111:targetgroup\/svc-[0-9a-f]{26}\/[0-9a-f]{16}$/,
    );
    expect(services![0]).toMatchObject({
      serviceArn: created.serviceArn,
      loadBalancers: [
        {
          targetGroupArn: created.targetGroupArn,
          containerName: 'basket-api',
          containerPort: 8080,
        },
      ],
      status: 'ACTIVE',
      desiredCount: 2,
      taskDefinition: created.taskDefinitionArn,
      deploymentConfiguration: expect.objectContaining({
        deploymentCircuitBreaker: { enable: true, rollback: true },
      }),
    });
    expect(services![0].tags).toEqual(linkTags);
  });

  it("fails with ECS's error when the environment's cluster does not exist", async () => {
    await expect(
      createEcsServiceAsTerraform(server, {
        tfvars: {
          ...tfvars,
          environments: {
            dev: { ...tfvars.environments.dev, cluster: 'no-such-cluster' },
          },
        },
        environment: 'dev',
        image: 'x:bootstrap',
      }),
    ).rejects.toThrow(
      /^ECS CreateService failed \(400\): ClusterNotFoundException/,
    );
  });

  it('names the environments it knows when asked for another', async () => {
    await expect(
      createEcsServiceAsTerraform(server, {
        tfvars,
        environment: 'prod',
        image: 'x:bootstrap',
      }),
    ).rejects.toThrow(
      /environment "prod" is not among the tfvars' environments \(dev\)/,
    );
  });
});
