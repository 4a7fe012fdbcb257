import { ConfigReader } from '@backstage/config';
import { checkProductionClusterConfig } from './checkProductionClusterConfig';

const config = new ConfigReader({
  kubernetes: {
    serviceLocatorMethod: { type: 'multiTenant' },
    clusterLocatorMethods: [
      {
        type: 'config',
        clusters: [
          {
            name: 'verified',
            url: 'https://ABC.gr7.eu-west-1.eks.amazonaws.com',
            authProvider: 'aws',
          },
          {
            name: 'plain',
            url: 'http://10.0.0.1:6443',
            authProvider: 'aws',
            skipTLSVerify: true,
          },
        ],
      },
    ],
  },
});

describe('checkProductionClusterConfig', () => {
  const nodeEnv = process.env.NODE_ENV;
  afterEach(() => {
    process.env.NODE_ENV = nodeEnv;
  });

  it('refuses, in production, a cluster entry that skips TLS verification or uses http, naming the keys', () => {
    process.env.NODE_ENV = 'production';
    expect(() => checkProductionClusterConfig(config)).toThrow(
      [
        'Insecure Kubernetes cluster configuration while NODE_ENV is production (clusters must be reached over https with a verified certificate):',
        '  - kubernetes.clusterLocatorMethods[0].clusters[1].skipTLSVerify is true',
        '  - kubernetes.clusterLocatorMethods[0].clusters[1].url "http://10.0.0.1:6443" is not https',
      ].join('\n'),
    );
  });

  it('accepts https clusters with verification in production', () => {
    process.env.NODE_ENV = 'production';
    expect(() =>
      checkProductionClusterConfig(
        new ConfigReader({
          kubernetes: {
            clusterLocatorMethods: [
              {
                type: 'config',
                clusters: [
                  {
                    name: 'verified',
                    url: 'https://ABC.gr7.eu-west-1.eks.amazonaws.com',
                  },
                ],
              },
            ],
          },
        }),
      ),
    ).not.toThrow();
  });

  it('leaves development configurations alone', () => {
    process.env.NODE_ENV = 'development';
    expect(() => checkProductionClusterConfig(config)).not.toThrow();
  });
});
