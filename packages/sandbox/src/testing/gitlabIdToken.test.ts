import {
  AssumeRoleWithWebIdentityCommand,
  STSClient,
} from '@aws-sdk/client-sts';
import {
  createSandboxServer,
  type SandboxServer,
} from '../server/createSandboxServer';
import { gitlabIdToken } from './gitlabIdToken';

describe('gitlabIdToken', () => {
  let server: SandboxServer;
  let now: Date;

  beforeEach(async () => {
    now = new Date('2026-03-02T09:30:00Z');
    server = await createSandboxServer({ port: 0, now: () => now });
  });

  afterEach(async () => {
    await server.close();
  });

  const assume = async (token: string) => {
    const sts = new STSClient({
      endpoint: server.url,
      region: 'eu-west-1',
      maxAttempts: 1,
    });
    try {
      return await sts.send(
        new AssumeRoleWithWebIdentityCommand({
          RoleArn: 'arn:aws:iam::111111111111:role/shipyard-gitlab-deploy',
          RoleSessionName: 'gitlab-42',
          WebIdentityToken: token,
        }),
      );
    } finally {
      sts.destroy();
    }
  };

  it("carries GitLab's claims for the project, branch and user, and the sandbox's STS exchanges it for the role", async () => {
    const token = gitlabIdToken({
      project: 'northwind/storefront/basket-api',
      ref: 'main',
      userLogin: 'ana.lima',
      now,
    });
    const claims = JSON.parse(
      Buffer.from(token.split('.')[1], 'base64url').toString('utf8'),
    );
    expect(claims).toMatchObject({
      sub: 'project_path:northwind/storefront/basket-api:ref_type:branch:ref:main',
      aud: 'sts.amazonaws.com',
      project_path: 'northwind/storefront/basket-api',
      ref: 'main',
      user_login: 'ana.lima',
      exp: now.getTime() / 1000 + 3600,
    });
    await expect(assume(token)).resolves.toMatchObject({
      SubjectFromWebIdentityToken: claims.sub,
      AssumedRoleUser: {
        Arn: 'arn:aws:sts::111111111111:assumed-role/shipyard-gitlab-deploy/gitlab-42',
      },
    });
  });

  it('is refused by STS once its hour is over', async () => {
    const token = gitlabIdToken({
      project: 'northwind/storefront/basket-api',
      ref: 'main',
      userLogin: 'ana.lima',
      now: new Date(now.getTime() - 3600_000),
    });
    await expect(assume(token)).rejects.toMatchObject({
      name: 'ExpiredTokenException',
    });
  });

  it.each([
    [{ project: 'basket-api' }, /not a GitLab project path/],
    [{ project: 'northwind/$(id)' }, /not a GitLab project path/],
    [{ ref: 'main:prod' }, /not a branch name/],
    [{ userLogin: 'ana lima' }, /not a GitLab username/],
  ])('refuses %j', (override, message) => {
    expect(() =>
      gitlabIdToken({
        project: 'northwind/storefront/basket-api',
        ref: 'main',
        userLogin: 'ana.lima',
        ...override,
      }),
    ).toThrow(message);
  });
});
