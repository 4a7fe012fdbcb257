import {
  createSandboxServer,
  type SandboxServer,
} from '../server/createSandboxServer';
import { createGitlabService, type GitlabService } from './createGitlabService';

const REDIRECT = 'http://localhost:7007/api/auth/gitlab/handler/frame';

describe('GitLab stand-in OAuth', () => {
  let now: Date;
  let server: SandboxServer;
  let gitlab: GitlabService;

  beforeEach(async () => {
    now = new Date('2026-03-02T09:30:00Z');
    gitlab = createGitlabService();
    server = await createSandboxServer({
      port: 0,
      now: () => now,
      httpServices: [gitlab],
    });
  });

  afterEach(async () => {
    await server.close();
    await gitlab.close();
  });

  async function authorize(
    params: Record<string, string> = {},
    headers: Record<string, string> = {},
  ) {
    const url = new URL(`${server.url}/gitlab/oauth/authorize`);
    for (const [k, v] of Object.entries({
      client_id: 'backstage',
      redirect_uri: REDIRECT,
      response_type: 'code',
      scope: 'read_user api',
      state: 'opaque-state',
      ...params,
    })) {
      url.searchParams.set(k, v);
    }
    const response = await fetch(url, { redirect: 'manual', headers });
    return response;
  }

  async function codeFor(params: Record<string, string> = {}, headers = {}) {
    const response = await authorize(params, headers);
    expect(response.status).toBe(302);
    const location = new URL(response.headers.get('location')!);
    expect(`${location.origin}${location.pathname}`).toBe(REDIRECT);
    expect(location.searchParams.get('state')).toBe('opaque-state');
    return location.searchParams.get('code')!;
  }

  /** As node-oauth (passport-gitlab2) posts it: a form with the client's credentials. */
  function tokenRequest(params: Record<string, string>) {
    return fetch(`${server.url}/gitlab/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        client_id: 'backstage',
        client_secret: 'anything',
        ...params,
      }),
    });
  }

  const currentUser = (token: string) =>
    fetch(`${server.url}/gitlab/api/v4/user`, {
      headers: { authorization: `Bearer ${token}` },
    });

  it('approves the named user at once and the token acts as that user', async () => {
    const code = await codeFor({ login: 'mei.chen' });
    const response = await tokenRequest({
      grant_type: 'authorization_code',
      code,
      redirect_uri: REDIRECT,
    });
    expect(response.status).toBe(200);
    const tokens = await response.json();
    expect(tokens).toMatchObject({
      token_type: 'Bearer',
      expires_in: 7200,
      scope: 'read_user api',
    });
    const user = await currentUser(tokens.access_token).then(r => r.json());
    expect(user).toMatchObject({ username: 'mei.chen', name: 'Mei Chen' });
    // A code is redeemed once.
    const again = await tokenRequest({
      grant_type: 'authorization_code',
      code,
      redirect_uri: REDIRECT,
    });
    expect(again.status).toBe(400);
    expect((await again.json()).error).toBe('invalid_grant');
  });

  it('signs in as ana.lima by default, or as the browser session set by sign_in', async () => {
    const exchange = async (code: string) =>
      (
        await tokenRequest({
          grant_type: 'authorization_code',
          code,
          redirect_uri: REDIRECT,
        }).then(r => r.json())
      ).access_token;
    const byDefault = await exchange(await codeFor());
    expect((await currentUser(byDefault).then(r => r.json())).username).toBe(
      'ana.lima',
    );
    const signIn = await fetch(
      `${server.url}/gitlab/users/sign_in?login=jonas.weber`,
      { redirect: 'manual' },
    );
    expect(signIn.status).toBe(302);
    const cookie = signIn.headers.get('set-cookie')!.split(';')[0];
    const asSession = await exchange(await codeFor({}, { cookie }));
    expect((await currentUser(asSession).then(r => r.json())).username).toBe(
      'jonas.weber',
    );
  });

  it('refreshes a token, rotating the refresh token, and expires access tokens after two hours', async () => {
    const first = await tokenRequest({
      grant_type: 'authorization_code',
      code: await codeFor({ login: 'sam.okafor' }),
      redirect_uri: REDIRECT,
    }).then(r => r.json());
    now = new Date(now.getTime() + 7200 * 1000);
    const expired = await currentUser(first.access_token);
    expect(expired.status).toBe(401);
    expect((await expired.json()).error).toBe('invalid_token');

    const refreshed = await tokenRequest({
      grant_type: 'refresh_token',
      refresh_token: first.refresh_token,
    }).then(r => r.json());
    expect(refreshed.refresh_token).not.toBe(first.refresh_token);
    expect(
      (await currentUser(refreshed.access_token).then(r => r.json())).username,
    ).toBe('sam.okafor');
    const reused = await tokenRequest({
      grant_type: 'refresh_token',
      refresh_token: first.refresh_token,
    });
    expect(reused.status).toBe(400);
    expect((await reused.json()).error).toBe('invalid_grant');
  });

  it('refuses a code for another redirect uri or client, and unknown grants and users', async () => {
    const wrongRedirect = await tokenRequest({
      grant_type: 'authorization_code',
      code: await codeFor(),
      redirect_uri: 'http://elsewhere/callback',
    });
    expect(wrongRedirect.status).toBe(400);
    const wrongClient = await tokenRequest({
      grant_type: 'authorization_code',
      code: await codeFor(),
      redirect_uri: REDIRECT,
      client_id: 'another-app',
    });
    expect((await wrongClient.json()).error).toBe('invalid_grant');
    const password = await tokenRequest({ grant_type: 'password' });
    expect((await password.json()).error).toBe('unsupported_grant_type');
    expect((await authorize({ login: 'nobody' })).status).toBe(400);
    expect((await authorize({ redirect_uri: 'not a url' })).status).toBe(400);
    const badType = await authorize({ response_type: 'token' });
    expect(
      new URL(badType.headers.get('location')!).searchParams.get('error'),
    ).toBe('unsupported_response_type');
  });
});
