import { Entity } from '@backstage/catalog-model';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { availabilityApiRef } from '@internal/plugin-availability';
import { PortfolioHealthSection } from './PortfolioHealthSection';

function system(name: string, title: string, owner: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'System',
    metadata: { name, namespace: 'default', title, description: `${title}.` },
    spec: { owner },
    relations: [{ type: 'ownedBy', targetRef: `group:default/${owner}` }],
  };
}

function component(name: string, systemName: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default' },
    spec: { type: 'service', owner: 'someone', system: systemName },
    relations: [{ type: 'partOf', targetRef: `system:default/${systemName}` }],
  };
}

const entities = [
  system('storefront', 'Storefront', 'team-storefront'),
  system('payments', 'Payments', 'team-payments'),
  system('developer-platform', 'Developer platform', 'platform-sre'),
  component('storefront-web', 'storefront'),
  component('catalog-api', 'storefront'),
  component('checkout-api', 'storefront'),
  component('ledger-service', 'payments'),
];

const mountedRoutes = { '/catalog/:namespace/:kind/:name': entityRouteRef };

type AvailabilityApi = typeof availabilityApiRef.T;

/** The availability backend's answer: checkout-api breaching its prod target. */
const availabilityApi = {
  getPortfolio: async () => ({
    range: {
      period: '30d',
      start: '2025-01-01T00:00:00Z',
      end: '2025-01-31T00:00:00Z',
    },
    freshness: { collectedAt: new Date().toISOString(), stale: false },
    rows: [
      {
        entityRef: 'component:default/checkout-api',
        name: 'checkout-api',
        environment: 'prod',
        tier: 'prod',
        sli: {
          kind: 'requests',
          description: 'ALB target group checkout-api-prod',
        },
        objective: { target: 99.9, source: 'tier' },
        availability: 99.5,
        state: 'breaching',
        sparkline: [],
      },
    ],
  }),
} as Partial<AvailabilityApi> as AvailabilityApi;

describe('PortfolioHealthSection', () => {
  it('shows every system with its owner, its component count and a link to it', async () => {
    renderInTestApp(<PortfolioHealthSection />, {
      apis: [
        catalogApiMock({ entities }),
        [availabilityApiRef, availabilityApi],
      ],
      mountedRoutes,
    });

    const storefront = await screen.findByRole('article', {
      name: 'Storefront',
    });
    expect(within(storefront).getByText('3')).toBeInTheDocument();
    expect(within(storefront).getByText('components')).toBeInTheDocument();
    expect(
      within(storefront).getByRole('link', { name: 'team-storefront' }),
    ).toHaveAttribute('href', '/catalog/default/group/team-storefront');
    expect(
      within(storefront).getByRole('link', {
        name: 'Open Storefront in the catalog',
      }),
    ).toHaveAttribute('href', '/catalog/default/system/storefront');

    const payments = screen.getByRole('article', { name: 'Payments' });
    expect(within(payments).getByText('1')).toBeInTheDocument();
    expect(within(payments).getByText('component')).toBeInTheDocument();

    const platform = screen.getByRole('article', {
      name: 'Developer platform',
    });
    expect(within(platform).getByText('0')).toBeInTheDocument();

    // Availability against targets, from the availability plugin, above the systems.
    const availability = await screen.findByRole('region', {
      name: 'Availability',
    });
    expect(
      within(availability).getByRole('link', { name: 'checkout-api' }),
    ).toHaveAttribute(
      'href',
      '/catalog/default/component/checkout-api/availability',
    );
    expect(
      within(availability).getByLabelText('Breaching: 1'),
    ).toBeInTheDocument();
  });

  it('says so when the catalog has no systems', async () => {
    renderInTestApp(<PortfolioHealthSection />, {
      apis: [
        catalogApiMock({ entities: [component('orphan', 'none')] }),
        [availabilityApiRef, availabilityApi],
      ],
      mountedRoutes,
    });

    expect(
      await screen.findByText('No systems in the catalog yet'),
    ).toBeInTheDocument();
    expect(screen.queryByRole('article')).not.toBeInTheDocument();
  });

  it('shows the error and loads again on retry', async () => {
    const working = catalogApiMock({ entities });
    const catalogApi = catalogApiMock.mock({
      getEntities: jest
        .fn()
        .mockRejectedValueOnce(new Error('catalog is unavailable'))
        .mockImplementation(request => working.getEntities(request)),
      getEntityFacets: jest.fn(request => working.getEntityFacets(request)),
    });
    renderInTestApp(<PortfolioHealthSection />, {
      apis: [catalogApi, [availabilityApiRef, availabilityApi]],
      mountedRoutes,
    });

    expect(
      await screen.findByText('Could not load the systems'),
    ).toBeInTheDocument();
    expect(screen.getByText('catalog is unavailable')).toBeInTheDocument();

    await userEvent.click(screen.getByRole('button', { name: 'Retry' }));

    expect(
      await screen.findByRole('article', { name: 'Storefront' }),
    ).toBeInTheDocument();
  });
});
