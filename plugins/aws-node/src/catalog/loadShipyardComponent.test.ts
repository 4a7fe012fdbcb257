import { mockCredentials } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { InputError, NotFoundError } from '@backstage/errors';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { sandboxPortalConfig } from 'sandbox';
import { DefaultShipyardEnvironments } from '../environments/DefaultShipyardEnvironments';
import { loadShipyardComponent } from './loadShipyardComponent';

const entity = (annotations: Record<string, string>): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'checkout-api', namespace: 'default', annotations },
  spec: { owner: 'team-storefront', system: 'storefront' },
});

describe('loadShipyardComponent', () => {
  const environments = DefaultShipyardEnvironments.fromConfig(
    new ConfigReader(sandboxPortalConfig()),
  );
  const entityRef = {
    kind: 'component',
    namespace: 'default',
    name: 'checkout-api',
  };
  const load = (e: Entity | undefined, environment?: string) =>
    loadShipyardComponent(
      {
        catalog: catalogServiceMock({ entities: e ? [e] : [] }),
        environments,
      },
      { entityRef, environment, credentials: mockCredentials.user() },
    );

  it('returns the component with owner, system and its environments by tier', async () => {
    const loaded = await load(
      entity({
        'shipyard.io/runtime': 'ecs',
        'shipyard.io/environments': 'prod,dev',
      }),
    );
    expect(loaded.component).toEqual({
      ref: 'component:default/checkout-api',
      annotations: expect.objectContaining({
        runtime: 'ecs',
        componentTagValue: 'checkout-api',
      }),
      owner: 'group:default/team-storefront',
      system: 'system:default/storefront',
    });
    expect(loaded.environments.map(e => e.name)).toEqual(['dev', 'prod']);
  });

  it('returns only the environment asked for', async () => {
    const loaded = await load(entity({ 'shipyard.io/runtime': 'ecs' }), 'prod');
    expect(loaded.environments.map(e => e.name)).toEqual(['prod']);
  });

  it('is NotFoundError for an entity the caller cannot read', async () => {
    await expect(load(undefined)).rejects.toThrow(NotFoundError);
  });

  it('is InputError naming the problem for bad annotations, unknown or unused environments', async () => {
    await expect(
      load(entity({ 'shipyard.io/runtime': 'docker' })),
    ).rejects.toThrow(
      /invalid Shipyard annotations: Annotation "shipyard.io\/runtime"/,
    );
    await expect(
      load(entity({ 'shipyard.io/runtime': 'ecs' }), 'qa'),
    ).rejects.toThrow(InputError);
    await expect(
      load(
        entity({
          'shipyard.io/runtime': 'ecs',
          'shipyard.io/environments': 'dev',
        }),
        'prod',
      ),
    ).rejects.toThrow(
      'component:default/checkout-api does not run in prod: its shipyard.io/environments annotation lists dev',
    );
  });
});
