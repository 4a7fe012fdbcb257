import { renderInTestApp } from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  checkoutApi,
  minutesAgo,
  responseError,
} from '@internal/shipyard-react/testing';
import { availabilityApiRef } from '../../api/availabilityApiRef';
import {
  componentAvailability,
  mockAvailabilityApi,
} from '../../testing/fixtures';
import { AvailabilityContent } from './AvailabilityContent';

function renderTab(
  setup: (mocks: ReturnType<typeof mockAvailabilityApi>['mocks']) => void,
  url = '/',
) {
  const { api, mocks } = mockAvailabilityApi();
  setup(mocks);
  renderInTestApp(
    <EntityProvider entity={checkoutApi}>
      <AvailabilityContent />
    </EntityProvider>,
    { apis: [[availabilityApiRef, api]], initialRouteEntries: [url] },
  );
  return mocks;
}

async function section(environment: string) {
  return within(
    await screen.findByRole('region', {
      name: `${environment} availability`,
    }),
  );
}

describe('AvailabilityContent', () => {
  it('shows each environment, prod first, with its figures, SLI and objective', async () => {
    const mocks = renderTab(m =>
      m.getComponentAvailability.mockResolvedValue(componentAvailability()),
    );

    const prod = await section('prod');
    expect(mocks.getComponentAvailability).toHaveBeenCalledWith({
      path: { namespace: 'default', kind: 'component', name: 'checkout-api' },
      query: { period: '30d' },
    });
    expect(
      screen
        .getAllByRole('region', { name: /availability$/ })
        .map(r => r.getAttribute('aria-label')),
    ).toEqual([
      'prod availability',
      'staging availability',
      'dev availability',
    ]);

    // The selected period's figures, at their precision.
    const figure = (label: string) =>
      within(prod.getByRole('group', { name: label }));
    expect(
      figure('Availability, 30 days').getByText('99.81 %'),
    ).toBeInTheDocument();
    expect(figure('Target').getByText('99.9 %')).toBeInTheDocument();
    expect(
      figure('Target').getByText(
        "Over 30d, the prod tier's target from configuration",
      ),
    ).toBeInTheDocument();
    expect(
      figure('Error budget left').getByText('\u221289 %'),
    ).toBeInTheDocument();
    expect(
      figure('Error budget left').getByText(
        '885 requests over a budget of 1,000 requests',
      ),
    ).toBeInTheDocument();
    expect(figure('SLI').getByText('Requests')).toBeInTheDocument();
    expect(
      figure('SLI').getByText(/ALB target group checkout-api-prod/),
    ).toHaveTextContent(
      'Requests: good = load balancer requests − target 5xx. ALB target group checkout-api-prod.',
    );
    expect(prod.getByText('Breaching')).toBeInTheDocument();

    // Every period side by side.
    const periods = within(
      prod.getByRole('table', { name: 'Availability per period' }),
    );
    expect(
      within(
        periods.getByRole('rowheader', { name: '7 days' }).closest('tr')!,
      ).getByText('99.98 %'),
    ).toBeInTheDocument();
    expect(
      within(
        periods
          .getByRole('rowheader', { name: 'Quarter to date' })
          .closest('tr')!,
      ).getByText('10 %'),
    ).toBeInTheDocument();

    const dev = await section('dev');
    expect(dev.getByText('No objective for the dev tier')).toBeInTheDocument();
    expect(
      dev.getByText('Without a target there is no budget to burn.'),
    ).toBeInTheDocument();
  });

  it('explains the burn-rate alerts and shows each window’s rate', async () => {
    renderTab(m =>
      m.getComponentAvailability.mockResolvedValue(componentAvailability()),
    );
    const prod = await section('prod');

    expect(prod.getByText('Page (fast burn): firing')).toBeInTheDocument();
    expect(
      prod.getByText('Ticket (slow burn): not firing'),
    ).toBeInTheDocument();
    expect(
      prod.getByText(/more than 14.4× too fast over both 1 hour and 5 minutes/),
    ).toBeInTheDocument();

    const rates = within(prod.getByRole('table', { name: 'Burn rates' }));
    const rateOf = (window: string) =>
      within(rates.getByRole('rowheader', { name: window }).closest('tr')!);
    expect(rateOf('5 minutes').getByText('20.5×')).toBeInTheDocument();
    expect(
      rateOf('5 minutes').getByText('page above 14.4× (with 1 hour)'),
    ).toBeInTheDocument();
    expect(rateOf('24 hours').getByText('0.7×')).toBeInTheDocument();
    expect(rateOf('3 days').getByText('—')).toBeInTheDocument();
  });

  it('lists the incidents, the ongoing one first', async () => {
    renderTab(m =>
      m.getComponentAvailability.mockResolvedValue(componentAvailability()),
    );
    const prod = await section('prod');

    const incidents = within(prod.getByRole('table', { name: 'Incidents' }));
    const [ongoing, past] = incidents.getAllByRole('row').slice(1);
    expect(within(ongoing).getByText('ongoing')).toBeInTheDocument();
    expect(within(ongoing).getByText('1.5 h')).toBeInTheDocument();
    expect(within(ongoing).getByText('96.50 %')).toBeInTheDocument();
    expect(
      within(ongoing).getByText('350 requests (35.0 % of the budget)'),
    ).toBeInTheDocument();
    expect(within(past).getByText('42 min')).toBeInTheDocument();
    expect(within(past).getByText('91.25 %')).toBeInTheDocument();
    expect(
      within(past).getByText('1,234 requests (123.4 % of the budget)'),
    ).toBeInTheDocument();
    expect(within(past).queryByText('ongoing')).not.toBeInTheDocument();

    const staging = await section('staging');
    expect(
      staging.getByText('No period below target in this period.'),
    ).toBeInTheDocument();
  });

  it('loads the period chosen, kept in the URL', async () => {
    const user = userEvent.setup({ delay: null });
    const mocks = renderTab(
      m =>
        m.getComponentAvailability.mockResolvedValue(componentAvailability()),
      '/?period=7d',
    );
    await section('prod');
    expect(mocks.getComponentAvailability).toHaveBeenCalledWith(
      expect.objectContaining({ query: { period: '7d' } }),
    );
    expect(screen.getByRole('button', { name: '7 days' })).toHaveAttribute(
      'aria-pressed',
      'true',
    );

    await user.click(screen.getByRole('button', { name: 'Month to date' }));
    await waitFor(() =>
      expect(mocks.getComponentAvailability).toHaveBeenLastCalledWith(
        expect.objectContaining({ query: { period: 'month' } }),
      ),
    );
    expect(
      (await section('prod')).getByText('Availability, month to date'),
    ).toBeInTheDocument();
  });

  it('says when a service is younger than the period and when data is stale', async () => {
    const since = minutesAgo(3 * 24 * 60);
    renderTab(m =>
      m.getComponentAvailability.mockResolvedValue(
        componentAvailability({
          freshness: { collectedAt: minutesAgo(60), stale: true },
          environments: [
            {
              ...componentAvailability().environments[2],
              since,
            },
          ],
        }),
      ),
    );
    const prod = await section('prod');
    expect(
      prod.getByText(`Measured since ${new Date(since).toLocaleDateString()}`),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/has not stored anything newer since/),
    ).toHaveTextContent('collected 1 hour ago');
  });

  it('says so while loading, when not measured, and on errors', async () => {
    renderTab(m =>
      m.getComponentAvailability.mockReturnValue(new Promise(() => {})),
    );
    expect(await screen.findByRole('progressbar')).toBeInTheDocument();
  });

  it('says when the service is not measured yet', async () => {
    renderTab(m =>
      m.getComponentAvailability.mockResolvedValue(
        componentAvailability({ environments: [] }),
      ),
    );
    expect(
      await screen.findByText('checkout-api is not measured yet'),
    ).toBeInTheDocument();
    expect(screen.getByText(/runs every 5 minutes/)).toBeInTheDocument();
  });

  it('shows the server’s error', async () => {
    const error = await responseError(
      404,
      'NotFoundError',
      'No entity component:default/checkout-api',
    );
    renderTab(m => m.getComponentAvailability.mockRejectedValue(error));
    expect(
      await screen.findByText(
        /Could not load the availability of checkout-api/,
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/No entity component:default\/checkout-api/),
    ).toBeInTheDocument();
  });
});
