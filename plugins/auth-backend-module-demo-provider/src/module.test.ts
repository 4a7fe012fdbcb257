import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import authPlugin from '@backstage/plugin-auth-backend';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { authModuleDemoProvider } from './module';

const user = (name: string, displayName: string, group: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'User',
  metadata: { name, namespace: 'default' },
  spec: { profile: { displayName }, memberOf: [group] },
  relations: [{ type: 'memberOf', targetRef: `group:default/${group}` }],
});

const catalogUsers = [
  user('ana.lima', 'Ana Lima', 'team-storefront'),
  user('sam.okafor', 'Sam Okafor', 'platform-sre'),
  // In the catalog, but not offered by the demo sign-in.
  user('jonas.weber', 'Jonas Weber', 'team-freight'),
];

const demoConfig = {
  app: { baseUrl: 'http://localhost:3000' },
  auth: { environment: 'development', providers: { demo: {} } },
  shipyard: {
    demoSignIn: {
      users: [
        {
          userRef: 'user:default/ana.lima',
          persona: 'developer',
          title: 'Ana Lima, developer',
          description: 'Works on the storefront',
        },
        {
          userRef: 'sam.okafor',
          persona: 'sre',
          title: 'Sam Okafor, SRE',
          description: 'Runs the platform',
        },
      ],
    },
  },
};

async function startAuth(config: object) {
  const backend = await startTestBackend({
    features: [
      authPlugin,
      authModuleDemoProvider,
      mockServices.rootConfig.factory({ data: config }),
      catalogServiceMock.factory({ entities: catalogUsers }),
    ],
  });
  const url = `http://localhost:${backend.server.port()}/api/auth/demo/refresh`;
  return {
    refresh: (headers: Record<string, string> = {}) => fetch(url, { headers }),
    stop: () => backend.stop(),
  };
}

describe('authModuleDemoProvider', () => {
  describe('when configured', () => {
    let auth: Awaited<ReturnType<typeof startAuth>>;
    beforeAll(async () => {
      auth = await startAuth(demoConfig);
    });
    afterAll(() => auth.stop());

    it('signs a listed user in with their catalog groups', async () => {
      const res = await auth.refresh({
        'x-shipyard-demo-user': 'user:default/ana.lima',
      });
      expect(res.status).toBe(200);
      const body = await res.json();
      expect(body.profile).toEqual({ displayName: 'Ana Lima' });
      expect(body.backstageIdentity.identity).toEqual({
        type: 'user',
        userEntityRef: 'user:default/ana.lima',
        ownershipEntityRefs: expect.arrayContaining([
          'user:default/ana.lima',
          'group:default/team-storefront',
        ]),
      });
      expect(body.backstageIdentity.token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    });

    it('accepts short and differently cased refs for listed users', async () => {
      const res = await auth.refresh({
        'x-shipyard-demo-user': 'User:Sam.Okafor',
      });
      expect(res.status).toBe(200);
      const body = await res.json();
      expect(body.backstageIdentity.identity.ownershipEntityRefs).toContain(
        'group:default/platform-sre',
      );
    });

    it('refuses a catalog user who is not a demo user', async () => {
      const res = await auth.refresh({
        'x-shipyard-demo-user': 'user:default/jonas.weber',
      });
      expect(res.status).toBe(403);
    });

    it('refuses a ref that is not a user', async () => {
      const res = await auth.refresh({
        'x-shipyard-demo-user': 'group:default/platform-sre',
      });
      expect(res.status).toBe(400);
    });

    it('refuses a request without the header', async () => {
      const res = await auth.refresh();
      expect(res.status).toBe(401);
    });
  });

  it('is not served when auth.providers.demo is absent', async () => {
    const auth = await startAuth({
      ...demoConfig,
      auth: { environment: 'development', providers: {} },
    });
    try {
      const res = await auth.refresh({
        'x-shipyard-demo-user': 'user:default/ana.lima',
      });
      expect(res.status).toBe(404);
    } finally {
      await auth.stop();
    }
  });

  it('refuses to start in production', async () => {
    await expect(
      startAuth({
        ...demoConfig,
        auth: { environment: 'production', providers: { demo: {} } },
      }),
    ).rejects.toThrow(/demo auth provider must not run in production/);
  });

  it('refuses to start when NODE_ENV is production, whatever auth.environment says', async () => {
    const nodeEnv = process.env.NODE_ENV;
    process.env.NODE_ENV = 'production';
    try {
      await expect(startAuth(demoConfig)).rejects.toThrow(
        /auth\.providers\.demo is configured, but NODE_ENV is production/,
      );
    } finally {
      process.env.NODE_ENV = nodeEnv;
    }
  });

  it('refuses to start without demo users', async () => {
    await expect(
      startAuth({ ...demoConfig, shipyard: { demoSignIn: { users: [] } } }),
    ).rejects.toThrow(/shipyard\.demoSignIn\.users lists nobody/);
  });
});
