import { renderInTestApp } from '@backstage/frontend-test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { minutesAgo, responseError } from '@internal/shipyard-react/testing';
import { deploymentsApiRef } from '../../api/deploymentsApiRef';
import {
  mockDeploymentsApi,
  operation,
  v140,
  v142,
} from '../../testing/fixtures';
import { DeploymentsPage } from './DeploymentsPage';
import { NO_LEAD_TIME_REASON } from './LeadTimeCell';

const operations = [
  operation({
    id: 'op-3',
    type: 'rollback',
    environment: 'staging',
    revision: v140,
    at: minutesAgo(10),
    by: 'user:default/sam.okafor',
    state: 'succeeded',
    reason: 'p99 latency doubled',
  }),
  operation({
    id: 'op-2',
    environment: 'staging',
    revision: v142,
    at: minutesAgo(45),
    rolledBack: true,
  }),
  operation({
    id: 'op-1',
    entityRef: 'component:default/freight-quote-api',
    owner: 'group:default/team-logistics',
  }),
];

const figures = {
  from: minutesAgo(30 * 24 * 60),
  to: minutesAgo(0),
  items: [
    {
      owner: 'group:default/team-storefront',
      environment: 'prod',
      deployments: 12,
      deploymentsPerWeek: 2.8,
      changeFailureRate: 0.25,
      rollbacks: 3,
      medianTimeToRestoreMinutes: 42,
      medianLeadTimeMinutes: 190,
      leadTimeDeployments: 9,
    },
    {
      owner: 'group:default/team-logistics',
      environment: 'prod',
      deployments: 4,
      deploymentsPerWeek: 0.9,
      changeFailureRate: 0,
      rollbacks: 0,
      leadTimeDeployments: 0,
    },
  ],
};

function renderPage(
  setup?: (mocks: ReturnType<typeof mockDeploymentsApi>['mocks']) => void,
) {
  const { api, mocks } = mockDeploymentsApi();
  mocks.listOperations.mockResolvedValue({ items: operations });
  mocks.getDoraFigures.mockResolvedValue(figures);
  setup?.(mocks);
  renderInTestApp(<DeploymentsPage />, {
    apis: [[deploymentsApiRef, api]],
    mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
  });
  return mocks;
}

function rowOf(text: string) {
  return within(screen.getByText(text).closest('tr')!);
}

describe('DeploymentsPage', () => {
  it('lists the operations, newest first, with links to the services', async () => {
    const mocks = renderPage();

    await screen.findByText('p99 latency doubled');
    expect(mocks.listOperations).toHaveBeenCalledWith({
      query: { limit: 100 },
    });
    const rollback = rowOf('p99 latency doubled');
    expect(rollback.getByText('rollback')).toBeInTheDocument();
    expect(rollback.getByText('1.40.0')).toBeInTheDocument();
    expect(rollback.getByText('Succeeded')).toBeInTheDocument();
    expect(rollback.getByText('sam.okafor')).toBeInTheDocument();
    expect(rollback.getByText('10 minutes ago')).toBeInTheDocument();
    expect(
      rollback.getByRole('link', { name: /checkout-api/ }),
    ).toHaveAttribute('href', '/catalog/default/component/checkout-api');
    expect(rowOf('1.42.0').getByText('rolled back')).toBeInTheDocument();
  });

  it('passes the filters to the feed and the DORA figures as query parameters', async () => {
    const user = userEvent.setup({ delay: null });
    const mocks = renderPage();
    await screen.findByText('p99 latency doubled');

    await user.click(screen.getByRole('combobox', { name: 'Environment' }));
    await user.click(await screen.findByRole('option', { name: 'staging' }));
    await waitFor(() =>
      expect(mocks.listOperations).toHaveBeenLastCalledWith({
        query: { environment: 'staging', limit: 100 },
      }),
    );
    expect(mocks.getDoraFigures).toHaveBeenLastCalledWith({
      query: { environment: 'staging', days: 30 },
    });

    await user.click(screen.getByRole('combobox', { name: 'Type' }));
    await user.click(await screen.findByRole('option', { name: 'Rollbacks' }));
    await waitFor(() =>
      expect(mocks.listOperations).toHaveBeenLastCalledWith({
        query: { environment: 'staging', type: 'rollback', limit: 100 },
      }),
    );

    // Teams found in the feed are offered; any group ref can be typed too.
    const owner = screen.getByRole('combobox', { name: 'Owner' });
    await user.click(owner);
    expect(
      await screen.findByRole('option', { name: 'team-logistics' }),
    ).toBeInTheDocument();
    await user.type(owner, 'group:default/team-payments{Enter}');
    await waitFor(() =>
      expect(mocks.listOperations).toHaveBeenLastCalledWith({
        query: {
          environment: 'staging',
          type: 'rollback',
          owner: 'group:default/team-payments',
          limit: 100,
        },
      }),
    );
    expect(mocks.getDoraFigures).toHaveBeenLastCalledWith({
      query: {
        environment: 'staging',
        owner: 'group:default/team-payments',
        days: 30,
      },
    });
  });

  it('shows DORA figures per team and environment, with — where there is none, over the chosen window', async () => {
    const user = userEvent.setup({ delay: null });
    const mocks = renderPage();

    // The table renders again once both requests have answered: wait, then look.
    await screen.findByText('25 %');
    const storefront = within(
      screen.getByRole('link', { name: 'team-storefront' }).closest('tr')!,
    );
    expect(storefront.getByText('12')).toBeInTheDocument();
    expect(storefront.getByText('2.8')).toBeInTheDocument();
    expect(storefront.getByText('25 %')).toBeInTheDocument();
    expect(storefront.getByText('42 min')).toBeInTheDocument();
    expect(storefront.getByText('3.2 h')).toBeInTheDocument();
    // Only deployments with a recorded commit time count, and it says so.
    expect(storefront.getByText('9 of 12 deployments')).toBeInTheDocument();
    expect(
      storefront.getByLabelText(
        'Median time from commit to deployment over the 9 of 12 deployments whose commit time is known',
      ),
    ).toBeInTheDocument();

    const logistics = within(
      screen.getByRole('link', { name: 'team-logistics' }).closest('tr')!,
    );
    expect(logistics.getByText('0 %')).toBeInTheDocument();
    expect(logistics.getAllByText('—')).toHaveLength(2);
    // The lead time's "—" says why: no commit time, and where it comes from.
    expect(logistics.getByLabelText(NO_LEAD_TIME_REASON)).toHaveTextContent(
      '—',
    );

    expect(mocks.getDoraFigures).toHaveBeenCalledWith({ query: { days: 30 } });
    await user.click(screen.getByRole('button', { name: '7 days' }));
    await waitFor(() =>
      expect(mocks.getDoraFigures).toHaveBeenLastCalledWith({
        query: { days: 7 },
      }),
    );
  });

  it('says when nothing matches', async () => {
    renderPage(mocks => {
      mocks.listOperations.mockResolvedValue({ items: [] });
      mocks.getDoraFigures.mockResolvedValue({ ...figures, items: [] });
    });

    expect(
      await screen.findByText(
        'No deployments or rollbacks match these filters',
      ),
    ).toBeInTheDocument();
    expect(
      await screen.findByText('No deployments in this window'),
    ).toBeInTheDocument();
  });

  it('shows the server’s errors', async () => {
    const feedError = await responseError(
      400,
      'InputError',
      'environment must match pattern',
    );
    const doraError = await responseError(
      503,
      'ServiceUnavailableError',
      'database is down',
    );
    renderPage(mocks => {
      mocks.listOperations.mockRejectedValue(feedError);
      mocks.getDoraFigures.mockRejectedValue(doraError);
    });

    expect(
      await screen.findByText(/environment must match pattern/),
    ).toBeInTheDocument();
    expect(await screen.findByText(/database is down/)).toBeInTheDocument();
  });
});
