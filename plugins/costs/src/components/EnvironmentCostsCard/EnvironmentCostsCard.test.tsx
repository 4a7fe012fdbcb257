import { renderInTestApp } from '@backstage/frontend-test-utils';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { catalogEntity, responseError } from '@internal/shipyard-react/testing';
import { costsApiRef } from '../../api/costsApiRef';
import { rootRouteRef } from '../../routes';
import {
  costRow,
  mockCostsApi,
  monthAmounts,
  portfolio,
  unattributedRow,
} from '../../testing/fixtures';
import { EnvironmentCostsCard } from './EnvironmentCostsCard';

const prod = catalogEntity('Resource', 'prod', {}, 'environment');

const rows = [
  costRow(),
  costRow({ name: 'ledger', title: 'Ledger', monthToDate: 900 }),
  costRow({ name: 'search', environment: 'staging', tier: 'staging' }),
  unattributedRow('prod', 'prod', [300, 310, 150], 120),
];

function renderCard(
  setup: (mocks: ReturnType<typeof mockCostsApi>['mocks']) => void,
) {
  const { api, mocks } = mockCostsApi();
  setup(mocks);
  renderInTestApp(
    <EntityProvider entity={prod}>
      <EnvironmentCostsCard />
    </EntityProvider>,
    {
      apis: [[costsApiRef, api]],
      mountedRoutes: {
        '/catalog/:namespace/:kind/:name': entityRouteRef,
        '/costs': rootRouteRef,
      },
    },
  );
  return mocks;
}

describe('EnvironmentCostsCard', () => {
  it('shows the environment’s month, forecast, unattributed cost and most expensive services', async () => {
    renderCard(m =>
      m.getCostPortfolio.mockResolvedValue(
        portfolio(rows, {
          forecasts: [
            {
              environment: 'prod',
              forecast: { monthEnd: 4000, low: 3500, high: 4500 },
            },
          ],
          withheld: [
            { environment: 'prod', months: monthAmounts([900, 1000, 450]) },
          ],
        }),
      ),
    );
    const figure = async (label: string) =>
      within(await screen.findByRole('group', { name: label }));
    // 500 + 900 + 150 unattributed + 450 other teams'
    expect(
      (await figure('Month to date')).getByText('$2,000'),
    ).toBeInTheDocument();
    expect((await figure('Forecast')).getByText('$4,000')).toBeInTheDocument();
    expect(
      (await figure('Unattributed')).getByText('$150.00'),
    ).toBeInTheDocument();
    expect(
      (await figure('Unattributed')).getByText('8 %, no component tag'),
    ).toBeInTheDocument();
    expect(
      within(
        screen.getByRole('table', { name: 'Most expensive services in prod' }),
      )
        .getAllByRole('link')
        .map(l => l.textContent),
    ).toEqual(['Ledger', 'checkout-api']);
    expect(
      screen.getByText("Other teams' services: $450.00"),
    ).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'All costs' })).toHaveAttribute(
      'href',
      '/costs?environment=prod',
    );
  });

  it('says when the environment has no costs yet', async () => {
    renderCard(m => m.getCostPortfolio.mockResolvedValue(portfolio([rows[2]])));
    expect(await screen.findByText(/No costs in prod yet/)).toBeInTheDocument();
  });

  it('shows a progress bar while loading', async () => {
    renderCard(m => m.getCostPortfolio.mockReturnValue(new Promise(() => {})));
    expect(
      await screen.findByRole('progressbar', { name: 'Loading costs' }),
    ).toBeInTheDocument();
  });

  it('shows the error and loads again on retry', async () => {
    const error = await responseError(500, 'Error', 'database is down');
    const mocks = renderCard(m =>
      m.getCostPortfolio
        .mockRejectedValueOnce(error)
        .mockResolvedValue(portfolio(rows)),
    );
    expect(
      await screen.findByText('Could not load costs in prod: database is down'),
    ).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(
      await screen.findByRole('group', { name: 'Month to date' }),
    ).toBeInTheDocument();
    expect(mocks.getCostPortfolio).toHaveBeenCalledTimes(2);
  });
});
