import { renderInTestApp } from '@backstage/frontend-test-utils';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { screen, within } from '@testing-library/react';
import { checkoutApi, responseError } from '@internal/shipyard-react/testing';
import { availabilityApiRef } from '../../api/availabilityApiRef';
import {
  componentAvailability,
  mockAvailabilityApi,
} from '../../testing/fixtures';
import { AvailabilityOverviewCard } from './AvailabilityOverviewCard';

function renderCard(
  setup: (mocks: ReturnType<typeof mockAvailabilityApi>['mocks']) => void,
) {
  const { api, mocks } = mockAvailabilityApi();
  setup(mocks);
  renderInTestApp(
    <EntityProvider entity={checkoutApi}>
      <AvailabilityOverviewCard />
    </EntityProvider>,
    {
      apis: [[availabilityApiRef, api]],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    },
  );
  return mocks;
}

describe('AvailabilityOverviewCard', () => {
  it('shows the 30-day headline per environment, prod first, and links to the tab', async () => {
    const mocks = renderCard(m =>
      m.getComponentAvailability.mockResolvedValue(componentAvailability()),
    );
    const table = within(
      await screen.findByRole('table', {
        name: 'Availability per environment',
      }),
    );
    expect(mocks.getComponentAvailability).toHaveBeenCalledWith({
      path: { namespace: 'default', kind: 'component', name: 'checkout-api' },
      query: { period: '30d' },
    });
    const rows = table
      .getAllByRole('row')
      .slice(1)
      .map(row =>
        [...row.querySelectorAll('th, td')].map(cell => cell.textContent),
      );
    expect(rows).toEqual([
      ['prod', '99.81 %', '99.9 %', '\u221289 %', 'Breaching'],
      ['staging', '99.81 %', '99 %', '\u221289 %', 'Healthy'],
      ['dev', '99.81 %', '—', '\u221289 %', 'No target'],
    ]);
    expect(
      screen.getByRole('link', { name: /Availability tab/ }),
    ).toHaveAttribute(
      'href',
      '/catalog/default/component/checkout-api/availability',
    );
  });

  it('says when the service is not measured yet', async () => {
    renderCard(m =>
      m.getComponentAvailability.mockResolvedValue(
        componentAvailability({ environments: [] }),
      ),
    );
    expect(
      await screen.findByText(
        'Not measured yet: the availability collector runs every 5 minutes.',
      ),
    ).toBeInTheDocument();
  });

  it('shows a progress bar while loading', async () => {
    renderCard(m =>
      m.getComponentAvailability.mockReturnValue(new Promise(() => {})),
    );
    expect(
      await screen.findByRole('progressbar', { name: 'Loading availability' }),
    ).toBeInTheDocument();
  });

  it('shows the server’s error', async () => {
    const error = await responseError(
      503,
      'ServiceUnavailableError',
      'database is down',
    );
    renderCard(m => m.getComponentAvailability.mockRejectedValue(error));
    expect(
      await screen.findByText('Could not load availability: database is down'),
    ).toBeInTheDocument();
  });
});
