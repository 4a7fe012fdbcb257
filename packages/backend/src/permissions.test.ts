import { resolve as resolvePath } from 'node:path';
import { authServiceFactory } from '@backstage/backend-defaults/auth';
import { httpAuthServiceFactory } from '@backstage/backend-defaults/httpAuth';
import { permissionsServiceFactory } from '@backstage/backend-defaults/permissions';
import { permissionsRegistryServiceFactory } from '@backstage/backend-defaults/permissionsRegistry';
import { userInfoServiceFactory } from '@backstage/backend-defaults/userInfo';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import authPlugin from '@backstage/plugin-auth-backend';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import permissionPlugin from '@backstage/plugin-permission-backend';
import demoSignInModule from '@internal/plugin-auth-backend-module-demo-provider';
import shipyardPolicyModule from '@internal/plugin-permission-backend-module-shipyard-policy';

// The production wiring of sign-in and permissions, against a slice of the demo organisation:
// real tokens from the demo provider, real auth, user info and permission services, the real
// permission backend with Shipyard's policy, and the real catalog enforcing its decisions.
jest.setTimeout(60_000);

const fixture = resolvePath(
  __dirname,
  '__fixtures__/northwind/catalog-info.yaml',
);

const persona = (userRef: string) => ({
  userRef,
  persona: 'developer',
  title: userRef,
  description: userRef,
});

describe('the portal enforces permissions on the server', () => {
  let baseUrl: string;
  const tokens = new Map<string, string>();

  async function signIn(userRef: string): Promise<string> {
    // The catalog ingests the users in the background; sign-in works once it has.
    for (let attempt = 0; ; attempt++) {
      const res = await fetch(`${baseUrl}/api/auth/demo/refresh`, {
        headers: { 'x-shipyard-demo-user': userRef },
      });
      if (res.ok) {
        return (await res.json()).backstageIdentity.token;
      }
      if (attempt > 100) {
        throw new Error(`Sign-in as ${userRef} failed: ${await res.text()}`);
      }
      await new Promise(r => setTimeout(r, 200));
    }
  }

  function request(
    method: string,
    path: string,
    userRef?: string,
    body?: object,
  ) {
    const headers: Record<string, string> = {
      'content-type': 'application/json',
    };
    if (userRef) {
      headers.authorization = `Bearer ${tokens.get(userRef)}`;
    }
    return fetch(`${baseUrl}/api/catalog${path}`, {
      method,
      headers,
      body: body && JSON.stringify(body),
    });
  }

  beforeAll(async () => {
    const backend = await startTestBackend({
      features: [
        mockServices.rootConfig.factory({
          data: {
            app: { baseUrl: 'http://localhost:3000' },
            auth: { environment: 'development', providers: { demo: {} } },
            shipyard: {
              demoSignIn: {
                users: [
                  persona('user:default/ana.lima'),
                  persona('user:default/sam.okafor'),
                  persona('user:default/mei.chen'),
                ],
              },
            },
            permission: { enabled: true },
            catalog: {
              rules: [{ allow: ['Component', 'Location', 'User', 'Group'] }],
              locations: [{ type: 'file', target: fixture }],
            },
          },
        }),
        authServiceFactory,
        httpAuthServiceFactory,
        userInfoServiceFactory,
        permissionsServiceFactory,
        permissionsRegistryServiceFactory,
        authPlugin,
        demoSignInModule,
        permissionPlugin,
        shipyardPolicyModule,
        catalogPlugin,
      ],
    });
    baseUrl = `http://localhost:${backend.server.port()}`;
    for (const user of [
      'user:default/ana.lima',
      'user:default/sam.okafor',
      'user:default/mei.chen',
    ]) {
      tokens.set(user, await signIn(user));
    }
  });

  it('answers 401 to a request without a token', async () => {
    const res = await request('GET', '/entities');
    expect(res.status).toBe(401);
  });

  it('lets every persona read the catalog', async () => {
    for (const user of tokens.keys()) {
      const res = await request(
        'GET',
        '/entities/by-name/component/default/freight-quote-api',
        user,
      );
      expect(res.status).toBe(200);
    }
  });

  describe('registering a location (reserved for the platform team)', () => {
    // A URL no integration covers: the catalog accepts it without ever fetching it.
    const location = {
      type: 'url',
      target:
        'https://gitlab.northwind.invalid/storefront/new-service/catalog-info.yaml',
    };

    it('is denied to a developer', async () => {
      const res = await request(
        'POST',
        '/locations',
        'user:default/ana.lima',
        location,
      );
      expect(res.status).toBe(403);
    });

    it('is denied to a manager', async () => {
      const res = await request(
        'POST',
        '/locations',
        'user:default/mei.chen',
        location,
      );
      expect(res.status).toBe(403);
    });

    it('is allowed to an SRE', async () => {
      const res = await request(
        'POST',
        '/locations',
        'user:default/sam.okafor',
        location,
      );
      expect(res.status).toBe(201);
    });
  });

  describe("refreshing an entity (a developer may, for their team's)", () => {
    const refresh = (entityRef: string, user: string) =>
      request('POST', '/refresh', user, { entityRef });

    it("allows a developer to refresh their team's component", async () => {
      const res = await refresh(
        'component:default/checkout-api',
        'user:default/ana.lima',
      );
      expect(res.status).toBe(200);
    });

    it("denies a developer another team's component", async () => {
      const res = await refresh(
        'component:default/freight-quote-api',
        'user:default/ana.lima',
      );
      expect(res.status).toBe(403);
    });

    it('denies a manager', async () => {
      const res = await refresh(
        'component:default/checkout-api',
        'user:default/mei.chen',
      );
      expect(res.status).toBe(403);
    });

    it('allows an SRE any component', async () => {
      const res = await refresh(
        'component:default/freight-quote-api',
        'user:default/sam.okafor',
      );
      expect(res.status).toBe(200);
    });
  });
});
