import { Entity } from '@backstage/catalog-model';
import {
  createExtensionTester,
  renderTestApp,
} from '@backstage/frontend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { screen } from '@testing-library/react';
import { AwsClient } from '@internal/plugin-aws-common';
import { catalogEntity, checkoutApi } from '@internal/shipyard-react/testing';
import { awsApiRef } from './api/awsApiRef';
import { awsPlugin, runsInEntityCard } from './plugin';

const docsSite = catalogEntity('Component', 'docs-site');

// Only the call the card makes; anything else would throw.
const awsApi = {
  getComponentResources: async () => ({
    entityRef: 'component:default/checkout-api',
    items: [
      {
        environment: {
          name: 'prod',
          title: 'Production',
          tier: 'prod' as const,
          accounts: [{ accountId: '222222222222', regions: ['eu-west-1'] }],
          ecsClusters: [],
          eksClusters: [],
        },
        componentTag: { key: 'shipyard:component', value: 'checkout-api' },
        ecsServices: [],
        eksWorkloads: [],
        targetGroups: [],
        alarms: [],
      },
    ],
  }),
} as Partial<AwsClient> as AwsClient;

describe('runsInEntityCard', () => {
  it('applies to components with a shipyard.io/runtime annotation only', () => {
    const filter = createExtensionTester(runsInEntityCard).get(
      EntityCardBlueprint.dataRefs.filterFunction,
    );

    expect(filter?.(checkoutApi)).toBe(true);
    expect(
      filter?.(
        catalogEntity('Component', 'freight-quote-api', {
          'shipyard.io/runtime': 'eks',
        }),
      ),
    ).toBe(true);
    expect(filter?.(docsSite)).toBe(false);
    expect(
      filter?.(
        catalogEntity('System', 'payments', { 'shipyard.io/runtime': 'ecs' }),
      ),
    ).toBe(false);
  });

  async function openOverview(entity: Entity) {
    renderTestApp({
      features: [catalogPlugin, awsPlugin],
      initialRouteEntries: [
        `/catalog/default/component/${entity.metadata.name}`,
      ],
      apis: [
        catalogApiMock({ entities: [checkoutApi, docsSite] }),
        [awsApiRef, awsApi],
      ],
    });
    // The about card is always there: once it is, the overview has rendered.
    await screen.findByText('About', undefined, { timeout: 10_000 });
  }

  it('shows the card on the overview of a component that runs on AWS', async () => {
    await openOverview(checkoutApi);

    expect(
      await screen.findByText('Runs in', undefined, { timeout: 10_000 }),
    ).toBeInTheDocument();
    expect(
      await screen.findByText(
        'Not collected yet: waiting for the inventory’s first run',
      ),
    ).toBeInTheDocument();
  }, 20_000);

  it('leaves the card off the overview of a component without a runtime', async () => {
    await openOverview(docsSite);

    // Cards load lazily: give it the time the shown case needs.
    await expect(
      screen.findByText('Runs in', undefined, { timeout: 2_000 }),
    ).rejects.toThrow();
  }, 20_000);
});
