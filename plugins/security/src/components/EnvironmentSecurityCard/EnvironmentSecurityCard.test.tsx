import { renderInTestApp } from '@backstage/frontend-test-utils';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { catalogEntity, responseError } from '@internal/shipyard-react/testing';
import { securityApiRef } from '../../api/securityApiRef';
import { rootRouteRef } from '../../routes';
import {
  detector,
  environmentSecurity,
  mockSecurityApi,
  overview,
} from '../../testing/fixtures';
import { EnvironmentSecurityCard } from './EnvironmentSecurityCard';

function renderCard(
  name: string,
  setup: (mocks: ReturnType<typeof mockSecurityApi>['mocks']) => void,
) {
  const { api, mocks } = mockSecurityApi();
  setup(mocks);
  renderInTestApp(
    <EntityProvider entity={catalogEntity('Resource', name, {}, 'environment')}>
      <EnvironmentSecurityCard />
    </EntityProvider>,
    {
      apis: [[securityApiRef, api]],
      mountedRoutes: {
        '/catalog/:namespace/:kind/:name': entityRouteRef,
        '/security': rootRouteRef,
      },
    },
  );
  return mocks;
}

describe('EnvironmentSecurityCard', () => {
  it('shows the environment’s counts, platform findings, top types and a link to its findings', async () => {
    const mocks = renderCard('prod', m =>
      m.getSecurityOverview.mockResolvedValue(
        overview({
          environments: [
            environmentSecurity({
              detectors: [
                detector(),
                detector({
                  region: 'eu-central-1',
                  status: 'error',
                  message: 'AccessDeniedException',
                }),
              ],
            }),
          ],
        }),
      ),
    );
    const counts = within(
      await screen.findByRole('group', {
        name: 'Active findings in prod by severity',
      }),
    );
    expect(mocks.getSecurityOverview).toHaveBeenCalledWith({
      query: { environment: 'prod' },
    });
    expect(counts.getByLabelText('High: 2')).toBeInTheDocument();
    expect(
      screen.getByText('1 platform finding (no service).'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        /^GuardDuty sync failed in 222222222222\/eu-central-1: AccessDeniedException/,
      ),
    ).toBeInTheDocument();
    expect(
      within(
        screen.getByRole('list', { name: 'Top finding types in prod' }),
      ).getAllByRole('listitem')[0],
    ).toHaveTextContent('Runtime:Container/ReverseShell4');
    expect(screen.getByRole('link', { name: 'All findings' })).toHaveAttribute(
      'href',
      '/security?environment=prod',
    );
  });

  it('says GuardDuty is off rather than showing zero findings', async () => {
    renderCard('dev', m => m.getSecurityOverview.mockResolvedValue(overview()));
    expect(
      await screen.findByText(/^GuardDuty off in 111111111111\/eu-west-1/),
    ).toBeInTheDocument();
    expect(screen.queryByRole('group')).not.toBeInTheDocument();
  });

  it('shows the error and loads again on retry', async () => {
    const error = await responseError(500, 'Error', 'database is down');
    const mocks = renderCard('prod', m =>
      m.getSecurityOverview
        .mockRejectedValueOnce(error)
        .mockResolvedValue(overview()),
    );
    expect(
      await screen.findByText(
        'Could not load the findings in prod: database is down',
      ),
    ).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(
      await screen.findByRole('group', {
        name: 'Active findings in prod by severity',
      }),
    ).toBeInTheDocument();
    expect(mocks.getSecurityOverview).toHaveBeenCalledTimes(2);
  });
});
