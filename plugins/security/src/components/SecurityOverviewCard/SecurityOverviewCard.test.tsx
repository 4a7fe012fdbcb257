import { renderInTestApp } from '@backstage/frontend-test-utils';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { checkoutApi, responseError } from '@internal/shipyard-react/testing';
import { securityApiRef } from '../../api/securityApiRef';
import { componentSecurity, mockSecurityApi } from '../../testing/fixtures';
import { SecurityOverviewCard } from './SecurityOverviewCard';

function renderCard(
  setup: (mocks: ReturnType<typeof mockSecurityApi>['mocks']) => void,
) {
  const { api, mocks } = mockSecurityApi();
  setup(mocks);
  renderInTestApp(
    <EntityProvider entity={checkoutApi}>
      <SecurityOverviewCard />
    </EntityProvider>,
    {
      apis: [[securityApiRef, api]],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    },
  );
  return mocks;
}

describe('SecurityOverviewCard', () => {
  it('counts the active findings per environment, prod first, GuardDuty off as such, and links to the tab', async () => {
    renderCard(m =>
      m.getComponentSecurity.mockResolvedValue(componentSecurity()),
    );
    const table = within(
      await screen.findByRole('table', {
        name: 'Active findings per environment',
      }),
    );
    expect(
      table
        .getAllByRole('row')
        .slice(1)
        .map(r => r.textContent),
    ).toEqual(['prod1100', 'staging0000', 'devGuardDuty off————']);
    expect(screen.getByRole('link', { name: 'Security tab' })).toHaveAttribute(
      'href',
      '/catalog/default/component/checkout-api/security',
    );
  });

  it('says who may see the findings when the server refuses (403)', async () => {
    const refused = await responseError(403, 'NotAllowedError', 'no');
    renderCard(m => m.getComponentSecurity.mockRejectedValue(refused));
    expect(
      await screen.findByText(/^Only the owning team, SREs/),
    ).toBeInTheDocument();
  });

  it('shows an error with a retry', async () => {
    const error = await responseError(500, 'Error', 'database is down');
    const mocks = renderCard(m =>
      m.getComponentSecurity
        .mockRejectedValueOnce(error)
        .mockResolvedValue(componentSecurity()),
    );
    expect(
      await screen.findByText('Could not load the findings: database is down'),
    ).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(
      await screen.findByRole('table', {
        name: 'Active findings per environment',
      }),
    ).toBeInTheDocument();
    expect(mocks.getComponentSecurity).toHaveBeenCalledTimes(2);
  });
});
