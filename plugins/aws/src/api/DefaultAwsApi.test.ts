import { ResponseError } from '@backstage/errors';
import { mockApis } from '@backstage/frontend-test-utils';
import { DefaultAwsApi } from './DefaultAwsApi';

const entityRef = {
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

describe('DefaultAwsApi', () => {
  const fetchImpl = jest.fn<
    Promise<Response>,
    [RequestInfo | URL, RequestInit?]
  >();
  const api = DefaultAwsApi.create({
    discoveryApi: mockApis.discovery({ baseUrl: 'http://backend' }),
    fetchApi: mockApis.fetch({ baseImplementation: fetchImpl as typeof fetch }),
  });

  beforeEach(() => fetchImpl.mockReset());

  it("reads the environments and a component's resources from the aws plugin", async () => {
    fetchImpl.mockResolvedValueOnce(
      json({ items: [{ name: 'dev', tier: 'dev', accounts: [] }] }),
    );
    fetchImpl.mockResolvedValueOnce(
      json({ entityRef: 'component:default/checkout-api', items: [] }),
    );

    await expect(api.getEnvironments()).resolves.toEqual([
      { name: 'dev', tier: 'dev', accounts: [] },
    ]);
    await expect(api.getComponentResources(entityRef)).resolves.toEqual({
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

  it('refreshes one environment with a POST and answers its item', async () => {
    const item = {
      environment: 'prod',
      componentTagValue: 'checkout-api',
      collectedAt: '2026-11-21T12:00:00.000Z',
      ecsServices: [],
      eksWorkloads: [],
      targetGroups: [],
      alarms: [],
    };
    fetchImpl.mockResolvedValueOnce(
      json({ entityRef: 'component:default/checkout-api', items: [item] }),
    );

    await expect(
      api.refreshComponentResources(entityRef, 'prod'),
    ).resolves.toEqual(item);
    const [url, init] = fetchImpl.mock.calls[0];
    expect(String(url)).toBe(
      'http://backend/api/aws/components/default/component/checkout-api/resources/refresh?environment=prod',
    );
    expect(init?.method).toBe('POST');
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
      .refreshComponentResources(entityRef, 'prod')
      .catch(e => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.statusCode).toBe(503);
    expect(error.body.error.message).toBe('AWS throttled GetResources');
    expect(error.response.headers.get('retry-after')).toBe('12');
  });
});
