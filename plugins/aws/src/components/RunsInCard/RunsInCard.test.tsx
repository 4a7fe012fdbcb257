import { Entity } from '@backstage/catalog-model';
import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import {
  AwsClient,
  EnvironmentResources,
  ShipyardEnvironment,
} from '@internal/plugin-aws-common';
import { minutesAgo } from '@internal/shipyard-react/testing';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { awsApiRef } from '../../api/awsApiRef';
import { RunsInCard } from './RunsInCard';

const RESOURCES_PATH =
  '/api/aws/components/default/component/checkout-api/resources';

const [
  prodEnvironment,
  devEnvironment,
  stagingEnvironment,
]: ShipyardEnvironment[] = [
  {
    name: 'prod',
    title: 'Production',
    tier: 'prod',
    accounts: [
      { accountId: '222222222222', regions: ['eu-west-1', 'eu-central-1'] },
    ],
    ecsClusters: [
      { name: 'prod-apps', accountId: '222222222222', region: 'eu-west-1' },
      {
        name: 'prod-apps-dr',
        accountId: '222222222222',
        region: 'eu-central-1',
      },
    ],
    eksClusters: [],
  },
  {
    name: 'dev',
    title: 'Development',
    tier: 'dev',
    accounts: [{ accountId: '111111111111', regions: ['eu-west-1'] }],
    ecsClusters: [],
    eksClusters: [],
  },
  {
    name: 'staging',
    title: 'Staging',
    tier: 'staging',
    accounts: [{ accountId: '111111111111', regions: ['eu-west-1'] }],
    ecsClusters: [],
    eksClusters: [],
  },
];

function entity(annotations: Record<string, string> = {}): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'checkout-api',
      namespace: 'default',
      annotations: { 'shipyard.io/runtime': 'ecs', ...annotations },
    },
    spec: {
      type: 'service',
      owner: 'team-storefront',
      lifecycle: 'production',
    },
  };
}

const checkoutTag = { key: 'shipyard:component', value: 'checkout-api' };

function notCollected(environment: ShipyardEnvironment): EnvironmentResources {
  return {
    environment,
    componentTag: checkoutTag,
    nextCollectionAt: new Date(Date.now() + 6.5 * 60_000).toISOString(),
    ecsServices: [],
    eksWorkloads: [],
    targetGroups: [],
    alarms: [],
  };
}

const prodCollected: EnvironmentResources = {
  ...notCollected(prodEnvironment),
  collectedAt: minutesAgo(4.5),
  ecsServices: [
    {
      arn: 'arn:aws:ecs:eu-central-1:222222222222:service/prod-apps-dr/checkout-api',
      cluster: 'prod-apps-dr',
      name: 'checkout-api',
      accountId: '222222222222',
      region: 'eu-central-1',
    },
    {
      arn: 'arn:aws:ecs:eu-west-1:222222222222:service/prod-apps/checkout-api',
      cluster: 'prod-apps',
      name: 'checkout-api',
      accountId: '222222222222',
      region: 'eu-west-1',
    },
  ],
  eksWorkloads: [],
  targetGroups: [
    {
      arn: 'arn:aws:elasticloadbalancing:eu-west-1:222222222222:targetgroup/checkout-api/1',
      name: 'checkout-api',
      accountId: '222222222222',
      region: 'eu-west-1',
    },
  ],
  alarms: [
    {
      arn: 'arn:aws:cloudwatch:eu-west-1:222222222222:alarm:checkout-api-5xx',
      name: 'checkout-api-5xx',
      accountId: '222222222222',
      region: 'eu-west-1',
    },
    {
      arn: 'arn:aws:cloudwatch:eu-west-1:222222222222:alarm:checkout-api-latency',
      name: 'checkout-api-latency',
      accountId: '222222222222',
      region: 'eu-west-1',
    },
  ],
};

const stagingEmpty: EnvironmentResources = {
  ...notCollected(stagingEnvironment),
  collectedAt: minutesAgo(1),
};

type Handler = (request: {
  method: string;
  path: string;
  search: string;
}) => Response | Promise<Response>;

function json(body: unknown, init?: ResponseInit): Response {
  return new Response(JSON.stringify(body), {
    ...init,
    headers: { 'content-type': 'application/json', ...init?.headers },
  });
}

function errorBody(name: string, message: string, statusCode: number) {
  return { error: { name, message }, response: { statusCode } };
}

/** The aws backend as the card sees it through fetch; `requests` records every call. */
function fakeBackend(
  overrides: { resources?: Handler; refresh?: Handler } = {},
) {
  const requests: string[] = [];
  const fetchImpl = async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(String(input));
    const request = {
      method: init?.method ?? 'GET',
      path: url.pathname,
      search: url.search,
    };
    requests.push(`${request.method} ${request.path}${request.search}`);
    if (request.path === RESOURCES_PATH && request.method === 'GET') {
      return overrides.resources
        ? overrides.resources(request)
        : json({
            entityRef: 'component:default/checkout-api',
            items: [notCollected(devEnvironment), stagingEmpty, prodCollected],
          });
    }
    if (request.path === `${RESOURCES_PATH}/refresh` && overrides.refresh) {
      return overrides.refresh(request);
    }
    return json(errorBody('NotFoundError', 'no such route', 404), {
      status: 404,
    });
  };
  return { fetchImpl, requests };
}

function renderCard(
  backend: ReturnType<typeof fakeBackend>,
  subject: Entity = entity(),
) {
  const api = new AwsClient({
    discoveryApi: mockApis.discovery({ baseUrl: 'http://backend' }),
    fetchApi: mockApis.fetch({
      baseImplementation: backend.fetchImpl as typeof fetch,
    }),
  });
  return renderInTestApp(
    <EntityProvider entity={subject}>
      <RunsInCard />
    </EntityProvider>,
    { apis: [[awsApiRef, api]] },
  );
}

async function findRow(title: string) {
  return screen.findByRole('listitem', { name: title });
}

describe('RunsInCard', () => {
  it('shows one row per environment in the order the backend answers, with what runs there, from one request', async () => {
    const backend = fakeBackend();
    renderCard(backend);

    await findRow('Production');
    expect(backend.requests).toEqual([`GET ${RESOURCES_PATH}`]);
    expect(
      screen
        .getAllByRole('heading', { level: 3 })
        .map(heading => heading.textContent),
    ).toEqual(['Development', 'Staging', 'Production']);

    const prod = within(await findRow('Production'));
    expect(prod.getByText('prod')).toBeInTheDocument();
    expect(
      prod.getByText(
        (_, element) =>
          element?.tagName === 'DIV' &&
          element.textContent === '222222222222 · eu-west-1, eu-central-1',
      ),
    ).toBeInTheDocument();
    // The primary region's cluster first, as configured, whatever the answer's order.
    expect(prod.getAllByText(/^prod-apps/).map(e => e.textContent)).toEqual([
      'prod-apps / checkout-api',
      'prod-apps-dr / checkout-api',
    ]);
    expect(prod.getByText('prod-apps / checkout-api')).toBeInTheDocument();
    expect(prod.getByText('ECS service · eu-west-1')).toBeInTheDocument();
    expect(prod.getByText('prod-apps-dr / checkout-api')).toBeInTheDocument();
    expect(prod.getByText('ECS service · eu-central-1')).toBeInTheDocument();
    expect(prod.getByText('1 target group · 2 alarms')).toBeInTheDocument();
    expect(prod.getByText('collected 4 minutes ago')).toBeInTheDocument();
  });

  it("warns about a service tagged with the component but another owner, and does not count it as the component's", async () => {
    const impostor: EnvironmentResources = {
      ...prodCollected,
      ecsServices: [
        {
          ...prodCollected.ecsServices[1],
          ownerTag: 'team-payments',
          mismatches: [
            {
              tag: 'shipyard:owner',
              expected: 'team-storefront',
              actual: 'team-payments',
            },
          ],
        },
      ],
    };
    renderCard(
      fakeBackend({
        resources: () =>
          json({
            entityRef: 'component:default/checkout-api',
            items: [impostor],
          }),
      }),
    );

    const prod = within(await findRow('Production'));
    expect(prod.getByRole('alert').textContent).toBe(
      "prod-apps / checkout-api carries this component's tag, but shipyard:owner is team-payments, not team-storefront: not counted as this component's.",
    );
    expect(prod.queryByText('ECS service · eu-west-1')).not.toBeInTheDocument();
    expect(
      prod.getByText('No ECS service or EKS workload'),
    ).toBeInTheDocument();
  });

  it('says when an environment was not collected yet, and when nothing carries the tag', async () => {
    renderCard(fakeBackend());

    const dev = within(await findRow('Development'));
    expect(
      dev.getByText(
        'Not collected yet: the next collection is due in 7 minutes',
      ),
    ).toBeInTheDocument();
    expect(dev.queryByText(/^collected/)).not.toBeInTheDocument();

    const staging = within(await findRow('Staging'));
    expect(staging.getByText(/^Nothing tagged/).textContent).toBe(
      'Nothing tagged shipyard:component=checkout-api in staging',
    );
    expect(staging.getByText('collected 1 minute ago')).toBeInTheDocument();
  });

  it('lists EKS workloads by cluster and name', async () => {
    renderCard(
      fakeBackend({
        resources: () =>
          json({
            entityRef: 'component:default/checkout-api',
            items: [
              {
                ...notCollected(prodEnvironment),
                collectedAt: minutesAgo(2),
                eksWorkloads: [
                  {
                    cluster: 'prod-eks',
                    accountId: '222222222222',
                    region: 'eu-west-1',
                    namespace: 'checkout',
                    name: 'checkout-api',
                    kind: 'Deployment',
                    labelSelector: 'shipyard.io/component=checkout-api',
                  },
                ],
              },
            ],
          }),
      }),
      entity({ 'shipyard.io/runtime': 'eks' }),
    );

    const prod = within(await findRow('Production'));
    expect(
      prod.getByText('prod-eks / checkout / checkout-api'),
    ).toBeInTheDocument();
    expect(prod.getByText('EKS Deployment · eu-west-1')).toBeInTheDocument();
  });

  it('names the tag key and value the backend says the resources carry', async () => {
    const tag = { key: 'acme:service', value: 'checkout' };
    renderCard(
      fakeBackend({
        resources: () =>
          json({
            entityRef: 'component:default/checkout-api',
            items: [
              { ...notCollected(devEnvironment), componentTag: tag },
              {
                ...notCollected(stagingEnvironment),
                componentTag: tag,
                collectedAt: minutesAgo(1),
              },
            ],
          }),
      }),
    );

    const stagingRow = within(await findRow('Staging'));
    expect(stagingRow.getByText(/^Nothing tagged/).textContent).toBe(
      'Nothing tagged acme:service=checkout in staging',
    );
    expect(
      screen.getByText('AWS resources tagged acme:service=checkout'),
    ).toBeInTheDocument();
    expect(screen.queryByText('Production')).not.toBeInTheDocument();
  });

  it('says so when the component runs in no configured environment', async () => {
    renderCard(
      fakeBackend({
        resources: () =>
          json({ entityRef: 'component:default/checkout-api', items: [] }),
      }),
    );

    expect(
      await screen.findByText(
        'No configured environment applies to this component.',
      ),
    ).toBeInTheDocument();
  });

  it('shows a loading skeleton, then an error with a retry that loads again', async () => {
    let failures = 1;
    const backend = fakeBackend({
      resources: () =>
        failures-- > 0
          ? json(errorBody('Error', 'database unavailable', 500), {
              status: 500,
            })
          : json({
              entityRef: 'component:default/checkout-api',
              items: [prodCollected],
            }),
    });
    renderCard(backend);

    expect(screen.getByTestId('runs-in-loading')).toBeInTheDocument();
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('database unavailable');
    expect(screen.queryByRole('listitem')).not.toBeInTheDocument();

    await userEvent.click(within(alert).getByRole('button', { name: 'Retry' }));

    const prod = within(await findRow('Production'));
    expect(prod.getByText('prod-apps / checkout-api')).toBeInTheDocument();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('refreshes one environment through the refresh route and shows what it found', async () => {
    let answer: (response: Response) => void = () => {};
    const backend = fakeBackend({
      refresh: () =>
        new Promise<Response>(resolve => {
          answer = resolve;
        }),
    });
    renderCard(backend);

    const dev = within(await findRow('Development'));
    await userEvent.click(
      dev.getByRole('button', { name: 'Refresh Development' }),
    );

    // In progress: the button says so and cannot be pressed twice.
    const button = dev.getByRole('button', { name: 'Refresh Development' });
    expect(button).toBeDisabled();
    expect(button).toHaveTextContent('Refreshing');
    expect(backend.requests).toContain(
      `POST ${RESOURCES_PATH}/refresh?environment=dev`,
    );

    answer(
      json({
        entityRef: 'component:default/checkout-api',
        items: [
          {
            ...notCollected(devEnvironment),
            collectedAt: new Date().toISOString(),
            ecsServices: [
              {
                arn: 'arn:aws:ecs:eu-west-1:111111111111:service/dev-apps/checkout-api',
                cluster: 'dev-apps',
                name: 'checkout-api',
                accountId: '111111111111',
                region: 'eu-west-1',
              },
            ],
          },
        ],
      }),
    );

    expect(await dev.findByText('dev-apps / checkout-api')).toBeInTheDocument();
    expect(dev.getByText('collected just now')).toBeInTheDocument();
    expect(dev.queryByText(/^Not collected yet/)).not.toBeInTheDocument();
    expect(
      dev.getByRole('button', { name: 'Refresh Development' }),
    ).toBeEnabled();
    // The other rows keep what the collector stored.
    expect(
      within(await findRow('Production')).getByText('prod-apps / checkout-api'),
    ).toBeInTheDocument();
  });

  it('says when AWS throttles a refresh, with the seconds from Retry-After', async () => {
    renderCard(
      fakeBackend({
        refresh: () =>
          json(
            errorBody(
              'ServiceUnavailableError',
              'AWS throttled ResourceGroupsTaggingAPI:GetResources',
              503,
            ),
            { status: 503, headers: { 'retry-after': '7' } },
          ),
      }),
    );

    const prod = within(await findRow('Production'));
    await userEvent.click(
      prod.getByRole('button', { name: 'Refresh Production' }),
    );

    expect(
      await prod.findByText('AWS is throttling; try again in 7 s'),
    ).toBeInTheDocument();
    // What the collector stored stays on screen.
    expect(prod.getByText('prod-apps / checkout-api')).toBeInTheDocument();
    expect(
      within(await findRow('Staging')).queryByText(/throttling/),
    ).not.toBeInTheDocument();
  });

  it("shows the server's message when Shipyard may not call AWS there", async () => {
    const message =
      "Shipyard's role in account 222222222222 may not call tag:GetResources; grant it in the role's policy";
    renderCard(
      fakeBackend({
        refresh: () =>
          json(errorBody('NotAllowedError', message, 403), { status: 403 }),
      }),
    );

    const prod = within(await findRow('Production'));
    await userEvent.click(
      prod.getByRole('button', { name: 'Refresh Production' }),
    );

    expect(await prod.findByText(message)).toBeInTheDocument();
    await waitFor(() =>
      expect(
        prod.getByRole('button', { name: 'Refresh Production' }),
      ).toBeEnabled(),
    );
  });
});
