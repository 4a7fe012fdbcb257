import { renderInTestApp } from '@backstage/frontend-test-utils';
import { IdentityApi } from '@backstage/frontend-plugin-api';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ShipyardSignInPage } from './ShipyardSignInPage';

const baseConfig = {
  app: { title: 'Shipyard', baseUrl: 'http://localhost:3000' },
  backend: { baseUrl: 'http://localhost:7007' },
};

function renderSignInPage(
  onSignInSuccess: (identityApi: IdentityApi) => void,
  shipyard?: object,
) {
  return renderInTestApp(
    <ShipyardSignInPage onSignInSuccess={onSignInSuccess} />,
    { config: { ...baseConfig, ...(shipyard && { shipyard }) } },
  );
}

const users = [
  {
    userRef: 'user:default/ana.lima',
    persona: 'developer',
    title: 'Ana Lima',
    description: 'Developer on the storefront team',
  },
  {
    userRef: 'user:default/sam.okafor',
    persona: 'sre',
    title: 'Sam Okafor',
    description: 'SRE in Platform & SRE',
  },
  {
    userRef: 'user:default/mei.chen',
    persona: 'manager',
    title: 'Mei Chen',
    description: 'Engineering manager',
  },
];

const demoConfig = { demoSignIn: { users } };

function sessionFor(userEntityRef: string) {
  return {
    profile: { displayName: 'Ana Lima', email: 'ana.lima@example.com' },
    backstageIdentity: {
      // No exp claim: the identity falls back to a default expiry.
      token: 'header.e30.signature',
      identity: {
        type: 'user',
        userEntityRef,
        ownershipEntityRefs: [userEntityRef, 'group:default/team-storefront'],
      },
    },
  };
}

function jsonResponse(status: number, body: unknown) {
  return {
    ok: status >= 200 && status < 300,
    status,
    statusText: status === 200 ? 'OK' : 'Unauthorized',
    headers: new Headers({ 'content-type': 'application/json' }),
    json: async () => body,
    text: async () => JSON.stringify(body),
  } as unknown as Response;
}

function headerSent(call: unknown[], name: string) {
  const init = call[1] as RequestInit;
  return new Headers(init.headers).get(name);
}

describe('ShipyardSignInPage', () => {
  let fetchMock: jest.SpyInstance;

  beforeEach(() => {
    window.sessionStorage.clear();
    fetchMock = jest.spyOn(global, 'fetch');
  });

  afterEach(() => {
    fetchMock.mockRestore();
  });

  it('lists one card per configured demo user with what their persona can do', async () => {
    renderSignInPage(jest.fn(), demoConfig);

    const ana = await screen.findByRole('region', { name: 'Ana Lima' });
    expect(within(ana).getByText('Developer')).toBeInTheDocument();
    expect(
      within(ana).getByText("My team's services and templates"),
    ).toBeInTheDocument();
    expect(
      within(ana).getByText('Developer on the storefront team'),
    ).toBeInTheDocument();

    const sam = screen.getByRole('region', { name: 'Sam Okafor' });
    expect(within(sam).getByText('SRE')).toBeInTheDocument();
    expect(
      within(sam).getByText('Operate every environment, roll back'),
    ).toBeInTheDocument();

    const mei = screen.getByRole('region', { name: 'Mei Chen' });
    expect(within(mei).getByText('Manager')).toBeInTheDocument();
    expect(
      within(mei).getByText('Portfolio health, read only'),
    ).toBeInTheDocument();

    expect(
      screen.getAllByRole('button', { name: /^Sign in as / }),
    ).toHaveLength(3);
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('signs in through the demo provider with the chosen user in the header', async () => {
    fetchMock.mockResolvedValue(
      jsonResponse(200, sessionFor('user:default/sam.okafor')),
    );
    const onSignInSuccess = jest.fn();
    renderSignInPage(onSignInSuccess, demoConfig);

    await userEvent.click(
      await screen.findByRole('button', { name: 'Sign in as Sam Okafor' }),
    );

    await waitFor(() => expect(onSignInSuccess).toHaveBeenCalledTimes(1));
    expect(fetchMock).toHaveBeenCalledTimes(1);
    expect(String(fetchMock.mock.calls[0][0])).toBe(
      'http://localhost:7007/api/auth/demo/refresh',
    );
    expect(headerSent(fetchMock.mock.calls[0], 'x-shipyard-demo-user')).toBe(
      'user:default/sam.okafor',
    );

    const identityApi: IdentityApi = onSignInSuccess.mock.calls[0][0];
    await expect(identityApi.getBackstageIdentity()).resolves.toMatchObject({
      userEntityRef: 'user:default/sam.okafor',
    });
    await expect(identityApi.getCredentials()).resolves.toEqual({
      token: 'header.e30.signature',
    });
  });

  it('signs the remembered user in again after a reload, without the picker', async () => {
    window.sessionStorage.setItem(
      'shipyard.demoSignIn.userRef',
      'user:default/mei.chen',
    );
    fetchMock.mockResolvedValue(
      jsonResponse(200, sessionFor('user:default/mei.chen')),
    );
    const onSignInSuccess = jest.fn();
    renderSignInPage(onSignInSuccess, demoConfig);

    await waitFor(() => expect(onSignInSuccess).toHaveBeenCalledTimes(1));
    expect(headerSent(fetchMock.mock.calls[0], 'x-shipyard-demo-user')).toBe(
      'user:default/mei.chen',
    );
    expect(
      screen.queryByRole('button', { name: /^Sign in as / }),
    ).not.toBeInTheDocument();
  });

  it('ignores a remembered user that is no longer configured', async () => {
    window.sessionStorage.setItem(
      'shipyard.demoSignIn.userRef',
      'user:default/someone.else',
    );
    renderSignInPage(jest.fn(), demoConfig);

    expect(
      await screen.findAllByRole('button', { name: /^Sign in as / }),
    ).toHaveLength(3);
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('forgets the choice on sign-out, so that the picker shows again', async () => {
    fetchMock.mockResolvedValue(
      jsonResponse(200, sessionFor('user:default/ana.lima')),
    );
    const onSignInSuccess = jest.fn();
    renderSignInPage(onSignInSuccess, demoConfig);
    await userEvent.click(
      await screen.findByRole('button', { name: 'Sign in as Ana Lima' }),
    );
    await waitFor(() => expect(onSignInSuccess).toHaveBeenCalled());
    expect(window.sessionStorage.getItem('shipyard.demoSignIn.userRef')).toBe(
      'user:default/ana.lima',
    );

    const identityApi: IdentityApi = onSignInSuccess.mock.calls[0][0];
    await identityApi.signOut();

    expect(
      window.sessionStorage.getItem('shipyard.demoSignIn.userRef'),
    ).toBeNull();
  });

  it('explains a refused sign-in and offers to retry or pick someone else', async () => {
    fetchMock.mockResolvedValue(
      jsonResponse(401, {
        error: { name: 'NotAllowedError', message: 'Unknown demo user' },
        response: { statusCode: 401 },
      }),
    );
    renderSignInPage(jest.fn(), demoConfig);
    await userEvent.click(
      await screen.findByRole('button', { name: 'Sign in as Ana Lima' }),
    );

    expect(
      await screen.findByText('Could not sign in as Ana Lima'),
    ).toBeInTheDocument();
    expect(screen.getByText(/Unknown demo user/)).toBeInTheDocument();

    fetchMock.mockClear();
    await userEvent.click(screen.getByRole('button', { name: 'Try again' }));
    await waitFor(() => expect(fetchMock).toHaveBeenCalledTimes(1));
    expect(
      await screen.findByText('Could not sign in as Ana Lima'),
    ).toBeInTheDocument();

    await userEvent.click(
      screen.getByRole('button', { name: 'Choose another user' }),
    );
    expect(
      await screen.findAllByRole('button', { name: /^Sign in as / }),
    ).toHaveLength(3);
    expect(
      window.sessionStorage.getItem('shipyard.demoSignIn.userRef'),
    ).toBeNull();
  });

  it('offers GitLab sign-in when no demo users are configured', async () => {
    renderSignInPage(jest.fn());

    expect(
      await screen.findByText('Sign in with your GitLab account'),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: /^Sign in as / }),
    ).not.toBeInTheDocument();
  });

  it('reports a misconfigured persona instead of showing a broken picker', async () => {
    renderSignInPage(jest.fn(), {
      demoSignIn: { users: [{ ...users[0], persona: 'admin' }] },
    });

    expect(
      await screen.findByText('Sign-in is misconfigured'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/shipyard\.demoSignIn\.users\[0\]\.persona is 'admin'/),
    ).toBeInTheDocument();
  });
});
