import { renderInTestApp } from '@backstage/frontend-test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { Portfolio, PortfolioRow } from '@internal/plugin-availability-common';
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { minutesAgo, responseError } from '@internal/shipyard-react/testing';
import { availabilityApiRef } from '../../api/availabilityApiRef';
import {
  mockAvailabilityApi,
  portfolio,
  portfolioRow,
} from '../../testing/fixtures';
import { AvailabilityPage } from './AvailabilityPage';

// As the backend answers: worst first.
const rows: PortfolioRow[] = [
  portfolioRow({
    name: 'payments-gateway',
    title: 'Payments gateway',
    owner: 'group:default/team-payments',
    system: 'system:default/payments',
    availability: 99.8123,
    totals: {
      good: 998_123,
      total: 1_000_000,
      minutes: 43_200,
      noDataMinutes: 0,
    },
    budget: {
      unit: 'requests',
      total: 1000,
      consumed: 1877,
      remaining: -877,
      remainingPercent: -87.7,
    },
    alert: { fast: true, slow: true },
    state: 'breaching',
  }),
  portfolioRow({
    name: 'ledger-worker',
    owner: 'group:default/team-payments',
    system: 'system:default/payments',
    sli: { kind: 'health', description: 'ECS service prod-apps/ledger-worker' },
    availability: 99.93,
    totals: { good: 43_170, total: 43_200, minutes: 43_200, noDataMinutes: 0 },
    budget: {
      unit: 'minutes',
      total: 43.2,
      consumed: 30,
      remaining: 13.2,
      remainingPercent: 30.5,
    },
    state: 'at-risk',
    alert: { fast: false, slow: true },
  }),
  portfolioRow({ name: 'checkout-api' }),
  portfolioRow({
    name: 'checkout-api',
    environment: 'staging',
    tier: 'staging',
    objective: { target: 99, source: 'tier' },
    availability: 99.5,
    budget: {
      unit: 'requests',
      total: 100,
      consumed: 50,
      remaining: 50,
      remainingPercent: 50,
    },
  }),
  portfolioRow({
    name: 'checkout-api',
    environment: 'dev',
    tier: 'dev',
    objective: undefined,
    budget: undefined,
    availability: 97.1,
    state: 'no-target',
  }),
];

function renderPage(
  setup?: (mocks: ReturnType<typeof mockAvailabilityApi>['mocks']) => void,
  url = '/availability',
) {
  const { api, mocks } = mockAvailabilityApi();
  mocks.getPortfolio.mockResolvedValue(portfolio(rows));
  setup?.(mocks);
  renderInTestApp(<AvailabilityPage />, {
    apis: [[availabilityApiRef, api]],
    mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    initialRouteEntries: [url],
  });
  return mocks;
}

function table() {
  return screen.getByRole('table', {
    name: 'Availability by service and environment',
  });
}

/** The body rows as "service environment" strings, in order, group rows included. */
function rowNames(): string[] {
  return within(table())
    .getAllByRole('row')
    .slice(1)
    .map(row => {
      const cells = within(row).getAllByRole('cell');
      const header = within(row).getAllByRole('rowheader')[0];
      // The service's link, or a group's name; not the team caption under it.
      return [header?.firstElementChild?.textContent, cells[0]?.textContent]
        .filter(Boolean)
        .join(' ');
    });
}

describe('AvailabilityPage', () => {
  it('lists every service and environment worst first, with figures at their precision', async () => {
    const mocks = renderPage();

    const gateway = within(
      (await screen.findByRole('link', { name: 'Payments gateway' })).closest(
        'tr',
      )!,
    );
    expect(mocks.getPortfolio).toHaveBeenCalledWith({
      query: { period: '30d' },
    });
    expect(
      gateway.getByRole('link', { name: 'Payments gateway' }),
    ).toHaveAttribute('href', '/catalog/default/component/payments-gateway');
    expect(gateway.getByText('99.81 %')).toBeInTheDocument();
    expect(gateway.getByText('99.9 %')).toBeInTheDocument();
    expect(gateway.getByText('\u221288 %')).toBeInTheDocument();
    expect(gateway.getByText('Breaching')).toBeInTheDocument();
    expect(gateway.getByText('Fast burn: page')).toBeInTheDocument();
    expect(gateway.getByText('Requests')).toBeInTheDocument();
    expect(
      gateway.getByRole('img', { name: /^Daily availability over 4 days/ }),
    ).toBeInTheDocument();

    const worker = within(screen.getByText('ledger-worker').closest('tr')!);
    expect(worker.getByText('Health')).toBeInTheDocument();
    expect(worker.getByText('At risk')).toBeInTheDocument();
    expect(worker.getByText('Slow burn: ticket')).toBeInTheDocument();

    expect(rowNames()).toEqual([
      'Payments gateway prod',
      'ledger-worker prod',
      'checkout-api prod',
      'checkout-api staging',
      'checkout-api dev',
    ]);
    expect(screen.getByText(/5 of 5 rows/)).toBeInTheDocument();
    expect(screen.getByText('3 minutes ago')).toBeInTheDocument();
  });

  it('filters by environment, tier, team and state, kept in the URL', async () => {
    const user = userEvent.setup({ delay: null });
    renderPage();
    await screen.findByRole('link', { name: 'Payments gateway' });

    await user.click(screen.getByRole('combobox', { name: 'Environment' }));
    // Offered prod first.
    expect(
      (await screen.findAllByRole('option')).map(o => o.textContent),
    ).toEqual(['All', 'prod', 'staging', 'dev']);
    await user.click(screen.getByRole('option', { name: 'staging' }));
    await waitFor(() => expect(rowNames()).toEqual(['checkout-api staging']));

    await user.click(screen.getByRole('combobox', { name: 'Environment' }));
    await user.click(await screen.findByRole('option', { name: 'All' }));
    await user.click(screen.getByRole('combobox', { name: 'State' }));
    await user.click(await screen.findByRole('option', { name: 'At risk' }));
    await waitFor(() => expect(rowNames()).toEqual(['ledger-worker prod']));

    await user.click(screen.getByRole('combobox', { name: 'State' }));
    await user.click(await screen.findByRole('option', { name: 'All' }));
    await user.click(screen.getByRole('combobox', { name: 'Team' }));
    await user.click(
      await screen.findByRole('option', { name: 'team-payments' }),
    );
    await waitFor(() =>
      expect(rowNames()).toEqual([
        'Payments gateway prod',
        'ledger-worker prod',
      ]),
    );

    await user.click(screen.getByRole('combobox', { name: 'Tier' }));
    await user.click(await screen.findByRole('option', { name: 'staging' }));
    expect(
      await screen.findByText('No service matches these filters.'),
    ).toBeInTheDocument();
  });

  it('opens with the filters a shared URL names', async () => {
    const mocks = renderPage(
      undefined,
      '/availability?period=quarter&tier=prod&state=healthy',
    );
    await screen.findByRole('link', { name: 'checkout-api' });
    expect(rowNames()).toEqual(['checkout-api prod']);
    expect(mocks.getPortfolio).toHaveBeenCalledWith({
      query: { period: 'quarter' },
    });
    expect(
      screen.getByRole('button', { name: 'Quarter to date' }),
    ).toHaveAttribute('aria-pressed', 'true');
  });

  it('sorts by a column and back to worst first', async () => {
    const user = userEvent.setup({ delay: null });
    renderPage();
    await screen.findByRole('link', { name: 'Payments gateway' });

    await user.click(screen.getByRole('button', { name: 'Availability' }));
    expect(rowNames()).toEqual([
      'checkout-api dev',
      'checkout-api staging',
      'Payments gateway prod',
      'ledger-worker prod',
      'checkout-api prod',
    ]);
    await user.click(screen.getByRole('button', { name: 'Availability' }));
    expect(rowNames()[0]).toBe('checkout-api prod');

    await user.click(screen.getByRole('button', { name: 'Budget left' }));
    // Without a budget (no target) last.
    expect(rowNames()).toEqual([
      'Payments gateway prod',
      'ledger-worker prod',
      'checkout-api staging',
      'checkout-api prod',
      'checkout-api dev',
    ]);

    await user.click(screen.getByRole('button', { name: 'State' }));
    expect(rowNames()[0]).toBe('Payments gateway prod');
  });

  it('groups by team with each group’s roll-up', async () => {
    const user = userEvent.setup({ delay: null });
    renderPage();
    await screen.findByRole('link', { name: 'Payments gateway' });

    await user.click(screen.getByRole('combobox', { name: 'Group by' }));
    await user.click(await screen.findByRole('option', { name: 'Team' }));

    const payments = within(
      await screen.findByRole('row', { name: /team-payments roll-up/ }),
    );
    // (998,123 + 43,170) / (1,000,000 + 43,200) = 99.817…: the rows' totals
    // summed, not the mean of 99.81 and 99.93.
    expect(payments.getByText('99.81 %')).toBeInTheDocument();
    expect(payments.getByText('Breaching')).toBeInTheDocument();
    expect(
      payments.getByText('2 rows: 1 breaching, 1 at risk'),
    ).toBeInTheDocument();
    expect(payments.getByText('\u221288 %')).toBeInTheDocument();
    expect(rowNames()).toEqual([
      'team-payments 99.81 %',
      'Payments gateway prod',
      'ledger-worker prod',
      'team-storefront 99.95 %',
      'checkout-api prod',
      'checkout-api staging',
      'checkout-api dev',
    ]);
  });

  it('exports the filtered rows as CSV', async () => {
    const user = userEvent.setup({ delay: null });
    let exported: Blob | undefined;
    const createObjectURL = jest.fn((blob: Blob) => {
      exported = blob;
      return 'blob:availability';
    });
    Object.assign(URL, { createObjectURL, revokeObjectURL: jest.fn() });
    // jsdom cannot follow the download link.
    const click = jest
      .spyOn(HTMLAnchorElement.prototype, 'click')
      .mockImplementation(() => {});
    renderPage(undefined, '/availability?environment=prod');
    await screen.findByRole('link', { name: 'Payments gateway' });

    await user.click(screen.getByRole('button', { name: 'Export CSV' }));

    expect(createObjectURL).toHaveBeenCalledTimes(1);
    expect(click).toHaveBeenCalledTimes(1);
    click.mockRestore();
    const lines = (await exported!.text()).trim().split('\r\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(/^entity_ref,service,/);
    expect(lines.slice(1).map(l => l.split(',').slice(0, 5).join(','))).toEqual(
      [
        'component:default/payments-gateway,Payments gateway,system:default/payments,group:default/team-payments,prod',
        'component:default/ledger-worker,ledger-worker,system:default/payments,group:default/team-payments,prod',
        'component:default/checkout-api,checkout-api,system:default/storefront,group:default/team-storefront,prod',
      ],
    );
  });

  it('shows the data’s age when it is stale', async () => {
    renderPage(mocks =>
      mocks.getPortfolio.mockResolvedValue(
        portfolio(rows, {
          freshness: { collectedAt: minutesAgo(180), stale: true },
        }),
      ),
    );
    expect(
      await screen.findByText(/has not stored anything newer since/),
    ).toHaveTextContent('These figures were collected 3 hours ago');
  });

  it('says so while loading, when nothing is measured yet, and on errors', async () => {
    renderPage(mocks =>
      mocks.getPortfolio.mockReturnValue(new Promise(() => {})),
    );
    expect(await screen.findByRole('progressbar')).toBeInTheDocument();
  });

  it('says that the collector has not measured anything yet', async () => {
    renderPage(mocks =>
      mocks.getPortfolio.mockResolvedValue(
        portfolio([], { freshness: { stale: true } }),
      ),
    );
    expect(
      await screen.findByText('No service measured yet'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/The availability collector runs every 5 minutes/),
    ).toBeInTheDocument();
    expect(
      screen.getByText('The availability collector has not run yet.'),
    ).toBeInTheDocument();
  });

  it('shows the server’s error', async () => {
    const error = await responseError(
      400,
      'InputError',
      'unknown environment qa',
    );
    renderPage(mocks => mocks.getPortfolio.mockRejectedValue(error));
    expect(
      await screen.findByText(/Could not load the portfolio's availability/),
    ).toBeInTheDocument();
    expect(screen.getByText(/unknown environment qa/)).toBeInTheDocument();
  });

  it('renders 3,000 rows a page at a time, as fast as 50', async () => {
    const generated = (count: number) =>
      Array.from({ length: count }, (_, i) =>
        portfolioRow({
          name: `service-${String(i).padStart(4, '0')}`,
          environment: ['prod', 'staging', 'dev'][i % 3],
          tier: (['prod', 'staging', 'dev'] as const)[i % 3],
          owner: `group:default/team-${i % 40}`,
          system: `system:default/system-${i % 120}`,
          state: i < 30 ? 'breaching' : 'healthy',
          sparkline: Array.from(
            { length: 30 },
            (__, d) => 99.9 + ((i + d) % 10) / 100,
          ),
        }),
      );

    // From the answer to the first page shown: the app is up and waiting.
    async function timeFirstPage(rowCount: number): Promise<number> {
      let answer: (value: Portfolio) => void = () => {};
      renderPage(mocks =>
        mocks.getPortfolio.mockReturnValue(
          new Promise<Portfolio>(resolve => {
            answer = resolve;
          }),
        ),
      );
      await screen.findByRole('progressbar');
      const generatedRows = generated(rowCount);
      const started = performance.now();
      answer(portfolio(generatedRows));
      // By text: a role query computes every element's accessible name, which
      // would take longer than the render it measures.
      await screen.findByText('service-0000');
      return performance.now() - started;
    }

    // The first render in a fresh jsdom pays for warming up; measure after it.
    await timeFirstPage(50);
    cleanup();
    const fifty = await timeFirstPage(50);
    cleanup();
    const threeThousand = await timeFirstPage(3000);
    // eslint-disable-next-line no-console
    console.info(
      `Availability page, first page shown (jsdom): 50 rows ${Math.round(
        fifty,
      )} ms, 3,000 rows ${Math.round(threeThousand)} ms`,
    );

    // One page of 50 rows in the DOM, the rest a page away.
    expect(within(table()).getAllByRole('row')).toHaveLength(51);
    expect(screen.getByText('1–50 of 3000')).toBeInTheDocument();
    expect(screen.getByText(/3,000 of 3,000 rows/)).toBeInTheDocument();
    // Filtering, sorting and paging 3,000 rows adds little to drawing a page;
    // drawing every row would take some sixty times as long. Generous: CI
    // runs other suites beside this one.
    expect(threeThousand).toBeLessThan(Math.max(3 * fifty, fifty + 1000));

    const user = userEvent.setup({ delay: null });
    await user.click(screen.getByRole('button', { name: 'Go to next page' }));
    expect(await screen.findByText('service-0050')).toBeInTheDocument();
    expect(screen.getByText('51–100 of 3000')).toBeInTheDocument();
  });
});
