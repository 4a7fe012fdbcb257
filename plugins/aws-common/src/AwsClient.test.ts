import { ResponseError } from '@backstage/errors';
import { AwsClient } from './schema/openapi/generated';

const path = {
  kind: 'component',
  namespace: 'default',
  name: 'checkout-api',
};

function json(body: unknown, init?: ResponseInit): Response {
  return new Response(JSON.stringify(body), {
    ...init,
    headers: { 'content-type': 'application/json', ...init?.headers },
  });
}

describe('AwsClient, generated from the aws plugin spec', () => {
  const fetchImpl = jest.fn<
    Promise<Response>,
    [RequestInfo | URL, RequestInit?]
  >();
  const api = new AwsClient({
    discoveryApi: { getBaseUrl: async id => `http://backend/api/${id}` },
    fetchApi: { fetch: fetchImpl as typeof fetch },
  });

  beforeEach(() => fetchImpl.mockReset());

  it("reads the environments and a component's resources from the aws plugin", async () => {
    fetchImpl.mockResolvedValueOnce(
      json({ items: [{ name: 'dev', tier: 'dev', accounts: [] }] }),
    );
    fetchImpl.mockResolvedValueOnce(
      json({ entityRef: 'component:default/checkout-api', items: [] }),
    );

    await expect(api.getEnvironments()).resolves.toEqual({
      items: [{ name: 'dev', tier: 'dev', accounts: [] }],
    });
    await expect(api.getComponentResources({ path })).resolves.toEqual({
      entityRef: 'component:default/checkout-api',
      items: [],
    });
    expect(
      fetchImpl.mock.calls.map(([url, init]) => [String(url), init?.method]),
    ).toEqual([
      ['http://backend/api/aws/environments', 'GET'],
      [
        'http://backend/api/aws/components/default/component/checkout-api/resources',
        'GET',
      ],
    ]);
  });

  it('refreshes with a POST, the query string built from the request and path segments encoded', async () => {
    const body = { entityRef: 'component:default/checkout-api', items: [] };
    fetchImpl.mockResolvedValueOnce(json(body));

    await expect(
      api.refreshComponentResources({
        path: { ...path, name: 'a b/c' },
        query: { environment: 'prod' },
      }),
    ).resolves.toEqual(body);
    const [url, init] = fetchImpl.mock.calls[0];
    expect(String(url)).toBe(
      'http://backend/api/aws/components/default/component/a%20b%2Fc/resources/refresh?environment=prod',
    );
    expect(init?.method).toBe('POST');
  });

  it('sends a token when given one, for backend callers', async () => {
    fetchImpl.mockResolvedValueOnce(json({ items: [] }));
    await api.getEnvironments({ token: 'service-token' });
    expect(fetchImpl.mock.calls[0][1]?.headers).toEqual({
      authorization: 'Bearer service-token',
    });
  });

  it('rejects with a ResponseError that keeps the status, the server message and Retry-After', async () => {
    fetchImpl.mockResolvedValueOnce(
      json(
        {
          error: {
            name: 'ServiceUnavailableError',
            message: 'AWS throttled GetResources',
          },
          response: { statusCode: 503 },
        },
        { status: 503, headers: { 'retry-after': '12' } },
      ),
    );

    const error = await api
      .refreshComponentResources({ path, query: { environment: 'prod' } })
      .catch(e => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.statusCode).toBe(503);
    expect(error.body.error.message).toBe('AWS throttled GetResources');
    expect(error.response.headers.get('retry-after')).toBe('12');
  });
});
