import { ConfigReader } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { DefaultShipyardEnvironments } from '@internal/plugin-aws-node';
import { readShipyardScaffolderConfig } from '../../config/ShipyardScaffolderConfig';
import { createResolveEnvironmentsAction } from './createResolveEnvironmentsAction';

// Configured out of tier order, with a QA environment that has no EKS cluster.
const environments = [
  {
    name: 'prod',
    title: 'Production',
    tier: 'prod',
    accounts: [
      { accountId: '222222222222', regions: ['eu-central-1', 'eu-west-1'] },
    ],
    ecsClusters: [
      { name: 'prod-apps', accountId: '222222222222', region: 'eu-west-1' },
      { name: 'prod-dr', accountId: '222222222222', region: 'eu-central-1' },
    ],
    eksClusters: [
      { name: 'prod-eks', accountId: '222222222222', region: 'eu-west-1' },
    ],
  },
  {
    name: 'dev',
    tier: 'dev',
    accounts: [{ accountId: '111111111111', regions: ['eu-west-1'] }],
    ecsClusters: [
      { name: 'dev-apps', accountId: '111111111111', region: 'eu-west-1' },
    ],
    eksClusters: [
      { name: 'dev-eks', accountId: '111111111111', region: 'eu-west-1' },
    ],
  },
  {
    name: 'qa',
    tier: 'staging',
    accounts: [{ accountId: '111111111111', regions: ['eu-west-1'] }],
    ecsClusters: [
      { name: 'qa-apps', accountId: '111111111111', region: 'eu-west-1' },
    ],
  },
];

function setup(scaffolder: object = {}) {
  const config = new ConfigReader({
    aws: {
      accounts: ['111111111111', '222222222222'].map(accountId => ({
        accountId,
        accessKeyId: `SANDBOX${accountId}`,
        secretAccessKey: 'sandbox',
      })),
    },
    shipyard: { environments, scaffolder },
  });
  return createResolveEnvironmentsAction({
    environments: DefaultShipyardEnvironments.fromConfig(config),
    config: readShipyardScaffolderConfig(config),
  });
}

async function run(
  input: Record<string, unknown>,
  options: { scaffolder?: object; isDryRun?: boolean } = {},
) {
  const ctx = {
    ...createMockActionContext({ input: input as any }),
    isDryRun: options.isDryRun,
  };
  await setup(options.scaffolder).handler(ctx as any);
  return Object.fromEntries(
    (ctx.output as jest.Mock).mock.calls.map(([k, v]) => [k, v]),
  );
}

describe('shipyard:environments:resolve', () => {
  it('resolves names and entity refs to account, region, first cluster and deploy role, dev first', async () => {
    const output = await run({
      environments: ['resource:default/prod', 'qa', 'dev'],
      runtime: 'ecs',
    });
    expect(output).toEqual({
      environments: [
        {
          name: 'dev',
          title: 'dev',
          tier: 'dev',
          accountId: '111111111111',
          region: 'eu-west-1',
          cluster: 'dev-apps',
          deployRoleArn:
            'arn:aws:iam::111111111111:role/shipyard-gitlab-deploy',
          manual: false,
        },
        {
          name: 'qa',
          title: 'qa',
          tier: 'staging',
          accountId: '111111111111',
          region: 'eu-west-1',
          cluster: 'qa-apps',
          deployRoleArn:
            'arn:aws:iam::111111111111:role/shipyard-gitlab-deploy',
          manual: false,
        },
        {
          name: 'prod',
          title: 'Production',
          tier: 'prod',
          // The first ECS cluster's region, not the account's first region.
          accountId: '222222222222',
          region: 'eu-west-1',
          cluster: 'prod-apps',
          deployRoleArn:
            'arn:aws:iam::222222222222:role/shipyard-gitlab-deploy',
          manual: true,
        },
      ],
      names: ['dev', 'qa', 'prod'],
      // The first configured environment's first account and region.
      registry: '222222222222.dkr.ecr.eu-central-1.amazonaws.com',
    });
  });

  it('takes the EKS cluster for eks, the configured role name and artifact account, and ignores repeats', async () => {
    const output = await run(
      {
        environments: ['dev', 'resource:dev', 'Resource:default/dev'],
        runtime: 'eks',
      },
      {
        scaffolder: {
          deployRoleName: 'gitlab-deployer',
          ecr: { accountId: '111111111111' },
        },
      },
    );
    expect(output.environments).toEqual([
      expect.objectContaining({
        name: 'dev',
        cluster: 'dev-eks',
        deployRoleArn: 'arn:aws:iam::111111111111:role/gitlab-deployer',
      }),
    ]);
    expect(output.registry).toBe(
      '111111111111.dkr.ecr.eu-west-1.amazonaws.com',
    );
  });

  it('gives the same result in a dry run', async () => {
    const input = { environments: ['prod', 'dev'], runtime: 'eks' };
    expect(await run(input, { isDryRun: true })).toEqual(await run(input));
  });

  it('names every unknown environment and every one without a cluster of the runtime', async () => {
    const error = await run({
      environments: ['dev', 'perf', 'component:default/dev', 'qa'],
      runtime: 'eks',
    }).catch(e => e);
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toBe(
      'Cannot resolve the environments:\n' +
        '  - "perf", "component:default/dev" are not configured environments; the configured environments are prod, dev, qa\n' +
        '  - "qa" has no EKS cluster; the environments with one are prod, dev',
    );
  });

  it('refuses an empty list and an unknown runtime', async () => {
    await expect(run({ environments: [], runtime: 'lambda' })).rejects.toThrow(
      'Cannot resolve the environments:\n' +
        '  - runtime "lambda" must be one of ecs, eks\n' +
        '  - environments must list at least one environment name (dev) or environment entity ref (resource:default/dev)',
    );
  });

  describe('scaling', () => {
    const base = { environments: ['dev'], runtime: 'ecs' };

    it('accepts min ≤ desired ≤ max, equal bounds included', async () => {
      for (const scaling of [
        { min: 2, desired: 2, max: 6 },
        { min: 1, desired: 3, max: 3 },
        { min: 4, desired: 4, max: 4 },
        // EKS: the Deployment starts at the minimum.
        { min: 2, max: 6 },
      ]) {
        expect(await run({ ...base, scaling })).toMatchObject({
          names: ['dev'],
        });
      }
    });

    it.each([
      [
        { min: 3, desired: 2, max: 6 },
        'scaling.desired (2) must not be below scaling.min (3): the service starts with desired and autoscaling never goes under min',
      ],
      [
        { min: 2, desired: 8, max: 6 },
        'scaling.desired (8) must not be above scaling.max (6): the service starts with desired and autoscaling never goes over max',
      ],
      [
        { min: 7, desired: 7, max: 6 },
        'scaling.min (7) must not be above scaling.max (6): autoscaling keeps between min and max',
      ],
      [
        { min: 7, max: 6 },
        'scaling.min (7) must not be above scaling.max (6): autoscaling keeps between min and max',
      ],
    ])('refuses %j, naming the fields', async (scaling, message) => {
      const error = await run({ ...base, scaling }).catch(e => e);
      expect(error).toBeInstanceOf(InputError);
      expect(error.message).toBe(`Cannot resolve the environments: ${message}`);
      // A dry run refuses the same.
      await expect(
        run({ ...base, scaling }, { isDryRun: true }),
      ).rejects.toThrow(message);
    });

    it('refuses missing, fractional, zero and non-numeric counts, with the other problems', async () => {
      await expect(
        run({
          environments: [],
          runtime: 'ecs',
          scaling: { min: 0, desired: 1.5, max: '6' },
        }),
      ).rejects.toThrow(
        'Cannot resolve the environments:\n' +
          '  - environments must list at least one environment name (dev) or environment entity ref (resource:default/dev)\n' +
          '  - scaling.min (0) must be a whole number of at least 1\n' +
          '  - scaling.desired (1.5) must be a whole number of at least 1\n' +
          '  - scaling.max ("6") must be a whole number of at least 1',
      );
      await expect(run({ ...base, scaling: { desired: 1 } })).rejects.toThrow(
        'Cannot resolve the environments:\n' +
          '  - scaling.min is required: a whole number of at least 1\n' +
          '  - scaling.max is required: a whole number of at least 1',
      );
      await expect(run({ ...base, scaling: [1, 2, 3] })).rejects.toThrow(
        'scaling must be an object { min, desired?, max }',
      );
    });
  });

  it('declares its schema, examples and dry-run support', () => {
    const action = setup();
    expect(action.id).toBe('shipyard:environments:resolve');
    expect(action.supportsDryRun).toBe(true);
    expect(action.examples!.length).toBeGreaterThan(0);
    expect(action.schema?.input).toMatchObject({
      required: ['environments', 'runtime'],
      properties: {
        runtime: { enum: ['ecs', 'eks'], description: expect.any(String) },
      },
    });
    expect(Object.keys((action.schema?.output as any).properties)).toEqual([
      'environments',
      'names',
      'registry',
    ]);
  });
});
