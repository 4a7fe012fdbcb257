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
import { costsApiRef } from './api/costsApiRef';
import {
  costsEntityContent,
  costsPlugin,
  environmentCostsEntityCard,
} from './plugin';
import {
  componentCosts,
  costRow,
  mockCostsApi,
  portfolio,
} from './testing/fixtures';

const docsSite = catalogEntity('Component', 'docs-site', {}, 'website');
const staging = catalogEntity('Resource', 'staging', {}, 'environment');
const database = catalogEntity('Resource', 'orders-db', {}, 'database');

describe('costsPlugin', () => {
  it('adds the Costs tab to components with a shipyard.io/runtime annotation only', () => {
    const filter = createExtensionTester(costsEntityContent).get(
      EntityContentBlueprint.dataRefs.filterFunction,
    );
    expect(filter?.(checkoutApi)).toBe(true);
    expect(filter?.(docsSite)).toBe(false);
    expect(filter?.(staging)).toBe(false);
  });

  it('adds the Costs card to environment resources only', () => {
    const filter = createExtensionTester(environmentCostsEntityCard).get(
      EntityCardBlueprint.dataRefs.filterFunction,
    );
    expect(filter?.(staging)).toBe(true);
    expect(filter?.(database)).toBe(false);
    expect(filter?.(checkoutApi)).toBe(false);
  });

  function renderApp(path: string) {
    const { api, mocks } = mockCostsApi();
    mocks.getComponentCosts.mockResolvedValue(componentCosts());
    mocks.getCostPortfolio.mockResolvedValue(
      portfolio([costRow({ environment: 'staging', tier: 'staging' })]),
    );
    renderTestApp({
      features: [catalogPlugin, costsPlugin],
      initialRouteEntries: [path],
      apis: [
        catalogApiMock({ entities: [checkoutApi, staging] }),
        [costsApiRef, api],
      ],
    });
    return mocks;
  }

  it('shows the Costs tab on a component page', async () => {
    const mocks = renderApp('/catalog/default/component/checkout-api/costs');
    expect(
      await screen.findByRole(
        'region',
        { name: 'prod costs' },
        { timeout: 10_000 },
      ),
    ).toBeInTheDocument();
    expect(mocks.getComponentCosts).toHaveBeenCalledWith({
      path: { namespace: 'default', kind: 'component', name: 'checkout-api' },
      query: { months: 6 },
    });
  }, 20_000);

  it('shows Costs on an environment’s page, for that environment', async () => {
    renderApp('/catalog/default/resource/staging');
    expect(
      await screen.findByRole(
        'table',
        { name: 'Most expensive services in staging' },
        { timeout: 10_000 },
      ),
    ).toBeInTheDocument();
  }, 20_000);

  it('serves the Costs page at /costs', async () => {
    const mocks = renderApp('/costs');
    expect(
      await screen.findByRole(
        'table',
        { name: 'Environments this month' },
        { timeout: 10_000 },
      ),
    ).toBeInTheDocument();
    expect(mocks.getCostPortfolio).toHaveBeenCalledWith({
      query: { months: 6 },
    });
  }, 20_000);
});
