import { renderInTestApp } from '@backstage/frontend-test-utils';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { checkoutApi, responseError } from '@internal/shipyard-react/testing';
import { securityApiRef } from '../../api/securityApiRef';
import {
  componentSecurity,
  finding,
  findingSummary,
  mockSecurityApi,
} from '../../testing/fixtures';
import { SecurityContent } from './SecurityContent';

function renderTab(
  setup: (mocks: ReturnType<typeof mockSecurityApi>['mocks']) => void,
) {
  const { api, mocks } = mockSecurityApi();
  setup(mocks);
  renderInTestApp(
    <EntityProvider entity={checkoutApi}>
      <SecurityContent />
    </EntityProvider>,
    {
      apis: [[securityApiRef, api]],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    },
  );
  return mocks;
}

describe('SecurityContent', () => {
  it('shows the service’s findings per environment, prod first, active before archived', async () => {
    const mocks = renderTab(m =>
      m.getComponentSecurity.mockResolvedValue(componentSecurity()),
    );
    const prod = within(
      await screen.findByRole('region', { name: 'prod findings' }),
    );
    expect(mocks.getComponentSecurity).toHaveBeenCalledWith({
      path: { namespace: 'default', kind: 'component', name: 'checkout-api' },
    });
    expect(
      screen
        .getAllByRole('region', { name: / findings$/ })
        .map(r => r.getAttribute('aria-label')),
    ).toEqual(['prod findings', 'staging findings', 'dev findings']);
    expect(prod.getByLabelText('Critical: 1')).toBeInTheDocument();
    expect(prod.getByLabelText('High: 1')).toBeInTheDocument();
    const rows = within(prod.getByRole('table', { name: 'Findings in prod' }))
      .getAllByRole('rowheader')
      .map(r => r.textContent);
    expect(rows).toEqual([
      'AttackSequence:ECS/CompromisedClusterA sequence of actions indicates a compromised ECS cluster.',
      'Runtime:Container/ReverseShellA container opened a reverse shell.',
      'Execution:Runtime/NewBinaryExecutedArchivedA newly created or recently modified binary was executed in a container.',
    ]);
    // One service's tab: no service or environment column.
    expect(
      prod.queryByRole('columnheader', { name: 'Service' }),
    ).not.toBeInTheDocument();

    const staging = within(
      screen.getByRole('region', { name: 'staging findings' }),
    );
    expect(
      staging.getByText('No active findings in staging.'),
    ).toBeInTheDocument();
    const dev = within(screen.getByRole('region', { name: 'dev findings' }));
    expect(
      dev.getByText(/^GuardDuty off in 111111111111\/eu-west-1/),
    ).toBeInTheDocument();
    expect(dev.queryByRole('table')).not.toBeInTheDocument();
    expect(dev.queryByRole('group')).not.toBeInTheDocument();
  });

  it('opens a finding’s detail from its row', async () => {
    const mocks = renderTab(m => {
      m.getComponentSecurity.mockResolvedValue(componentSecurity());
      m.getSecurityFinding.mockResolvedValue(
        finding(findingSummary({ id: 'h1' }), { id: 'h1', service: {} }),
      );
    });
    const prod = within(
      await screen.findByRole('region', { name: 'prod findings' }),
    );
    await userEvent.click(
      prod.getByText('A container opened a reverse shell.'),
    );
    const dialog = within(
      await screen.findByRole('dialog', {
        name: 'Runtime:Container/ReverseShell',
      }),
    );
    expect(mocks.getSecurityFinding).toHaveBeenCalledWith({
      path: { findingId: 'h1' },
    });
    expect(
      JSON.parse(
        (await dialog.findByLabelText("GuardDuty's finding as JSON"))
          .textContent!,
      ),
    ).toEqual({ id: 'h1', service: {} });
    await userEvent.click(dialog.getByRole('button', { name: 'Close' }));
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
  });

  it('shows counts only to a caller who may not read the findings', async () => {
    renderTab(m =>
      m.getComponentSecurity.mockResolvedValue(
        componentSecurity({ details: false, findings: undefined }),
      ),
    );
    expect(
      await screen.findByText(
        'Finding details are visible to owners, SREs and the security team.',
      ),
    ).toBeInTheDocument();
    const prod = within(screen.getByRole('region', { name: 'prod findings' }));
    expect(prod.getByLabelText('Critical: 1')).toBeInTheDocument();
    expect(prod.queryByRole('table')).not.toBeInTheDocument();
    expect(prod.queryByText(/No active findings/)).not.toBeInTheDocument();
  });

  it('says who may see the findings when the server refuses (403)', async () => {
    const error = await responseError(
      403,
      'NotAllowedError',
      'You may not read the findings of component:default/checkout-api',
    );
    renderTab(m => m.getComponentSecurity.mockRejectedValue(error));
    expect(
      await screen.findByText('You cannot see these findings'),
    ).toBeInTheDocument();
  });

  it('shows other errors with the server’s message', async () => {
    const error = await responseError(500, 'Error', 'database is down');
    renderTab(m => m.getComponentSecurity.mockRejectedValue(error));
    expect(
      await screen.findByText(/Could not load the findings of checkout-api/),
    ).toBeInTheDocument();
    expect(screen.getByText(/database is down/)).toBeInTheDocument();
  });

  it('says when GuardDuty has nothing for the service yet', async () => {
    renderTab(m =>
      m.getComponentSecurity.mockResolvedValue(
        componentSecurity({ environments: [], findings: [] }),
      ),
    );
    expect(
      await screen.findByText('No GuardDuty data for checkout-api yet'),
    ).toBeInTheDocument();
  });
});
