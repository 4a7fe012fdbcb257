import { renderInTestApp } from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { checkoutApi, responseError } from '@internal/shipyard-react/testing';
import { costsApiRef } from '../../api/costsApiRef';
import { componentCosts, mockCostsApi } from '../../testing/fixtures';
import { CostsContent } from './CostsContent';

function renderTab(
  setup: (mocks: ReturnType<typeof mockCostsApi>['mocks']) => void,
  url = '/',
) {
  const { api, mocks } = mockCostsApi();
  setup(mocks);
  renderInTestApp(
    <EntityProvider entity={checkoutApi}>
      <CostsContent />
    </EntityProvider>,
    { apis: [[costsApiRef, api]], initialRouteEntries: [url] },
  );
  return mocks;
}

async function section(environment: string) {
  return within(
    await screen.findByRole('region', { name: `${environment} costs` }),
  );
}

describe('CostsContent', () => {
  it('shows each environment, prod first, with its month, forecast and share of the team', async () => {
    const mocks = renderTab(m =>
      m.getComponentCosts.mockResolvedValue(
        componentCosts({
          anomalies: [
            {
              id: 'a1',
              start: '2026-11-12',
              impact: 80,
              environment: 'prod',
              entityRef: 'component:default/checkout-api',
              awsService: 'Amazon RDS',
            },
          ],
        }),
      ),
    );
    const prod = await section('prod');
    expect(mocks.getComponentCosts).toHaveBeenCalledWith({
      path: { namespace: 'default', kind: 'component', name: 'checkout-api' },
      query: { months: 6 },
    });
    expect(
      screen
        .getAllByRole('region', { name: /costs$/ })
        .map(r => r.getAttribute('aria-label')),
    ).toEqual(['prod costs', 'staging costs', 'dev costs']);

    const figure = (label: string) =>
      within(prod.getByRole('group', { name: label }));
    expect(figure('Month to date').getByText('$500.00')).toBeInTheDocument();
    expect(figure('Last month').getByText('$1,200')).toBeInTheDocument();
    expect(
      figure('Forecast to month end').getByText('$1,450'),
    ).toBeInTheDocument();
    expect(
      figure('Forecast to month end').getByText('$1,300 to $1,600'),
    ).toBeInTheDocument();
    expect(
      figure("Share of the team's cost").getByText('38 %'),
    ).toBeInTheDocument();
    expect(
      figure("Share of the team's cost").getByText(
        "Of team-storefront's services in prod this month",
      ),
    ).toBeInTheDocument();
    expect(
      await prod.findByText(/Daily cost by AWS service, last 2 days/),
    ).toBeInTheDocument();
    expect(prod.getByText('Cost per month')).toBeInTheDocument();
    expect(
      within(prod.getByRole('table', { name: 'Cost anomalies' })).getByText(
        'Amazon RDS',
      ),
    ).toBeInTheDocument();

    const dev = await section('dev');
    expect(
      within(
        dev.getByRole('group', { name: 'Forecast to month end' }),
      ).getByText('No forecast for this environment yet'),
    ).toBeInTheDocument();
    expect(
      dev.getByText('No cost anomaly in dev in this range.'),
    ).toBeInTheDocument();
  });

  it('loads the range chosen, kept in the URL', async () => {
    const user = userEvent.setup({ delay: null });
    const mocks = renderTab(
      m => m.getComponentCosts.mockResolvedValue(componentCosts()),
      '/?months=3',
    );
    await section('prod');
    expect(mocks.getComponentCosts).toHaveBeenCalledWith(
      expect.objectContaining({ query: { months: 3 } }),
    );
    await user.click(screen.getByRole('button', { name: '12 months' }));
    await waitFor(() =>
      expect(mocks.getComponentCosts).toHaveBeenLastCalledWith(
        expect.objectContaining({ query: { months: 12 } }),
      ),
    );
  });

  it('says who may see the costs when the backend refuses (403), without an error stack', async () => {
    const error = await responseError(
      403,
      'NotAllowedError',
      'Access to costs.read denied',
    );
    renderTab(m => m.getComponentCosts.mockRejectedValue(error));
    expect(
      await screen.findByText(
        "Only the owning team, SREs and managers can see this service's costs.",
      ),
    ).toBeInTheDocument();
    expect(screen.queryByText(/denied/)).not.toBeInTheDocument();
    expect(screen.queryByText(/Could not load/)).not.toBeInTheDocument();
  });

  it('shows a progress bar while loading', async () => {
    renderTab(m => m.getComponentCosts.mockReturnValue(new Promise(() => {})));
    expect(await screen.findByRole('progressbar')).toBeInTheDocument();
  });

  it('says when the service has no costs yet', async () => {
    renderTab(m =>
      m.getComponentCosts.mockResolvedValue(
        componentCosts({ environments: [] }),
      ),
    );
    expect(
      await screen.findByText('No costs for checkout-api yet'),
    ).toBeInTheDocument();
    expect(screen.getByText(/shipyard:component tag/)).toBeInTheDocument();
  });

  it('shows the server’s error', async () => {
    const error = await responseError(
      404,
      'NotFoundError',
      'No entity component:default/checkout-api',
    );
    renderTab(m => m.getComponentCosts.mockRejectedValue(error));
    expect(
      await screen.findByText(/Could not load the costs of checkout-api/),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/No entity component:default\/checkout-api/),
    ).toBeInTheDocument();
  });
});
