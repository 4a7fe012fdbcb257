import { renderInTestApp } from '@backstage/frontend-test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { responseError } from '@internal/shipyard-react/testing';
import { availabilityApiRef } from '../../api/availabilityApiRef';
import { rootRouteRef } from '../../routes';
import {
  mockAvailabilityApi,
  portfolio,
  portfolioRow,
} from '../../testing/fixtures';
import { PortfolioHealthCard } from './PortfolioHealthCard';

const rows = [
  portfolioRow({
    name: 'payments-gateway',
    title: 'Payments gateway',
    state: 'breaching',
    availability: 99.5,
  }),
  portfolioRow({
    name: 'ledger-worker',
    environment: 'staging',
    tier: 'staging',
    state: 'at-risk',
    objective: { target: 99, source: 'tier' },
    availability: 99.2,
  }),
  portfolioRow({ name: 'checkout-api' }),
  portfolioRow({ name: 'search-api' }),
  portfolioRow({
    name: 'checkout-api',
    environment: 'dev',
    tier: 'dev',
    state: 'no-target',
  }),
];

function renderCard(
  setup: (mocks: ReturnType<typeof mockAvailabilityApi>['mocks']) => void,
) {
  const { api, mocks } = mockAvailabilityApi();
  setup(mocks);
  renderInTestApp(<PortfolioHealthCard />, {
    apis: [[availabilityApiRef, api]],
    mountedRoutes: {
      '/catalog/:namespace/:kind/:name': entityRouteRef,
      '/availability': rootRouteRef,
    },
  });
  return mocks;
}

describe('PortfolioHealthCard', () => {
  it('counts prod services by state, every tier, and names those breaching or at risk', async () => {
    const mocks = renderCard(m =>
      m.getPortfolio.mockResolvedValue(portfolio(rows)),
    );

    const prod = within(
      await screen.findByRole('group', {
        name: 'Production services by state',
      }),
    );
    expect(mocks.getPortfolio).toHaveBeenCalledWith({
      query: { period: '30d' },
    });
    expect(prod.getByLabelText('Breaching: 1')).toBeInTheDocument();
    expect(prod.getByLabelText('At risk: 0')).toBeInTheDocument();
    expect(prod.getByLabelText('Healthy: 2')).toBeInTheDocument();

    const tiers = within(
      screen.getByRole('table', { name: 'Services by tier and state' }),
    );
    const tierRow = (tier: string) =>
      within(tiers.getByRole('rowheader', { name: tier }).closest('tr')!)
        .getAllByRole('cell')
        .map(c => c.textContent);
    // Breaching, at risk, healthy, no data, no target.
    expect(tierRow('prod')).toEqual(['1', '0', '2', '0', '0']);
    expect(tierRow('staging')).toEqual(['0', '1', '0', '0', '0']);
    expect(tierRow('dev')).toEqual(['0', '0', '0', '0', '1']);

    const atRisk = within(
      screen.getByRole('list', { name: 'Services breaching or at risk' }),
    );
    const items = atRisk.getAllByRole('listitem');
    expect(items.map(i => i.textContent)).toEqual([
      'Payments gateway in prod99.50 % / 99.9 %Breaching',
      'ledger-worker in staging99.20 % / 99 %At risk',
    ]);
    expect(
      atRisk.getByRole('link', { name: 'Payments gateway' }),
    ).toHaveAttribute(
      'href',
      '/catalog/default/component/payments-gateway/availability',
    );
    expect(
      screen.getByRole('link', { name: 'Open the Availability page' }),
    ).toHaveAttribute('href', '/availability');
  });

  it('says when nothing is breaching, and when nothing is measured yet', async () => {
    renderCard(m =>
      m.getPortfolio.mockResolvedValue(portfolio([portfolioRow()])),
    );
    expect(
      await screen.findByText('No service is breaching its target or at risk.'),
    ).toBeInTheDocument();
  });

  it('says that the collector has not measured anything yet', async () => {
    renderCard(m => m.getPortfolio.mockResolvedValue(portfolio([])));
    expect(
      await screen.findByText(
        'No service measured yet: the availability collector runs every 5 minutes.',
      ),
    ).toBeInTheDocument();
  });

  it('shows a progress bar while loading', async () => {
    renderCard(m => m.getPortfolio.mockReturnValue(new Promise(() => {})));
    expect(
      await screen.findByRole('progressbar', { name: 'Loading availability' }),
    ).toBeInTheDocument();
  });

  it('shows the error and loads again on retry', async () => {
    const error = await responseError(
      503,
      'ServiceUnavailableError',
      'database is down',
    );
    const mocks = renderCard(m =>
      m.getPortfolio
        .mockRejectedValueOnce(error)
        .mockResolvedValue(portfolio(rows)),
    );
    expect(
      await screen.findByText('Could not load availability: database is down'),
    ).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(
      await screen.findByRole('link', { name: 'Payments gateway' }),
    ).toBeInTheDocument();
    expect(mocks.getPortfolio).toHaveBeenCalledTimes(2);
  });
});
