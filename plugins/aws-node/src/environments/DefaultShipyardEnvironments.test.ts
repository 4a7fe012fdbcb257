import { ConfigReader } from '@backstage/config';
import { InputError, NotFoundError } from '@backstage/errors';
import {
  coreServices,
  createBackendPlugin,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  mockServices,
  ServiceFactoryTester,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { DefaultShipyardEnvironments } from './DefaultShipyardEnvironments';
import {
  environmentsServiceFactory,
  environmentsServiceRef,
} from './environmentsServiceRef';

// The demo organisation's environments (see the shared briefing).
const northwind = () => [
  {
    name: 'dev',
    tier: 'dev',
    accounts: [{ accountId: '111111111111', regions: ['eu-west-1'] }],
    ecsClusters: [
      { name: 'dev-apps', accountId: '111111111111', region: 'eu-west-1' },
    ],
    eksClusters: [
      {
        name: 'dev-eks',
        accountId: '111111111111',
        region: 'eu-west-1',
        url: 'http://localhost:4566/eks/dev-eks',
        skipTLSVerify: true,
      },
    ],
  },
  {
    name: 'staging',
    tier: 'staging',
    accounts: [{ accountId: '111111111111', regions: ['eu-west-1'] }],
    ecsClusters: [
      { name: 'staging-apps', accountId: '111111111111', region: 'eu-west-1' },
    ],
    eksClusters: [
      { name: 'staging-eks', accountId: '111111111111', region: 'eu-west-1' },
    ],
  },
  {
    name: 'prod',
    title: 'Production',
    tier: 'prod',
    accounts: [
      { accountId: '222222222222', regions: ['eu-west-1', 'eu-central-1'] },
    ],
    ecsClusters: [
      { name: 'prod-apps', accountId: '222222222222', region: 'eu-west-1' },
      {
        name: 'prod-apps-dr',
        accountId: '222222222222',
        region: 'eu-central-1',
      },
    ],
    eksClusters: [
      { name: 'prod-eks', accountId: '222222222222', region: 'eu-west-1' },
    ],
  },
];

const awsAccounts = [
  {
    accountId: '111111111111',
    accessKeyId: 'SANDBOX111111111111',
    secretAccessKey: 'sandbox',
  },
  {
    accountId: '222222222222',
    accessKeyId: 'SANDBOX222222222222',
    secretAccessKey: 'sandbox',
  },
];

function load(environments: unknown, extra: Record<string, unknown> = {}) {
  return DefaultShipyardEnvironments.fromConfig(
    new ConfigReader({
      aws: { accounts: awsAccounts },
      shipyard: { environments },
      ...extra,
    } as any),
  );
}

function problemsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    const [heading, ...lines] = (error as Error).message.split('\n');
    expect(heading).toBe('Invalid Shipyard environments configuration:');
    return lines.map(line => line.replace(/^ {2}- /, ''));
  }
  throw new Error('expected the configuration to be rejected');
}

describe('DefaultShipyardEnvironments', () => {
  it('lists the configured environments without connection secrets', () => {
    const envs = load(northwind());
    expect(envs.list().map(e => e.name)).toEqual(['dev', 'staging', 'prod']);
    expect(envs.get('prod')).toEqual({
      name: 'prod',
      title: 'Production',
      tier: 'prod',
      accounts: [
        { accountId: '222222222222', regions: ['eu-west-1', 'eu-central-1'] },
      ],
      ecsClusters: [
        { name: 'prod-apps', accountId: '222222222222', region: 'eu-west-1' },
        {
          name: 'prod-apps-dr',
          accountId: '222222222222',
          region: 'eu-central-1',
        },
      ],
      eksClusters: [
        {
          name: 'prod-eks',
          accountId: '222222222222',
          region: 'eu-west-1',
          url: undefined,
        },
      ],
    });
    expect(JSON.stringify(envs.list())).not.toContain('skipTLSVerify');
  });

  it('gives every (account, region) of an environment as targets', () => {
    expect(load(northwind()).targets('prod')).toEqual([
      { accountId: '222222222222', region: 'eu-west-1' },
      { accountId: '222222222222', region: 'eu-central-1' },
    ]);
  });

  it('answers an unknown environment with InputError naming the known ones', () => {
    const envs = load(northwind());
    expect(() => envs.get('qa')).toThrow(InputError);
    expect(() => envs.targets('qa')).toThrow(
      'Unknown environment "qa"; the configured environments are dev, staging, prod',
    );
    expect(() => envs.eksClusterConnection('qa', 'dev-eks')).toThrow(
      InputError,
    );
  });

  it('hands out copies so callers cannot change the configuration', () => {
    const envs = load(northwind());
    envs.get('dev').accounts[0].regions.push('us-east-1');
    expect(envs.targets('dev')).toEqual([
      { accountId: '111111111111', region: 'eu-west-1' },
    ]);
  });

  it('returns EKS cluster connections with their defaults', () => {
    const envs = load(northwind());
    expect(envs.eksClusterConnection('dev', 'dev-eks')).toEqual({
      environment: 'dev',
      name: 'dev-eks',
      accountId: '111111111111',
      region: 'eu-west-1',
      url: 'http://localhost:4566/eks/dev-eks',
      authProvider: 'aws',
      serviceAccountToken: undefined,
      caData: undefined,
      skipTLSVerify: true,
    });
    expect(() => envs.eksClusterConnection('dev', 'prod-eks')).toThrow(
      NotFoundError,
    );
    expect(() => envs.eksClusterConnection('dev', 'prod-eks')).toThrow(
      'Environment "dev" has no EKS cluster "prod-eks"; its EKS clusters are dev-eks',
    );
  });

  it('accepts a missing shipyard block as no environments', () => {
    const envs = DefaultShipyardEnvironments.fromConfig(new ConfigReader({}));
    expect(envs.list()).toEqual([]);
    expect(() => envs.get('dev')).toThrow(
      'Unknown environment "dev"; the configured environments are none (shipyard.environments is empty)',
    );
  });

  it('fails when an environment names an account without credentials, naming the key', () => {
    const environments = northwind();
    environments.push({
      name: 'perf',
      tier: 'staging',
      accounts: [{ accountId: '333333333333', regions: ['eu-west-1'] }],
      ecsClusters: [],
      eksClusters: [],
    });
    expect(problemsOf(() => load(environments))).toEqual([
      'shipyard.environments[3].accounts[0].accountId "333333333333" has no entry in aws.accounts; ' +
        'add one with the role Shipyard assumes there (aws.accounts[].accountId and roleName), ' +
        "or set shipyard.aws.mainAccountId if aws.mainAccount's credentials are for this account",
    ]);
  });

  it('accepts that account through shipyard.aws.mainAccountId or aws.accountDefaults.roleName', () => {
    const environments = [
      {
        name: 'perf',
        tier: 'staging',
        accounts: [{ accountId: '333333333333', regions: ['eu-west-1'] }],
      },
    ];
    expect(
      load(environments, {
        shipyard: { environments, aws: { mainAccountId: '333333333333' } },
      }).targets('perf'),
    ).toHaveLength(1);
    expect(
      load(environments, {
        aws: { accounts: [], accountDefaults: { roleName: 'shipyard-reader' } },
      }).targets('perf'),
    ).toHaveLength(1);
  });

  it('rejects duplicate names, unknown tiers and clusters outside the declared accounts and regions', () => {
    const environments: any[] = northwind();
    environments[1].name = 'dev';
    environments[2].tier = 'production';
    environments[0].ecsClusters.push({
      name: 'rogue',
      accountId: '222222222222',
      region: 'eu-west-1',
    });
    environments[0].eksClusters.push({
      name: 'far-away',
      accountId: '111111111111',
      region: 'us-east-1',
    });
    expect(problemsOf(() => load(environments))).toEqual([
      'shipyard.environments[2].tier must be one of "dev", "staging", "prod"',
    ]);
    environments[2].tier = 'prod';
    expect(problemsOf(() => load(environments))).toEqual([
      'shipyard.environments[0].ecsClusters[1].accountId "222222222222" of cluster "rogue" is not an account of environment "dev" (declared: 111111111111); add it to shipyard.environments[0].accounts',
      'shipyard.environments[0].eksClusters[1].region "us-east-1" of cluster "far-away" is not a region of account 111111111111 in environment "dev" (declared: eu-west-1)',
      'shipyard.environments[1].name "dev" is already used by shipyard.environments[0]; environment names must be unique',
    ]);
  });

  it('explains malformed values with their keys', () => {
    const problems = problemsOf(() =>
      load([
        {
          name: 'Prod EU',
          tier: 'prod',
          accounts: [
            { accountId: 222222222222, regions: ['Ireland'] },
            { accountId: '2222', regions: [] },
          ],
          ecsCluster: [],
          eksClusters: [
            {
              name: 'eks',
              accountId: '222222222222',
              region: 'eu-west-1',
              url: 'not a url',
              authProvider: 'oidc',
            },
          ],
        },
        { tier: 'dev', accounts: [] },
      ]),
    );
    expect(problems).toEqual(
      expect.arrayContaining([
        'shipyard.environments[0] has unknown key "ecsCluster"',
        'shipyard.environments[0].name must be lowercase letters, digits and "-", e.g. "prod"',
        "shipyard.environments[0].accounts[0].accountId must be a quoted string, e.g. '111111111111' (YAML reads unquoted digits as a number and drops leading zeros)",
        'shipyard.environments[0].accounts[0].regions[0] must be an AWS region name, e.g. "eu-west-1"',
        'shipyard.environments[0].accounts[1].accountId must be a 12 digit AWS account id',
        'shipyard.environments[0].accounts[1].regions must list at least one region',
        'shipyard.environments[0].eksClusters[0].url must be an http(s) URL',
        'shipyard.environments[0].eksClusters[0].authProvider must be "aws" or "serviceAccount"',
        'shipyard.environments[1].name is required',
        'shipyard.environments[1].accounts must list at least one account',
      ]),
    );
    expect(problems).toHaveLength(10);
  });

  it('rejects repeated accounts, regions and cluster names, and a service account without a token', () => {
    const problems = problemsOf(() =>
      load([
        {
          name: 'prod',
          tier: 'prod',
          accounts: [
            { accountId: '222222222222', regions: ['eu-west-1', 'eu-west-1'] },
            { accountId: '222222222222', regions: ['eu-central-1'] },
          ],
          ecsClusters: [
            { name: 'apps', accountId: '222222222222', region: 'eu-west-1' },
            { name: 'apps', accountId: '222222222222', region: 'eu-west-1' },
          ],
          eksClusters: [
            { name: 'eks', accountId: '222222222222', region: 'eu-west-1' },
            {
              name: 'eks',
              accountId: '222222222222',
              region: 'eu-west-1',
              authProvider: 'serviceAccount',
            },
          ],
        },
      ]),
    );
    expect(problems).toEqual([
      'shipyard.environments[0].accounts[0].regions[1] "eu-west-1" is listed twice',
      'shipyard.environments[0].accounts[1].accountId "222222222222" is listed twice in environment "prod"; list each account once with all its regions',
      'shipyard.environments[0].ecsClusters[1].name "apps" is listed twice for account 222222222222 in eu-west-1',
      'shipyard.environments[0].eksClusters[1].name "eks" is already used by shipyard.environments[0].eksClusters[0]; EKS cluster names must be unique within an environment',
      'shipyard.environments[0].eksClusters[1].serviceAccountToken is required when authProvider is "serviceAccount"',
    ]);
  });

  describe('when NODE_ENV is production', () => {
    const nodeEnv = process.env.NODE_ENV;
    beforeEach(() => {
      process.env.NODE_ENV = 'production';
    });
    afterEach(() => {
      process.env.NODE_ENV = nodeEnv;
    });

    it('refuses skipTLSVerify and plain-http cluster urls, naming the keys', () => {
      // The embedded default's dev-eks cluster is both: the sandbox over http, unverified.
      expect(problemsOf(() => load(northwind()))).toEqual([
        "shipyard.environments[0].eksClusters[0].skipTLSVerify is true, but NODE_ENV is production: the cluster's certificate must be verified (give caData instead)",
        'shipyard.environments[0].eksClusters[0].url "http://localhost:4566/eks/dev-eks" is not https, but NODE_ENV is production: EKS API servers are reached over https only',
      ]);
    });

    it('accepts https clusters whose certificate is verified', () => {
      const environments = northwind();
      environments[0].eksClusters = [
        {
          name: 'dev-eks',
          accountId: '111111111111',
          region: 'eu-west-1',
          url: 'https://ABC.gr7.eu-west-1.eks.amazonaws.com',
          skipTLSVerify: false,
        },
      ];
      expect(
        load(environments).eksClusterConnection('dev', 'dev-eks'),
      ).toMatchObject({ skipTLSVerify: false });
    });
  });

  describe('when the configuration changes', () => {
    function watched() {
      const config = mockServices.rootConfig({
        data: {
          aws: { accounts: awsAccounts },
          shipyard: { environments: northwind() },
        },
      });
      const logger = mockServices.logger.mock();
      const envs = DefaultShipyardEnvironments.fromConfig(config, { logger });
      const listener = jest.fn();
      const unsubscribe = envs.onChange(listener);
      const update = (environments: unknown, extra: object = {}) =>
        config.update({
          data: {
            aws: { accounts: awsAccounts },
            shipyard: { environments },
            ...extra,
          } as any,
        });
      return { envs, logger, listener, unsubscribe, update };
    }

    const qa = {
      name: 'qa',
      tier: 'staging',
      accounts: [{ accountId: '111111111111', regions: ['eu-west-1'] }],
    };

    it('serves the new environments and notifies the listeners with them', () => {
      const { envs, logger, listener, update } = watched();
      const [dev, , prod] = northwind();
      update([dev, { ...prod, title: 'Production (EU)' }, qa]);

      expect(envs.list().map(e => e.name)).toEqual(['dev', 'prod', 'qa']);
      expect(envs.get('prod').title).toBe('Production (EU)');
      expect(envs.targets('qa')).toEqual([
        { accountId: '111111111111', region: 'eu-west-1' },
      ]);
      expect(() => envs.get('staging')).toThrow(
        'Unknown environment "staging"; the configured environments are dev, prod, qa',
      );
      expect(listener).toHaveBeenCalledTimes(1);
      expect(listener.mock.calls[0][0]).toEqual(envs.list());
      expect(logger.info).toHaveBeenCalledWith(
        'shipyard.environments changed: dev, prod, qa',
      );
    });

    it('follows a changed EKS cluster connection too', () => {
      const { envs, update } = watched();
      const environments: any[] = northwind();
      environments[0].eksClusters[0].url = 'https://dev-eks.example.internal';
      update(environments);
      expect(envs.eksClusterConnection('dev', 'dev-eks').url).toBe(
        'https://dev-eks.example.internal',
      );
    });

    it('keeps the previous environments on an invalid change and logs the full validation message', () => {
      const { envs, logger, listener, update } = watched();
      update([
        ...northwind(),
        {
          name: 'perf',
          tier: 'performance',
          accounts: [{ accountId: '333333333333', regions: ['eu-west-1'] }],
        },
      ]);

      expect(envs.list().map(e => e.name)).toEqual(['dev', 'staging', 'prod']);
      expect(() => envs.get('perf')).toThrow(InputError);
      expect(listener).not.toHaveBeenCalled();
      expect(logger.error).toHaveBeenCalledTimes(1);
      const message = logger.error.mock.calls[0][0];
      expect(message).toMatch(
        /^Ignoring the changed shipyard.environments configuration and keeping the previous environments \(dev, staging, prod\)\. Invalid Shipyard environments configuration:\n/,
      );
      expect(message).toContain(
        '  - shipyard.environments[3].tier must be one of "dev", "staging", "prod"',
      );
    });

    it('re-validates credentials when only aws.accounts changes', () => {
      const { envs, logger, update } = watched();
      update(northwind(), { aws: { accounts: awsAccounts.slice(0, 1) } });
      expect(envs.list().map(e => e.name)).toEqual(['dev', 'staging', 'prod']);
      expect(logger.error).toHaveBeenCalledWith(
        expect.stringContaining(
          'shipyard.environments[2].accounts[0].accountId "222222222222" has no entry in aws.accounts',
        ),
      );
    });

    it('does not notify when the environments did not change', () => {
      const { listener, update } = watched();
      update(northwind(), { app: { title: 'Shipyard' } });
      expect(listener).not.toHaveBeenCalled();
    });

    it('stops notifying a listener that unsubscribed, and survives a failing one', () => {
      const { envs, logger, listener, unsubscribe, update } = watched();
      envs.onChange(() => {
        throw new Error('listener broke');
      });
      const other = jest.fn();
      envs.onChange(other);
      unsubscribe();
      update([qa]);

      expect(listener).not.toHaveBeenCalled();
      expect(other).toHaveBeenCalledTimes(1);
      expect(logger.error).toHaveBeenCalledWith(
        expect.stringContaining('listener broke'),
      );
    });

    it('reads once when no logger is given', () => {
      const config = mockServices.rootConfig({
        data: {
          aws: { accounts: awsAccounts },
          shipyard: { environments: northwind() },
        } as any,
      });
      const envs = DefaultShipyardEnvironments.fromConfig(config);
      config.update({
        data: {
          aws: { accounts: awsAccounts },
          shipyard: { environments: [qa] },
        },
      });
      expect(envs.list().map(e => e.name)).toEqual(['dev', 'staging', 'prod']);
    });
  });

  it('stops the backend at start-up through the service factory', async () => {
    const plugin = createBackendPlugin({
      pluginId: 'uses-environments',
      register(env) {
        env.registerInit({
          deps: { environments: environmentsServiceRef },
          async init() {},
        });
      },
    });
    await expect(
      startTestBackend({
        features: [
          plugin,
          mockServices.rootConfig.factory({
            data: {
              shipyard: {
                environments: [
                  {
                    name: 'perf',
                    tier: 'staging',
                    accounts: [
                      { accountId: '333333333333', regions: ['eu-west-1'] },
                    ],
                  },
                ],
              },
            },
          }),
        ],
      }),
    ).rejects.toThrow(
      'shipyard.environments[0].accounts[0].accountId "333333333333" has no entry in aws.accounts',
    );
  });

  it('serves the validated environments through the service ref', async () => {
    const tester = ServiceFactoryTester.from(environmentsServiceFactory, {
      dependencies: [
        mockServices.rootConfig.factory({
          data: {
            aws: { accounts: awsAccounts },
            shipyard: { environments: northwind() },
          },
        }),
      ],
    });
    const environments = await tester.getSubject();
    expect(environments.targets('staging')).toEqual([
      { accountId: '111111111111', region: 'eu-west-1' },
    ]);
  });

  it('follows configuration changes through the service factory', async () => {
    const config = mockServices.rootConfig({
      data: {
        aws: { accounts: awsAccounts },
        shipyard: { environments: northwind() },
      } as any,
    });
    const tester = ServiceFactoryTester.from(environmentsServiceFactory, {
      dependencies: [
        createServiceFactory({
          service: coreServices.rootConfig,
          deps: {},
          factory: () => config,
        }),
      ],
    });
    const environments = await tester.getSubject();
    const listener = jest.fn();
    environments.onChange(listener);

    config.update({
      data: {
        aws: { accounts: awsAccounts },
        shipyard: { environments: northwind().slice(0, 2) },
      } as any,
    });

    expect(environments.list().map(e => e.name)).toEqual(['dev', 'staging']);
    expect(listener).toHaveBeenCalledTimes(1);
  });
});
