import { renderInTestApp } from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { screen, within } from '@testing-library/react';
import { checkoutApi, responseError } from '@internal/shipyard-react/testing';
import { deploymentsApiRef } from '../../api/deploymentsApiRef';
import {
  checkoutDeployments,
  environmentDeployments,
  mockDeploymentsApi,
  rollbackRecord,
} from '../../testing/fixtures';
import { DeploymentsContent } from './DeploymentsContent';

function renderTab(api: ReturnType<typeof mockDeploymentsApi>['api']) {
  return renderInTestApp(
    <EntityProvider entity={checkoutApi}>
      <DeploymentsContent />
    </EntityProvider>,
    { apis: [[deploymentsApiRef, api]] },
  );
}

async function environmentSection(name: string) {
  return within(
    await screen.findByRole('region', { name: `${name} deployments` }),
  );
}

describe('DeploymentsContent', () => {
  it('shows each environment side by side, in the order answered, with what runs there', async () => {
    const { api, mocks } = mockDeploymentsApi();
    mocks.getComponentDeployments.mockResolvedValue(checkoutDeployments);
    renderTab(api);

    const staging = await environmentSection('staging');
    expect(mocks.getComponentDeployments).toHaveBeenCalledWith({
      path: { namespace: 'default', kind: 'component', name: 'checkout-api' },
    });
    expect(
      screen
        .getAllByRole('region', { name: /deployments$/ })
        .map(region => region.getAttribute('aria-label')),
    ).toEqual(['dev deployments', 'staging deployments', 'prod deployments']);

    expect(staging.getByLabelText('Running version')).toHaveTextContent(
      '1.42.0',
    );
    // Digest and commit shortened the way docker and git show them.
    expect(
      staging.getByText('sha256:424f1c2a9b8e · commit 42a1b2c'),
    ).toBeInTheDocument();
    expect(staging.getByText('checkout-api:42')).toBeInTheDocument();
    expect(staging.getByText('Rolled out')).toBeInTheDocument();
    expect(staging.getByLabelText('Task counts')).toHaveTextContent(
      '3 desired · 3 running · 0 pending',
    );
    const deployedAt = staging.getByText('1 day ago');
    expect(deployedAt).toHaveAttribute(
      'title',
      new Date(
        checkoutDeployments.items[1].targets[0].running!.deployedAt!,
      ).toLocaleString(),
    );
    expect(staging.getByText(/by gitlab-ci/)).toBeInTheDocument();

    const prod = await environmentSection('prod');
    expect(prod.getByLabelText('Running version')).toHaveTextContent('1.41.0');
    expect(
      prod.getByText('prod runs 1.41.0, staging runs 1.42.0'),
    ).toBeInTheDocument();
  });

  it('shows a tag mismatch as a warning, not as the component’s, and does not offer to roll it back', async () => {
    const { api, mocks } = mockDeploymentsApi();
    mocks.getComponentDeployments.mockResolvedValue(checkoutDeployments);
    renderTab(api);

    const dev = await environmentSection('dev');
    const warning = dev.getByRole('alert');
    expect(warning).toHaveTextContent('Tags do not match this component');
    expect(warning).toHaveTextContent(
      'shipyard:owner is team-payments, expected team-storefront',
    );
    expect(dev.getByRole('button', { name: 'Roll back' })).toBeDisabled();
  });

  it('disables Roll back where the viewer may not, and says why', async () => {
    const { api, mocks } = mockDeploymentsApi();
    mocks.getComponentDeployments.mockResolvedValue(checkoutDeployments);
    renderTab(api);

    const prod = await environmentSection('prod');
    const button = prod.getByRole('button', { name: 'Roll back' });
    expect(button).toBeDisabled();
    expect(button).toHaveAccessibleDescription(
      'Developers may roll back in dev and staging only; ask an SRE',
    );
    expect(
      prod.getByText(
        'Developers may roll back in dev and staging only; ask an SRE',
      ),
    ).toBeVisible();

    const staging = await environmentSection('staging');
    expect(staging.getByRole('button', { name: 'Roll back' })).toBeEnabled();
  });

  it('shows a running rollback as a banner', async () => {
    const { api, mocks } = mockDeploymentsApi();
    mocks.getComponentDeployments.mockResolvedValue({
      ...checkoutDeployments,
      items: [
        {
          ...checkoutDeployments.items[1],
          activeRollback: rollbackRecord({ state: 'rolling-out' }),
        },
      ],
    });
    renderTab(api);

    const staging = await environmentSection('staging');
    const banner = staging.getAllByRole('alert')[0];
    expect(banner).toHaveTextContent('Rollback rolling out');
    expect(banner).toHaveTextContent(
      '1.42.0 → 1.41.0, requested by sam.okafor',
    );
    expect(banner).toHaveTextContent('p99 latency doubled after 1.42.0');
  });

  it('lists history with the running revision marked, and failures, per environment', async () => {
    const { api, mocks } = mockDeploymentsApi();
    mocks.getComponentDeployments.mockResolvedValue(checkoutDeployments);
    renderTab(api);

    const tabs = await screen.findByRole('tablist', {
      name: 'Environment details',
    });
    within(tabs).getByRole('tab', { name: 'Staging' }).click();

    const panel = within(await screen.findByRole('tabpanel'));
    const history = await panel.findByText('History');
    expect(history).toBeInTheDocument();
    const running = panel.getByText('running');
    expect(running.closest('tr')).toHaveTextContent('1.42.0');
    expect(panel.getByText('1.40.0')).toBeInTheDocument();
    const failure = panel
      .getByText('Essential container in task exited')
      .closest('tr');
    expect(failure).toHaveTextContent('app');
    expect(failure).toHaveTextContent('137');
  });

  it('says when nothing was collected yet', async () => {
    const { api, mocks } = mockDeploymentsApi();
    mocks.getComponentDeployments.mockResolvedValue({
      entityRef: 'component:default/checkout-api',
      items: [environmentDeployments('dev', [], { collectedAt: undefined })],
    });
    renderTab(api);

    expect(
      await screen.findByText('Deployments not collected yet'),
    ).toBeInTheDocument();
  });

  it('says when the component runs in no environment', async () => {
    const { api, mocks } = mockDeploymentsApi();
    mocks.getComponentDeployments.mockResolvedValue({
      entityRef: 'component:default/checkout-api',
      items: [],
    });
    renderTab(api);

    expect(
      await screen.findByText('Deployments not collected yet'),
    ).toBeInTheDocument();
  });

  it('shows the server’s error', async () => {
    const { api, mocks } = mockDeploymentsApi();
    mocks.getComponentDeployments.mockRejectedValue(
      await responseError(404, 'NotFoundError', 'No component checkout-api'),
    );
    renderTab(api);

    expect(
      await screen.findByText(/No component checkout-api/),
    ).toBeInTheDocument();
  });
});
