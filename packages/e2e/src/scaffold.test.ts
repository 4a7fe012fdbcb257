import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from './__testUtils__/launchBrowser';
import {
  screenshotDir,
  startPortal,
  StartedPortal,
} from './__testUtils__/startPortal';
import { demoToken } from './__testUtils__/demoSignIn';

jest.setTimeout(180_000);

/** What the sandbox's GitLab stand-in recorded: who did what to which project. */
type GitlabEvent = { actor: string; action: string; project?: string };

async function signIn(page: Page, baseUrl: string, persona: RegExp) {
  await page.goto(baseUrl);
  await page.getByRole('button', { name: persona }).click();
  await page.getByRole('heading', { name: 'My team' }).waitFor();
}

describe('scaffolding a service from the portal', () => {
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

  it('lets the developer create an ECS service, publish it with her own GitLab account and open it in the catalog', async () => {
    const page = await browser!.newPage({
      viewport: { width: 1440, height: 1000 },
    });
    await signIn(page, portal!.baseUrl, /^sign in as ana lima/i);

    await page.goto(`${portal!.baseUrl}/create`);
    await page
      .locator('.MuiCard-root')
      .filter({ hasText: 'Node.js service on ECS (Fargate)' })
      .getByRole('button', { name: /choose/i })
      .click();

    // The service: her only team is the owner, picked for her.
    await page.getByLabel('Name').first().fill('basket-api');
    await page
      .getByLabel('Description')
      .first()
      .fill('Keeps what shoppers put in their basket.');
    await page.getByLabel('System').first().click();
    await page
      .getByRole('option', { name: /storefront/i })
      .first()
      .click();
    await page.getByRole('button', { name: 'Next' }).click();

    // Where it runs: every configured environment with an ECS cluster, ticked, in tier order.
    const boxes = page.getByRole('checkbox');
    await page.getByRole('checkbox', { name: 'Production' }).waitFor();
    expect(
      await boxes.evaluateAll(els =>
        els.map(el => [
          el.getAttribute('aria-label'),
          (el as HTMLInputElement).checked,
        ]),
      ),
    ).toEqual([
      ['Development', true],
      ['Staging', true],
      ['Production', true],
    ]);
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByRole('button', { name: 'Next' }).click();

    // The repository: GitLab asks who she is (the stand-in approves at once, as ana.lima).
    const popup = page.waitForEvent('popup');
    await page.getByRole('button', { name: /log in/i }).click();
    await (await popup).waitForEvent('close');
    await page.getByLabel('GitLab group').click();
    await page.getByRole('option', { name: 'northwind/storefront' }).click();
    // The project is the service's name in the picked group, on the configured GitLab.
    await page.getByText(/\/northwind\/storefront\/basket-api$/).waitFor();
    await page.getByRole('button', { name: 'Review' }).click();
    await page.screenshot({
      path: path.join(screenshotDir, 'scaffold-review.png'),
      fullPage: true,
    });

    await page.getByRole('button', { name: 'Create' }).click();
    const openInCatalog = page.getByRole('link', { name: /open in catalog/i });
    await openInCatalog.waitFor({ timeout: 60_000 });
    await page.screenshot({
      path: path.join(screenshotDir, 'scaffold-task.png'),
      fullPage: true,
    });

    // The project and its CI/CD variables were created with her token, not the portal's.
    const events: GitlabEvent[] = await (
      await fetch(`${portal!.sandboxUrl}/gitlab/-/sandbox/events`)
    ).json();
    const onProject = events.filter(
      e => e.project === 'northwind/storefront/basket-api',
    );
    expect(onProject.length).toBeGreaterThan(0);
    expect(new Set(onProject.map(e => e.actor))).toEqual(new Set(['ana.lima']));

    await openInCatalog.click();
    // The location is registered when the task ends; the catalog processes it a moment later,
    // and the entity page does not reload by itself until then.
    const runsIn = page.getByText(
      'AWS resources tagged shipyard:component=basket-api',
    );
    const deadline = Date.now() + 60_000;
    for (;;) {
      try {
        await runsIn.waitFor({ timeout: 10_000 });
        break;
      } catch (error) {
        if (Date.now() > deadline) throw error;
        await page.reload();
      }
    }
    await page.getByRole('heading', { name: 'basket-api' }).first().waitFor();
    await page.screenshot({
      path: path.join(screenshotDir, 'scaffold-entity.png'),
      fullPage: true,
    });
  });

  it('does not let the manager run a template: no Choose button, and the server refuses', async () => {
    const page = await browser!.newPage({
      viewport: { width: 1440, height: 1000 },
    });
    await signIn(page, portal!.baseUrl, /^sign in as mei chen/i);
    await page.goto(`${portal!.baseUrl}/create`);
    await page.getByText('Node.js service on ECS (Fargate)').waitFor();
    await expect(
      page.getByRole('button', { name: /choose/i }).count(),
    ).resolves.toBe(0);

    const token = await demoToken(portal!.baseUrl, 'user:default/mei.chen');
    const res = await fetch(`${portal!.baseUrl}/api/scaffolder/v2/tasks`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({
        templateRef: 'template:default/ecs-service',
        values: { name: 'reports-api' },
        secrets: {},
      }),
    });
    expect(res.status).toBe(403);
  });
});
