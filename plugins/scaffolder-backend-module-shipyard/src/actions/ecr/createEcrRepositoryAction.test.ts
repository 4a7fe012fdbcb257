import {
  CreateRepositoryCommand,
  DescribeRepositoriesCommand,
  ECRClient,
  GetRepositoryPolicyCommand,
  ListTagsForResourceCommand,
  RepositoryAlreadyExistsException,
  RepositoryPolicyNotFoundException,
  SetRepositoryPolicyCommand,
} from '@aws-sdk/client-ecr';
import { UserEntity } from '@backstage/catalog-model';
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
        tier: 'dev',
        accounts: [{ accountId: '111111111111', regions: ['eu-west-1'] }],
      },
      {
        name: 'prod',
        tier: 'prod',
        accounts: [{ accountId: '222222222222', regions: ['eu-west-1'] }],
      },
      {
        // Shares the artifact account: it needs no grant.
        name: 'tools',
        tier: 'dev',
        accounts: [{ accountId: '999999999999', regions: ['eu-west-1'] }],
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

/** Ana, of the storefront team, as the scaffolder gives the initiator: the catalog's entity. */
const ana: UserEntity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'User',
  metadata: { name: 'ana.lima', namespace: 'default' },
  spec: { memberOf: ['team-storefront'] },
  relations: [
    { type: 'memberOf', targetRef: 'group:default/team-storefront' },
    { type: 'memberOf', targetRef: 'group:default/guild-frontend' },
  ],
};
const asAna = { entity: ana, ref: 'user:default/ana.lima' };

/** The pull statement Shipyard writes for the dev and prod accounts. */
const pullStatement = {
  Sid: 'ShipyardEnvironmentsPull',
  Effect: 'Allow',
  Principal: {
    AWS: ['arn:aws:iam::111111111111:root', 'arn:aws:iam::222222222222:root'],
  },
  Action: [
    'ecr:BatchCheckLayerAvailability',
    'ecr:BatchGetImage',
    'ecr:GetDownloadUrlForLayer',
  ],
};

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
    user: ReturnType<typeof createMockActionContext>['user'] = asAna,
  ) {
    const ctx = {
      ...createMockActionContext({ input: actionInput as any, user }),
      isDryRun,
    };
    await action.handler(ctx as any);
    return ctx;
  }

  function setPolicies() {
    return ecrMock.commandCalls(SetRepositoryPolicyCommand).map(call => ({
      ...call.args[0].input,
      policyText: JSON.parse(call.args[0].input.policyText!),
    }));
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
    // The other environments' accounts may pull; the artifact account needs no grant. A new
    // repository has no policy to read first.
    expect(setPolicies()).toEqual([
      {
        repositoryName: 'storefront/returns-api',
        policyText: { Version: '2012-10-17', Statement: [pullStatement] },
      },
    ]);
    expect(ecrMock.commandCalls(GetRepositoryPolicyCommand)).toHaveLength(0);
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

    const ours = {
      'shipyard:component': 'returns-api',
      team: 'team-storefront',
    };

    it('reuses one that carries the same component and owner', async () => {
      existing(ours);
      ecrMock.on(GetRepositoryPolicyCommand).rejects(
        new RepositoryPolicyNotFoundException({
          message: 'Repository policy does not exist',
          $metadata: { httpStatusCode: 400 },
        }),
      );
      const ctx = await run();
      expect(
        ecrMock.commandCalls(DescribeRepositoriesCommand)[0].args[0].input,
      ).toEqual({ repositoryNames: ['storefront/returns-api'] });
      expect(ctx.output).toHaveBeenCalledWith('repositoryUri', uri);
      expect(setPolicies()).toEqual([
        {
          repositoryName: 'storefront/returns-api',
          policyText: { Version: '2012-10-17', Statement: [pullStatement] },
        },
      ]);
    });

    it("replaces an out-of-date grant and keeps the platform's own statements", async () => {
      existing(ours);
      const platforms = {
        Sid: 'PlatformScanner',
        Effect: 'Allow',
        Principal: { AWS: 'arn:aws:iam::333333333333:role/scanner' },
        Action: 'ecr:BatchGetImage',
      };
      ecrMock.on(GetRepositoryPolicyCommand).resolves({
        policyText: JSON.stringify({
          Version: '2008-10-17',
          Statement: [
            platforms,
            {
              ...pullStatement,
              Principal: { AWS: 'arn:aws:iam::111111111111:root' },
            },
          ],
        }),
      });
      await run();
      expect(setPolicies()).toEqual([
        {
          repositoryName: 'storefront/returns-api',
          policyText: {
            Version: '2008-10-17',
            Statement: [platforms, pullStatement],
          },
        },
      ]);
    });

    it('sets no policy when the grant is already there, however AWS formats it', async () => {
      existing(ours);
      ecrMock.on(GetRepositoryPolicyCommand).resolves({
        policyText: JSON.stringify(
          {
            Version: '2012-10-17',
            Statement: {
              Action: [...pullStatement.Action].reverse(),
              Principal: { AWS: ['222222222222', '111111111111'] },
              Effect: 'Allow',
              Sid: 'ShipyardEnvironmentsPull',
            },
          },
          null,
          2,
        ),
      });
      await run();
      expect(ecrMock.commandCalls(SetRepositoryPolicyCommand)).toHaveLength(0);
    });

    it('names the IAM permission when the policy cannot be read or set', async () => {
      existing(ours);
      ecrMock
        .on(GetRepositoryPolicyCommand)
        .rejects(awsError('AccessDeniedException', 'not authorized'));
      await expect(run()).rejects.toThrow('grant ecr:GetRepositoryPolicy');
      ecrMock.on(GetRepositoryPolicyCommand).resolves({});
      ecrMock
        .on(SetRepositoryPolicyCommand)
        .rejects(awsError('AccessDeniedException', 'not authorized'));
      await expect(run()).rejects.toThrow('grant ecr:SetRepositoryPolicy');
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

    it('refuses one of the same component without an owner tag: naming your team does not claim it', async () => {
      existing({ 'shipyard:component': 'returns-api' });
      const error = await run().catch(e => e);
      expect(error).toBeInstanceOf(ConflictError);
      expect(error.message).toBe(
        "The ECR repository storefront/returns-api already exists in account 999999999999 (eu-west-1) for component returns-api but carries no team tag, so nothing says it is team-storefront's; ask the platform team to tag it, or choose another name",
      );
      expect(ecrMock.commandCalls(SetRepositoryPolicyCommand)).toHaveLength(0);
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

  describe("checks the owner against the initiator's groups", () => {
    it('refuses another team as owner, naming it and the groups the user has, before any AWS call', async () => {
      const error = await run({ ...input, owner: 'team-payments' }).catch(
        e => e,
      );
      expect(error).toBeInstanceOf(NotAllowedError);
      expect(error.message).toBe(
        'Cannot create the ECR repository for owner team-payments: user:default/ana.lima is not a member of group:default/team-payments; choose one of their groups as the owner: group:default/guild-frontend, group:default/team-storefront',
      );
      expect(getClient).not.toHaveBeenCalled();
      // A dry run checks the same.
      await expect(
        run({ ...input, owner: 'team-payments' }, true),
      ).rejects.toThrow(NotAllowedError);
    });

    it("refuses another team's repository even when its tags match the team named", async () => {
      // The takeover the check closes: Ana names team-payments as owner of their repository.
      ecrMock.on(CreateRepositoryCommand).rejects(
        new RepositoryAlreadyExistsException({
          message: 'exists',
          $metadata: { httpStatusCode: 400 },
        }),
      );
      ecrMock.on(DescribeRepositoriesCommand).resolves({
        repositories: [{ repositoryArn: arn, repositoryUri: uri }],
      });
      ecrMock.on(ListTagsForResourceCommand).resolves({
        tags: [
          { Key: 'shipyard:component', Value: 'returns-api' },
          { Key: 'team', Value: 'team-payments' },
        ],
      });
      await expect(run({ ...input, owner: 'team-payments' })).rejects.toThrow(
        NotAllowedError,
      );
      expect(ecrMock.calls()).toHaveLength(0);
    });

    it('accepts a group known from spec.memberOf alone, in any case', async () => {
      ecrMock.on(CreateRepositoryCommand).resolves({
        repository: { repositoryUri: uri },
      });
      const ctx = await run(input, false, {
        entity: {
          ...ana,
          relations: undefined,
          spec: { memberOf: ['Team-Storefront'] },
        },
      });
      expect(ctx.output).toHaveBeenCalledWith('repositoryUri', uri);
    });

    it("refuses a group of another namespace, and a user the catalog's entity puts in no group", async () => {
      const elsewhere = {
        entity: {
          ...ana,
          relations: [
            { type: 'memberOf', targetRef: 'group:partners/team-storefront' },
          ],
          spec: { memberOf: ['group:partners/team-storefront'] },
        },
        ref: 'user:default/ana.lima',
      };
      await expect(run(input, false, elsewhere)).rejects.toThrow(
        'is not a member of group:default/team-storefront; choose one of their groups as the owner: group:partners/team-storefront',
      );
      await expect(
        run(input, false, {
          entity: { ...ana, relations: [], spec: {} },
          ref: 'user:default/ana.lima',
        }),
      ).rejects.toThrow(
        'user:default/ana.lima is not a member of group:default/team-storefront; they belong to no group in the catalog',
      );
    });

    it("refuses a task without the initiator's User entity", async () => {
      const error = await run(input, false, {
        ref: 'user:default/ghost',
      }).catch(e => e);
      expect(error).toBeInstanceOf(NotAllowedError);
      expect(error.message).toBe(
        "Cannot create the ECR repository for owner team-storefront: the task's initiator user:default/ghost has no User entity in the catalog, so Shipyard cannot check that they are a member of group:default/team-storefront; run the template signed in as a user the catalog knows",
      );
      await expect(run(input, true, {})).rejects.toThrow(
        "the task's initiator has no User entity in the catalog",
      );
      expect(getClient).not.toHaveBeenCalled();
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
