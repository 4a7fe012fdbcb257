import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  AuthorizeResult,
  ConditionalPolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  CostRow,
  costsReadPermission,
  Portfolio,
} from '@internal/plugin-costs-common';
import { AuthorizedCostsModel } from './AuthorizedCostsModel';
import { StoredCostsModel } from './CostsModel';

const months = (a: number, b: number) => [
  { month: '2026-11', amount: a, estimated: false },
  { month: '2026-12', amount: b, estimated: true },
];

const row = (
  entityRef: string | undefined,
  environment: string,
  a: number,
  b: number,
): CostRow => ({
  ...(entityRef ? { entityRef, name: entityRef.split('/')[1] } : {}),
  environment,
  tier: environment === 'prod' ? 'prod' : 'dev',
  months: months(a, b),
  monthToDate: b,
  previousMonth: a,
});

const OURS = 'component:default/checkout-api';
const THEIRS = 'component:default/freight-quote-api';
const ALSO_THEIRS = 'component:default/freight-tracker';

const PORTFOLIO: Portfolio = {
  currency: 'USD',
  months: ['2026-11', '2026-12'],
  freshness: { stale: false },
  apiSpend: { month: '2026-12', requests: 1, usd: 0.01 },
  rows: [
    row(OURS, 'prod', 10, 1),
    row(THEIRS, 'prod', 20, 2),
    row(ALSO_THEIRS, 'prod', 40, 4),
    row(THEIRS, 'dev', 5, 0.5),
    row(undefined, 'prod', 7, 0.7),
  ],
  anomalies: [
    {
      id: 'a1',
      start: '2026-11-10',
      impact: 50,
      environment: 'prod',
      entityRef: THEIRS,
    },
    {
      id: 'a2',
      start: '2026-11-11',
      impact: 5,
      environment: 'prod',
      entityRef: OURS,
    },
    { id: 'a3', start: '2026-11-12', impact: 9, environment: 'prod' },
  ],
};

/** A developer's role: allowed by owner, decided per service. */
const BY_OWNER: ConditionalPolicyDecision = {
  result: AuthorizeResult.CONDITIONAL,
  pluginId: 'catalog',
  resourceType: 'catalog-entity',
  conditions: {
    rule: 'IS_ENTITY_OWNER',
    resourceType: 'catalog-entity',
    params: { claims: ['group:default/team-payments'] },
  },
};

function setUp(othersAs: 'hidden' | 'total', readable: string[]) {
  const inner: jest.Mocked<StoredCostsModel> = {
    getPortfolio: jest.fn(),
    getComponentCosts: jest.fn(),
  };
  inner.getPortfolio.mockResolvedValue(PORTFOLIO);
  inner.getComponentCosts.mockResolvedValue({
    entityRef: OURS,
    currency: 'USD',
    freshness: { stale: false },
    environments: [],
    anomalies: [],
  });
  const permissions = mockServices.permissions.mock();
  permissions.authorizeConditional.mockResolvedValue([BY_OWNER]);
  permissions.authorize.mockImplementation(async requests =>
    requests.map(r => ({
      result: readable.includes((r as { resourceRef: string }).resourceRef)
        ? AuthorizeResult.ALLOW
        : AuthorizeResult.DENY,
    })),
  );
  const model = AuthorizedCostsModel.create({
    model: inner,
    catalog: catalogServiceMock({
      entities: [OURS, THEIRS, ALSO_THEIRS].map(ref => ({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: { name: ref.split('/')[1], namespace: 'default' },
        spec: { owner: 'group:default/team-payments' },
      })),
    }),
    permissions,
    othersAs,
  });
  return { model, inner, permissions };
}

const credentials = mockCredentials.user('user:default/ana.lima');

describe('AuthorizedCostsModel', () => {
  it('asks for the caller’s role, and when that is conditional once for every service of the portfolio, with the caller’s credentials', async () => {
    const { model, permissions } = setUp('hidden', [OURS]);
    await model.getPortfolio({ months: 2, credentials });
    expect(permissions.authorizeConditional).toHaveBeenCalledWith(
      [{ permission: costsReadPermission }],
      { credentials },
    );
    expect(permissions.authorize).toHaveBeenCalledTimes(1);
    expect(permissions.authorize).toHaveBeenCalledWith(
      [OURS, THEIRS, ALSO_THEIRS].map(resourceRef => ({
        permission: costsReadPermission,
        resourceRef,
      })),
      { credentials },
    );
  });

  it.each([
    [AuthorizeResult.ALLOW, PORTFOLIO.rows, ['a1', 'a2', 'a3']],
    [AuthorizeResult.DENY, [PORTFOLIO.rows[4]], ['a3']],
  ] as const)(
    'takes a role decided outright (%s) for every service, asking for none',
    async (result, rows, anomalies) => {
      const { model, permissions } = setUp('hidden', []);
      permissions.authorizeConditional.mockResolvedValue([{ result }]);
      const portfolio = await model.getPortfolio({ months: 2, credentials });
      expect(portfolio.rows).toEqual(rows);
      expect(portfolio.anomalies.map(a => a.id)).toEqual(anomalies);
      expect(permissions.authorize).not.toHaveBeenCalled();
    },
  );

  it('asks in batches of at most 250 services, which the permission backend accepts, keeping each decision with its service', async () => {
    const refs = Array.from(
      { length: 600 },
      (_, i) => `component:default/service-${i}`,
    );
    const { model, inner, permissions } = setUp(
      'hidden',
      refs.filter((_, i) => i % 3 === 0),
    );
    inner.getPortfolio.mockResolvedValue({
      ...PORTFOLIO,
      rows: refs.map(ref => row(ref, 'prod', 1, 1)),
      anomalies: [],
    });
    const portfolio = await model.getPortfolio({ months: 2, credentials });
    expect(
      permissions.authorize.mock.calls.map(([batch]) => batch.length),
    ).toEqual([250, 250, 100]);
    expect(portfolio.rows.map(r => r.entityRef)).toEqual(
      refs.filter((_, i) => i % 3 === 0),
    );
  });

  it('leaves out what the caller may not read, and keeps the unattributed cost', async () => {
    const { model } = setUp('hidden', [OURS]);
    const portfolio = await model.getPortfolio({ months: 2, credentials });
    expect(portfolio.rows).toEqual([PORTFOLIO.rows[0], PORTFOLIO.rows[4]]);
    expect(portfolio.anomalies.map(a => a.id)).toEqual(['a2', 'a3']);
    expect(portfolio).not.toHaveProperty('withheld');
  });

  it('totals what the caller may not read per environment, with others as a total', async () => {
    const { model } = setUp('total', [OURS]);
    const portfolio = await model.getPortfolio({ months: 2, credentials });
    expect(portfolio.rows).toEqual([PORTFOLIO.rows[0], PORTFOLIO.rows[4]]);
    expect(portfolio.withheld).toEqual([
      { environment: 'prod', months: months(60, 6) },
      { environment: 'dev', months: months(5, 0.5) },
    ]);
  });

  it('shows everything, and withholds nothing, to a caller who reads every service', async () => {
    const { model } = setUp('total', [OURS, THEIRS, ALSO_THEIRS]);
    const portfolio = await model.getPortfolio({ months: 2, credentials });
    expect(portfolio.rows).toEqual(PORTFOLIO.rows);
    expect(portfolio.anomalies).toEqual(PORTFOLIO.anomalies);
    expect(portfolio.withheld).toEqual([]);
  });

  it('gives callers with the same decisions on the same portfolio the same view, and others their own', async () => {
    const { model, permissions } = setUp('hidden', [OURS]);
    // Managers and SREs are allowed outright, a developer by owner.
    permissions.authorizeConditional.mockImplementation(async (_, options) =>
      (options!.credentials.principal as { userEntityRef: string })
        .userEntityRef === 'user:default/ana.lima'
        ? [BY_OWNER]
        : [{ result: AuthorizeResult.ALLOW }],
    );
    const as = (user: string) =>
      model.getPortfolio({
        months: 2,
        credentials: mockCredentials.user(user),
      });

    const manager = await as('user:default/mei.chen');
    const sre = await as('user:default/sam.okafor');
    const developer = await as('user:default/ana.lima');
    expect(sre).toBe(manager);
    expect(manager.rows).toEqual(PORTFOLIO.rows);
    expect(developer).not.toBe(manager);
    expect(developer.rows).toEqual([PORTFOLIO.rows[0], PORTFOLIO.rows[4]]);
    expect(await as('user:default/ana.lima')).toBe(developer);
    // Every call was decided on its own.
    expect(permissions.authorizeConditional).toHaveBeenCalledTimes(4);
  });

  it("shares the catalog's evaluation of the same conditions on the same services for 5 seconds, still asking every call's decision, and evaluates again after", async () => {
    const readable = [OURS];
    const { model, permissions } = setUp('hidden', readable);
    const now = Date.now();
    const clock = jest.spyOn(Date, 'now').mockReturnValue(now);
    try {
      // A team's developers reading the portfolio at once.
      const [first, second] = await Promise.all([
        model.getPortfolio({ months: 2, credentials }),
        model.getPortfolio({
          months: 2,
          credentials: mockCredentials.user('user:default/leo.martin'),
        }),
      ]);
      expect(second).toBe(first);
      expect(permissions.authorizeConditional).toHaveBeenCalledTimes(2);
      expect(permissions.authorize).toHaveBeenCalledTimes(1);

      // An ownership change shows once the evaluation is 5 seconds old.
      readable.push(THEIRS);
      clock.mockReturnValue(now + 5_000);
      const later = await model.getPortfolio({ months: 2, credentials });
      expect(permissions.authorize).toHaveBeenCalledTimes(2);
      expect(later.rows.map(r => r.entityRef)).toEqual([
        OURS,
        THEIRS,
        THEIRS,
        undefined,
      ]);
    } finally {
      clock.mockRestore();
    }
  });

  it("refuses a component's costs the caller may not read, before reading them", async () => {
    const { model, inner, permissions } = setUp('hidden', [OURS]);
    const entityRef = {
      kind: 'Component',
      namespace: 'default',
      name: 'freight-quote-api',
    };
    await expect(
      model.getComponentCosts({ entityRef, months: 6, credentials }),
    ).rejects.toThrow(NotAllowedError);
    expect(inner.getComponentCosts).not.toHaveBeenCalled();
    expect(permissions.authorize).toHaveBeenCalledWith(
      [{ permission: costsReadPermission, resourceRef: THEIRS }],
      { credentials },
    );

    await expect(
      model.getComponentCosts({
        entityRef: { ...entityRef, name: 'checkout-api' },
        months: 6,
        credentials,
      }),
    ).resolves.toMatchObject({ entityRef: OURS });
    // The stored costs are asked for by the catalog's ref, without the
    // caller's credentials: the same for every caller.
    expect(inner.getComponentCosts).toHaveBeenCalledWith({
      entityRef: OURS,
      months: 6,
    });
  });

  it.each([
    ['a developer, decided per service', AuthorizeResult.CONDITIONAL],
    ['a manager, allowed outright', AuthorizeResult.ALLOW],
    ['a caller without a role, denied outright', AuthorizeResult.DENY],
  ])(
    'answers a component that is not in the catalog as not found to %s',
    async (_, result) => {
      const { model, inner, permissions } = setUp('hidden', [OURS]);
      // What the policy would say; a missing entity is never asked about.
      permissions.authorize.mockResolvedValue([
        {
          result:
            result === AuthorizeResult.CONDITIONAL
              ? AuthorizeResult.DENY
              : result,
        },
      ]);
      await expect(
        model.getComponentCosts({
          entityRef: { kind: 'component', namespace: 'default', name: 'nope' },
          months: 6,
          credentials,
        }),
      ).rejects.toThrow(NotFoundError);
      expect(permissions.authorize).not.toHaveBeenCalled();
      expect(inner.getComponentCosts).not.toHaveBeenCalled();
    },
  );
});
