import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import {
  AuthorizeResult,
  ConditionalPolicyDecision,
  createPermission,
} from '@backstage/plugin-permission-common';
import { ConditionalEvaluations } from './ConditionalEvaluations';

const OURS = 'component:default/checkout-api';
const ALSO_OURS = 'component:default/storefront-web';
const THEIRS = 'component:default/freight-quote-api';
const REFS = [OURS, ALSO_OURS, THEIRS];

const costsRead = createPermission({
  name: 'costs.read',
  attributes: { action: 'read' },
  resourceType: 'catalog-entity',
});
const findingsRead = createPermission({
  name: 'security.findings.read',
  attributes: { action: 'read' },
  resourceType: 'catalog-entity',
});

/** A developer's decision: allowed on what `owner` owns. */
const ownedBy = (owner: string): ConditionalPolicyDecision => ({
  result: AuthorizeResult.CONDITIONAL,
  pluginId: 'catalog',
  resourceType: 'catalog-entity',
  conditions: {
    rule: 'IS_ENTITY_OWNER',
    resourceType: 'catalog-entity',
    params: { claims: [owner] },
  },
});
const STOREFRONT = ownedBy('group:default/team-storefront');
const FREIGHT = ownedBy('group:default/team-freight');

const ana = mockCredentials.user('user:default/ana.lima');
const leo = mockCredentials.user('user:default/leo.martin');

/** The permission backend, allowing `readable` (changeable between calls). */
function setUp(readable: string[]) {
  const permissions = mockServices.permissions.mock();
  permissions.authorize.mockImplementation(async requests =>
    requests.map(r => ({
      result: readable.includes((r as { resourceRef: string }).resourceRef)
        ? AuthorizeResult.ALLOW
        : AuthorizeResult.DENY,
    })),
  );
  const evaluations = ConditionalEvaluations.create({ permissions });
  const asked = () =>
    permissions.authorize.mock.calls.map(([batch]) =>
      batch.map(r => (r as { resourceRef: string }).resourceRef),
    );
  return { evaluations, permissions, asked, readable };
}

describe('ConditionalEvaluations', () => {
  let clock: jest.SpyInstance<number, []>;
  const now = Date.parse('2026-12-10T12:00:00Z');
  beforeEach(() => {
    clock = jest.spyOn(Date, 'now').mockReturnValue(now);
  });
  afterEach(() => clock.mockRestore());

  it('evaluates the conditions on each ref with the caller’s credentials, and answers the allowed ones', async () => {
    const { evaluations, permissions } = setUp([OURS, ALSO_OURS]);
    await expect(
      evaluations.allowedRefs({
        decision: STOREFRONT,
        permission: costsRead,
        refs: REFS,
        credentials: ana,
      }),
    ).resolves.toEqual(new Set([OURS, ALSO_OURS]));
    expect(permissions.authorize).toHaveBeenCalledWith(
      REFS.map(resourceRef => ({ permission: costsRead, resourceRef })),
      { credentials: ana },
    );
  });

  it('shares the evaluation of the same conditions on the same refs within 5 seconds, in flight or done, between callers', async () => {
    const { evaluations, asked } = setUp([OURS]);
    const ask = (credentials = ana) =>
      evaluations.allowedRefs({
        decision: STOREFRONT,
        permission: costsRead,
        refs: REFS,
        credentials,
      });
    const [first, second] = await Promise.all([ask(), ask()]);
    clock.mockReturnValue(now + 4_999);
    // A teammate's decision has the same conditions.
    const third = await ask(leo);
    expect(asked()).toEqual([REFS]);
    expect(second).toBe(first);
    expect(third).toBe(first);
    expect(first).toEqual(new Set([OURS]));
  });

  it('evaluates again after 5 seconds, so an ownership change shows', async () => {
    const { evaluations, asked, readable } = setUp([OURS]);
    const ask = () =>
      evaluations.allowedRefs({
        decision: STOREFRONT,
        permission: costsRead,
        refs: REFS,
        credentials: ana,
      });
    await expect(ask()).resolves.toEqual(new Set([OURS]));
    readable.push(THEIRS);
    clock.mockReturnValue(now + 5_000);
    await expect(ask()).resolves.toEqual(new Set([OURS, THEIRS]));
    expect(asked()).toHaveLength(2);
  });

  it.each([
    ['different conditions', { decision: FREIGHT }],
    ['different refs', { refs: [OURS, ALSO_OURS] }],
    ['another permission', { permission: findingsRead }],
  ])('does not share an evaluation with %s', async (_, other) => {
    const { evaluations, asked } = setUp([OURS]);
    const request = {
      decision: STOREFRONT,
      permission: costsRead,
      refs: REFS,
      credentials: ana,
    };
    await evaluations.allowedRefs(request);
    await evaluations.allowedRefs({ ...request, ...other });
    expect(asked()).toHaveLength(2);
  });

  it('does not keep a failed evaluation: the next call asks again', async () => {
    const { evaluations, permissions, asked } = setUp([OURS]);
    const ask = () =>
      evaluations.allowedRefs({
        decision: STOREFRONT,
        permission: costsRead,
        refs: REFS,
        credentials: ana,
      });
    permissions.authorize.mockRejectedValueOnce(new Error('unavailable'));
    await expect(ask()).rejects.toThrow('unavailable');
    await expect(ask()).resolves.toEqual(new Set([OURS]));
    expect(asked()).toHaveLength(2);
  });

  it('keeps at most 1,000 evaluations, dropping them all when full', async () => {
    const { evaluations, asked } = setUp([]);
    const ask = (i: number) =>
      evaluations.allowedRefs({
        decision: STOREFRONT,
        permission: costsRead,
        refs: [`component:default/service-${i}`],
        credentials: ana,
      });
    for (let i = 0; i < 1_000; i++) {
      await ask(i);
    }
    await ask(0);
    expect(asked()).toHaveLength(1_000);
    await ask(1_000);
    await ask(0);
    expect(asked()).toHaveLength(1_002);
  });

  it('asks in batches of at most 250 refs, which the permission backend accepts, keeping each decision with its ref', async () => {
    const refs = Array.from(
      { length: 600 },
      (_, i) => `component:default/service-${i}`,
    );
    const readable = refs.filter((_, i) => i % 3 === 0);
    const { evaluations, asked } = setUp(readable);
    const allowed = await evaluations.allowedRefs({
      decision: STOREFRONT,
      permission: costsRead,
      refs,
      credentials: ana,
    });
    expect(asked().map(batch => batch.length)).toEqual([250, 250, 100]);
    expect(asked().flat()).toEqual(refs);
    expect([...allowed]).toEqual(readable);
  });
});
