import { renderTestApp } from '@backstage/frontend-test-utils';
import apiDocsPlugin from '@backstage/plugin-api-docs/alpha';
import appVisualizerPlugin from '@backstage/plugin-app-visualizer';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import catalogImportPlugin from '@backstage/plugin-catalog-import/alpha';
import homePlugin from '@backstage/plugin-home/alpha';
import scaffolderPlugin from '@backstage/plugin-scaffolder/alpha';
import searchPlugin from '@backstage/plugin-search/alpha';
import techdocsPlugin from '@backstage/plugin-techdocs/alpha';
import availabilityPlugin from '@internal/plugin-availability';
import costsPlugin from '@internal/plugin-costs';
import deploymentsPlugin from '@internal/plugin-deployments';
import securityPlugin from '@internal/plugin-security';
import userSettingsPlugin from '@backstage/plugin-user-settings/alpha';
import { screen, within } from '@testing-library/react';
import { navModule } from './index';

describe('navModule', () => {
  it('shows the Shipyard logo and only the pages people use daily, in order', async () => {
    renderTestApp({
      features: [
        homePlugin,
        catalogPlugin,
        deploymentsPlugin,
        availabilityPlugin,
        costsPlugin,
        securityPlugin,
        scaffolderPlugin,
        apiDocsPlugin,
        techdocsPlugin,
        searchPlugin,
        userSettingsPlugin,
        catalogImportPlugin,
        appVisualizerPlugin,
        navModule,
      ],
    });

    const nav = await screen.findByRole('navigation', { name: 'sidebar nav' });
    expect(
      within(nav).getByRole('link', { name: 'Shipyard home' }),
    ).toHaveTextContent('Shipyard');

    const labels = within(nav)
      .getAllByRole('link')
      .map(link => link.textContent)
      .filter(text => text !== 'Shipyard');
    expect(labels).toEqual([
      'Home',
      'Catalog',
      'Deployments',
      'Availability',
      'Costs',
      'Security',
      'Create',
      'APIs',
      'Docs',
      'Settings',
    ]);
    expect(within(nav).getByRole('button', { name: 'Search' })).toBeVisible();
  });
});
