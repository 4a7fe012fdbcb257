import { JsonObject } from '@backstage/types';

/** The demo organisation's three environments and their static credentials. */
export const demoEnvironmentsConfig = {
  aws: {
    accounts: [
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
    ],
  },
  shipyard: {
    environments: [
      {
        name: 'dev',
        title: 'Development',
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
        name: 'staging',
        title: 'Staging',
        tier: 'staging',
        accounts: [{ accountId: '111111111111', regions: ['eu-west-1'] }],
        ecsClusters: [
          {
            name: 'staging-apps',
            accountId: '111111111111',
            region: 'eu-west-1',
          },
        ],
        eksClusters: [
          {
            name: 'staging-eks',
            accountId: '111111111111',
            region: 'eu-west-1',
          },
        ],
      },
      {
        name: 'prod',
        title: 'Production',
        tier: 'prod',
        accounts: [
          {
            accountId: '222222222222',
            regions: ['eu-west-1', 'eu-central-1'],
          },
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
    ],
  },
} satisfies JsonObject;
