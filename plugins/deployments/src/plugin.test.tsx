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
import { deploymentsApiRef } from './api/deploymentsApiRef';
import {
  deploymentsEntityContent,
  deploymentsPlugin,
  environmentDeploymentsEntityCard,
} from './plugin';
import {
  checkoutDeployments,
  mockDeploymentsApi,
  operation,
} from './testing/fixtures';

const docsSite = catalogEntity('Component', 'docs-site', {}, 'website');
const staging = catalogEntity('Resource', 'staging', {}, 'environment');
const database = catalogEntity('Resource', 'orders-db', {}, 'database');

describe('deploymentsPlugin', () => {
  it('adds the Deployments tab to components with a shipyard.io/runtime annotation only', () => {
    const filter = createExtensionTester(deploymentsEntityContent).get(
      EntityContentBlueprint.dataRefs.filterFunction,
    );
    expect(filter?.(checkoutApi)).toBe(true);
    expect(filter?.(docsSite)).toBe(false);
    expect(filter?.(staging)).toBe(false);
  });

  it('adds the Recent deployments card to environment resources only', () => {
    const filter = createExtensionTester(environmentDeploymentsEntityCard).get(
      EntityCardBlueprint.dataRefs.filterFunction,
    );
    expect(filter?.(staging)).toBe(true);
    expect(filter?.(database)).toBe(false);
    expect(filter?.(checkoutApi)).toBe(false);
  });

  function renderApp(path: string) {
    const { api, mocks } = mockDeploymentsApi();
    mocks.getComponentDeployments.mockResolvedValue(checkoutDeployments);
    mocks.listOperations.mockResolvedValue({
      items: [operation({ environment: 'staging' })],
    });
    mocks.getDoraFigures.mockResolvedValue({
      from: new Date().toISOString(),
      to: new Date().toISOString(),
      items: [],
    });
    renderTestApp({
      features: [catalogPlugin, deploymentsPlugin],
      initialRouteEntries: [path],
      apis: [
        catalogApiMock({ entities: [checkoutApi, staging] }),
        [deploymentsApiRef, api],
      ],
    });
    return mocks;
  }

  it('shows the Deployments tab on a component page', async () => {
    const mocks = renderApp(
      '/catalog/default/component/checkout-api/deployments',
    );

    expect(
      await screen.findByRole(
        'region',
        { name: 'prod deployments' },
        { timeout: 10_000 },
      ),
    ).toBeInTheDocument();
    expect(mocks.getComponentDeployments).toHaveBeenCalledWith({
      path: { namespace: 'default', kind: 'component', name: 'checkout-api' },
    });
  }, 20_000);

  it('shows Recent deployments on an environment’s page, for that environment', async () => {
    const mocks = renderApp('/catalog/default/resource/staging');

    expect(
      await screen.findByText('Recent deployments', undefined, {
        timeout: 10_000,
      }),
    ).toBeInTheDocument();
    expect(
      await screen.findByText('1.41.0', undefined, { timeout: 10_000 }),
    ).toBeInTheDocument();
    expect(mocks.listOperations).toHaveBeenCalledWith({
      query: { environment: 'staging', limit: 10 },
    });
  }, 20_000);

  it('serves the portfolio page at /deployments', async () => {
    const mocks = renderApp('/deployments');

    expect(
      await screen.findByText('DORA figures', undefined, { timeout: 10_000 }),
    ).toBeInTheDocument();
    expect(mocks.getDoraFigures).toHaveBeenCalledWith({ query: { days: 30 } });
  }, 20_000);
});
