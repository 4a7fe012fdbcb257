import path from 'node:path';
import fs from 'node:fs';
import { authServiceFactory } from '@backstage/backend-defaults/auth';
import { httpAuthServiceFactory } from '@backstage/backend-defaults/httpAuth';
import { permissionsServiceFactory } from '@backstage/backend-defaults/permissions';
import { permissionsRegistryServiceFactory } from '@backstage/backend-defaults/permissionsRegistry';
import {
  mockServices,
  startTestBackend,
  TestBackend,
} from '@backstage/backend-test-utils';
import { ConfigReader, JsonObject } from '@backstage/config';
import { loadConfig } from '@backstage/config-loader';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import permissionPlugin from '@backstage/plugin-permission-backend';
import awsPlugin from '@internal/plugin-aws-backend';
import shipyardPolicyModule from '@internal/plugin-permission-backend-module-shipyard-policy';

// The static tokens of app-config.production.yaml, exactly as configured there, in front of the
// real auth, permissions, catalog and aws plugins: each token works for its caller's request
// and for nothing else. Service principals skip the permission policy, so these restrictions
// are all that limits a leaked token.
jest.setTimeout(60_000);

const productionFile = path.resolve(
  __dirname,
  '../../../app-config.production.yaml',
);

/** `backend.auth.externalAccess` of the production overlay, each `${VAR}` set to `placeholder-VAR`. */
async function productionExternalAccess(): Promise<JsonObject[]> {
  const text = fs.readFileSync(productionFile, 'utf8');
  const saved = { ...process.env };
  for (const [, name] of text.matchAll(/\$\{([A-Z0-9_]+)\}/g)) {
    process.env[name] = `placeholder-${name}`;
  }
  try {
    const { appConfigs } = await loadConfig({
      configRoot: path.dirname(productionFile),
      configTargets: [{ path: productionFile }],
    });
    return ConfigReader.fromConfigs(appConfigs).get<JsonObject[]>(
      'backend.auth.externalAccess',
    );
  } finally {
    process.env = saved;
  }
}

const CI_CATALOG_TOKEN = 'placeholder-SHIPYARD_CI_CATALOG_TOKEN';
const MONITORING_TOKEN = 'placeholder-SHIPYARD_MONITORING_TOKEN';

describe("the production overlay's static tokens", () => {
  let externalAccess: JsonObject[];
  let backend: TestBackend;
  let baseUrl: string;

  function call(
    method: string,
    url: string,
    token: string | undefined,
    body?: object,
  ) {
    return fetch(`${baseUrl}${url}`, {
      method,
      headers: {
        'content-type': 'application/json',
        ...(token && { authorization: `Bearer ${token}` }),
      },
      body: body && JSON.stringify(body),
    });
  }

  beforeAll(async () => {
    externalAccess = await productionExternalAccess();
    backend = await startTestBackend({
      features: [
        mockServices.rootConfig.factory({
          data: {
            backend: { auth: { externalAccess } },
            permission: { enabled: true },
            catalog: { rules: [{ allow: ['Component', 'Location'] }] },
          },
        }),
        authServiceFactory,
        httpAuthServiceFactory,
        permissionsServiceFactory,
        permissionsRegistryServiceFactory,
        permissionPlugin,
        shipyardPolicyModule,
        catalogPlugin,
        awsPlugin,
      ],
    });
    baseUrl = `http://localhost:${backend.server.port()}`;
  });

  afterAll(() => backend?.stop());

  it('are one per caller, each restricted', () => {
    expect(
      externalAccess.map(entry => ({
        type: entry.type,
        token: (entry.options as JsonObject).token,
        restricted: Array.isArray(entry.accessRestrictions),
      })),
    ).toEqual([
      { type: 'static', token: CI_CATALOG_TOKEN, restricted: true },
      { type: 'static', token: MONITORING_TOKEN, restricted: true },
    ]);
  });

  describe("CI's catalog token", () => {
    it('may ask the catalog to refresh an entity', async () => {
      const res = await call('POST', '/api/catalog/refresh', CI_CATALOG_TOKEN, {
        entityRef: 'component:default/freight-quote-api',
      });
      // Past authentication and the permission: the catalog looked the entity up (this
      // catalog is empty), where the other token gets 403 below.
      expect(res.status).toBe(404);
      expect((await res.json()).error.name).toBe('NotFoundError');
    });

    it('may not register a location in the catalog', async () => {
      const res = await call(
        'POST',
        '/api/catalog/locations',
        CI_CATALOG_TOKEN,
        {
          type: 'url',
          target:
            'https://gitlab.example.com/group/repo/-/blob/main/catalog-info.yaml',
        },
      );
      expect(res.status).toBe(403);
    });

    it('is refused by every other plugin', async () => {
      const status = await call('GET', '/api/aws/status', CI_CATALOG_TOKEN);
      expect(status.status).toBe(403);
      const refresh = await call(
        'POST',
        '/api/aws/components/default/component/freight-quote-api/resources/refresh?environment=dev',
        CI_CATALOG_TOKEN,
      );
      expect(refresh.status).toBe(403);
    });
  });

  describe("monitoring's token", () => {
    it("may read the collectors' status", async () => {
      const res = await call('GET', '/api/aws/status', MONITORING_TOKEN);
      expect(res.status).toBe(200);
    });

    it('may not start a refresh that calls AWS', async () => {
      const res = await call(
        'POST',
        '/api/aws/components/default/component/freight-quote-api/resources/refresh?environment=dev',
        MONITORING_TOKEN,
      );
      expect(res.status).toBe(403);
    });

    it('is refused by every other plugin', async () => {
      const res = await call('POST', '/api/catalog/refresh', MONITORING_TOKEN, {
        entityRef: 'component:default/freight-quote-api',
      });
      expect(res.status).toBe(403);
    });
  });

  it('answers 401 to a token nobody configured', async () => {
    const res = await call('GET', '/api/aws/status', 'not-a-configured-token');
    expect(res.status).toBe(401);
  });
});
