import { renderInTestApp } from '@backstage/frontend-test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { CostRow } from '@internal/plugin-costs-common';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { minutesAgo, responseError } from '@internal/shipyard-react/testing';
import { costsApiRef } from '../../api/costsApiRef';
import {
  costRow,
  mockCostsApi,
  monthAmounts,
  portfolio,
  unattributedRow,
} from '../../testing/fixtures';
import { CostsPage } from './CostsPage';

const rows: CostRow[] = [
  costRow(), // checkout-api prod: 1000, 1200, 500 (400 on the same days of October)
  costRow({
    environment: 'staging',
    tier: 'staging',
    months: monthAmounts([100, 110, 60]),
    monthToDate: 60,
    previousMonth: 110,
    previousMonthToDate: 50,
  }),
  costRow({
    name: 'ledger',
    title: 'Ledger',
    owner: 'group:default/team-payments',
    system: 'system:default/payments',
    months: monthAmounts([2000, 2100, 900]),
    monthToDate: 900,
    previousMonth: 2100,
    previousMonthToDate: 1000,
  }),
  unattributedRow('prod', 'prod', [300, 310, 150], 120),
  unattributedRow('staging', 'staging', [0, 0, 0], 0),
];

const forecasts = [
  { environment: 'prod', forecast: { monthEnd: 4000, low: 3600, high: 4400 } },
];

function renderPage(
  setup?: (mocks: ReturnType<typeof mockCostsApi>['mocks']) => void,
  url = '/costs',
) {
  const { api, mocks } = mockCostsApi();
  mocks.getCostPortfolio.mockResolvedValue(portfolio(rows, { forecasts }));
  setup?.(mocks);
  renderInTestApp(<CostsPage />, {
    apis: [[costsApiRef, api]],
    mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    initialRouteEntries: [url],
  });
  return mocks;
}

function breakdown(by: string) {
  return screen.getByRole('table', { name: `Costs by ${by}` });
}

/** The breakdown's lines as "name month-to-date change share months…". */
function breakdownLines(by: string): string[][] {
  return within(breakdown(by))
    .getAllByRole('row')
    .slice(1)
    .map(row => [
      within(row).getByRole('rowheader').firstElementChild?.textContent ?? '',
      ...within(row)
        .getAllByRole('cell')
        .map(c => c.textContent ?? ''),
    ]);
}

describe('CostsPage', () => {
  it('shows the month so far, forecast, prod share, unattributed cost and Cost Explorer spend', async () => {
    const mocks = renderPage();
    const figure = async (label: string) =>
      within(await screen.findByRole('group', { name: label }));

    expect(
      (await figure('Month to date')).getByText('$1,610'),
    ).toBeInTheDocument();
    expect(mocks.getCostPortfolio).toHaveBeenCalledWith({
      query: { months: 6 },
    });
    expect(
      (await figure('Month to date')).getByText('Last month $3,720'),
    ).toBeInTheDocument();
    expect(
      (await figure('Forecast to month end')).getByText('$4,000'),
    ).toBeInTheDocument();
    expect(
      (await figure('Forecast to month end')).getByText(
        '$3,600 to $4,400, 1 of 2 environments',
      ),
    ).toBeInTheDocument();
    // (500 + 900 + 150) / 1,610
    expect(
      (await figure('Production share')).getByText('96 %'),
    ).toBeInTheDocument();
    expect(
      (await figure('Unattributed')).getByText('$150.00'),
    ).toBeInTheDocument();
    const spend = await figure('Cost Explorer spend this month');
    expect(spend.getByText('$12.34')).toBeInTheDocument();
    expect(
      spend.getByText("1,234 requests at $0.01, by Shipyard's collector"),
    ).toBeInTheDocument();
    expect(screen.getByText(/Cost Explorer data read/)).toHaveTextContent(
      '1 hour ago',
    );
  });

  it('lists every environment prod first with its unattributed cost, even at zero', async () => {
    renderPage();
    const table = within(
      await screen.findByRole('table', { name: 'Environments this month' }),
    );
    const line = (environment: string) =>
      within(table.getByRole('rowheader', { name: environment }).closest('tr')!)
        .getAllByRole('cell')
        .map(c => c.textContent);
    expect(table.getAllByRole('rowheader').map(h => h.textContent)).toEqual([
      'prod',
      'staging',
    ]);
    expect(line('prod')).toEqual([
      'prod',
      '$1,550',
      '$3,610',
      '$4,000$3,600 to $4,400',
      '$150.0010 % of prod',
    ]);
    expect(line('staging')).toEqual([
      'staging',
      '$60.00',
      '$110.00',
      '—',
      '$0.000 % of staging',
    ]);
    // No other teams' column when the backend leaves them out.
    expect(
      table.queryByRole('columnheader', { name: "Other teams' services" }),
    ).not.toBeInTheDocument();
  });

  it('breaks costs down by service, team, system and environment, kept in the URL', async () => {
    const user = userEvent.setup({ delay: null });
    renderPage();
    await screen.findByRole('table', { name: 'Costs by service' });

    expect(breakdownLines('service')).toEqual([
      [
        'Ledger',
        '$900.00',
        '\u2212$100.00 (\u221210.0 %)',
        '56 %',
        '$2,100',
        '$2,000',
      ],
      [
        'checkout-api',
        '$560.00',
        '+$110.00 (+24.4 %)',
        '35 %',
        '$1,310',
        '$1,100',
      ],
      [
        'Unattributed',
        '$150.00',
        '+$30.00 (+25.0 %)',
        '9 %',
        '$310.00',
        '$300.00',
      ],
    ]);
    expect(
      within(breakdown('service')).getByRole('link', { name: 'Ledger' }),
    ).toHaveAttribute('href', '/catalog/default/component/ledger/costs');
    // Months newest first; October is still estimated.
    expect(
      within(breakdown('service'))
        .getAllByRole('columnheader')
        .map(h => h.textContent),
    ).toEqual([
      'Service',
      'Month to date',
      'vs same days last month',
      'Share',
      'Oct*',
      'Sep',
    ]);

    await user.click(screen.getByRole('combobox', { name: 'Group by' }));
    await user.click(await screen.findByRole('option', { name: 'Team' }));
    await waitFor(() =>
      expect(breakdownLines('team').map(l => l[0])).toEqual([
        'team-payments',
        'team-storefront',
        'Unattributed',
      ]),
    );

    await user.click(screen.getByRole('combobox', { name: 'Group by' }));
    await user.click(await screen.findByRole('option', { name: 'System' }));
    await waitFor(() =>
      expect(breakdownLines('system').map(l => l[0])).toEqual([
        'payments',
        'storefront',
        'Unattributed',
      ]),
    );

    await user.click(screen.getByRole('combobox', { name: 'Group by' }));
    await user.click(
      await screen.findByRole('option', { name: 'Environment' }),
    );
    await waitFor(() =>
      expect(breakdownLines('environment').map(l => l.slice(0, 2))).toEqual([
        ['prod', '$1,550'],
        ['staging', '$60.00'],
      ]),
    );
  });

  it('filters by environment and team, and opens with a shared URL’s view', async () => {
    const mocks = renderPage(
      undefined,
      '/costs?months=12&groupBy=service&team=group%3Adefault%2Fteam-storefront',
    );
    await screen.findByRole('table', { name: 'Costs by service' });
    expect(mocks.getCostPortfolio).toHaveBeenCalledWith({
      query: { months: 12 },
    });
    expect(screen.getByRole('button', { name: '12 months' })).toHaveAttribute(
      'aria-pressed',
      'true',
    );
    // A team's view: its services only, no unattributed cost (nobody's).
    expect(breakdownLines('service').map(l => l.slice(0, 2))).toEqual([
      ['checkout-api', '$560.00'],
    ]);

    const user = userEvent.setup({ delay: null });
    await user.click(screen.getByRole('combobox', { name: 'Environment' }));
    expect(
      (await screen.findAllByRole('option')).map(o => o.textContent),
    ).toEqual(['All', 'prod', 'staging']);
    await user.click(screen.getByRole('option', { name: 'staging' }));
    await waitFor(() =>
      expect(breakdownLines('service').map(l => l.slice(0, 2))).toEqual([
        ['checkout-api', '$60.00'],
      ]),
    );
  });

  it('ranks the top movers like for like', async () => {
    renderPage();
    const movers = within(
      await screen.findByRole('table', { name: 'Top movers' }),
    );
    const lines = movers
      .getAllByRole('row')
      .slice(1)
      .map(r => r.textContent);
    expect(lines).toEqual([
      'checkout-apiprod$500.00$400.00+$100.00 (+25.0 %)',
      'Ledgerprod$900.00$1,000\u2212$100.00 (\u221210.0 %)',
      'Unattributedprod$150.00$120.00+$30.00 (+25.0 %)',
      'checkout-apistaging$60.00$50.00+$10.00 (+20.0 %)',
    ]);
  });

  it('lists anomalies with the service they concern', async () => {
    renderPage(mocks =>
      mocks.getCostPortfolio.mockResolvedValue(
        portfolio(rows, {
          anomalies: [
            {
              id: 'a1',
              start: '2026-11-12',
              end: '2026-11-14',
              impact: 312.4,
              environment: 'prod',
              entityRef: 'component:default/ledger',
              awsService: 'Amazon RDS',
            },
            {
              id: 'a2',
              start: '2026-11-18',
              impact: 45,
              environment: 'staging',
              awsService: 'EC2 - Other',
            },
          ],
        }),
      ),
    );
    const anomalies = within(
      await screen.findByRole('table', { name: 'Cost anomalies' }),
    );
    expect(
      anomalies
        .getAllByRole('row')
        .slice(1)
        .map(r => r.textContent),
    ).toEqual([
      'Nov 18ongoingUnattributedstagingEC2 - Other$45.00',
      'Nov 12Nov 14ledgerprodAmazon RDS$312.40',
    ]);
    expect(anomalies.getByRole('link', { name: 'ledger' })).toHaveAttribute(
      'href',
      '/catalog/default/component/ledger/costs',
    );
  });

  it('shows other teams’ services as a total when the backend gives one', async () => {
    renderPage(mocks =>
      mocks.getCostPortfolio.mockResolvedValue(
        portfolio(rows, {
          withheld: [
            { environment: 'prod', months: monthAmounts([5000, 5100, 2500]) },
          ],
        }),
      ),
    );
    const environments = within(
      await screen.findByRole('table', { name: 'Environments this month' }),
    );
    expect(
      environments.getByRole('columnheader', { name: "Other teams' services" }),
    ).toBeInTheDocument();
    expect(environments.getByText('$2,500')).toBeInTheDocument();
    expect(breakdownLines('service').at(-1)?.slice(0, 2)).toEqual([
      "Other teams' services",
      '$2,500',
    ]);
  });

  it('exports the rows shown as CSV', async () => {
    const user = userEvent.setup({ delay: null });
    let exported: Blob | undefined;
    const createObjectURL = jest.fn((blob: Blob) => {
      exported = blob;
      return 'blob:costs';
    });
    Object.assign(URL, { createObjectURL, revokeObjectURL: jest.fn() });
    // jsdom cannot follow the download link.
    const click = jest
      .spyOn(HTMLAnchorElement.prototype, 'click')
      .mockImplementation(() => {});
    renderPage(undefined, '/costs?environment=prod');
    await screen.findByRole('table', { name: 'Costs by service' });

    await user.click(screen.getByRole('button', { name: 'Export CSV' }));

    expect(click).toHaveBeenCalledTimes(1);
    click.mockRestore();
    const lines = (await exported!.text()).trim().split('\r\n');
    expect(lines[0]).toBe(
      'kind,entity_ref,service,system,owner,environment,tier,currency,month_to_date,previous_month_to_date,previous_month,cost_2026-09,cost_2026-10,cost_2026-11',
    );
    expect(lines.slice(1).map(l => l.split(',').slice(0, 2).join(','))).toEqual(
      [
        'service,component:default/checkout-api',
        'service,component:default/ledger',
        'unattributed,',
      ],
    );
  });

  it('shows the data’s age when it is stale', async () => {
    renderPage(mocks =>
      mocks.getCostPortfolio.mockResolvedValue(
        portfolio(rows, {
          freshness: { refreshedAt: minutesAgo(26 * 60), stale: true },
        }),
      ),
    );
    expect(
      await screen.findByText(/has not stored anything newer since/),
    ).toHaveTextContent('read from Cost Explorer 1 day ago');
  });

  it('shows a progress bar while loading', async () => {
    renderPage(mocks =>
      mocks.getCostPortfolio.mockReturnValue(new Promise(() => {})),
    );
    expect(await screen.findByRole('progressbar')).toBeInTheDocument();
  });

  it('says when the collector has stored no costs yet', async () => {
    renderPage(mocks =>
      mocks.getCostPortfolio.mockResolvedValue(
        portfolio([], { freshness: { stale: true } }),
      ),
    );
    expect(await screen.findByText('No costs yet')).toBeInTheDocument();
    expect(
      screen.getByText('The costs collector has not read Cost Explorer yet.'),
    ).toBeInTheDocument();
  });

  it('shows the server’s error', async () => {
    const error = await responseError(
      400,
      'InputError',
      'months must be 1 to 12',
    );
    renderPage(mocks => mocks.getCostPortfolio.mockRejectedValue(error));
    expect(
      await screen.findByText(/Could not load the portfolio's costs/),
    ).toBeInTheDocument();
    expect(screen.getByText(/months must be 1 to 12/)).toBeInTheDocument();
  });
});
