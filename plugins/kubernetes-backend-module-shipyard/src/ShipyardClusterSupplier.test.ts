import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { KubernetesClustersSupplier } from '@backstage/plugin-kubernetes-node';
import { DefaultShipyardEnvironments } from '@internal/plugin-aws-node';
import { ShipyardClusterSupplier } from './ShipyardClusterSupplier';

const NON_PROD = '111111111111';
const PROD = '222222222222';

const awsAccounts = [
  {
    accountId: NON_PROD,
    accessKeyId: 'SANDBOX111111111111',
    secretAccessKey: 'sandbox',
  },
  { accountId: PROD, roleName: 'shipyard-reader', externalId: 'northwind-ext' },
];

const prodEksCluster = {
  name: 'prod-eks',
  accountId: PROD,
  region: 'eu-west-1',
  url: 'https://ABC.gr7.eu-west-1.eks.amazonaws.com',
  caData: 'Q0EgZGF0YQ==',
};

function environments(prodEks: object[] = [prodEksCluster]) {
  return [
    {
      name: 'dev',
      title: 'Development',
      tier: 'dev',
      accounts: [{ accountId: NON_PROD, regions: ['eu-west-1'] }],
      eksClusters: [
        {
          name: 'dev-eks',
          accountId: NON_PROD,
          region: 'eu-west-1',
          url: 'https://dev.eks.example',
          authProvider: 'serviceAccount',
          serviceAccountToken: 'dev-token',
          skipTLSVerify: true,
        },
      ],
    },
    {
      name: 'prod',
      title: 'Production',
      tier: 'prod',
      accounts: [{ accountId: PROD, regions: ['eu-west-1', 'eu-central-1'] }],
      eksClusters: prodEks,
    },
  ];
}

function setup(data: object) {
  const config = mockServices.rootConfig({ data: data as any });
  const logger = mockServices.logger.mock();
  const envs = DefaultShipyardEnvironments.fromConfig(config, { logger });
  // Typed as the Kubernetes backend sees it, which passes credentials.
  const supplier: KubernetesClustersSupplier = ShipyardClusterSupplier.create({
    config,
    environments: envs,
    logger,
  });
  const getClusters = () =>
    supplier.getClusters({ credentials: mockCredentials.none() });
  return { config, logger, getClusters };
}

describe('ShipyardClusterSupplier', () => {
  it('passes a serviceAccount cluster with its token, as the config locator does', async () => {
    const { getClusters } = setup({
      aws: { accounts: awsAccounts },
      shipyard: { environments: environments([]) },
    });
    expect(await getClusters()).toEqual([
      {
        name: 'dev-eks',
        title: 'dev-eks (Development)',
        url: 'https://dev.eks.example',
        skipTLSVerify: true,
        skipMetricsLookup: true,
        caData: undefined,
        authMetadata: {
          'kubernetes.io/auth-provider': 'serviceAccount',
          serviceAccountToken: 'dev-token',
        },
      },
    ]);
  });

  it("signs aws clusters with the cluster id and the role of the account's aws.accounts entry", async () => {
    const { getClusters } = setup({
      aws: { accounts: awsAccounts },
      shipyard: { environments: environments() },
    });
    const prod = (await getClusters()).find(c => c.name === 'prod-eks');
    expect(prod).toEqual({
      name: 'prod-eks',
      title: 'prod-eks (Production)',
      url: 'https://ABC.gr7.eu-west-1.eks.amazonaws.com',
      skipTLSVerify: false,
      skipMetricsLookup: true,
      caData: 'Q0EgZGF0YQ==',
      authMetadata: {
        'kubernetes.io/auth-provider': 'aws',
        'kubernetes.io/x-k8s-aws-id': 'prod-eks',
        'kubernetes.io/aws-assume-role':
          'arn:aws:iam::222222222222:role/shipyard-reader',
        'kubernetes.io/aws-external-id': 'northwind-ext',
      },
    });
  });

  it('uses aws.accountDefaults for an account without an entry, and assumes nothing for static keys', async () => {
    const { getClusters } = setup({
      aws: {
        accounts: [awsAccounts[0]],
        accountDefaults: { roleName: 'shipyard-default' },
      },
      shipyard: {
        // dev's account has static keys in aws.accounts: no role to assume.
        environments: environments().map(env =>
          env.name === 'dev'
            ? {
                ...env,
                eksClusters: [
                  {
                    name: 'dev-eks',
                    accountId: NON_PROD,
                    region: 'eu-west-1',
                    url: 'https://dev.eks.example',
                  },
                ],
              }
            : env,
        ),
      },
    });
    const byName = Object.fromEntries(
      (await getClusters()).map(c => [c.name, c.authMetadata]),
    );
    expect(byName).toEqual({
      'dev-eks': {
        'kubernetes.io/auth-provider': 'aws',
        'kubernetes.io/x-k8s-aws-id': 'dev-eks',
      },
      'prod-eks': {
        'kubernetes.io/auth-provider': 'aws',
        'kubernetes.io/x-k8s-aws-id': 'prod-eks',
        'kubernetes.io/aws-assume-role':
          'arn:aws:iam::222222222222:role/shipyard-default',
      },
    });
  });

  it('leaves out a cluster without url, with one warning however often it is asked', async () => {
    const { getClusters, logger } = setup({
      aws: { accounts: awsAccounts },
      shipyard: {
        environments: environments([{ ...prodEksCluster, url: undefined }]),
      },
    });
    expect((await getClusters()).map(c => c.name)).toEqual(['dev-eks']);
    expect((await getClusters()).map(c => c.name)).toEqual(['dev-eks']);
    expect(logger.warn).toHaveBeenCalledTimes(1);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining(
        'EKS cluster "prod-eks" of environment "prod" has no url',
      ),
    );
  });

  it('names clusters <environment>-<cluster> when two environments share a cluster name', async () => {
    const { getClusters } = setup({
      aws: { accounts: awsAccounts },
      shipyard: {
        environments: environments([{ ...prodEksCluster, name: 'dev-eks' }]),
      },
    });
    expect(
      (await getClusters()).map(c => ({ name: c.name, title: c.title })),
    ).toEqual([
      { name: 'dev-dev-eks', title: 'dev-eks (Development)' },
      { name: 'prod-dev-eks', title: 'dev-eks (Production)' },
    ]);
  });

  it('asks metrics-server when shipyard.kubernetes.skipMetricsLookup is false', async () => {
    const { getClusters } = setup({
      aws: { accounts: awsAccounts },
      shipyard: {
        environments: environments(),
        kubernetes: { skipMetricsLookup: false },
      },
    });
    expect((await getClusters()).map(c => c.skipMetricsLookup)).toEqual([
      false,
      false,
    ]);
  });

  it('follows a change of shipyard.environments without a restart', async () => {
    const { config, getClusters } = setup({
      aws: { accounts: awsAccounts },
      shipyard: { environments: environments() },
    });
    expect((await getClusters()).map(c => c.name)).toEqual([
      'dev-eks',
      'prod-eks',
    ]);

    config.update({
      data: {
        aws: { accounts: awsAccounts },
        shipyard: {
          environments: environments([
            {
              ...prodEksCluster,
              url: 'https://NEW.gr7.eu-west-1.eks.amazonaws.com',
            },
            {
              name: 'prod-eks-dr',
              accountId: PROD,
              region: 'eu-central-1',
              url: 'https://DR.gr7.eu-central-1.eks.amazonaws.com',
            },
          ]),
        },
      } as any,
    });

    expect(
      (await getClusters()).map(c => ({ name: c.name, url: c.url })),
    ).toEqual([
      { name: 'dev-eks', url: 'https://dev.eks.example' },
      {
        name: 'prod-eks',
        url: 'https://NEW.gr7.eu-west-1.eks.amazonaws.com',
      },
      {
        name: 'prod-eks-dr',
        url: 'https://DR.gr7.eu-central-1.eks.amazonaws.com',
      },
    ]);
  });
});
