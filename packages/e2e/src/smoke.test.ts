import path from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { launchBrowser } from './__testUtils__/launchBrowser';
import {
  screenshotDir,
  startPortal,
  StartedPortal,
} from './__testUtils__/startPortal';
import { demoToken } from './__testUtils__/demoSignIn';

jest.setTimeout(120_000);

describe('portal smoke journey', () => {
  let portal: StartedPortal | undefined;
  let browser: Browser | undefined;

  beforeAll(async () => {
    portal = await startPortal();
    browser = await launchBrowser();
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await portal?.stop();
  });

  it('answers 401 to an anonymous catalog request', async () => {
    const res = await fetch(`${portal!.baseUrl}/api/catalog/entities`);
    expect(res.status).toBe(401);
  });

  it('signs in as the demo developer and shows the demo catalog', async () => {
    const page = await browser!.newPage({
      viewport: { width: 1440, height: 900 },
    });
    await page.goto(portal!.baseUrl);

    await page.getByRole('button', { name: /^sign in as ana lima/i }).click();
    await page.getByRole('heading', { name: 'My team' }).waitFor();
    await page.getByRole('link', { name: 'Checkout API' }).waitFor();
    // Owners show as their titles once the catalog has resolved them, not as entity names.
    await page.getByRole('link', { name: 'Storefront team' }).first().waitFor();
    await page.screenshot({
      path: path.join(screenshotDir, 'home-developer.png'),
      fullPage: true,
    });

    await page.goto(`${portal!.baseUrl}/catalog`);
    // The catalog opens on what the user owns: Ana's team owns the storefront components.
    await page.getByRole('link', { name: 'Catalog API' }).waitFor();
    await expect(
      page.getByRole('link', { name: 'Payments gateway' }).count(),
    ).resolves.toBe(0);
    // "All" shows the whole demo portfolio, other teams' services included.
    await page.getByText('All', { exact: true }).first().click();
    await page.getByRole('link', { name: 'Payments gateway' }).waitFor();
    await page.getByRole('link', { name: 'Freight quote API' }).waitFor();
    await page.screenshot({
      path: path.join(screenshotDir, 'catalog.png'),
      fullPage: true,
    });

    // A component's page says where it runs: prod with its ECS service, found by tag.
    await page.goto(
      `${portal!.baseUrl}/catalog/default/component/checkout-api`,
    );
    const prod = page.getByRole('listitem', { name: 'Production' });
    await prod.waitFor();
    // The collector's first run starts 15 s after the backend; before it, ask for prod now.
    if (await prod.getByText(/^Not collected yet/).isVisible()) {
      await prod.getByRole('button', { name: 'Refresh Production' }).click();
    }
    await prod.getByText('prod-apps / checkout-api').waitFor();
    await page.screenshot({
      path: path.join(screenshotDir, 'component-checkout-api.png'),
      fullPage: true,
    });

    // Environments are catalog entities: Production lists the components that run in it.
    await page.goto(`${portal!.baseUrl}/catalog/default/resource/prod`);
    await page.getByRole('heading', { name: 'Production' }).first().waitFor();
    // The relations graph shows the components that depend on it, ECS and EKS alike.
    await page.getByText('Checkout API', { exact: true }).first().waitFor();
    await page
      .getByText('Freight quote API', { exact: true })
      .first()
      .waitFor();
    await page.screenshot({
      path: path.join(screenshotDir, 'environment-prod.png'),
      fullPage: true,
    });
  });

  it('denies a developer, on the server, a catalog mutation reserved for the platform team', async () => {
    const register = async (userRef: string) =>
      fetch(`${portal!.baseUrl}/api/catalog/locations`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${await demoToken(portal!.baseUrl, userRef)}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify({
          type: 'url',
          // A host no integration covers: the catalog registers it without fetching it.
          target: 'https://gitlab.northwind.invalid/x/catalog-info.yaml',
        }),
      });
    expect((await register('user:default/ana.lima')).status).toBe(403);
    expect((await register('user:default/sam.okafor')).status).toBe(201);
  });

  it('lets the SRE roll back a prod service and follow the rollout to its end', async () => {
    const page = await browser!.newPage({
      viewport: { width: 1440, height: 900 },
    });
    await page.goto(portal!.baseUrl);
    await page.getByRole('button', { name: /^sign in as sam okafor/i }).click();
    await page.getByRole('heading', { name: 'My team' }).waitFor();

    const prod = await openProdDeployments(
      page,
      portal!.baseUrl,
      'checkout-api',
    );
    await prod.getByRole('button', { name: 'Roll back' }).first().click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('Roll back to', { exact: true }).first().waitFor();
    await dialog
      .getByRole('textbox', { name: 'Reason' })
      .fill('p99 latency doubled after the last release');
    const confirm = dialog.getByRole('textbox', {
      name: /Type prod to confirm/,
    });
    await confirm.fill('prod');
    await page.screenshot({
      path: path.join(screenshotDir, 'rollback-dialog.png'),
    });
    await dialog.getByRole('button', { name: 'Roll back' }).click();

    // The rollout is followed live until it is stable (the sandbox rolls out in 10 s).
    const progress = dialog.getByRole('region', { name: 'Rollback progress' });
    await progress.getByText(/^Rolled back to /).waitFor({ timeout: 60_000 });
    await page.screenshot({
      path: path.join(screenshotDir, 'rollback-succeeded.png'),
    });
  });

  it('shows a developer the prod rollback disabled with the reason, and the server refuses it with 403', async () => {
    const page = await browser!.newPage({
      viewport: { width: 1440, height: 900 },
    });
    await page.goto(portal!.baseUrl);
    await page.getByRole('button', { name: /^sign in as ana lima/i }).click();
    await page.getByRole('heading', { name: 'My team' }).waitFor();

    const prod = await openProdDeployments(
      page,
      portal!.baseUrl,
      'catalog-api',
    );
    const button = prod.getByRole('button', { name: 'Roll back' }).first();
    await expect(button.isDisabled()).resolves.toBe(true);
    await button.hover({ force: true });
    await page
      .getByRole('tooltip')
      .getByText(
        /^You may not roll back component:default\/catalog-api in prod/,
      )
      .waitFor();
    await page.screenshot({
      path: path.join(screenshotDir, 'rollback-developer-prod.png'),
    });

    // The server decides regardless of the UI.
    const api = `${
      portal!.baseUrl
    }/api/deployments/components/default/component/catalog-api`;
    const token = (userRef: string) => demoToken(portal!.baseUrl, userRef);
    const sre = {
      authorization: `Bearer ${await token('user:default/sam.okafor')}`,
    };
    const deployments = await (
      await fetch(`${api}/deployments`, { headers: sre })
    ).json();
    const target = deployments.items.find(
      (i: { environment: { name: string } }) => i.environment.name === 'prod',
    ).targets[0];
    const res = await fetch(`${api}/rollbacks`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${await token('user:default/ana.lima')}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({
        environment: 'prod',
        target: target.id,
        toRevision: target.history[1].id,
        reason: 'trying my luck',
        confirmation: 'prod',
      }),
    });
    expect(res.status).toBe(403);
    expect((await res.json()).error.message).toMatch(
      /deployments\.rollback permission/,
    );
  });

  it('lets the manager find the worst prod service on the Availability page and see its incident', async () => {
    const page = await browser!.newPage({
      viewport: { width: 1440, height: 900 },
    });
    await page.goto(portal!.baseUrl);
    await page.getByRole('button', { name: /^sign in as mei chen/i }).click();
    await page.getByRole('link', { name: 'Availability' }).first().click();
    const table = await openMeasuredPortfolio(page, portal!.baseUrl);

    // Prod only, then worst first (the State column sorts breaching, at risk, healthy).
    await page.getByRole('combobox', { name: 'Environment' }).click();
    await page.getByRole('option', { name: 'prod', exact: true }).click();
    await expect(
      table.getByRole('cell', { name: 'staging', exact: true }).count(),
    ).resolves.toBe(0);
    // Sort by name, then back to worst first (the State column: breaching, at risk, healthy).
    await table.getByRole('button', { name: 'Service' }).click();
    await table.getByRole('button', { name: 'State' }).click();
    await expect(
      table
        .getByRole('columnheader', { name: /State/ })
        .getAttribute('aria-sort'),
    ).resolves.toBe('ascending');
    const rows = table.locator('tbody tr');
    // The seeded bad deployment of payments-gateway (3 days ago) spent most of its budget.
    await expect(rows.first().textContent()).resolves.toMatch(
      /Payments gateway.*prod.*At risk|Payments gateway.*prod.*Breaching/,
    );
    await page.screenshot({
      path: path.join(screenshotDir, 'availability-portfolio-prod.png'),
      fullPage: true,
    });

    await rows.first().getByRole('link', { name: 'Payments gateway' }).click();
    await openEntityTab(page, 'availability');
    const prod = page.getByRole('region', { name: 'prod availability' });
    const incidents = prod.getByRole('table', { name: 'Incidents' });
    await incidents.waitFor();
    // One incident: the bad deployment, about 40 minutes below target.
    await expect(incidents.locator('tbody tr').count()).resolves.toBe(1);
    await expect(
      incidents.locator('tbody tr').first().textContent(),
    ).resolves.toMatch(/\d+ min/);
    await page.screenshot({
      path: path.join(screenshotDir, 'availability-payments-gateway.png'),
      fullPage: true,
    });
  }, 300_000);

  it('lets the manager open the Costs page and drill into the most expensive service', async () => {
    const page = await browser!.newPage({
      viewport: { width: 1440, height: 900 },
    });
    await page.goto(portal!.baseUrl);
    await page.getByRole('button', { name: /^sign in as mei chen/i }).click();
    await page.getByRole('link', { name: 'Costs' }).first().click();
    const breakdown = await openCollectedCosts(page, portal!.baseUrl);
    // Unattributed cost is always shown, never hidden.
    await breakdown.getByText('Unattributed').waitFor();
    await page.screenshot({
      path: path.join(screenshotDir, 'costs-portfolio.png'),
      fullPage: true,
    });

    // The breakdown lists services by month to date, the most expensive first.
    const top = breakdown.locator('tbody tr').first().getByRole('link');
    const name = (await top.textContent())!;
    await top.click();
    await openEntityTab(page, 'costs');
    const prod = page.getByRole('region', { name: 'prod costs' });
    await prod.getByText('Month to date', { exact: false }).first().waitFor();
    // The service whose row was opened.
    await page.getByRole('heading', { name, exact: true }).first().waitFor();
    await page.screenshot({
      path: path.join(screenshotDir, 'costs-top-service.png'),
      fullPage: true,
    });
  }, 300_000);

  it('lets the SRE filter prod + high findings on the Security page and open one; a developer sees only her team’s', async () => {
    const page = await browser!.newPage({
      viewport: { width: 1440, height: 900 },
    });
    await page.goto(portal!.baseUrl);
    await page.getByRole('button', { name: /^sign in as sam okafor/i }).click();
    await page.getByRole('link', { name: 'Security' }).first().click();
    const findings = await openSyncedFindings(page, portal!.baseUrl);
    // prod's DR region has no detector in the sandbox: said so, never as "no findings".
    await page
      .getByRole('region', { name: 'prod security' })
      .getByText('GuardDuty off in 222222222222/eu-central-1', {
        exact: false,
      })
      .waitFor();
    await page.screenshot({
      path: path.join(screenshotDir, 'security-page.png'),
      fullPage: true,
    });

    await page.getByRole('combobox', { name: 'Environment' }).click();
    await page.getByRole('option', { name: 'prod', exact: true }).click();
    await page.getByRole('button', { name: 'High', exact: true }).click();
    await page.waitForURL(/environment=prod.*band=high/);
    const rows = await waitForRows(
      findings,
      lines =>
        lines.length > 0 &&
        lines.every(l => l.startsWith('High') && l.includes('prod')),
    );
    // The SRE sees every team's findings and the platform's (the sandbox's untagged debug task).
    expect(rows.some(l => l.includes('platform'))).toBe(true);
    const services = await findings
      .locator('tbody tr td a[href*="/catalog/"]')
      .allTextContents();
    expect(new Set(services).size).toBeGreaterThan(1);
    await page.screenshot({
      path: path.join(screenshotDir, 'security-prod-high.png'),
      fullPage: true,
    });

    await findings
      .locator('tbody tr')
      .first()
      .getByRole('rowheader')
      .getByRole('button')
      .click();
    const detail = page.getByRole('dialog');
    await detail.getByLabel("GuardDuty's finding as JSON").waitFor();
    await detail
      .getByLabel('Finding summary')
      .getByText('prod', { exact: true })
      .waitFor();
    await page.screenshot({
      path: path.join(screenshotDir, 'security-finding.png'),
    });
    await detail.getByRole('button', { name: 'Close' }).click();

    // The first prod + high finding attributed to a service: its Security tab.
    const service = findings
      .locator('tbody tr td a[href*="/catalog/"]')
      .first();
    await service.click();
    await openEntityTab(page, 'security');
    await page
      .getByRole('region', { name: 'prod findings' })
      .getByRole('table')
      .waitFor();
    await page.screenshot({
      path: path.join(screenshotDir, 'security-service-tab.png'),
      fullPage: true,
    });
    // The service's overview: its findings per environment, linking to the tab.
    await page.goto(page.url().replace(/\/security$/, ''));
    await page
      .getByRole('table', { name: 'Active findings per environment' })
      .waitFor();
    await page.screenshot({
      path: path.join(screenshotDir, 'security-service-overview.png'),
      fullPage: true,
    });

    await page.goto(`${portal!.baseUrl}/catalog/default/resource/prod`);
    await page
      .getByRole('group', { name: 'Active findings in prod by severity' })
      .waitFor();
    await page.screenshot({
      path: path.join(screenshotDir, 'security-environment-prod.png'),
      fullPage: true,
    });

    // Ana (team-storefront) sees her team's services' findings only, and no platform finding.
    const ana = await browser!.newPage({
      viewport: { width: 1440, height: 900 },
    });
    await ana.goto(portal!.baseUrl);
    await ana.getByRole('button', { name: /^sign in as ana lima/i }).click();
    await ana.getByRole('heading', { name: 'My team' }).waitFor();
    await ana.goto(`${portal!.baseUrl}/security`);
    await ana
      .getByText("This list shows the findings of your team's services only")
      .waitFor();
    const own = ana.getByRole('table', { name: 'Findings' });
    await own.locator('tbody tr').first().waitFor();
    const token = await demoToken(portal!.baseUrl, 'user:default/ana.lima');
    const team = await (
      await fetch(
        `${
          portal!.baseUrl
        }/api/catalog/entities/by-query?filter=kind=component,relations.ownedBy=group:default/team-storefront&limit=500`,
        { headers: { authorization: `Bearer ${token}` } },
      )
    ).json();
    const teamPaths = new Set(
      team.items.map(
        (e: { metadata: { name: string } }) =>
          `/catalog/default/component/${e.metadata.name}/security`,
      ),
    );
    const hrefs = await own
      .locator('tbody tr td a[href*="/catalog/"]')
      .evaluateAll(links => links.map(l => l.getAttribute('href')));
    const rowCount = await own.locator('tbody tr').count();
    expect(hrefs.length).toBe(rowCount);
    expect(hrefs.filter(h => !teamPaths.has(h))).toEqual([]);
    await ana.screenshot({
      path: path.join(screenshotDir, 'security-developer.png'),
      fullPage: true,
    });
  }, 300_000);
});

/**
 * Opens a component's Deployments tab and returns its prod region once the collector has stored
 * the prod targets (its first run starts 15 s after the backend; reload until then).
 */
async function openProdDeployments(
  page: Page,
  baseUrl: string,
  component: string,
) {
  const url = `${baseUrl}/catalog/default/component/${component}/deployments`;
  const prod = page.getByRole('region', { name: 'prod deployments' });
  const deadline = Date.now() + 90_000;
  for (;;) {
    await page.goto(url);
    try {
      // Until the collector's first run the tab says "not collected yet", with no region.
      await prod.waitFor({ timeout: 10_000 });
      await prod
        .getByRole('button', { name: 'Roll back' })
        .first()
        .waitFor({ timeout: 5_000 });
      return prod;
    } catch (error) {
      if (Date.now() > deadline) {
        throw error;
      }
    }
  }
}

/**
 * Opens the Availability page and returns its table once the availability collector has measured
 * the portfolio (its first cycle after the catalog has the demo components; reload until then).
 */
async function openMeasuredPortfolio(page: Page, baseUrl: string) {
  const table = page.getByRole('table', {
    name: 'Availability by service and environment',
  });
  const deadline = Date.now() + 180_000;
  for (;;) {
    try {
      await table
        .getByRole('link', { name: 'Payments gateway' })
        .first()
        .waitFor({ timeout: 10_000 });
      return table;
    } catch (error) {
      if (Date.now() > deadline) {
        throw error;
      }
      await page.goto(`${baseUrl}/availability`);
    }
  }
}

/**
 * Opens the Costs page and returns its breakdown table once the costs collector's first refresh
 * has stored the demo's costs (reload until then).
 */
async function openCollectedCosts(page: Page, baseUrl: string) {
  const breakdown = page.getByRole('table', { name: /^Costs by / });
  const deadline = Date.now() + 180_000;
  for (;;) {
    try {
      await breakdown
        .locator('tbody tr')
        .first()
        .getByRole('link')
        .waitFor({ timeout: 10_000 });
      return breakdown;
    } catch (error) {
      if (Date.now() > deadline) {
        throw error;
      }
      await page.goto(`${baseUrl}/costs`);
    }
  }
}

/**
 * Opens the Security page and returns its findings table once the security collector's first sync
 * has stored GuardDuty's findings (reload until then).
 */
async function openSyncedFindings(page: Page, baseUrl: string) {
  const findings = page.getByRole('table', { name: 'Findings' });
  const deadline = Date.now() + 180_000;
  for (;;) {
    try {
      await findings
        .locator('tbody tr')
        .first()
        .getByRole('rowheader')
        .getByRole('button')
        .waitFor({ timeout: 10_000 });
      return findings;
    } catch (error) {
      if (Date.now() > deadline) {
        throw error;
      }
      await page.goto(`${baseUrl}/security`);
    }
  }
}

/** The table's body rows as text, once they satisfy the predicate (after a filter's request). */
async function waitForRows(
  table: Locator,
  predicate: (lines: string[]) => boolean,
  timeoutMs = 15_000,
): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const lines = await table.locator('tbody tr').allTextContents();
    if (predicate(lines)) {
      return lines;
    }
    if (Date.now() > deadline) {
      throw new Error(`rows never matched: ${JSON.stringify(lines)}`);
    }
    await new Promise(r => setTimeout(r, 250));
  }
}

/** After a link to an entity's page: that entity's tab, e.g. `costs`. */
async function openEntityTab(page: Page, tab: string) {
  await page.waitForURL(/\/catalog\/[^/]+\/[^/]+\/[^/?#]+/);
  const entity = new URL(page.url()).pathname.match(
    /^\/catalog\/[^/]+\/[^/]+\/[^/]+/,
  )![0];
  if (!new URL(page.url()).pathname.endsWith(`/${tab}`)) {
    await page.goto(new URL(`${entity}/${tab}`, page.url()).toString());
  }
}
