import { renderInTestApp } from '@backstage/frontend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import { screen } from '@testing-library/react';
import { RecentOperationsSection } from './RecentOperationsSection';

describe('RecentOperationsSection', () => {
  it('explains what will be listed and links to the catalog meanwhile', async () => {
    renderInTestApp(<RecentOperationsSection />, {
      mountedRoutes: { '/catalog': catalogPlugin.routes.catalogIndex },
    });

    expect(
      await screen.findByRole('heading', { name: 'Recent operations' }),
    ).toBeInTheDocument();
    expect(
      screen.getByText('No deployments or rollbacks recorded yet'),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: 'Browse the catalog' }),
    ).toHaveAttribute('href', '/catalog');
  });
});
