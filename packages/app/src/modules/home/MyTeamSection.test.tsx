import { Entity } from '@backstage/catalog-model';
import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import scaffolderPlugin from '@backstage/plugin-scaffolder/alpha';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { costsApiRef } from '@internal/plugin-costs';
import { MyTeamSection } from './MyTeamSection';

function component(
  name: string,
  owner: string,
  system: string,
  runtime: string,
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      namespace: 'default',
      title: name
        .split('-')
        .map(word => word[0].toUpperCase() + word.slice(1))
        .join(' '),
      annotations: { 'shipyard.io/runtime': runtime },
    },
    spec: { type: 'service', lifecycle: 'production', owner, system },
    relations: [
      { type: 'ownedBy', targetRef: `group:default/${owner}` },
      { type: 'partOf', targetRef: `system:default/${system}` },
    ],
  };
}

const entities = [
  component('checkout-api', 'team-storefront', 'storefront', 'ecs'),
  component('catalog-api', 'team-storefront', 'storefront', 'ecs'),
  component('freight-quote-api', 'team-freight', 'freight-marketplace', 'eks'),
];

const ana = mockApis.identity({
  userEntityRef: 'user:default/ana.lima',
  ownershipEntityRefs: [
    'user:default/ana.lima',
    'group:default/team-storefront',
  ],
});

type CostsApi = typeof costsApiRef.T;

/** The costs backend's answer: checkout-api's prod cost this month. */
const costsApi = {
  getCostPortfolio: async () => ({
    currency: 'USD',
    months: ['2026-11'],
    freshness: { stale: false },
    apiSpend: { month: '2026-11', requests: 10, usd: 0.1 },
    rows: [
      {
        entityRef: 'component:default/checkout-api',
        name: 'checkout-api',
        owner: 'group:default/team-storefront',
        environment: 'prod',
        tier: 'prod',
        months: [{ month: '2026-11', amount: 420, estimated: true }],
        monthToDate: 420,
        previousMonth: 900,
        previousMonthToDate: 400,
      },
    ],
    anomalies: [],
  }),
} as Partial<CostsApi> as CostsApi;

const mountedRoutes = {
  '/catalog/:namespace/:kind/:name': entityRouteRef,
  '/create': scaffolderPlugin.routes.root,
};

describe('MyTeamSection', () => {
  it("lists the components that the user's team owns, and only those", async () => {
    renderInTestApp(<MyTeamSection />, {
      apis: [ana, catalogApiMock({ entities }), [costsApiRef, costsApi]],
      mountedRoutes,
    });

    const table = await screen.findByRole('table', {
      name: 'Components owned by your team',
    });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(
      rows.map(row => within(row).getAllByRole('cell')[0].textContent),
    ).toEqual(['Catalog Api', 'Checkout Api']);
    expect(within(rows[0]).getByText('ECS')).toBeInTheDocument();
    expect(
      within(rows[0]).getByRole('link', { name: 'Catalog Api' }),
    ).toHaveAttribute('href', '/catalog/default/component/catalog-api');
    expect(screen.queryByText('Freight Quote Api')).not.toBeInTheDocument();

    expect(
      screen.getByRole('link', { name: 'team-storefront' }),
    ).toHaveAttribute('href', '/catalog/default/group/team-storefront');
    expect(
      screen.getByRole('link', { name: 'Create a service' }),
    ).toHaveAttribute('href', '/create');

    // What the team's services cost this month, from the costs plugin.
    const costs = within(
      await screen.findByRole('region', { name: 'Team costs' }),
    );
    expect(
      within(costs.getByRole('group', { name: 'Month to date' })).getByText(
        '$420.00',
      ),
    ).toBeInTheDocument();
  });

  it('says so when the team owns nothing yet, and still offers to create a service', async () => {
    const newcomer = mockApis.identity({
      userEntityRef: 'user:default/fatima.zahra',
      ownershipEntityRefs: [
        'user:default/fatima.zahra',
        'group:default/platform-sre',
      ],
    });
    renderInTestApp(<MyTeamSection />, {
      apis: [newcomer, catalogApiMock({ entities })],
      mountedRoutes,
    });

    expect(
      await screen.findByText('Your team does not own any components yet'),
    ).toBeInTheDocument();
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: 'Create a service' }),
    ).toHaveAttribute('href', '/create');
  });

  it('tells a user without a team that they are not in one', async () => {
    const loner = mockApis.identity({
      userEntityRef: 'user:default/guest',
      ownershipEntityRefs: ['user:default/guest'],
    });
    renderInTestApp(<MyTeamSection />, {
      apis: [loner, catalogApiMock({ entities })],
      mountedRoutes,
    });

    expect(
      await screen.findByText('You are not a member of a team in the catalog'),
    ).toBeInTheDocument();
  });

  it('shows the loading state while the catalog answers', async () => {
    const catalogApi = catalogApiMock.mock({
      getEntities: jest.fn(() => new Promise<never>(() => {})),
    });
    renderInTestApp(<MyTeamSection />, {
      apis: [ana, catalogApi, [costsApiRef, costsApi]],
      mountedRoutes,
    });

    expect(
      await screen.findByRole('progressbar', {
        name: "Loading your team's components…",
      }),
    ).toBeInTheDocument();
  });

  it('shows the error and loads again on retry', async () => {
    const catalogApi = catalogApiMock.mock({
      getEntities: jest
        .fn()
        .mockRejectedValueOnce(new Error('catalog is unavailable'))
        .mockResolvedValueOnce({ items: [entities[0]] }),
    });
    renderInTestApp(<MyTeamSection />, {
      apis: [ana, catalogApi, [costsApiRef, costsApi]],
      mountedRoutes,
    });

    expect(
      await screen.findByText("Could not load your team's components"),
    ).toBeInTheDocument();
    expect(screen.getByText('catalog is unavailable')).toBeInTheDocument();

    await userEvent.click(screen.getByRole('button', { name: 'Retry' }));

    expect(
      await screen.findByRole('link', { name: 'Checkout Api' }),
    ).toBeInTheDocument();
    expect(
      screen.queryByText("Could not load your team's components"),
    ).not.toBeInTheDocument();
    await waitFor(() =>
      expect(catalogApi.getEntities).toHaveBeenCalledTimes(2),
    );
    expect(catalogApi.getEntities).toHaveBeenLastCalledWith(
      expect.objectContaining({
        filter: {
          kind: 'component',
          'relations.ownedBy': [
            'user:default/ana.lima',
            'group:default/team-storefront',
          ],
        },
      }),
    );
  });
});
