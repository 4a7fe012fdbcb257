import { render, screen } from '@testing-library/react';
import App from './App';

function renderApp(extraConfig: object) {
  process.env = {
    NODE_ENV: 'test',
    APP_CONFIG: [
      {
        data: {
          app: { title: 'Shipyard', baseUrl: 'http://localhost:3000' },
          backend: { baseUrl: 'http://localhost:7007' },
          techdocs: {
            storageUrl: 'http://localhost:7007/api/techdocs/static/docs',
          },
          ...extraConfig,
        },
        context: 'test',
      },
    ] as any,
  };
  return render(App.createRoot());
}

describe('App', () => {
  let fetchMock: jest.SpyInstance;

  beforeEach(() => {
    window.sessionStorage.clear();
    // No backend in unit tests: every request is answered as signed out.
    fetchMock = jest.spyOn(global, 'fetch').mockResolvedValue({
      ok: false,
      status: 401,
      statusText: 'Unauthorized',
      headers: new Headers(),
      text: async () => '',
      json: async () => ({}),
    } as unknown as Response);
  });

  afterEach(() => fetchMock.mockRestore());

  // createApp reads its configuration once per module, so this file can only
  // render one configuration; ShipyardSignInPage.test.tsx covers the others.
  it('starts at the demo persona picker when demo sign-in is configured', async () => {
    renderApp({
      shipyard: {
        demoSignIn: {
          users: [
            {
              userRef: 'user:default/ana.lima',
              persona: 'developer',
              title: 'Ana Lima',
              description: 'Developer on the storefront team',
            },
          ],
        },
      },
    });

    expect(
      await screen.findByRole(
        'button',
        { name: 'Sign in as Ana Lima' },
        { timeout: 10_000 },
      ),
    ).toBeInTheDocument();
  });
});
