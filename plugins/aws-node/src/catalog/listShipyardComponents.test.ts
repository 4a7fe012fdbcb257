import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { sandboxPortalConfig } from 'sandbox';
import { DefaultShipyardEnvironments } from '../environments/DefaultShipyardEnvironments';
import {
  listShipyardComponents,
  ownerAndSystemOf,
} from './listShipyardComponents';

function component(
  name: string,
  annotations: Record<string, string>,
  spec: Record<string, unknown> = { owner: 'team-storefront' },
  namespace = 'default',
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace, annotations },
    spec: { type: 'service', lifecycle: 'production', ...spec },
  };
}

describe('listShipyardComponents', () => {
  const environments = DefaultShipyardEnvironments.fromConfig(
    new ConfigReader(sandboxPortalConfig()),
  );

  it('returns runtime components with valid annotations that hold their tag value, with owner and system', async () => {
    const entities = [
      component(
        'checkout-api',
        { 'shipyard.io/runtime': 'ecs' },
        { owner: 'team-storefront', system: 'storefront' },
      ),
      // Malformed: an environment the portal does not know.
      component('broken-api', {
        'shipyard.io/runtime': 'ecs',
        'shipyard.io/environments': 'qa',
      }),
      // Claims checkout-api's tag value, which checkout-api holds (its own name).
      component('copycat', {
        'shipyard.io/runtime': 'ecs',
        'shipyard.io/component-tag': 'checkout-api',
      }),
      component('docs-site', {}),
    ];
    const logger = mockServices.logger.mock();

    const components = await listShipyardComponents({
      auth: mockServices.auth(),
      catalog: catalogServiceMock({ entities }),
      environments,
      logger,
    });

    expect(components).toEqual([
      {
        ref: 'component:default/checkout-api',
        annotations: expect.objectContaining({
          runtime: 'ecs',
          componentTagValue: 'checkout-api',
        }),
        owner: 'group:default/team-storefront',
        system: 'system:default/storefront',
      },
    ]);
    expect(logger.debug).toHaveBeenCalledWith(
      expect.stringContaining('Skipping component:default/broken-api'),
    );
    expect(logger.debug).toHaveBeenCalledWith(
      expect.stringContaining(
        'Skipping component:default/copycat: its component tag value "checkout-api" is held by component:default/checkout-api',
      ),
    );
  });
});

describe('ownerAndSystemOf', () => {
  it("completes short refs in the entity's namespace", () => {
    expect(
      ownerAndSystemOf(
        component('a', {}, { owner: 'team-x', system: 'shop' }, 'retail'),
      ),
    ).toEqual({ owner: 'group:retail/team-x', system: 'system:retail/shop' });
  });

  it('keeps full refs and leaves out what is missing or malformed', () => {
    expect(
      ownerAndSystemOf(component('a', {}, { owner: 'user:default/ana.lima' })),
    ).toEqual({ owner: 'user:default/ana.lima' });
    expect(ownerAndSystemOf(component('a', {}, { owner: 42 }))).toEqual({});
    expect(ownerAndSystemOf(component('a', {}, { owner: 'group:' }))).toEqual(
      {},
    );
  });
});
