import { renderInTestApp } from '@backstage/frontend-test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { screen, waitFor, within } from '@testing-library/react';
import { useLocation } from 'react-router-dom';
import userEvent from '@testing-library/user-event';
import { minutesAgo, responseError } from '@internal/shipyard-react/testing';
import { securityApiRef } from '../../api/securityApiRef';
import {
  counts,
  finding,
  findingList,
  findingSummary,
  mockSecurityApi,
  overview,
  platformFinding,
} from '../../testing/fixtures';
import { SecurityPage } from './SecurityPage';

/** The page's URL query, where a test can read it. */
function Location() {
  return <output aria-label="URL query">{useLocation().search}</output>;
}

function urlQuery() {
  return new URLSearchParams(
    screen.getByRole('status', { name: 'URL query' }).textContent!,
  ).toString();
}

type Mocks = ReturnType<typeof mockSecurityApi>['mocks'];

function renderPage(setup?: (mocks: Mocks) => void, url = '/security') {
  const { api, mocks } = mockSecurityApi();
  mocks.getSecurityOverview.mockResolvedValue(overview());
  mocks.listSecurityFindings.mockResolvedValue(
    findingList([findingSummary(), platformFinding()]),
  );
  setup?.(mocks);
  renderInTestApp(
    <>
      <SecurityPage />
      <Location />
    </>,
    {
      apis: [[securityApiRef, api]],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
      initialRouteEntries: [url],
    },
  );
  return mocks;
}

async function findingsTable() {
  return within(await screen.findByRole('table', { name: 'Findings' }));
}

/** The list request the page made last. */
function lastQuery(mocks: Mocks) {
  return mocks.listSecurityFindings.mock.calls.at(-1)?.[0]?.query;
}

describe('SecurityPage', () => {
  it('shows each environment prod first with its counts by band, and GuardDuty off or failing where it is', async () => {
    const mocks = renderPage();
    const prod = within(
      await screen.findByRole('region', { name: 'prod security' }),
    );
    const prodCounts = within(
      prod.getByRole('group', {
        name: 'Active findings in prod by severity',
      }),
    );
    expect(prodCounts.getByLabelText('Critical: 1')).toBeInTheDocument();
    expect(prodCounts.getByLabelText('High: 2')).toBeInTheDocument();
    expect(prodCounts.getByLabelText('Medium: 3')).toBeInTheDocument();
    expect(prodCounts.getByLabelText('Low: 4')).toBeInTheDocument();
    expect(
      prod.getByText('1 of them is a platform finding (no service).'),
    ).toBeInTheDocument();
    expect(
      within(
        prod.getByRole('list', { name: 'Top finding types in prod' }),
      ).getAllByRole('listitem')[0],
    ).toHaveTextContent('Runtime:Container/ReverseShell4');
    expect(
      screen
        .getAllByRole('region', { name: / security$/ })
        .map(r => r.getAttribute('aria-label')),
    ).toEqual(['prod security', 'staging security', 'dev security']);

    // GuardDuty off: said so, and no zeros that would read as "no findings".
    const dev = within(screen.getByRole('region', { name: 'dev security' }));
    expect(
      dev.getByText(/^GuardDuty off in 111111111111\/eu-west-1/),
    ).toBeInTheDocument();
    expect(dev.queryByRole('group')).not.toBeInTheDocument();

    const staging = within(
      screen.getByRole('region', { name: 'staging security' }),
    );
    expect(
      staging.getByText(
        /^GuardDuty sync failed in 111111111111\/eu-west-1: GuardDuty throttled ListFindings/,
      ),
    ).toBeInTheDocument();
    expect(staging.getByLabelText('Medium: 2')).toBeInTheDocument();

    expect(screen.getByText(/GuardDuty synced/)).toHaveTextContent(
      '3 minutes ago',
    );
    expect(
      await screen.findByText('Active findings, last 30 days'),
    ).toBeInTheDocument();
    expect(mocks.getSecurityOverview).toHaveBeenCalledWith({
      query: { days: 30 },
    });
  });

  it('lists the findings with band, type, service or platform, resource, times, count and the console link', async () => {
    const mocks = renderPage();
    const table = await findingsTable();
    expect(mocks.listSecurityFindings).toHaveBeenCalledWith({
      query: { offset: 0, limit: 50 },
    });
    const [, first, second] = table.getAllByRole('row');
    const cells = (row: HTMLElement) =>
      within(row)
        .getAllByRole('cell')
        .map(c => c.textContent);
    expect(within(first).getByRole('rowheader')).toHaveTextContent(
      'Runtime:Container/ReverseShellA container opened a reverse shell.',
    );
    expect(cells(first)).toEqual([
      'High8.4',
      'Checkout API',
      'prod',
      'task 3f2c… in prod-apps',
      '1 hour agofirst 3 days ago',
      '7',
      '',
    ]);
    expect(
      within(first).getByRole('link', { name: 'Checkout API' }),
    ).toHaveAttribute(
      'href',
      '/catalog/default/component/checkout-api/security',
    );
    const console = within(first).getByRole('link', {
      name: 'Open Runtime:Container/ReverseShell in the AWS console',
    });
    expect(console).toHaveAttribute('target', '_blank');
    expect(console).toHaveAttribute(
      'href',
      expect.stringMatching(
        /^https:\/\/eu-west-1\.console\.aws\.amazon\.com\/guardduty/,
      ),
    );
    expect(cells(second).slice(0, 3)).toEqual(['Low2.0', 'platform', 'prod']);
    expect(
      within(first).getByText('3 days ago').closest('time'),
    ).toHaveAttribute('title', expect.any(String));
  });

  it('sends the filters to the API and keeps them in the URL', async () => {
    const user = userEvent.setup({ delay: null });
    const mocks = renderPage(
      undefined,
      '/security?environment=prod&band=high&page=2',
    );
    await findingsTable();
    // A shared URL opens with its filters and page.
    expect(mocks.listSecurityFindings).toHaveBeenCalledWith({
      query: { environment: 'prod', band: ['high'], offset: 50, limit: 50 },
    });
    expect(screen.getByRole('button', { name: 'High' })).toHaveAttribute(
      'aria-pressed',
      'true',
    );

    // Several bands at once; a new filter starts again at the first page.
    await user.click(screen.getByRole('button', { name: 'Critical' }));
    await waitFor(() =>
      expect(lastQuery(mocks)).toEqual({
        environment: 'prod',
        band: ['critical', 'high'],
        offset: 0,
        limit: 50,
      }),
    );

    await user.click(screen.getByRole('combobox', { name: 'Team' }));
    await user.click(
      await screen.findByRole('option', { name: 'team-storefront' }),
    );
    await waitFor(() =>
      expect(lastQuery(mocks)).toMatchObject({
        owner: 'group:default/team-storefront',
      }),
    );

    // A team's services only, and the platform findings.
    await user.click(screen.getByRole('combobox', { name: 'Service' }));
    expect(
      (await screen.findAllByRole('option')).map(o => o.textContent),
    ).toEqual(['Platform (no service)', 'Checkout API']);
    await user.click(screen.getByRole('option', { name: 'Checkout API' }));
    await waitFor(() =>
      expect(lastQuery(mocks)).toMatchObject({
        entityRef: 'component:default/checkout-api',
      }),
    );

    await user.click(screen.getByRole('combobox', { name: 'Last seen' }));
    await user.click(
      await screen.findByRole('option', { name: 'Last 7 days' }),
    );
    await waitFor(() =>
      expect(lastQuery(mocks)).toMatchObject({ maxAgeDays: 7 }),
    );

    await user.type(screen.getByRole('textbox', { name: 'Search' }), 'shell');
    await waitFor(() =>
      expect(lastQuery(mocks)).toEqual({
        environment: 'prod',
        band: ['critical', 'high'],
        owner: 'group:default/team-storefront',
        entityRef: 'component:default/checkout-api',
        maxAgeDays: 7,
        q: 'shell',
        offset: 0,
        limit: 50,
      }),
    );
    expect(urlQuery()).toBe(
      'environment=prod&band=critical&band=high&team=group%3Adefault%2Fteam-storefront&service=component%3Adefault%2Fcheckout-api&age=7&q=shell',
    );
    // Typing asks once the typing pauses, not per key.
    expect(
      mocks.listSecurityFindings.mock.calls.filter(
        ([request]) => request.query.q !== undefined,
      ),
    ).toHaveLength(1);
  });

  it('filters by a top finding type of an environment, and by platform', async () => {
    const user = userEvent.setup({ delay: null });
    const mocks = renderPage();
    await findingsTable();
    await user.click(
      within(screen.getByRole('region', { name: 'prod security' })).getByRole(
        'button',
        { name: 'Recon:EC2/PortProbeUnprotectedPort' },
      ),
    );
    await waitFor(() =>
      expect(lastQuery(mocks)).toEqual({
        environment: 'prod',
        type: 'Recon:EC2/PortProbeUnprotectedPort',
        offset: 0,
        limit: 50,
      }),
    );
    await user.click(screen.getByRole('combobox', { name: 'Service' }));
    await user.click(
      await screen.findByRole('option', { name: 'Platform (no service)' }),
    );
    await waitFor(() =>
      expect(lastQuery(mocks)).toMatchObject({ platform: true }),
    );
  });

  it('pages through the server’s list 50 at a time', async () => {
    const user = userEvent.setup({ delay: null });
    const mocks = renderPage(m =>
      m.listSecurityFindings.mockResolvedValue(
        findingList([findingSummary()], { totalCount: 120 }),
      ),
    );
    await findingsTable();
    expect(screen.getByText('1–50 of 120')).toBeInTheDocument();
    expect(
      screen.getByText(
        '120 findings: most severe first, then most recently seen.',
      ),
    ).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Go to next page' }));
    await waitFor(() =>
      expect(lastQuery(mocks)).toEqual({ offset: 50, limit: 50 }),
    );
  });

  it('opens a finding’s detail from its row, with every summary field and GuardDuty’s JSON whatever its shape', async () => {
    const user = userEvent.setup({ delay: null });
    const malformed = findingSummary({
      id: 'odd1',
      type: undefined,
      findingTitle: undefined,
      severity: undefined,
      band: 'unknown',
      firstSeen: undefined,
      count: undefined,
      entityRef: undefined,
      title: undefined,
      owner: undefined,
      resource: { label: 'unknown resource' },
    });
    const mocks = renderPage(m => {
      m.listSecurityFindings.mockResolvedValue(
        findingList([findingSummary(), malformed]),
      );
      m.getSecurityFinding.mockImplementation(
        async ({ path }: { path: { findingId: string } }) =>
          path.findingId === 'odd1'
            ? finding(malformed, {
                id: 'odd1',
                resource: {
                  resourceType: 'Lambda',
                  weird: [1, { deep: true }],
                },
              })
            : finding(findingSummary()),
      );
    });
    const table = await findingsTable();
    const row = table.getAllByRole('row')[2];
    expect(within(row).getByRole('rowheader')).toHaveTextContent(
      'Unknown type',
    );
    await user.click(within(row).getByText('unknown resource'));

    const dialog = within(
      await screen.findByRole('dialog', { name: 'Unknown type' }),
    );
    expect(mocks.getSecurityFinding).toHaveBeenCalledWith({
      path: { findingId: 'odd1' },
    });
    const json = await dialog.findByLabelText("GuardDuty's finding as JSON");
    expect(JSON.parse(json.textContent!)).toEqual({
      id: 'odd1',
      resource: { resourceType: 'Lambda', weird: [1, { deep: true }] },
    });
    const summary = within(dialog.getByLabelText('Finding summary'));
    const field = (label: string) =>
      summary.getByText(label).nextElementSibling?.textContent;
    expect(field('Severity')).toBe('Unknown');
    expect(field('Service')).toMatch(/^platform/);
    expect(field('First seen')).toBe('—');
    expect(field('Count')).toBe('—');
    expect(field('Environment')).toBe('prod');
    expect(field('Account and region')).toBe('222222222222 / eu-west-1');
    expect(field('Status')).toBe('Active');
    expect(field('Finding id')).toBe('odd1');
    expect(
      dialog.getByRole('link', { name: 'Open in the GuardDuty console' }),
    ).toHaveAttribute('target', '_blank');

    await user.click(dialog.getByRole('button', { name: 'Close' }));
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );

    // The first row, by its type.
    await user.click(
      table.getByRole('button', { name: 'Runtime:Container/ReverseShell' }),
    );
    const second = within(
      await screen.findByRole('dialog', {
        name: 'Runtime:Container/ReverseShell',
      }),
    );
    expect(
      await second.findByText(
        'A container opened a reverse shell. Affected: checkout-api in prod.',
      ),
    ).toBeInTheDocument();
    expect(second.getByRole('link', { name: 'Checkout API' })).toHaveAttribute(
      'href',
      '/catalog/default/component/checkout-api/security',
    );
  });

  it('opens the finding a shared URL names', async () => {
    const mocks = renderPage(
      m =>
        m.getSecurityFinding.mockResolvedValue(
          finding(findingSummary({ id: 'elsewhere' })),
        ),
      '/security?finding=elsewhere',
    );
    expect(
      await screen.findByRole('dialog', {
        name: 'Runtime:Container/ReverseShell',
      }),
    ).toBeInTheDocument();
    expect(mocks.getSecurityFinding).toHaveBeenCalledWith({
      path: { findingId: 'elsewhere' },
    });
  });

  it('says why a finding cannot be opened', async () => {
    renderPage(async m => {
      m.getSecurityFinding.mockRejectedValue(
        await responseError(
          403,
          'NotAllowedError',
          'You may not read the findings of component:default/ledger',
        ),
      );
    }, '/security?finding=nope');
    expect(
      await screen.findByText(
        'Could not load this finding: You may not read the findings of component:default/ledger',
      ),
    ).toBeInTheDocument();
  });

  it('shows a manager the counts only, with who may see details, and asks for no finding', async () => {
    const mocks = renderPage(m =>
      m.getSecurityOverview.mockResolvedValue(overview({ details: 'none' })),
    );
    expect(
      await screen.findByText(
        'Finding details are visible to owners, SREs and the security team',
      ),
    ).toBeInTheDocument();
    const byService = within(
      screen.getByRole('table', { name: 'Findings by service' }),
    );
    expect(
      byService
        .getAllByRole('row')
        .slice(1)
        .map(r => r.textContent),
    ).toEqual([
      'Checkout APIteam-storefrontprod1100',
      'Freight quote APIteam-freightprod0034',
    ]);
    expect(
      screen.queryByRole('table', { name: 'Findings' }),
    ).not.toBeInTheDocument();
    expect(mocks.listSecurityFindings).not.toHaveBeenCalled();
    expect(
      screen.getByRole('region', { name: 'prod security' }),
    ).toBeInTheDocument();
  });

  it('tells a developer that the list and counts cover their team’s services only', async () => {
    renderPage(m =>
      m.getSecurityOverview.mockResolvedValue(
        overview({ details: 'own', scope: 'own' }),
      ),
    );
    await findingsTable();
    expect(
      screen.getByText(
        /^This list shows the findings of your team's services only/,
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText("These counts cover your team's services only."),
    ).toBeInTheDocument();
    // Platform findings are nobody's: not counted for a developer, so not said to be none.
    expect(screen.queryByText(/platform finding/)).not.toBeInTheDocument();
    await userEvent.click(screen.getByRole('combobox', { name: 'Service' }));
    expect(
      (await screen.findAllByRole('option')).map(o => o.textContent),
    ).toEqual(['Checkout API', 'Freight quote API']);
  });

  it('says "No active findings" when there are none, and when filters match nothing', async () => {
    const mocks = renderPage(m =>
      m.listSecurityFindings.mockResolvedValue(findingList([])),
    );
    expect(await screen.findByText('No active findings')).toBeInTheDocument();
    expect(
      screen.queryByRole('table', { name: 'Findings' }),
    ).not.toBeInTheDocument();

    const user = userEvent.setup({ delay: null });
    await user.click(screen.getByRole('button', { name: 'Critical' }));
    await waitFor(() =>
      expect(lastQuery(mocks)).toMatchObject({ band: ['critical'] }),
    );
    expect(
      (await findingsTable()).getByText('No finding matches these filters.'),
    ).toBeInTheDocument();
  });

  it('shows the errors of the overview and of the list', async () => {
    const overviewError = await responseError(500, 'Error', 'database is down');
    const listError = await responseError(
      400,
      'InputError',
      'unknown environment "qa"',
    );
    renderPage(m => {
      m.getSecurityOverview.mockRejectedValue(overviewError);
      m.listSecurityFindings.mockRejectedValue(listError);
    }, '/security?environment=qa');
    expect(
      await screen.findByText(/Could not load GuardDuty's findings/),
    ).toBeInTheDocument();
    expect(screen.getByText(/database is down/)).toBeInTheDocument();
    // Without the overview, the list is still asked for, and says its own error.
    expect(
      await screen.findByText(/Could not load the findings/),
    ).toBeInTheDocument();
    expect(screen.getByText(/unknown environment "qa"/)).toBeInTheDocument();
  });

  it('warns when GuardDuty has not been synced for a while, and draws the 90-day trend on demand', async () => {
    const user = userEvent.setup({ delay: null });
    const mocks = renderPage(m =>
      m.getSecurityOverview.mockResolvedValue(
        overview({
          freshness: { syncedAt: minutesAgo(120), stale: true },
          environments: overview().environments.map(e => ({
            ...e,
            counts: counts(),
          })),
        }),
      ),
    );
    expect(
      await screen.findByText(
        /the security collector has not completed a sync since/,
      ),
    ).toHaveTextContent('2 hours ago');
    await user.click(screen.getByRole('button', { name: '90 days' }));
    await waitFor(() =>
      expect(mocks.getSecurityOverview).toHaveBeenLastCalledWith({
        query: { days: 90 },
      }),
    );
    expect(
      await screen.findByText('Active findings, last 90 days'),
    ).toBeInTheDocument();
    // The trend is the page's overview only: the list is not asked again.
    expect(mocks.listSecurityFindings).toHaveBeenCalledTimes(1);
  });
});
