import fs from 'node:fs';
import path from 'node:path';
import { authServiceFactory } from '@backstage/backend-defaults/auth';
import { httpAuthServiceFactory } from '@backstage/backend-defaults/httpAuth';
import { permissionsServiceFactory } from '@backstage/backend-defaults/permissions';
import { permissionsRegistryServiceFactory } from '@backstage/backend-defaults/permissionsRegistry';
import { userInfoServiceFactory } from '@backstage/backend-defaults/userInfo';
import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  createMockDirectory,
  mockServices,
  startTestBackend,
  TestBackend,
} from '@backstage/backend-test-utils';
import authPlugin from '@backstage/plugin-auth-backend';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import permissionPlugin from '@backstage/plugin-permission-backend';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import { eventually } from '@internal/backend-test-helpers';
import demoSignInModule from '@internal/plugin-auth-backend-module-demo-provider';
import awsPlugin, {
  RESOURCE_INVENTORY_COLLECTOR_ID,
} from '@internal/plugin-aws-backend';
import catalogModuleAws from '@internal/plugin-catalog-backend-module-aws';
import availabilityPlugin from '@internal/plugin-availability-backend';
import costsPlugin from '@internal/plugin-costs-backend';
import deploymentsPlugin, {
  DEPLOYMENTS_COLLECTOR_ID,
} from '@internal/plugin-deployments-backend';
import shipyardPolicyModule from '@internal/plugin-permission-backend-module-shipyard-policy';
import {
  createSandboxServer,
  SandboxServer,
  sandboxPortalConfig,
} from 'sandbox';

/** The demo organisation's personas (catalog/org.yaml), and one user in no group. */
export const PERSONAS = {
  /** Developer on team-storefront, which owns checkout-api. */
  developer: 'user:default/ana.lima',
  /** Developer on team-freight, which owns freight-quote-api. */
  otherDeveloper: 'user:default/jonas.weber',
  sre: 'user:default/sam.okafor',
  manager: 'user:default/mei.chen',
  /** A catalog user who is a member of no group: the policy's unassigned role. */
  noGroup: 'user:default/no.group',
} as const;

export type Persona = keyof typeof PERSONAS;

const NO_GROUP_USER = `apiVersion: backstage.io/v1alpha1
kind: User
metadata:
  name: no.group
spec:
  profile:
    displayName: Member of no group
  memberOf: []
`;

const readCatalogFile = (name: string) =>
  fs.readFileSync(
    path.resolve(__dirname, `../../../../catalog/${name}`),
    'utf8',
  );

export type SecurityPortal = {
  baseUrl: string;
  sandbox: SandboxServer;
  /** A real Backstage token for the persona, from the demo sign-in. */
  tokenOf(persona: Persona): string;
  /** Runs the deployments collector now, as the scheduler would. */
  collectDeployments(): Promise<void>;
  /** Runs the resource inventory collector now, as the scheduler would. */
  collectResources(): Promise<void>;
  stop(): Promise<void>;
};

/**
 * The portal as production wires its trust boundaries: real auth, user info
 * and permission services, tokens issued by sign-in with the user's catalog
 * groups as ownership claims, the permission backend with Shipyard's policy,
 * and the real catalog, scaffolder, aws, deployments, availability and
 * costs plugins, against an
 * in-process sandbox. Sign-in is the demo provider's because it issues the
 * same Backstage tokens as GitLab sign-in without a GitLab.
 */
export async function startSecurityPortal(
  options: {
    /** backend.auth.externalAccess: static tokens for callers outside the portal. */
    externalAccess?: object[];
  } = {},
): Promise<SecurityPortal> {
  const directory = createMockDirectory({
    content: {
      'components.yaml': readCatalogFile('components.yaml'),
      'org.yaml': readCatalogFile('org.yaml'),
      'no-group.yaml': NO_GROUP_USER,
    },
  });
  const scheduler = mockServices.scheduler();
  const sandbox = await createSandboxServer({ port: 0 });
  const demo = sandboxPortalConfig(sandbox);
  let backend: TestBackend;
  try {
    backend = await startTestBackend({
      features: [
        mockServices.rootConfig.factory({
          data: {
            ...demo,
            app: { baseUrl: 'http://localhost:3000' },
            backend: {
              auth: { externalAccess: options.externalAccess ?? [] },
            },
            auth: { environment: 'development', providers: { demo: {} } },
            permission: { enabled: true },
            shipyard: {
              ...demo.shipyard,
              // Stated rather than defaulted: the metering test counts on it.
              aws: {
                ...demo.shipyard.aws,
                refreshLimit: { requests: 10, window: { minutes: 1 } },
              },
              demoSignIn: {
                users: Object.entries(PERSONAS).map(([persona, userRef]) => ({
                  userRef,
                  persona,
                  title: userRef,
                  description: userRef,
                })),
              },
            },
            catalog: {
              rules: [
                {
                  allow: ['Component', 'Resource', 'Location', 'User', 'Group'],
                },
              ],
              locations: ['components.yaml', 'org.yaml', 'no-group.yaml'].map(
                file => ({ type: 'file', target: directory.resolve(file) }),
              ),
            },
          },
        }),
        // The collectors run when the test triggers them.
        createServiceFactory({
          service: coreServices.scheduler,
          deps: {},
          factory: () => scheduler,
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
        catalogModuleAws,
        scaffolderPlugin,
        awsPlugin,
        deploymentsPlugin,
        availabilityPlugin,
        costsPlugin,
      ],
    });
  } catch (error) {
    await sandbox.close();
    throw error;
  }
  const baseUrl = `http://localhost:${backend.server.port()}`;

  const tokens = new Map<Persona, string>();
  for (const [persona, userRef] of Object.entries(PERSONAS)) {
    // The catalog ingests users in the background; sign-in works once it has
    // (with room for a CI machine loaded by the backend tests beside this one).
    const token = await eventually(
      `sign-in as ${userRef}`,
      async () => {
        const res = await fetch(`${baseUrl}/api/auth/demo/refresh`, {
          headers: { 'x-shipyard-demo-user': userRef },
        });
        return res.ok
          ? ((await res.json()).backstageIdentity.token as string)
          : undefined;
      },
      150_000,
    );
    tokens.set(persona as Persona, token);
  }
  // The collector only relates what the catalog has ingested with its environments.
  await eventually(
    'checkout-api related to its environments',
    async () => {
      const res = await fetch(
        `${baseUrl}/api/catalog/entities/by-name/component/default/checkout-api`,
        { headers: { authorization: `Bearer ${tokens.get('sre')}` } },
      );
      const entity = res.ok ? await res.json() : undefined;
      return entity?.relations?.some(
        (r: { targetRef: string }) => r.targetRef === 'resource:default/prod',
      )
        ? true
        : undefined;
    },
    150_000,
  );
  await scheduler.triggerTask(DEPLOYMENTS_COLLECTOR_ID);

  return {
    baseUrl,
    sandbox,
    tokenOf: persona => tokens.get(persona)!,
    collectDeployments: () => scheduler.triggerTask(DEPLOYMENTS_COLLECTOR_ID),
    collectResources: () =>
      scheduler.triggerTask(RESOURCE_INVENTORY_COLLECTOR_ID),
    async stop() {
      await backend.stop();
      await sandbox.close();
    },
  };
}
