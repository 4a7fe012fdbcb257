import {
  CreateRepositoryCommand,
  DescribeRepositoriesCommand,
  ECRClient,
  ListTagsForResourceCommand,
  RepositoryAlreadyExistsException,
} from '@aws-sdk/client-ecr';
import { ConfigReader } from '@backstage/config';
import {
  ConflictError,
  InputError,
  NotAllowedError,
  ServiceUnavailableError,
} from '@backstage/errors';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { DEFAULT_SHIPYARD_TAG_KEYS } from '@internal/plugin-aws-common';
import {
  AwsClientFactory,
  DefaultShipyardEnvironments,
} from '@internal/plugin-aws-node';
import { mockClient } from 'aws-sdk-client-mock';
import { readShipyardScaffolderConfig } from '../../config/ShipyardScaffolderConfig';
import { createEcrRepositoryAction } from './createEcrRepositoryAction';

const ecrMock = mockClient(ECRClient);

const config = new ConfigReader({
  aws: {
    accounts: [
      {
        accountId: '999999999999',
        accessKeyId: 'SANDBOX999999999999',
        secretAccessKey: 'sandbox',
      },
      {
        accountId: '111111111111',
        accessKeyId: 'SANDBOX111111111111',
        secretAccessKey: 'sandbox',
      },
    ],
  },
  shipyard: {
    environments: [
      {
        name: 'dev',
        tier: 'dev',
        accounts: [{ accountId: '111111111111', regions: ['eu-west-1'] }],
      },
    ],
    scaffolder: { ecr: { accountId: '999999999999', region: 'eu-west-1' } },
    tagKeys: { owner: 'team' },
  },
});

const input = {
  repositoryName: 'storefront/returns-api',
  component: 'returns-api',
  owner: 'team-storefront',
  system: 'storefront',
};
const arn =
  'arn:aws:ecr:eu-west-1:999999999999:repository/storefront/returns-api';
const uri =
  '999999999999.dkr.ecr.eu-west-1.amazonaws.com/storefront/returns-api';

function awsError(name: string, message: string, httpStatusCode = 400) {
  return Object.assign(new Error(message), {
    name,
    $fault: 'client',
    $metadata: { httpStatusCode, requestId: 'req-1', attempts: 3 },
  });
}

describe('shipyard:ecr:create-repository', () => {
  const getClient = jest.fn();
  const clientFactory: AwsClientFactory = { getClient };
  const action = createEcrRepositoryAction({
    clientFactory,
    environments: DefaultShipyardEnvironments.fromConfig(config),
    config: readShipyardScaffolderConfig(config),
    tagKeys: { ...DEFAULT_SHIPYARD_TAG_KEYS, owner: 'team' },
  });

  beforeEach(() => {
    ecrMock.reset();
    getClient.mockReset();
    getClient.mockReturnValue(new ECRClient({ region: 'eu-west-1' }));
  });

  async function run(
    actionInput: Record<string, unknown> = input,
    isDryRun = false,
  ) {
    const ctx = {
      ...createMockActionContext({ input: actionInput as any }),
      isDryRun,
    };
    await action.handler(ctx as any);
    return ctx;
  }

  it('creates an immutable, scanned repository with the Shipyard tags in the artifact account', async () => {
    ecrMock.on(CreateRepositoryCommand).resolves({
      repository: { repositoryName: input.repositoryName, repositoryUri: uri },
    });
    const ctx = await run();
    expect(getClient).toHaveBeenCalledWith(ECRClient, {
      accountId: '999999999999',
      region: 'eu-west-1',
    });
    expect(
      ecrMock.commandCalls(CreateRepositoryCommand)[0].args[0].input,
    ).toEqual({
      repositoryName: 'storefront/returns-api',
      imageTagMutability: 'IMMUTABLE',
      imageScanningConfiguration: { scanOnPush: true },
      tags: [
        { Key: 'shipyard:component', Value: 'returns-api' },
        { Key: 'team', Value: 'team-storefront' },
        { Key: 'shipyard:system', Value: 'storefront' },
      ],
    });
    expect(ctx.output).toHaveBeenCalledWith('repositoryUri', uri);
  });

  it('makes no AWS call in a dry run and gives the would-be URI', async () => {
    const ctx = await run(input, true);
    expect(getClient).not.toHaveBeenCalled();
    expect(ecrMock.calls()).toHaveLength(0);
    expect(ctx.output).toHaveBeenCalledWith('repositoryUri', uri);
  });

  describe('when the repository exists', () => {
    function existing(tags: Record<string, string>) {
      ecrMock.on(CreateRepositoryCommand).rejects(
        new RepositoryAlreadyExistsException({
          message: 'exists',
          $metadata: { httpStatusCode: 400 },
        }),
      );
      ecrMock.on(DescribeRepositoriesCommand).resolves({
        repositories: [
          {
            repositoryName: input.repositoryName,
            repositoryArn: arn,
            repositoryUri: uri,
          },
        ],
      });
      ecrMock.on(ListTagsForResourceCommand, { resourceArn: arn }).resolves({
        tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })),
      });
    }

    it('reuses one that carries the same component and owner', async () => {
      existing({
        'shipyard:component': 'returns-api',
        team: 'team-storefront',
      });
      const ctx = await run();
      expect(
        ecrMock.commandCalls(DescribeRepositoriesCommand)[0].args[0].input,
      ).toEqual({ repositoryNames: ['storefront/returns-api'] });
      expect(ctx.output).toHaveBeenCalledWith('repositoryUri', uri);
    });

    it("refuses another component's repository", async () => {
      existing({
        'shipyard:component': 'checkout-api',
        team: 'team-storefront',
      });
      const error = await run().catch(e => e);
      expect(error).toBeInstanceOf(ConflictError);
      expect(error.message).toBe(
        'The ECR repository storefront/returns-api already exists in account 999999999999 (eu-west-1) and belongs to component checkout-api; choose another repository name for returns-api',
      );
    });

    it('refuses an untagged repository and one of the same component held by another owner', async () => {
      existing({});
      await expect(run()).rejects.toThrow(
        'and carries no shipyard:component tag; choose another repository name',
      );
      existing({ 'shipyard:component': 'returns-api', team: 'team-payments' });
      await expect(run()).rejects.toThrow(
        'for component returns-api owned by team-payments, not team-storefront; ask team-payments or the platform team to hand it over, or choose another name',
      );
    });
  });

  it('says when AWS throttles, as a 503 with a retry time', async () => {
    ecrMock
      .on(CreateRepositoryCommand)
      .rejects(awsError('ThrottlingException', 'Rate exceeded'));
    const error = await run().catch(e => e);
    expect(error).toBeInstanceOf(ServiceUnavailableError);
    expect(error.message).toMatch(
      /^AWS ECR is throttling ECR:CreateRepository in account 999999999999, eu-west-1 after 3 attempts; try again in 5 seconds/,
    );
  });

  it('names the IAM permission to grant when access is denied', async () => {
    ecrMock
      .on(CreateRepositoryCommand)
      .rejects(awsError('AccessDeniedException', 'not authorized'));
    const error = await run().catch(e => e);
    expect(error).toBeInstanceOf(NotAllowedError);
    expect(error.message).toMatch(
      /^Shipyard's role in account 999999999999 cannot call ECR:CreateRepository in eu-west-1 for repository storefront\/returns-api; grant ecr:CreateRepository/,
    );
  });

  it('maps failures of the ownership check too', async () => {
    ecrMock.on(CreateRepositoryCommand).rejects(
      new RepositoryAlreadyExistsException({
        message: 'exists',
        $metadata: { httpStatusCode: 400 },
      }),
    );
    ecrMock.on(DescribeRepositoriesCommand).resolves({
      repositories: [{ repositoryArn: arn, repositoryUri: uri }],
    });
    ecrMock
      .on(ListTagsForResourceCommand)
      .rejects(awsError('AccessDeniedException', 'not authorized'));
    await expect(run()).rejects.toThrow('grant ecr:ListTagsForResource');
  });

  it('refuses invalid input before any AWS call, naming every problem', async () => {
    const error = await run({
      repositoryName: 'Returns API',
      component: 'returns api',
      owner: 'group:default/team-storefront',
    }).catch(e => e);
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toBe(
      'Cannot create the ECR repository:\n' +
        '  - repositoryName "Returns API" is not a valid ECR repository name: 2 to 256 characters, lowercase letters and digits, separated by single ".", "_" or "-", with "/" between path parts, e.g. "storefront/returns-api"\n' +
        '  - component "returns api" must be 1 to 63 letters, digits, ".", "_" or "-", starting and ending with a letter or digit: it becomes the value of a Shipyard tag\n' +
        `  - owner "group:default/team-storefront" looks like an entity ref; give the entity name only, e.g. "team-storefront" (in a template: \${{ parameters.owner | parseEntityRef | pick('name') }})\n` +
        '  - system is required, e.g. "storefront"',
    );
    expect(getClient).not.toHaveBeenCalled();
    // A dry run validates the same way.
    await expect(
      run({ ...input, component: 'x'.repeat(64) }, true),
    ).rejects.toThrow(InputError);
  });
});
