import {
  DEFAULT_SHIPYARD_TAG_KEYS,
  ShipyardEnvironment,
} from '@internal/plugin-aws-common';
import {
  attributeFinding,
  FindingAttributionContext,
} from './attributeFinding';

const NONPROD = '111111111111';
const PROD = '222222222222';

const environments: ShipyardEnvironment[] = [
  {
    name: 'dev',
    tier: 'dev',
    accounts: [{ accountId: NONPROD, regions: ['eu-west-1'] }],
    ecsClusters: [
      { name: 'dev-apps', accountId: NONPROD, region: 'eu-west-1' },
    ],
    eksClusters: [{ name: 'dev-eks', accountId: NONPROD, region: 'eu-west-1' }],
  },
  {
    name: 'staging',
    tier: 'staging',
    accounts: [{ accountId: NONPROD, regions: ['eu-west-1'] }],
    ecsClusters: [
      { name: 'staging-apps', accountId: NONPROD, region: 'eu-west-1' },
    ],
    eksClusters: [
      { name: 'staging-eks', accountId: NONPROD, region: 'eu-west-1' },
    ],
  },
  {
    name: 'prod',
    tier: 'prod',
    accounts: [{ accountId: PROD, regions: ['eu-west-1', 'eu-central-1'] }],
    ecsClusters: [
      { name: 'prod-apps', accountId: PROD, region: 'eu-west-1' },
      { name: 'prod-apps-dr', accountId: PROD, region: 'eu-central-1' },
    ],
    eksClusters: [{ name: 'prod-eks', accountId: PROD, region: 'eu-west-1' }],
  },
];

const nonprod: FindingAttributionContext = {
  accountId: NONPROD,
  region: 'eu-west-1',
  environments: environments.slice(0, 2),
  tagKeys: DEFAULT_SHIPYARD_TAG_KEYS,
};
const prod: FindingAttributionContext = {
  accountId: PROD,
  region: 'eu-west-1',
  environments: environments.slice(2),
  tagKeys: DEFAULT_SHIPYARD_TAG_KEYS,
};

const tags = (values: Record<string, string>) =>
  Object.entries(values).map(([Key, Value]) => ({ Key, Value }));

const serviceTags = (component: string, environment: string) =>
  tags({
    'shipyard:component': component,
    'shipyard:environment': environment,
    'shipyard:owner': 'team-payments',
    'shipyard:system': 'payments',
  });

const clusterTags = (environment: string) =>
  tags({
    'shipyard:environment': environment,
    'shipyard:owner': 'platform-sre',
    'shipyard:system': 'platform',
  });

function wireFinding(resource: unknown, more: Record<string, unknown> = {}) {
  return {
    AccountId: PROD,
    Arn: `arn:aws:guardduty:eu-west-1:${PROD}:detector/d/finding/f1`,
    CreatedAt: '2026-11-01T10:00:00.000Z',
    Id: 'f1',
    Region: 'eu-west-1',
    Resource: resource,
    SchemaVersion: '2.0',
    Severity: 8.2,
    Title: 'A container opened a reverse shell.',
    Type: 'Runtime:Container/ReverseShell',
    UpdatedAt: '2026-11-03T10:00:00.000Z',
    Description: 'A reverse shell.',
    Service: {
      Archived: false,
      Count: 4,
      EventFirstSeen: '2026-11-01T09:00:00.000Z',
      EventLastSeen: '2026-11-03T09:00:00.000Z',
    },
    ...more,
  };
}

const TASK_ID = '3f2c9a0b1c2d3e4f5a6b7c8d9e0f1a2b';
const ecsTask = (cluster: string, taskTags: unknown, environment = 'prod') => ({
  ResourceType: 'ECSCluster',
  EcsClusterDetails: {
    Name: cluster,
    Arn: `arn:aws:ecs:eu-west-1:${PROD}:cluster/${cluster}`,
    Tags: clusterTags(environment),
    TaskDetails: {
      Arn: `arn:aws:ecs:eu-west-1:${PROD}:task/${cluster}/${TASK_ID}`,
      Tags: taskTags,
    },
  },
});

describe('attributeFinding', () => {
  it('attributes an ECS task finding to its task tags and its cluster environment', () => {
    const raw = wireFinding(
      ecsTask('prod-apps', serviceTags('payments-gateway', 'prod')),
    );
    expect(attributeFinding(raw, prod)).toEqual({
      accountId: PROD,
      region: 'eu-west-1',
      id: 'f1',
      environment: 'prod',
      component: 'payments-gateway',
      type: 'Runtime:Container/ReverseShell',
      title: 'A container opened a reverse shell.',
      description: 'A reverse shell.',
      severity: 8.2,
      band: 'high',
      resourceType: 'ECSCluster',
      resourceLabel: 'task 3f2c9a0b… in prod-apps',
      resourceArn: `arn:aws:ecs:eu-west-1:${PROD}:task/prod-apps/${TASK_ID}`,
      firstSeen: new Date('2026-11-01T09:00:00.000Z'),
      lastSeen: new Date('2026-11-03T09:00:00.000Z'),
      updatedAt: new Date('2026-11-03T10:00:00.000Z'),
      count: 4,
      archived: false,
      raw,
    });
  });

  it('attributes a finding on an ECS cluster alone to the cluster tags, a platform finding when they name no component', () => {
    const clusterOnly = {
      ResourceType: 'ECSCluster',
      EcsClusterDetails: {
        Name: 'prod-apps',
        Arn: `arn:aws:ecs:eu-west-1:${PROD}:cluster/prod-apps`,
        Tags: clusterTags('prod'),
      },
    };
    const platform = attributeFinding(wireFinding(clusterOnly), prod)!;
    expect(platform).not.toHaveProperty('component');
    expect(platform).toMatchObject({
      environment: 'prod',
      resourceLabel: 'ECS cluster prod-apps',
      resourceArn: `arn:aws:ecs:eu-west-1:${PROD}:cluster/prod-apps`,
    });

    // A cluster dedicated to one component carries its tag.
    const dedicated = attributeFinding(
      wireFinding({
        ...clusterOnly,
        EcsClusterDetails: {
          ...clusterOnly.EcsClusterDetails,
          Tags: serviceTags('ledger-service', 'prod'),
        },
      }),
      prod,
    );
    expect(dedicated?.component).toBe('ledger-service');
  });

  it('prefers the task tags to the cluster tags', () => {
    const raw = wireFinding({
      ...ecsTask('prod-apps', serviceTags('checkout-api', 'prod')),
    });
    (raw.Resource as any).EcsClusterDetails.Tags = serviceTags(
      'shared-cluster',
      'prod',
    );
    expect(attributeFinding(raw, prod)?.component).toBe('checkout-api');
  });

  it('attributes an EKS workload finding through its cluster tags and names the workload', () => {
    const raw = wireFinding({
      ResourceType: 'EKSCluster',
      EksClusterDetails: {
        Name: 'prod-eks',
        Arn: `arn:aws:eks:eu-west-1:${PROD}:cluster/prod-eks`,
        Tags: serviceTags('freight-quote-api', 'prod'),
      },
      KubernetesDetails: {
        KubernetesWorkloadDetails: {
          Name: 'freight-quote-api',
          Type: 'deployments',
          Namespace: 'team-freight',
        },
      },
    });
    expect(attributeFinding(raw, prod)).toMatchObject({
      environment: 'prod',
      component: 'freight-quote-api',
      resourceType: 'EKSCluster',
      resourceLabel: 'deployment team-freight/freight-quote-api in prod-eks',
      resourceArn: `arn:aws:eks:eu-west-1:${PROD}:cluster/prod-eks`,
    });
  });

  it('labels an instance by its id and Name tag, a platform finding without the component tag', () => {
    const raw = wireFinding({
      ResourceType: 'Instance',
      InstanceDetails: {
        InstanceId: 'i-0abc1234def567890',
        Tags: [{ Key: 'Name', Value: 'bastion' }],
      },
    });
    const attributed = attributeFinding(raw, prod)!;
    expect(attributed).not.toHaveProperty('component');
    expect(attributed).toMatchObject({
      environment: 'prod',
      resourceType: 'Instance',
      resourceLabel: 'instance i-0abc1234def567890 (bastion)',
      resourceArn: `arn:aws:ec2:eu-west-1:${PROD}:instance/i-0abc1234def567890`,
    });

    const tagged = attributeFinding(
      wireFinding({
        ResourceType: 'Instance',
        InstanceDetails: {
          InstanceId: 'i-1',
          Tags: serviceTags('orders-worker', 'prod'),
        },
      }),
      prod,
    );
    expect(tagged?.component).toBe('orders-worker');
  });

  it('attributes an S3 finding to the first tagged bucket', () => {
    const raw = wireFinding(
      {
        ResourceType: 'S3Bucket',
        S3BucketDetails: [
          { Name: 'logs', Arn: 'arn:aws:s3:::logs', Tags: [] },
          {
            Name: 'invoices',
            Arn: 'arn:aws:s3:::invoices',
            Tags: serviceTags('invoice-service', 'staging'),
          },
        ],
      },
      { Type: 'Policy:S3/BucketBlockPublicAccessDisabled', Severity: 2 },
    );
    expect(attributeFinding(raw, nonprod)).toMatchObject({
      accountId: NONPROD,
      environment: 'staging',
      component: 'invoice-service',
      band: 'low',
      resourceLabel: 'bucket logs and 1 more',
      resourceArn: 'arn:aws:s3:::logs',
    });
  });

  it('labels an access key finding by the key and its user', () => {
    const raw = wireFinding({
      ResourceType: 'AccessKey',
      AccessKeyDetails: {
        AccessKeyId: 'AKIAEXAMPLE',
        UserName: 'ci-deployer',
        UserType: 'IAMUser',
      },
    });
    const attributed = attributeFinding(raw, prod)!;
    expect(attributed.resourceLabel).toBe(
      'access key AKIAEXAMPLE of ci-deployer',
    );
    expect(attributed).not.toHaveProperty('component');
    expect(attributed).not.toHaveProperty('resourceArn');
  });

  it('keeps an untagged task as a platform finding of its cluster environment', () => {
    const raw = wireFinding(ecsTask('prod-apps', []));
    const attributed = attributeFinding(raw, prod)!;
    expect(attributed.environment).toBe('prod');
    expect(attributed).not.toHaveProperty('component');
  });

  it('tells dev from staging in their shared account by cluster, then by environment tag, then the first configured', () => {
    const task = (cluster: string, environment: string) =>
      wireFinding(
        ecsTask(cluster, serviceTags('catalog-api', environment), environment),
        { AccountId: NONPROD },
      );
    expect(
      attributeFinding(task('staging-apps', 'staging'), nonprod),
    ).toMatchObject({
      environment: 'staging',
      component: 'catalog-api',
    });
    expect(
      attributeFinding(task('dev-apps', 'dev'), nonprod)?.environment,
    ).toBe('dev');
    // The cluster decides, whatever a tag says.
    expect(
      attributeFinding(task('staging-apps', 'dev'), nonprod)?.environment,
    ).toBe('staging');
    expect(
      attributeFinding(
        wireFinding({
          ResourceType: 'EKSCluster',
          EksClusterDetails: { Name: 'staging-eks', Tags: [] },
        }),
        nonprod,
      )?.environment,
    ).toBe('staging');

    // No configured cluster: the environment tag, when it names one of this account's.
    const instance = (environment?: string) =>
      wireFinding({
        ResourceType: 'Instance',
        InstanceDetails: {
          InstanceId: 'i-2',
          Tags: environment
            ? tags({ 'shipyard:environment': environment })
            : [],
        },
      });
    expect(attributeFinding(instance('staging'), nonprod)?.environment).toBe(
      'staging',
    );
    // prod is not an environment of this account: the first configured one.
    expect(attributeFinding(instance('prod'), nonprod)?.environment).toBe(
      'dev',
    );
    expect(attributeFinding(instance(), nonprod)?.environment).toBe('dev');
  });

  it('reads the tag keys the configuration names', () => {
    const raw = wireFinding(
      ecsTask('prod-apps', tags({ 'acme:service': 'checkout-api' })),
    );
    expect(
      attributeFinding(raw, {
        ...prod,
        tagKeys: { ...DEFAULT_SHIPYARD_TAG_KEYS, component: 'acme:service' },
      })?.component,
    ).toBe('checkout-api');
    expect(attributeFinding(raw, prod)).not.toHaveProperty('component');
  });

  it('stores a malformed finding with what it has', () => {
    const raw = {
      Id: 'odd',
      Severity: 'very high',
      Resource: { EcsClusterDetails: 'prod-apps', S3BucketDetails: 'x' },
      Service: { Archived: 'yes', Count: 2.5, EventLastSeen: 'yesterday' },
      UpdatedAt: 'not a date',
      Type: 42,
    };
    expect(attributeFinding(raw, prod)).toEqual({
      accountId: PROD,
      region: 'eu-west-1',
      id: 'odd',
      environment: 'prod',
      band: 'unknown',
      resourceLabel: 'unknown resource',
      archived: false,
      raw,
    });
    expect(
      attributeFinding({ Id: 'x', Severity: 12, Resource: null }, prod),
    ).toMatchObject({ band: 'unknown', resourceLabel: 'unknown resource' });
    expect(
      attributeFinding({ Id: 'x', Severity: 12 }, prod),
    ).not.toHaveProperty('severity');
    expect(
      attributeFinding(
        {
          Id: 'y',
          Resource: {
            ResourceType: 'Lambda',
            EcsClusterDetails: { TaskDetails: { Tags: [{ Key: 1 }, null] } },
          },
          CreatedAt: '2026-11-01T00:00:00Z',
          UpdatedAt: '2026-11-02T00:00:00Z',
        },
        prod,
      ),
    ).toMatchObject({
      resourceLabel: 'Lambda resource',
      resourceType: 'Lambda',
      firstSeen: new Date('2026-11-01T00:00:00Z'),
      lastSeen: new Date('2026-11-02T00:00:00Z'),
    });
    // Without an id there is no key to store it under.
    expect(attributeFinding({ Severity: 5 }, prod)).toBeUndefined();
    expect(attributeFinding('garbage', prod)).toBeUndefined();
    expect(attributeFinding(null, prod)).toBeUndefined();
  });
});
