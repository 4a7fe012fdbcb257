import { mockApis, renderTestApp } from '@backstage/frontend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import homePlugin from '@backstage/plugin-home/alpha';
import searchPlugin from '@backstage/plugin-search/alpha';
import { availabilityApiRef } from '@internal/plugin-availability';
import { deploymentsApiRef } from '@internal/plugin-deployments';
import { DeploymentsClient } from '@internal/plugin-deployments-common';
import { screen } from '@testing-library/react';
import { homeModule } from './homeModule';

describe('homeModule', () => {
  it('replaces the stock home grid with the three audience sections and drops the toy widgets', async () => {
    renderTestApp({
      features: [catalogPlugin, homePlugin, searchPlugin, homeModule],
      initialRouteEntries: ['/home'],
      apis: [
        mockApis.identity({
          userEntityRef: 'user:default/ana.lima',
          ownershipEntityRefs: ['user:default/ana.lima'],
          displayName: 'Ana Lima',
        }),
        catalogApiMock({ entities: [] }),
        [
          deploymentsApiRef,
          {
            listOperations: async () => ({ items: [] }),
          } as Partial<DeploymentsClient> as DeploymentsClient,
        ],
        [
          availabilityApiRef,
          {
            getPortfolio: async () => ({
              range: { period: '30d', start: '', end: '' },
              freshness: { stale: true },
              rows: [],
            }),
          } as Partial<
            typeof availabilityApiRef.T
          > as typeof availabilityApiRef.T,
        ],
      ],
    });

    // The page and its layout load lazily, which is slow on a cold test run.
    expect(
      await screen.findByRole(
        'heading',
        { name: 'Welcome back, Ana' },
        { timeout: 10_000 },
      ),
    ).toBeInTheDocument();
    expect(
      screen
        .getAllByRole('heading', { level: 2 })
        .map(heading => heading.textContent),
    ).toEqual([
      'My team',
      'Portfolio health',
      'Recent operations',
      'Shortcuts',
    ]);

    // The search plugin's search bar sits under the greeting, above the sections.
    const searchBox = await screen.findByRole('textbox', {
      name: /search/i,
    });
    const myTeam = screen.getByRole('heading', { name: 'My team' });
    expect(
      searchBox.compareDocumentPosition(myTeam) &
        Node.DOCUMENT_POSITION_FOLLOWING,
    ).toBeTruthy();

    // Starred entities is the one stock widget kept; it renders under Shortcuts.
    expect(
      await screen.findByText('Your Starred Entities'),
    ).toBeInTheDocument();
    expect(screen.queryByText('Random Joke')).not.toBeInTheDocument();
    expect(screen.queryByText('World Clocks')).not.toBeInTheDocument();
    expect(screen.queryByText('Toolkit')).not.toBeInTheDocument();
    expect(screen.queryByText('Most Visited')).not.toBeInTheDocument();
  });
});
