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
import { securityApiRef } from './api/securityApiRef';
import {
  environmentSecurityEntityCard,
  securityEntityCard,
  securityEntityContent,
  securityPlugin,
} from './plugin';
import {
  componentSecurity,
  findingList,
  findingSummary,
  mockSecurityApi,
  overview,
} from './testing/fixtures';

const docsSite = catalogEntity('Component', 'docs-site', {}, 'website');
const staging = catalogEntity('Resource', 'staging', {}, 'environment');
const database = catalogEntity('Resource', 'orders-db', {}, 'database');

describe('securityPlugin', () => {
  it('adds the Security tab and overview card to components with a shipyard.io/runtime annotation only', () => {
    const filters = [
      createExtensionTester(securityEntityContent).get(
        EntityContentBlueprint.dataRefs.filterFunction,
      ),
      createExtensionTester(securityEntityCard).get(
        EntityCardBlueprint.dataRefs.filterFunction,
      ),
    ];
    for (const filter of filters) {
      expect(filter?.(checkoutApi)).toBe(true);
      expect(filter?.(docsSite)).toBe(false);
      expect(filter?.(staging)).toBe(false);
    }
  });

  it('adds the Security card to environment resources only', () => {
    const filter = createExtensionTester(environmentSecurityEntityCard).get(
      EntityCardBlueprint.dataRefs.filterFunction,
    );
    expect(filter?.(staging)).toBe(true);
    expect(filter?.(database)).toBe(false);
    expect(filter?.(checkoutApi)).toBe(false);
  });

  function renderApp(path: string) {
    const { api, mocks } = mockSecurityApi();
    mocks.getComponentSecurity.mockResolvedValue(componentSecurity());
    mocks.getSecurityOverview.mockResolvedValue(overview());
    mocks.listSecurityFindings.mockResolvedValue(
      findingList([findingSummary()]),
    );
    renderTestApp({
      features: [catalogPlugin, securityPlugin],
      initialRouteEntries: [path],
      apis: [
        catalogApiMock({ entities: [checkoutApi, staging] }),
        [securityApiRef, api],
      ],
    });
    return mocks;
  }

  it('shows the Security tab on a component page', async () => {
    const mocks = renderApp('/catalog/default/component/checkout-api/security');
    expect(
      await screen.findByRole(
        'region',
        { name: 'prod findings' },
        { timeout: 10_000 },
      ),
    ).toBeInTheDocument();
    expect(mocks.getComponentSecurity).toHaveBeenCalledWith({
      path: { namespace: 'default', kind: 'component', name: 'checkout-api' },
    });
  }, 20_000);

  it('shows Security on an environment’s page, for that environment', async () => {
    const mocks = renderApp('/catalog/default/resource/staging');
    expect(
      await screen.findByRole(
        'group',
        { name: 'Active findings in staging by severity' },
        { timeout: 10_000 },
      ),
    ).toBeInTheDocument();
    expect(mocks.getSecurityOverview).toHaveBeenCalledWith({
      query: { environment: 'staging' },
    });
  }, 20_000);

  it('serves the Security page at /security', async () => {
    const mocks = renderApp('/security');
    expect(
      await screen.findByRole(
        'table',
        { name: 'Findings' },
        { timeout: 10_000 },
      ),
    ).toBeInTheDocument();
    expect(mocks.getSecurityOverview).toHaveBeenCalledWith({
      query: { days: 30 },
    });
  }, 20_000);
});
