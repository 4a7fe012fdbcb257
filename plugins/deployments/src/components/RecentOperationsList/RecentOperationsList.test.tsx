import { renderInTestApp } from '@backstage/frontend-test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { minutesAgo, responseError } from '@internal/shipyard-react/testing';
import { deploymentsApiRef } from '../../api/deploymentsApiRef';
import { mockDeploymentsApi, operation, v140 } from '../../testing/fixtures';
import { RecentOperationsList } from './RecentOperationsList';

function renderList(
  element: JSX.Element,
  setup: (mocks: ReturnType<typeof mockDeploymentsApi>['mocks']) => void,
) {
  const { api, mocks } = mockDeploymentsApi();
  setup(mocks);
  renderInTestApp(element, {
    apis: [[deploymentsApiRef, api]],
    mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
  });
  return mocks;
}

describe('RecentOperationsList', () => {
  it('lists deployments and rollbacks with service, version, environment, who and why', async () => {
    const mocks = renderList(<RecentOperationsList limit={8} />, m =>
      m.listOperations.mockResolvedValue({
        items: [
          operation({
            id: 'op-2',
            type: 'rollback',
            revision: v140,
            at: minutesAgo(3),
            by: 'user:default/sam.okafor',
            state: 'rolling-out',
            reason: 'p99 doubled',
          }),
          operation({ id: 'op-1', rolledBack: true }),
        ],
      }),
    );

    const list = within(
      await screen.findByRole('list', { name: 'Recent operations' }),
    );
    expect(mocks.listOperations).toHaveBeenCalledWith({
      query: { limit: 8 },
    });
    const [rollback, deployment] = list.getAllByRole('listitem');
    expect(rollback).toHaveTextContent(
      'checkout-api rolled back to 1.40.0 in prod',
    );
    expect(rollback).toHaveTextContent(
      '3 minutes ago · by sam.okafor · “p99 doubled”',
    );
    expect(rollback).toHaveTextContent('Rolling out');
    expect(deployment).toHaveTextContent(
      'checkout-api 1.41.0 deployed to prodrolled back',
    );
    expect(
      within(deployment).getByRole('link', { name: /checkout-api/ }),
    ).toHaveAttribute('href', '/catalog/default/component/checkout-api');
  });

  it('passes its filter on', async () => {
    const mocks = renderList(
      <RecentOperationsList filter={{ environment: 'staging' }} />,
      m => m.listOperations.mockResolvedValue({ items: [] }),
    );

    expect(
      await screen.findByText('No deployments or rollbacks recorded yet'),
    ).toBeInTheDocument();
    expect(mocks.listOperations).toHaveBeenCalledWith({
      query: { environment: 'staging', limit: 10 },
    });
  });

  it('shows the empty state it is given', async () => {
    renderList(
      <RecentOperationsList emptyState={<p>Nothing shipped this week</p>} />,
      m => m.listOperations.mockResolvedValue({ items: [] }),
    );

    expect(
      await screen.findByText('Nothing shipped this week'),
    ).toBeInTheDocument();
  });

  it('shows the error and retries', async () => {
    const error = await responseError(401, 'AuthenticationError', 'No token');
    const mocks = renderList(<RecentOperationsList />, m =>
      m.listOperations
        .mockRejectedValueOnce(error)
        .mockResolvedValue({ items: [operation()] }),
    );

    expect(
      await screen.findByText('Could not load the recent operations: No token'),
    ).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(
      await screen.findByRole('list', { name: 'Recent operations' }),
    ).toBeInTheDocument();
    expect(mocks.listOperations).toHaveBeenCalledTimes(2);
  });
});
