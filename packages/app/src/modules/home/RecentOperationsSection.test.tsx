import { renderInTestApp } from '@backstage/frontend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import deploymentsPlugin, {
  deploymentsApiRef,
} from '@internal/plugin-deployments';
import {
  DeploymentsClient,
  Operation,
} from '@internal/plugin-deployments-common';
import { screen, within } from '@testing-library/react';
import { RecentOperationsSection } from './RecentOperationsSection';

function renderSection(items: Operation[]) {
  const listOperations = jest.fn().mockResolvedValue({ items });
  renderInTestApp(<RecentOperationsSection />, {
    apis: [
      [
        deploymentsApiRef,
        { listOperations } as Partial<DeploymentsClient> as DeploymentsClient,
      ],
    ],
    mountedRoutes: {
      '/catalog': catalogPlugin.routes.catalogIndex,
      '/catalog/:namespace/:kind/:name': entityRouteRef,
      '/deployments': deploymentsPlugin.routes.root,
    },
  });
  return listOperations;
}

describe('RecentOperationsSection', () => {
  it('lists the latest operations across the portfolio and links to all of them', async () => {
    const listOperations = renderSection([
      {
        id: 'op-1',
        type: 'rollback',
        entityRef: 'component:default/checkout-api',
        environment: 'prod',
        target: 'arn:aws:ecs:eu-west-1:222222222222:service/prod/checkout-api',
        revision: {
          id: 'arn:aws:ecs:eu-west-1:222222222222:task-definition/checkout-api:41',
          revision: 'checkout-api:41',
          image: 'checkout-api:1.41.0',
          imageTag: '1.41.0',
        },
        at: new Date().toISOString(),
        by: 'user:default/sam.okafor',
        state: 'succeeded',
        reason: 'p99 doubled',
      },
    ]);

    expect(
      await screen.findByRole('heading', { name: 'Recent operations' }),
    ).toBeInTheDocument();
    const list = within(
      await screen.findByRole('list', { name: 'Recent operations' }),
    );
    expect(list.getByRole('listitem')).toHaveTextContent(
      'checkout-api rolled back to 1.41.0 in prod',
    );
    expect(listOperations).toHaveBeenCalledWith({ query: { limit: 8 } });
    expect(
      screen.getByRole('link', { name: 'All operations' }),
    ).toHaveAttribute('href', '/deployments');
  });

  it('says when none are recorded and links to the catalog meanwhile', async () => {
    renderSection([]);

    expect(
      await screen.findByText('No deployments or rollbacks recorded yet'),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: 'Browse the catalog' }),
    ).toHaveAttribute('href', '/catalog');
  });
});
