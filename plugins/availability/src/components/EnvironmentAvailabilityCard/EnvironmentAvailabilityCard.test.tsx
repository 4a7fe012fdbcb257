import { Entity } from '@backstage/catalog-model';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { screen, within } from '@testing-library/react';
import { responseError } from '@internal/shipyard-react/testing';
import { availabilityApiRef } from '../../api/availabilityApiRef';
import { rootRouteRef } from '../../routes';
import {
  mockAvailabilityApi,
  portfolio,
  portfolioRow,
} from '../../testing/fixtures';
import { EnvironmentAvailabilityCard } from './EnvironmentAvailabilityCard';

const staging: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: { name: 'staging', namespace: 'default' },
  spec: { type: 'environment', owner: 'platform-sre' },
};

function renderCard(
  setup: (mocks: ReturnType<typeof mockAvailabilityApi>['mocks']) => void,
) {
  const { api, mocks } = mockAvailabilityApi();
  setup(mocks);
  renderInTestApp(
    <EntityProvider entity={staging}>
      <EnvironmentAvailabilityCard />
    </EntityProvider>,
    {
      apis: [[availabilityApiRef, api]],
      mountedRoutes: {
        '/catalog/:namespace/:kind/:name': entityRouteRef,
        '/availability': rootRouteRef,
      },
    },
  );
  return mocks;
}

const stagingRow = (extra: Parameters<typeof portfolioRow>[0]) =>
  portfolioRow({ environment: 'staging', tier: 'staging', ...extra });

describe('EnvironmentAvailabilityCard', () => {
  it('counts the environment’s services by state and names the worst', async () => {
    const mocks = renderCard(m =>
      m.getPortfolio.mockResolvedValue(
        portfolio([
          stagingRow({ name: 'payments-gateway', state: 'breaching' }),
          stagingRow({ name: 'ledger-worker', state: 'at-risk' }),
          stagingRow({ name: 'checkout-api' }),
          stagingRow({ name: 'cron', state: 'no-data', availability: null }),
        ]),
      ),
    );

    const counts = within(
      await screen.findByRole('group', {
        name: 'Services in staging by state',
      }),
    );
    expect(mocks.getPortfolio).toHaveBeenCalledWith({
      query: { period: '30d', environment: 'staging' },
    });
    expect(counts.getByLabelText('Breaching: 1')).toBeInTheDocument();
    expect(counts.getByLabelText('At risk: 1')).toBeInTheDocument();
    expect(counts.getByLabelText('Healthy: 1')).toBeInTheDocument();
    expect(counts.getByLabelText('No data: 1')).toBeInTheDocument();

    const worst = within(
      screen.getByRole('list', { name: 'Worst services in staging' }),
    );
    expect(worst.getAllByRole('link').map(l => l.textContent)).toEqual([
      'payments-gateway',
      'ledger-worker',
    ]);
    expect(screen.getByRole('link', { name: /All services/ })).toHaveAttribute(
      'href',
      '/availability?environment=staging',
    );
  });

  it('says when nothing in the environment is breaching or measured', async () => {
    renderCard(m =>
      m.getPortfolio.mockResolvedValue(portfolio([stagingRow({})])),
    );
    expect(
      await screen.findByText(
        'No service in staging is breaching its target or at risk.',
      ),
    ).toBeInTheDocument();
  });

  it('says when nothing is measured in the environment yet', async () => {
    renderCard(m => m.getPortfolio.mockResolvedValue(portfolio([])));
    expect(
      await screen.findByText(
        'No service measured in staging yet: the availability collector runs every 5 minutes.',
      ),
    ).toBeInTheDocument();
  });

  it('shows a progress bar while loading, and the server’s error', async () => {
    renderCard(m => m.getPortfolio.mockReturnValue(new Promise(() => {})));
    expect(
      await screen.findByRole('progressbar', { name: 'Loading availability' }),
    ).toBeInTheDocument();
  });

  it('shows the server’s error', async () => {
    const error = await responseError(
      400,
      'InputError',
      'unknown environment staging',
    );
    renderCard(m => m.getPortfolio.mockRejectedValue(error));
    expect(
      await screen.findByText(
        'Could not load availability in staging: unknown environment staging',
      ),
    ).toBeInTheDocument();
  });
});
