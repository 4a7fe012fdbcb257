import { ConfigReader } from '@backstage/config';
import { readShipyardScaffolderConfig } from './ShipyardScaffolderConfig';
import { resolveArtifactRegistry } from './resolveArtifactRegistry';

const environments = [
  {
    name: 'dev',
    tier: 'dev' as const,
    accounts: [{ accountId: '111111111111', regions: ['eu-west-1'] }],
    ecsClusters: [],
    eksClusters: [],
  },
  {
    name: 'prod',
    tier: 'prod' as const,
    accounts: [
      { accountId: '222222222222', regions: ['eu-central-1', 'eu-west-1'] },
    ],
    ecsClusters: [],
    eksClusters: [],
  },
];

const read = (scaffolder?: object) =>
  readShipyardScaffolderConfig(new ConfigReader({ shipyard: { scaffolder } }));

describe('readShipyardScaffolderConfig', () => {
  it('defaults the deploy role and leaves the artifact account to the environments', () => {
    expect(read()).toEqual({
      deployRoleName: 'shipyard-gitlab-deploy',
      ecr: { accountId: undefined, region: undefined },
    });
  });

  it('lists every invalid value with its key', () => {
    expect(() =>
      read({
        deployRoleName: 'deploy role',
        ecr: { accountId: 22222222222, region: 'Ireland' },
      }),
    ).toThrow(
      'Invalid shipyard.scaffolder configuration:\n' +
        '  - shipyard.scaffolder.deployRoleName "deploy role" is not an IAM role name: 1 to 64 letters, digits and +=,.@_-\n' +
        "  - shipyard.scaffolder.ecr.accountId must be a quoted string, e.g. '111111111111' (YAML reads unquoted digits as a number and drops leading zeros)\n" +
        '  - shipyard.scaffolder.ecr.region "Ireland" must be an AWS region name, e.g. "eu-west-1"',
    );
    expect(() => read({ ecr: { accountId: '1234' } })).toThrow(
      'shipyard.scaffolder.ecr.accountId "1234" must be a 12 digit AWS account id',
    );
  });
});

describe('resolveArtifactRegistry', () => {
  it("defaults to the first environment's first account and region", () => {
    expect(resolveArtifactRegistry(read(), environments)).toEqual({
      accountId: '111111111111',
      region: 'eu-west-1',
      host: '111111111111.dkr.ecr.eu-west-1.amazonaws.com',
    });
  });

  it("takes the configured account, in that account's first region unless one is set", () => {
    expect(
      resolveArtifactRegistry(
        read({ ecr: { accountId: '222222222222' } }),
        environments,
      ).host,
    ).toBe('222222222222.dkr.ecr.eu-central-1.amazonaws.com');
    expect(
      resolveArtifactRegistry(
        read({ ecr: { accountId: '333333333333', region: 'us-east-1' } }),
        environments,
      ).host,
    ).toBe('333333333333.dkr.ecr.us-east-1.amazonaws.com');
  });

  it('says what to configure when it cannot tell the account or region', () => {
    expect(() => resolveArtifactRegistry(read(), [])).toThrow(
      'Shipyard has no artifact account for ECR: set shipyard.scaffolder.ecr.accountId and region, or configure shipyard.environments',
    );
    expect(() =>
      resolveArtifactRegistry(
        read({ ecr: { accountId: '333333333333' } }),
        environments,
      ),
    ).toThrow(
      'Shipyard does not know the region of the artifact account 333333333333: set shipyard.scaffolder.ecr.region',
    );
  });
});
