import {
  createExtensionTester,
  renderTestApp,
} from '@backstage/frontend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { screen } from '@testing-library/react';
import { catalogEntity, checkoutApi } from '@internal/shipyard-react/testing';
import { availabilityApiRef } from './api/availabilityApiRef';
import {
  availabilityEntityCard,
  availabilityEntityContent,
  availabilityPlugin,
  environmentAvailabilityEntityCard,
} from './plugin';
import {
  componentAvailability,
  mockAvailabilityApi,
  portfolio,
  portfolioRow,
} from './testing/fixtures';

const docsSite = catalogEntity('Component', 'docs-site', {}, 'website');
const staging = catalogEntity('Resource', 'staging', {}, 'environment');
const database = catalogEntity('Resource', 'orders-db', {}, 'database');

describe('availabilityPlugin', () => {
  it('adds the Availability tab and overview card to components with a shipyard.io/runtime annotation only', () => {
    const filters = [
      createExtensionTester(availabilityEntityContent).get(
        EntityContentBlueprint.dataRefs.filterFunction,
      ),
      createExtensionTester(availabilityEntityCard).get(
        EntityCardBlueprint.dataRefs.filterFunction,
      ),
    ];
    for (const filter of filters) {
      expect(filter?.(checkoutApi)).toBe(true);
      expect(filter?.(docsSite)).toBe(false);
      expect(filter?.(staging)).toBe(false);
    }
  });

  it('adds the Availability card to environment resources only', () => {
    const filter = createExtensionTester(environmentAvailabilityEntityCard).get(
      EntityCardBlueprint.dataRefs.filterFunction,
    );
    expect(filter?.(staging)).toBe(true);
    expect(filter?.(database)).toBe(false);
    expect(filter?.(checkoutApi)).toBe(false);
  });

  function renderApp(path: string) {
    const { api, mocks } = mockAvailabilityApi();
    mocks.getComponentAvailability.mockResolvedValue(componentAvailability());
    mocks.getPortfolio.mockResolvedValue(
      portfolio([
        portfolioRow({
          environment: 'staging',
          tier: 'staging',
          state: 'breaching',
        }),
      ]),
    );
    renderTestApp({
      features: [catalogPlugin, availabilityPlugin],
      initialRouteEntries: [path],
      apis: [
        catalogApiMock({ entities: [checkoutApi, staging] }),
        [availabilityApiRef, api],
      ],
    });
    return mocks;
  }

  it('shows the Availability tab on a component page', async () => {
    const mocks = renderApp(
      '/catalog/default/component/checkout-api/availability',
    );
    expect(
      await screen.findByRole(
        'region',
        { name: 'prod availability' },
        { timeout: 10_000 },
      ),
    ).toBeInTheDocument();
    expect(mocks.getComponentAvailability).toHaveBeenCalledWith({
      path: { namespace: 'default', kind: 'component', name: 'checkout-api' },
      query: { period: '30d' },
    });
  }, 20_000);

  it('shows Availability on an environment’s page, for that environment', async () => {
    const mocks = renderApp('/catalog/default/resource/staging');
    expect(
      await screen.findByRole(
        'group',
        { name: 'Services in staging by state' },
        { timeout: 10_000 },
      ),
    ).toBeInTheDocument();
    expect(mocks.getPortfolio).toHaveBeenCalledWith({
      query: { period: '30d', environment: 'staging' },
    });
  }, 20_000);

  it('serves the portfolio page at /availability', async () => {
    const mocks = renderApp('/availability');
    expect(
      await screen.findByRole(
        'table',
        { name: 'Availability by service and environment' },
        { timeout: 10_000 },
      ),
    ).toBeInTheDocument();
    expect(mocks.getPortfolio).toHaveBeenCalledWith({
      query: { period: '30d' },
    });
  }, 20_000);
});
