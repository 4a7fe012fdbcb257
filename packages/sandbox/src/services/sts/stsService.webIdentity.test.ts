import {
  AssumeRoleWithWebIdentityCommand,
  GetCallerIdentityCommand,
  STSClient,
} from '@aws-sdk/client-sts';
import {
  createSandboxServer,
  type SandboxServer,
} from '../../server/createSandboxServer';

/** A GitLab-style id token; the sandbox reads its claims and does not check the signature. */
function idToken(claims: Record<string, unknown>): string {
  const encode = (value: unknown) =>
    Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${encode({ alg: 'RS256', typ: 'JWT', kid: 'k1' })}.${encode(
    claims,
  )}.c2lnbmF0dXJl`;
}

describe('STS AssumeRoleWithWebIdentity', () => {
  let server: SandboxServer;
  let now: Date;
  let sts: STSClient;
  const claims = () => ({
    iss: 'https://gitlab.example.com',
    sub: 'project_path:northwind/storefront/basket-api:ref_type:branch:ref:main',
    aud: 'sts.amazonaws.com',
    exp: Math.floor(now.getTime() / 1000) + 300,
  });
  const assume = (token: string) =>
    sts.send(
      new AssumeRoleWithWebIdentityCommand({
        RoleArn: 'arn:aws:iam::111111111111:role/shipyard-gitlab-deploy',
        RoleSessionName: 'gitlab-42',
        WebIdentityToken: token,
        DurationSeconds: 900,
      }),
    );

  beforeEach(async () => {
    now = new Date('2026-03-02T09:30:00Z');
    server = await createSandboxServer({ port: 0, now: () => now });
    // No credentials: the SDK sends this operation unsigned, as a CI job without keys does.
    sts = new STSClient({
      endpoint: server.url,
      region: 'eu-west-1',
      maxAttempts: 1,
    });
  });

  afterEach(async () => {
    sts.destroy();
    await server.close();
  });

  it("answers an unsigned call with credentials that act as the role in the role's account", async () => {
    const assumed = await assume(idToken(claims()));
    expect(assumed).toMatchObject({
      Credentials: {
        AccessKeyId: 'SANDBOX111111111111',
        Expiration: new Date(now.getTime() + 900_000),
      },
      SubjectFromWebIdentityToken: claims().sub,
      Provider: 'gitlab.example.com',
      Audience: 'sts.amazonaws.com',
      AssumedRoleUser: {
        Arn: 'arn:aws:sts::111111111111:assumed-role/shipyard-gitlab-deploy/gitlab-42',
      },
    });
    const asRole = new STSClient({
      endpoint: server.url,
      region: 'eu-west-1',
      credentials: {
        accessKeyId: assumed.Credentials!.AccessKeyId!,
        secretAccessKey: assumed.Credentials!.SecretAccessKey!,
        sessionToken: assumed.Credentials!.SessionToken!,
      },
    });
    const identity = await asRole.send(new GetCallerIdentityCommand({}));
    asRole.destroy();
    expect(identity).toMatchObject({
      Account: '111111111111',
      Arn: 'arn:aws:sts::111111111111:assumed-role/shipyard-gitlab-deploy/gitlab-42',
    });
  });

  it('accepts an audience list that names STS', async () => {
    await expect(
      assume(idToken({ ...claims(), aud: ['other', 'sts.amazonaws.com'] })),
    ).resolves.toMatchObject({ Audience: 'sts.amazonaws.com' });
  });

  it('refuses tokens that are malformed, addressed elsewhere or expired, with the errors STS gives', async () => {
    await expect(assume('not-a-jwt')).rejects.toMatchObject({
      name: 'InvalidIdentityTokenException',
      message: "Couldn't parse web identity token.",
    });
    await expect(
      assume(idToken({ ...claims(), aud: 'gitlab' })),
    ).rejects.toMatchObject({
      name: 'InvalidIdentityTokenException',
      message: 'Incorrect token audience',
    });
    await expect(
      assume(idToken({ ...claims(), iss: undefined })),
    ).rejects.toMatchObject({ name: 'InvalidIdentityTokenException' });
    await expect(
      assume(
        idToken({ ...claims(), exp: Math.floor(now.getTime() / 1000) - 1 }),
      ),
    ).rejects.toMatchObject({
      name: 'ExpiredTokenException',
      $metadata: { httpStatusCode: 400 },
    });
  });

  it('still requires a signature for every other operation', async () => {
    const response = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'Action=GetCallerIdentity&Version=2011-06-15',
    });
    expect(response.status).toBe(403);
    expect(await response.text()).toContain(
      '<Code>MissingAuthenticationToken</Code>',
    );
  });
});
