import { sandboxPortalConfig } from 'sandbox';
import {
  createBackendModule,
  coreServices,
} from '@backstage/backend-plugin-api';
import {
  createMockDirectory,
  mockServices,
  startTestBackend,
  TestBackend,
} from '@backstage/backend-test-utils';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import catalogBackend from '@backstage/plugin-catalog-backend';
import { catalogModuleAws } from './module';
import { eventually } from '@internal/backend-test-helpers';

/** The demo environments and their sandbox credentials, as app-config.yaml has them. */
const demoEnvironmentsConfig = sandboxPortalConfig();

jest.setTimeout(60_000);

const catalogFile = `
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: catalog-api
  annotations:
    shipyard.io/runtime: ecs
spec:
  type: service
  lifecycle: production
  owner: group:default/team-storefront
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: freight-quote-api
  annotations:
    shipyard.io/runtime: eks
    shipyard.io/environments: staging,prod
spec:
  type: service
  lifecycle: production
  owner: group:default/team-freight
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: checkout-api
  annotations:
    shipyard.io/runtime: lambda
spec:
  type: service
  lifecycle: production
  owner: group:default/team-storefront
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: ledger-service
  annotations:
    shipyard.io/runtime: ecs
    shipyard.io/role: arn:aws:iam::222222222222:role/Admin
spec:
  type: service
  lifecycle: production
  owner: group:default/team-payments
`;

// Two components claiming one component tag value: the same name in two
// namespaces. The one in the default namespace holds it.
const conflictFile = `
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: checkout-api
  namespace: other
  annotations:
    shipyard.io/runtime: ecs
spec:
  type: service
  lifecycle: production
  owner: group:default/team-freight
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: checkout-api
  annotations:
    shipyard.io/runtime: ecs
spec:
  type: service
  lifecycle: production
  owner: group:default/team-storefront
`;

type ProcessingErrors = Array<{
  entity: string;
  ref: string;
  messages: string[];
}>;

/** A catalog module that records every processing error. */
function processingErrorCollector(processingErrors: ProcessingErrors) {
  return createBackendModule({
    pluginId: 'catalog',
    moduleId: 'test-errors',
    register(reg) {
      reg.registerInit({
        deps: {
          catalog: catalogProcessingExtensionPoint,
          logger: coreServices.logger,
        },
        async init({ catalog }) {
          catalog.setOnProcessingErrorHandler(event => {
            processingErrors.push({
              entity: event.unprocessedEntity.metadata.name,
              ref: stringifyEntityRef(event.unprocessedEntity),
              messages: event.errors.map(e => `${e.name}: ${e.message}`),
            });
          });
        },
      });
    },
  });
}

describe('catalogModuleAws with the real catalog backend', () => {
  const directory = createMockDirectory({
    content: {
      'catalog-info.yaml': catalogFile,
      'conflict.yaml': conflictFile,
    },
  });
  let backend: TestBackend;

  afterEach(async () => {
    await backend?.stop();
  });

  it('surfaces environments, relates components to them and reports malformed annotations', async () => {
    const processingErrors: ProcessingErrors = [];

    backend = await startTestBackend({
      features: [
        mockServices.rootConfig.factory({
          data: {
            ...demoEnvironmentsConfig,
            catalog: {
              rules: [{ allow: ['Component', 'Resource', 'Location'] }],
              locations: [
                {
                  type: 'file',
                  target: directory.resolve('catalog-info.yaml'),
                },
              ],
            },
          },
        }),
        catalogBackend,
        catalogModuleAws,
        processingErrorCollector(processingErrors),
      ],
    });

    const baseUrl = `http://localhost:${backend.server.port()}/api/catalog`;
    const getEntity = async (ref: string) => {
      const res = await fetch(`${baseUrl}/entities/by-name/${ref}`);
      return res.ok ? ((await res.json()) as Entity) : undefined;
    };

    const prod = await eventually('the catalog', () =>
      getEntity('resource/default/prod'),
    );
    expect(prod.spec).toEqual({
      type: 'environment',
      owner: 'group:default/platform-sre',
    });
    expect(
      prod.metadata.annotations?.['environment.shipyard.io/accounts'],
    ).toBe('222222222222');
    await expect(getEntity('resource/default/dev')).resolves.toBeDefined();
    await expect(getEntity('resource/default/staging')).resolves.toBeDefined();

    const catalogApi = await eventually('the catalog', async () => {
      const entity = await getEntity('component/default/catalog-api');
      return entity?.relations?.some(r => r.type === 'dependsOn')
        ? entity
        : undefined;
    });
    expect(
      catalogApi.relations
        ?.filter(r => r.type === 'dependsOn')
        .map(r => r.targetRef)
        .sort(),
    ).toEqual([
      'resource:default/dev',
      'resource:default/prod',
      'resource:default/staging',
    ]);

    const freight = await eventually('the catalog', () =>
      getEntity('component/default/freight-quote-api'),
    );
    expect(
      freight.relations
        ?.filter(r => r.type === 'dependsOn')
        .map(r => r.targetRef)
        .sort(),
    ).toEqual(['resource:default/prod', 'resource:default/staging']);

    const prodWithReverse = await eventually('the catalog', async () => {
      const entity = await getEntity('resource/default/prod');
      return entity?.relations?.some(r => r.type === 'dependencyOf')
        ? entity
        : undefined;
    });
    expect(
      prodWithReverse.relations
        ?.filter(r => r.type === 'dependencyOf')
        .map(r => r.targetRef)
        .sort(),
    ).toEqual([
      'component:default/catalog-api',
      'component:default/freight-quote-api',
    ]);

    const errors = await eventually('the catalog', async () =>
      processingErrors.length >= 2 ? processingErrors : undefined,
    );
    const byEntity = Object.fromEntries(
      errors.map(e => [e.entity, e.messages]),
    );
    expect(byEntity['checkout-api']).toEqual([
      expect.stringMatching(/^InputError: .*shipyard\.io\/runtime.*"lambda"/),
    ]);
    expect(byEntity['ledger-service']).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^InputError: .*shipyard\.io\/role.*never grant/),
      ]),
    );
    // An entity with a malformed Shipyard annotation is held back, not stored
    // half-valid.
    await expect(
      getEntity('component/default/checkout-api'),
    ).resolves.toBeUndefined();
  });

  it('gives a component tag value to one component and reports the other claimant', async () => {
    const processingErrors: ProcessingErrors = [];
    backend = await startTestBackend({
      features: [
        mockServices.rootConfig.factory({
          data: {
            ...demoEnvironmentsConfig,
            catalog: {
              // Whichever claimant is stored first, the other one is
              // processed again soon after.
              processingInterval: { seconds: 1 },
              rules: [{ allow: ['Component', 'Resource', 'Location'] }],
              locations: [
                { type: 'file', target: directory.resolve('conflict.yaml') },
              ],
            },
          },
        }),
        catalogBackend,
        catalogModuleAws,
        processingErrorCollector(processingErrors),
      ],
    });

    const baseUrl = `http://localhost:${backend.server.port()}/api/catalog`;
    const getEntity = async (ref: string) => {
      const res = await fetch(`${baseUrl}/entities/by-name/${ref}`);
      return res.ok ? ((await res.json()) as Entity) : undefined;
    };

    const claimantErrors = await eventually('the catalog', async () => {
      const found = processingErrors.find(
        e => e.ref === 'component:other/checkout-api',
      );
      return found?.messages;
    });
    expect(claimantErrors).toEqual([
      expect.stringMatching(
        /^InputError: Component tag value "checkout-api" is held by component:default\/checkout-api; component:other\/checkout-api cannot claim it/,
      ),
    ]);

    const holder = await eventually('the catalog', async () => {
      const entity = await getEntity('component/default/checkout-api');
      return entity?.relations?.some(r => r.type === 'dependsOn')
        ? entity
        : undefined;
    });
    expect(holder.metadata.namespace).toBe('default');
    expect(
      processingErrors.filter(e => e.ref === 'component:default/checkout-api'),
    ).toEqual([]);
  });
});
