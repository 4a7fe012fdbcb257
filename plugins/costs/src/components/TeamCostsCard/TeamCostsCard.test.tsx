import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { responseError } from '@internal/shipyard-react/testing';
import { costsApiRef } from '../../api/costsApiRef';
import { rootRouteRef } from '../../routes';
import {
  costRow,
  mockCostsApi,
  portfolio,
  unattributedRow,
} from '../../testing/fixtures';
import { TeamCostsCard } from './TeamCostsCard';

const rows = [
  costRow(), // 500 this month, 400 on the same days of October, 1,200 in October
  costRow({
    environment: 'staging',
    tier: 'staging',
    monthToDate: 60,
    previousMonth: 110,
    previousMonthToDate: 50,
  }),
  costRow({
    name: 'ledger',
    owner: 'group:default/team-payments',
    monthToDate: 900,
  }),
  unattributedRow('prod', 'prod', [300, 310, 150], 120),
];

function renderCard(
  setup: (mocks: ReturnType<typeof mockCostsApi>['mocks']) => void,
  ownershipEntityRefs = [
    'user:default/ana.lima',
    'group:default/team-storefront',
  ],
) {
  const { api, mocks } = mockCostsApi();
  setup(mocks);
  renderInTestApp(<TeamCostsCard />, {
    apis: [
      [costsApiRef, api],
      mockApis.identity({
        userEntityRef: 'user:default/ana.lima',
        ownershipEntityRefs,
      }),
    ],
    mountedRoutes: {
      '/catalog/:namespace/:kind/:name': entityRouteRef,
      '/costs': rootRouteRef,
    },
  });
  return mocks;
}

describe('TeamCostsCard', () => {
  it('shows the team’s services this month against the same days of last month', async () => {
    const mocks = renderCard(m =>
      m.getCostPortfolio.mockResolvedValue(portfolio(rows)),
    );
    const monthToDate = within(
      await screen.findByRole('group', { name: 'Month to date' }),
    );
    expect(mocks.getCostPortfolio).toHaveBeenCalledWith({
      query: { months: 1 },
    });
    expect(monthToDate.getByText('$560.00')).toBeInTheDocument();
    expect(monthToDate.getByText('+$110.00 (+24.4 %)')).toBeInTheDocument();
    expect(
      within(screen.getByRole('group', { name: 'Last month' })).getByText(
        '$1,310',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        'team-storefront, this month against the same days of last month',
      ),
    ).toBeInTheDocument();

    const services = within(
      screen.getByRole('table', {
        name: "Your team's most expensive services",
      }),
    );
    expect(
      services
        .getAllByRole('row')
        .slice(1)
        .map(r => r.textContent),
    ).toEqual([
      'checkout-apiprod$500.00+$100.00',
      'checkout-apistaging$60.00+$10.00',
    ]);
    expect(
      services.getAllByRole('link', { name: 'checkout-api' })[0],
    ).toHaveAttribute('href', '/catalog/default/component/checkout-api/costs');
    expect(
      screen.getByRole('link', { name: 'Open the Costs page' }),
    ).toHaveAttribute('href', '/costs?team=group%3Adefault%2Fteam-storefront');
  });

  it('says when the team has no costs yet', async () => {
    renderCard(m =>
      m.getCostPortfolio.mockResolvedValue(portfolio([rows[2], rows[3]])),
    );
    expect(
      await screen.findByText(/No costs for your team's services yet/),
    ).toBeInTheDocument();
  });

  it('says when the viewer is in no team, without asking for costs', async () => {
    const mocks = renderCard(() => {}, ['user:default/ana.lima']);
    expect(
      await screen.findByText('You are not a member of a team in the catalog.'),
    ).toBeInTheDocument();
    expect(mocks.getCostPortfolio).not.toHaveBeenCalled();
  });

  it('shows a progress bar while loading', async () => {
    renderCard(m => m.getCostPortfolio.mockReturnValue(new Promise(() => {})));
    expect(
      await screen.findByRole('progressbar', { name: 'Loading costs' }),
    ).toBeInTheDocument();
  });

  it('shows the error and loads again on retry', async () => {
    const error = await responseError(
      503,
      'ServiceUnavailableError',
      'database is down',
    );
    const mocks = renderCard(m =>
      m.getCostPortfolio
        .mockRejectedValueOnce(error)
        .mockResolvedValue(portfolio(rows)),
    );
    expect(
      await screen.findByText(
        "Could not load your team's costs: database is down",
      ),
    ).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(
      await screen.findByRole('group', { name: 'Month to date' }),
    ).toBeInTheDocument();
    expect(mocks.getCostPortfolio).toHaveBeenCalledTimes(2);
  });
});
