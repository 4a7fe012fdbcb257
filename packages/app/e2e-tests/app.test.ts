import { test, expect } from '@playwright/test';

test('signs in as a demo persona and lands on the home page', async ({
  page,
}) => {
  await page.goto('/');

  await page.getByRole('button', { name: /^Sign in as Ana Lima/ }).click();

  await expect(page.getByRole('heading', { name: 'My team' })).toBeVisible();
  await expect(
    page.getByRole('heading', { name: 'Portfolio health' }),
  ).toBeVisible();

  const nav = page.getByRole('navigation', { name: 'sidebar nav' });
  for (const label of ['Home', 'Catalog', 'Create', 'APIs', 'Docs']) {
    await expect(
      nav.getByRole('link', { name: label, exact: true }),
    ).toBeVisible();
  }
});
