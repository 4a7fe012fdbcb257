import {
  AssumeRoleCommand,
  GetCallerIdentityCommand,
  STSClient,
} from '@aws-sdk/client-sts';
import { ECSClient, ListClustersCommand } from '@aws-sdk/client-ecs';
import {
  createSandboxServer,
  type SandboxServer,
} from '../../server/createSandboxServer';
import { sandboxClientConfig } from '../../testing/sandboxClientConfig';

describe('STS', () => {
  let server: SandboxServer;
  let now: Date;
  const clients: { destroy(): void }[] = [];
  const track = <T extends { destroy(): void }>(client: T) => {
    clients.push(client);
    return client;
  };

  beforeEach(async () => {
    now = new Date('2026-03-02T09:30:00Z');
    server = await createSandboxServer({ port: 0, now: () => now });
  });

  afterEach(async () => {
    clients.splice(0).forEach(c => c.destroy());
    await server.close();
  });

  it('identifies the caller of static sandbox credentials by their account', async () => {
    const sts = track(
      new STSClient(sandboxClientConfig(server, { accountId: '222222222222' })),
    );
    const identity = await sts.send(new GetCallerIdentityCommand({}));
    expect(identity).toMatchObject({
      Account: '222222222222',
      Arn: 'arn:aws:iam::222222222222:user/sandbox',
      UserId: expect.stringMatching(/^AIDA[0-9A-F]+$/),
    });
  });

  it('assumes a role in another account, whose credentials then act in that account', async () => {
    const sts = track(new STSClient(sandboxClientConfig(server)));
    const assumed = await sts.send(
      new AssumeRoleCommand({
        RoleArn: 'arn:aws:iam::222222222222:role/shipyard-reader',
        RoleSessionName: 'shipyard-backend',
        ExternalId: 'shipyard',
        DurationSeconds: 900,
      }),
    );
    expect(assumed.Credentials).toMatchObject({
      AccessKeyId: 'SANDBOX222222222222',
      SecretAccessKey: expect.any(String),
      SessionToken: expect.any(String),
      Expiration: new Date(now.getTime() + 900_000),
    });
    expect(assumed.AssumedRoleUser).toMatchObject({
      Arn: 'arn:aws:sts::222222222222:assumed-role/shipyard-reader/shipyard-backend',
      AssumedRoleId: expect.stringMatching(/^AROA[0-9A-F]+:shipyard-backend$/),
    });

    const credentials = {
      accessKeyId: assumed.Credentials!.AccessKeyId!,
      secretAccessKey: assumed.Credentials!.SecretAccessKey!,
      sessionToken: assumed.Credentials!.SessionToken!,
    };
    const asRole = track(
      new STSClient({ ...sandboxClientConfig(server), credentials }),
    );
    const identity = await asRole.send(new GetCallerIdentityCommand({}));
    expect(identity.Arn).toBe(
      'arn:aws:sts::222222222222:assumed-role/shipyard-reader/shipyard-backend',
    );
    const ecs = track(
      new ECSClient({ ...sandboxClientConfig(server), credentials }),
    );
    const clusters = await ecs.send(new ListClustersCommand({}));
    expect(clusters.clusterArns).toContain(
      'arn:aws:ecs:eu-west-1:222222222222:cluster/prod-apps',
    );

    now = new Date(now.getTime() + 901_000);
    await expect(
      asRole.send(new GetCallerIdentityCommand({})),
    ).rejects.toMatchObject({
      name: 'ExpiredToken',
    });
  });

  it('rejects malformed AssumeRole requests with ValidationError', async () => {
    const sts = track(new STSClient(sandboxClientConfig(server)));
    await expect(
      sts.send(
        new AssumeRoleCommand({
          RoleArn: 'arn:aws:iam::222222222222:role/x',
        } as any),
      ),
    ).rejects.toMatchObject({
      name: 'ValidationError',
      $metadata: { httpStatusCode: 400 },
    });
    await expect(
      sts.send(
        new AssumeRoleCommand({
          RoleArn: 'not-an-arn-but-long-enough',
          RoleSessionName: 'ok',
        }),
      ),
    ).rejects.toMatchObject({ name: 'ValidationError' });
    await expect(
      sts.send(
        new AssumeRoleCommand({
          RoleArn: 'arn:aws:iam::222222222222:role/x',
          RoleSessionName: 'ok',
          DurationSeconds: 60,
        }),
      ),
    ).rejects.toMatchObject({ name: 'ValidationError' });
  });

  it('refuses credentials that are not sandbox credentials, as STS does', async () => {
    const sts = track(
      new STSClient({
        ...sandboxClientConfig(server),
        credentials: { accessKeyId: 'AKIAREALLOOKING', secretAccessKey: 'x' },
      }),
    );
    await expect(
      sts.send(new GetCallerIdentityCommand({})),
    ).rejects.toMatchObject({
      name: 'InvalidClientTokenId',
      $metadata: { httpStatusCode: 403 },
    });
  });
});
