import path from 'node:path';
import type { Browser } from 'playwright-core';
import { launchBrowser } from './launchBrowser';
import { screenshotDir, startPortal, StartedPortal } from './startPortal';
import { demoToken } from './demoSignIn';

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

    const card = page.getByTestId('persona-user:default/ana.lima');
    await card.getByRole('button', { name: /sign in/i }).click();
    await page.getByRole('heading', { name: /my team/i }).waitFor();
    await page.screenshot({
      path: path.join(screenshotDir, 'home-developer.png'),
    });

    await page.goto(`${portal!.baseUrl}/catalog`);
    await page.getByRole('link', { name: 'catalog-api' }).waitFor();
    await expect(
      page.getByRole('link', { name: 'payments-gateway' }).count(),
    ).resolves.toBe(1);
    await page.screenshot({
      path: path.join(screenshotDir, 'catalog.png'),
      fullPage: true,
    });
  });

  it('denies a developer, on the server, a catalog mutation reserved for the platform team', async () => {
    const body = JSON.stringify({
      type: 'url',
      target: 'https://gitlab.example/x/catalog-info.yaml',
    });
    const post = (token: string) =>
      fetch(`${portal!.baseUrl}/api/catalog/locations?dryRun=true`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
        },
        body,
      });
    const developer = await post(
      await demoToken(portal!.baseUrl, 'user:default/ana.lima'),
    );
    expect(developer.status).toBe(403);
  });
});
