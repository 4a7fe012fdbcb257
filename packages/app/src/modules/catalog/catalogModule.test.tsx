import { mockApis, renderTestApp } from '@backstage/frontend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { screen, waitFor, within } from '@testing-library/react';
import { catalogModule } from './catalogModule';

const component = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'branch-inventory-worker',
    namespace: 'default',
    title: 'Branch inventory worker',
    description: 'Applies the stock movements of every branch',
    tags: ['kotlin', 'batch'],
  },
  spec: {
    type: 'worker',
    lifecycle: 'production',
    owner: 'group:default/team-storefront',
    system: 'storefront',
  },
  relations: [
    { type: 'ownedBy', targetRef: 'group:default/team-storefront' },
    { type: 'partOf', targetRef: 'system:default/storefront' },
  ],
};

describe('catalogModule', () => {
  it('shows the catalog page with its filters and the columns that fit beside them', async () => {
    renderTestApp({
      features: [catalogPlugin, catalogModule],
      initialRouteEntries: [
        '/catalog?filters[kind]=component&filters[user]=all',
      ],
      apis: [
        mockApis.identity({
          userEntityRef: 'user:default/ana.lima',
          ownershipEntityRefs: ['user:default/ana.lima'],
        }),
        catalogApiMock({ entities: [component] }),
      ],
    });

    await screen.findByRole(
      'link',
      { name: 'Branch inventory worker' },
      { timeout: 20_000 },
    );
    await waitFor(() =>
      expect(
        screen.getAllByRole('columnheader').map(header => header.textContent),
      ).toEqual(['Name', 'System', 'Owner', 'Type', 'Lifecycle', 'Actions']),
    );
    const row = screen
      .getByRole('link', { name: 'Branch inventory worker' })
      .closest('tr')!;
    expect(within(row).getByText('worker')).toBeInTheDocument();
    expect(within(row).queryByText('kotlin')).not.toBeInTheDocument();
    expect(
      within(row).queryByText('Applies the stock movements of every branch'),
    ).not.toBeInTheDocument();

    // The page's filter extensions still render beside the table; tags stay
    // a filter.
    expect(screen.getByText('Kind')).toBeInTheDocument();
    expect(await screen.findByText('Tags')).toBeInTheDocument();
  }, 30_000);
});
